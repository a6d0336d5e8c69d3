import type { EvalResult } from '../../common/api';
import { formatTaskScore } from '../../common/format';
import { recordRollout } from '../../generate/recordRollout';
import type { JobImplementation } from '../../jobs/context';
import { packageRoot } from '../../paths';
import { createEnv, loadSo101Urdf, measureRollout, summarizeMeasures } from '../../sim';
import { nowIso } from '../../workspace/ids';
import { initTrainingBackend } from '../backend';
import { loadPolicy } from '../policy';
import { getCheckpoint } from './checkpointBlobs';
import { evaluatePolicy, simPolicy, wilsonInterval } from './evaluate';
import { ModelStore } from './modelStore';

/** What an evaluation keeps between attempts: the rollouts already run and stored. */
interface EvalJobState {
  successes: boolean[];
  steps: number[];
  episodeIds: string[];
  /** Each rollout's task measures by name; absent in a checkpoint from before they were kept. */
  measures?: Record<string, number>[];
}

/**
 * Job kind `eval`: seeded rollouts of a model in a built-in env, each stored as a replayable episode
 * in dataset `eval-<model name>` tagged `policy:<model id>`; the success rate (with its 95% Wilson
 * interval) and the task's continuous measures over the rollouts are added to the model's metrics.
 * An evaluation resumed from a checkpoint without measures reports none (its earlier rollouts have none).
 */
export const evalJob: JobImplementation<'eval'> = {
  async run(ctx, p) {
    const models = new ModelStore(ctx.ws.db);
    const model = models.get(p.model);
    const state: EvalJobState = (ctx.checkpoint as EvalJobState | null) ?? {
      successes: [],
      steps: [],
      episodeIds: [],
      measures: [],
    };
    if (state.measures === undefined) {
      ctx.log(
        `the checkpoint's ${state.successes.length} rollouts have no task scores: this evaluation reports none`,
      );
    }
    const backend = await initTrainingBackend();
    ctx.log(`backend ${backend.name}`);
    const policy = loadPolicy(await getCheckpoint(ctx.ws, model.checkpoint), p.seed);
    const dataset = p.record ? `eval-${model.name}` : null;
    const urdf = p.env === 'arm' ? loadSo101Urdf(packageRoot()) : undefined;
    try {
      const obsDim = policy.net.shapes.obsDim;
      const spec = createEnv(p.env, urdf === undefined ? {} : { urdf }).spec;
      if (spec.observation.length !== obsDim) {
        throw new Error(
          `${model.name} takes ${obsDim} observation values; the ${p.env} env gives ${spec.observation.length}`,
        );
      }
      await evaluatePolicy((env) => simPolicy(policy, env), {
        env: p.env,
        episodes: p.episodes,
        seed: p.seed,
        start: state.successes.length,
        render: dataset !== null && p.env !== 'arm',
        signal: ctx.signal,
        ...(urdf === undefined ? {} : { urdf }),
        onRollout: async (i, r, envSeed) => {
          state.successes.push(r.success);
          state.steps.push(r.steps);
          state.measures?.push(measureRollout(p.env, r));
          if (dataset !== null) {
            const episode = await recordRollout(ctx.ws, ctx.tools, {
              dataset,
              name: `${model.id}-${p.env}-s${p.seed}-${String(i).padStart(4, '0')}`,
              spec,
              rollout: r,
              tags: [`policy:${model.id}`, `sim:${p.env}`, r.success ? 'success' : 'failure'],
              metadata: { evaluation: { model: model.id, env: p.env, seed: p.seed, index: i, envSeed } },
              signal: ctx.signal,
            });
            state.episodeIds.push(episode.id);
          }
          ctx.saveCheckpoint(state);
          const ok = state.successes.filter(Boolean).length;
          ctx.progress((i + 1) / p.episodes, `${p.env}: rollout ${i + 1} of ${p.episodes}, ${ok} successful`);
        },
      });
    } finally {
      policy.dispose();
    }
    const successes = state.successes.filter(Boolean).length;
    const result: EvalResult = {
      env: p.env,
      episodes: p.episodes,
      seed: p.seed,
      successes,
      successRate: successes / p.episodes,
      ci95: wilsonInterval(successes, p.episodes),
      meanSteps: state.steps.reduce((a, b) => a + b, 0) / Math.max(1, state.steps.length),
      scores: state.measures === undefined ? [] : summarizeMeasures(p.env, state.measures),
      dataset,
      episodeIds: state.episodeIds,
      at: nowIso(),
    };
    models.updateMetrics(model.id, (m) => ({ ...m, evals: [...m.evals, result] }));
    return {
      result: { model: model.id, ...result },
      message: [
        `${model.name} in ${p.env}: ${successes} of ${p.episodes} successful (${Math.round(
          result.successRate * 100,
        )}%)`,
        ...result.scores.map(formatTaskScore),
      ].join('; '),
    };
  },
};
