// Shared with the end-to-end tests (tests/e2e/training.spec.ts): nothing here may import vitest.
import path from 'node:path';
import { recordRollout } from '../../src/generate/recordRollout';
import { JobRunner } from '../../src/jobs/runner';
import { defaultWorkerScript } from '../../src/paths';
import { Workspace } from '../../src/workspace/workspace';
import { tempDir } from '../helpers/workspace';
import type { EvalResult, JobParamsInput } from '../../src/common/api';
import { generateDemos, type SimName, type SkillPreset } from '../../src/sim';

/**
 * Scripted demonstrations stored as episodes (series only: no camera, so no ffmpeg time), tagged as
 * the studio's generate job tags them: `sim:<env>` and success or failure.
 */
export async function seedDemos(
  ws: Workspace,
  o: { env: SimName; episodes: number; seed: number; skill: SkillPreset; dataset: string },
): Promise<string[]> {
  const set = generateDemos(o);
  const ids: string[] = [];
  for (const [i, demo] of set.episodes.entries()) {
    const episode = await recordRollout(ws, null, {
      dataset: o.dataset,
      name: `${o.env}-${i}`,
      spec: set.spec,
      rollout: demo,
      tags: [`sim:${o.env}`, demo.success ? 'success' : 'failure'],
      metadata: {},
    });
    ids.push(episode.id);
  }
  return ids;
}

export async function waitUntil(cond: () => boolean, timeoutMs = 30_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * A fresh workspace holding scripted demonstrations in dataset `o.dataset`, with a started job
 * runner whose jobs run in worker processes, as the studio runs them; `close` removes it all.
 */
export async function demoWorkspace(o: Parameters<typeof seedDemos>[1]) {
  const tmp = tempDir();
  const ws = Workspace.init(path.join(tmp.dir, 'ws'));
  await seedDemos(ws, o);
  const runner = new JobRunner(ws, { workerScript: defaultWorkerScript() });
  runner.start();
  return {
    ws,
    runner,
    close: async () => {
      await runner.stop();
      ws.close();
      tmp.cleanup();
    },
  };
}

/**
 * Trains through the real `train` job, then evaluates the model with the real `eval` job over
 * `evaluation.episodes` seeded rollouts (not recorded); throws either job's error.
 */
export async function trainAndEvaluate(
  runner: JobRunner,
  request: JobParamsInput<'train'>,
  evaluation: { env: SimName; episodes: number; seed: number },
): Promise<EvalResult> {
  const train = await runner.waitFor(runner.enqueue('train', 'train', request).id);
  if (train.error !== null) throw new Error(`train job failed: ${train.error}`);
  const model = (train.result as { model: string }).model;
  const evaluated = await runner.waitFor(
    runner.enqueue('eval', 'eval', { model, ...evaluation, record: false }).id,
  );
  if (evaluated.error !== null) throw new Error(`eval job failed: ${evaluated.error}`);
  return evaluated.result as EvalResult;
}
