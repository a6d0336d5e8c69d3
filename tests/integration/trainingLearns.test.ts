import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalResult } from '../../src/common/api';
import type { JobRunner } from '../../src/jobs/runner';
import { mulberry32 } from '../../src/sim';
import { initTrainingBackend, TrainedPolicy } from '../../src/training';
import { getCheckpoint } from '../../src/training/jobs/checkpointBlobs';
import { evaluatePolicy, simPolicy, wilsonInterval } from '../../src/training/jobs/evaluate';
import { ModelStore } from '../../src/training/jobs/modelStore';
import { createPolicyNet } from '../../src/training/policies';
import type { Workspace } from '../../src/workspace/workspace';
import { demoWorkspace } from './trainingHelpers';

// Evidence that training learns: BC-MLP on 50 `better` lane-keeping demonstrations, trained and
// evaluated by the real jobs (worker processes), against a random policy and the same network
// untrained, all on the same 20 seeded tracks.
// Measured (wasm, 2 cores): 20/20 in each of 5 runs with training seeds 1-5 and other eval seeds;
// random 0/20, untrained 0/20. The threshold leaves room for other backends' rounding.
const EPISODES = 20;
const EVAL_SEED = 11;
const MIN_TRAINED_SUCCESS = 0.8;

let demos: Awaited<ReturnType<typeof demoWorkspace>>;
let ws: Workspace;
let runner: JobRunner;

beforeAll(async () => {
  demos = await demoWorkspace({ env: 'lane', episodes: 50, seed: 7, skill: 'better', dataset: 'lane' });
  ({ ws, runner } = demos);
  await initTrainingBackend({ backend: 'wasm' });
});
afterAll(() => demos.close());

const rate = (successes: boolean[]) => successes.filter(Boolean).length / successes.length;

describe('training on lane-keeping demonstrations', () => {
  it('BC-MLP clearly beats a random policy and an untrained network', async () => {
    const t0 = performance.now();
    const train = await runner.waitFor(
      runner.enqueue('train', 'train', {
        policy: 'bc-mlp',
        dataset: 'lane',
        epochs: 5,
        batchSize: 256,
        seed: 1,
        hyperparameters: { hidden: [64, 64] },
      }).id,
    );
    expect(train.error).toBeNull();
    expect(train.state).toBe('succeeded');
    const modelId = (train.result as { model: string }).model;
    const models = new ModelStore(ws.db);
    const model = models.get(modelId);
    expect(model.dataset.episodeIds).toHaveLength(50);
    expect(model.metrics.curve).toHaveLength(5);
    expect(model.metrics.curve.at(-1)!.trainLoss!).toBeLessThan(model.metrics.curve[0]!.trainLoss!);
    expect(['wasm', 'tensorflow', 'cpu']).toContain(model.backend);
    const t1 = performance.now();

    const evaluation = await runner.waitFor(
      runner.enqueue('eval', 'eval', {
        model: modelId,
        env: 'lane',
        episodes: EPISODES,
        seed: EVAL_SEED,
        record: false,
      }).id,
    );
    expect(evaluation.state).toBe('succeeded');
    const trained = evaluation.result as EvalResult;
    expect(models.get(modelId).metrics.evals).toEqual([expect.objectContaining({ env: 'lane' })]);

    // The baselines, on the same seeds and with the same observation normalization.
    const options = { env: 'lane' as const, episodes: EPISODES, seed: EVAL_SEED };
    const rand = mulberry32(5);
    const random = await evaluatePolicy(
      () => ({ act: () => Float32Array.of(rand() - 0.5, 15 * rand()) }),
      options,
    );
    const checkpoint = await getCheckpoint(ws, model.checkpoint);
    const untrainedPolicy = new TrainedPolicy(
      createPolicyNet(checkpoint.meta.config, checkpoint.meta.shapes, 1),
      checkpoint.meta.stats,
    );
    const untrained = await evaluatePolicy((env) => simPolicy(untrainedPolicy, env), options);
    untrainedPolicy.dispose();
    console.info(
      `lane BC-MLP: trained ${trained.successes}/${EPISODES} (95% CI ${trained.ci95
        .map((x) => x.toFixed(2))
        .join('-')}), random ${rate(random.successes) * EPISODES}/${EPISODES}, untrained ` +
        `${rate(untrained.successes) * EPISODES}/${EPISODES}; train ${((t1 - t0) / 1000).toFixed(1)} s, eval ` +
        `${((performance.now() - t1) / 1000).toFixed(1)} s`,
    );
    expect(trained.successRate).toBeGreaterThanOrEqual(MIN_TRAINED_SUCCESS);
    expect(trained.ci95).toEqual(wilsonInterval(trained.successes, EPISODES));
    // "Clearly": the trained policy's interval lies above both baselines' rates.
    expect(trained.ci95[0]).toBeGreaterThan(rate(random.successes));
    expect(trained.ci95[0]).toBeGreaterThan(rate(untrained.successes));
  });
});
