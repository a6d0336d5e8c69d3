import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dispatch,
  LiveStepSchema,
  type LiveStep,
  type CallInput,
  type CallName,
  type CallOutput,
} from '../../src/common/api';
import { LabelStore } from '../../src/dagger/labelStore';
import { cameraEvery } from '../../src/dagger/liveJob';
import { createServices, type StudioServices } from '../../src/service/services';
import { tempDir } from '../helpers/workspace';

let tmp: ReturnType<typeof tempDir>;
let services: StudioServices;
const call = <K extends CallName>(name: K, input: CallInput<K>) =>
  dispatch(services.handlers, name, input) as Promise<CallOutput<K>>;

let runId: string;
let episodeId: string;

beforeAll(async () => {
  tmp = tempDir();
  services = createServices({ workspaceDir: path.join(tmp.dir, 'ws'), create: true, host: 'web' });
  const { jobId } = await call('startDagger', {
    env: 'lane',
    iterations: 1,
    rollouts: 1,
    initDemos: 1,
    select: 'uncertain',
    budget: 12,
    seed: 3,
    evalEpisodes: 2,
    steps: 200,
  });
  const job = await services.runner.waitFor(jobId);
  expect(job.error).toBeNull();
  const [run] = await call('listDaggerRuns', {});
  runId = run!.id;
  episodeId = run!.iterations[1]!.episodeIds[0]!;
}, 120_000);
afterAll(async () => {
  await services.close();
  tmp.cleanup();
});

describe("an expert's label edits of a DAgger rollout", () => {
  it('interpolates keyframes, accepts the policy, undoes by restoring, and audits each edit', async () => {
    const start = await call('getEpisodeLabels', { episodeId });
    expect(start.labelled).toBe(12);
    expect(start.policyVersion).toMatch(/_i0$/);
    const free = start.mask.findIndex((m, f) => m === 0 && start.mask[f + 10] === 0);
    expect(free).toBeGreaterThanOrEqual(0);
    const dims = start.columns.length;

    const edit = await call('labelFrames', {
      episodeId,
      keyframes: [
        { frame: free, action: new Array<number>(dims).fill(0) },
        { frame: free + 4, action: new Array<number>(dims).fill(0.4) },
      ],
    });
    const after = edit.labels;
    expect(after.labelled).toBe(17);
    expect(after.values[(free + 2) * dims]).toBeCloseTo(0.2, 5);
    expect(after.classes[free + 2]).toBe(2); // intervention
    expect(after.labeler).toBe('human');
    expect(after.policyVersion).toBe(start.policyVersion);
    expect(after.history).toHaveLength(2);
    expect(edit.before.mask).toEqual([0, 0, 0, 0, 0]);

    const accepted = await call('acceptPolicy', { episodeId, startFrame: free + 5, endFrame: free + 7 });
    expect(accepted.labels.labelled).toBe(20);
    expect(accepted.labels.values.slice((free + 5) * dims, (free + 8) * dims)).toEqual(
      accepted.labels.policyActions.slice((free + 5) * dims, (free + 8) * dims).map((v) => Math.fround(v)),
    );
    expect(accepted.labels.classes[free + 6]).toBe(1); // rollout: the policy's action accepted

    const undone = await call('restoreLabels', { episodeId, span: accepted.before });
    expect(undone.labels.labelled).toBe(17);
    expect(undone.labels.mask.slice(free + 5, free + 8)).toEqual([0, 0, 0]);

    const { items: audit } = await call('listAudit', { episodeId, limit: 10 });
    expect(audit.map((a) => a.action)).toEqual([
      'dagger.restore-labels',
      'dagger.accept-policy',
      'dagger.label-frames',
    ]);
    expect(audit[0]!.actor).toBe(services.ws.identity.current().name);

    await expect(
      call('labelFrames', { episodeId, keyframes: [{ frame: 10_000, action: [0] }] }),
    ).rejects.toThrow(/past the episode's last frame/);
    await expect(
      call('labelFrames', { episodeId, keyframes: [{ frame: 0, action: [1, 2, 3] }] }),
    ).rejects.toThrow(/has 3 values, the labels have 2/);
  });

  it('ranks the frames by uncertainty and retrains on the edited labels as a new iteration', async () => {
    const u = await call('episodeUncertainty', { episodeId });
    const { frames } = await call('getEpisodeLabels', { episodeId });
    expect(u.scores).toHaveLength(frames);
    expect(Math.max(...u.scores)).toBeGreaterThan(0.8);
    expect(Math.min(...u.scores)).toBeLessThan(0.2);

    const { jobId } = await call('retrainDagger', { runId });
    await expect(call('retrainDagger', { runId })).rejects.toThrow(/is still being retrained by job/);
    const job = await services.runner.waitFor(jobId);
    expect(job.error).toBeNull();
    const run = await call('getDaggerRun', { id: runId });
    expect(run.iterations).toHaveLength(3);
    // 12 oracle labels per iteration, and the expert's 5 on the rollout (its newest series counts once).
    expect(run.iterations[2]!.labels).toBe(12 + 17);
    expect(run.iterations[2]!.newLabels).toBe(5);
    // A resumed dagger job drops what its interrupted iteration wrote, never the expert's labels.
    expect(new LabelStore(services.ws).dropAbove(runId, 1)).toBe(0);
    expect((await call('getEpisodeLabels', { episodeId })).labeler).toBe('human');
  }, 120_000);

  it('runs a live rollout the expert takes over and hands back: the takeover frames become labels', async () => {
    const { jobId } = await call('startLiveRollout', { runId, seed: 11, maxSteps: 30 });
    const steps: LiveStep[] = [];
    const off = services.events.on((name, payload) => {
      if (name !== 'jobMessage') return;
      const { jobId: from, data } = payload as { jobId: string; data: unknown };
      if (from !== jobId) return;
      const step = LiveStepSchema.parse(data);
      steps.push(step);
      if (step.step === 5)
        void call('sendLiveInput', { jobId, input: { type: 'takeover', action: [0.1, 6] } });
      if (step.step === 15) void call('sendLiveInput', { jobId, input: { type: 'release' } });
      if (step.step === 25) void call('sendLiveInput', { jobId, input: { type: 'stop' } });
    });
    const job = await services.runner.waitFor(jobId);
    off();
    expect(job.error).toBeNull();
    const result = job.result as { episodeId: string; steps: number; labels: number; interventions: number };
    const expert = steps.filter((s) => s.expert).map((s) => s.step);
    expect(expert.length).toBeGreaterThan(0);
    // Lane controls at 10 Hz: its camera comes with every step (a 30 Hz arm's with every other).
    expect(steps.every((s) => s.image?.width === 64)).toBe(true);
    expect([cameraEvery(10), cameraEvery(30), cameraEvery(100)]).toEqual([1, 2, 7]);
    expect(result.interventions).toBe(1);
    expect(result.steps).toBeLessThan(30);
    const labels = await call('getEpisodeLabels', { episodeId: result.episodeId });
    expect(labels.labeler).toBe('human');
    expect(labels.mask.flatMap((m, f) => (m ? [f] : []))).toEqual(expert);
    expect(labels.values.slice(expert[0]! * 2, expert[0]! * 2 + 2)).toEqual([Math.fround(0.1), 6]);
    expect(labels.classes[expert[0]!]).toBe(2);
    expect(labels.classes[expert[0]! - 1]).toBe(3);
    expect(labels.classes[expert.at(-1)! + 1]).toBe(1);
    expect(await call('sendLiveInput', { jobId, input: { type: 'stop' } })).toEqual({ delivered: false });
  }, 60_000);
});
