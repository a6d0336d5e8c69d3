import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, type CallInput, type CallName, type CallOutput } from '../../src/common/api';
import { packageRoot } from '../../src/paths';
import { createServices, type StudioServices } from '../../src/service/services';
import { writeRobotRollout } from '../helpers/robotRollout';
import { tempDir } from '../helpers/workspace';

const run = promisify(execFile);
let tmp: ReturnType<typeof tempDir>;
let services: StudioServices;
let wsDir: string;
let runId: string;
const call = <K extends CallName>(name: K, input: CallInput<K>) =>
  dispatch(services.handlers, name, input) as Promise<CallOutput<K>>;
const mimic = (...args: string[]) =>
  run(process.execPath, [path.join(packageRoot(), 'bin', 'mimic.mjs'), ...args], {
    env: { ...process.env, MIMIC_USER: 'robo', MIMIC_USER_ROLE: 'expert' },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

beforeAll(async () => {
  tmp = tempDir();
  wsDir = path.join(tmp.dir, 'ws');
  services = createServices({ workspaceDir: wsDir, create: true, host: 'web' });
  const { jobId } = await call('startDagger', {
    env: 'pusht',
    iterations: 1,
    rollouts: 1,
    initDemos: 1,
    seed: 5,
    evalEpisodes: 1,
    steps: 60,
  });
  expect((await services.runner.waitFor(jobId)).error).toBeNull();
  runId = (await call('listDaggerRuns', {}))[0]!.id;
  const logs = path.join(tmp.dir, 'robot');
  mkdirSync(logs);
  writeRobotRollout(logs, 'robot1', 11, 40);
  writeRobotRollout(logs, 'robot2', 12, 30);
  writeRobotRollout(logs, 'robot3', 14, 25);
  writeRobotRollout(logs, 'wide', 13, 20, 3);
  const imported = await call('importPaths', { paths: [logs], dataset: 'robot-rollouts' });
  expect((await services.runner.waitFor(imported.jobId)).error).toBeNull();
}, 180_000);
afterAll(async () => {
  await services.close();
  tmp.cleanup();
});

const episodeNamed = async (name: string) => {
  const dataset = (await call('listDatasets', {})).find((d) => d.name === 'robot-rollouts')!;
  const { items } = await call('listEpisodes', { datasetId: dataset.id });
  const e = items.find((i) => i.name === name);
  if (!e) throw new Error(`no episode ${name} in ${items.map((i) => i.name).join(', ')}`);
  return e.id;
};

describe('real-robot rollouts imported into a DAgger run', () => {
  it('attaches an imported episode to the current iteration, labelled like a simulated rollout and retrained on', async () => {
    const episodeId = await episodeNamed('robot1');
    const before = await call('getDaggerRun', { id: runId });
    const out = await call('importDaggerRollouts', { runId, episodeIds: [episodeId] });
    expect(out.iteration).toBe(before.iterations.length);
    expect(out.rollouts).toEqual([
      expect.objectContaining({ episodeId, iteration: 2, policyVersion: 'external', frames: 40 }),
    ]);
    expect(await call('listImportedRollouts', { runId })).toEqual(out.rollouts);

    // Nothing labelled yet; the expert's edits write human label series of the run.
    const labels = await call('getEpisodeLabels', { episodeId });
    expect(labels.runId).toBe(runId);
    expect(labels.labelled).toBe(0);
    expect(labels.policyVersion).toBe('external');
    expect(labels.columns).toEqual(['target_x', 'target_y']);
    expect(labels.policyActions.length).toBe(80);
    const edit = await call('labelFrames', {
      episodeId,
      keyframes: [
        { frame: 5, action: [100, 200] },
        { frame: 15, action: [200, 100] },
      ],
    });
    expect(edit.labels.labelled).toBe(11);
    expect(edit.labels.labeler).toBe('human');
    expect(edit.labels.policyVersion).toBe('external');
    expect(edit.labels.values.slice(20, 22)).toEqual([150, 150]);
    const audit = await call('listAudit', { episodeId, limit: 10 });
    expect(audit.items.map((a) => a.action)).toEqual(['dagger.label-frames', 'dagger.import-rollout']);

    // The retrain aggregates the labelled frames of the imported rollout with the run's own.
    const { jobId } = await call('retrainDagger', { runId });
    const job = await services.runner.waitFor(jobId);
    expect(job.error).toBeNull();
    const after = await call('getDaggerRun', { id: runId });
    const last = after.iterations.at(-1)!;
    expect(last.iteration).toBe(2);
    expect(last.labels).toBe(before.iterations.at(-1)!.labels + 11);
  }, 120_000);

  it('refuses episodes that do not fit the run, or are labelled already, and attaches none of a batch', async () => {
    const wide = await episodeNamed('wide');
    const robot2 = await episodeNamed('robot2');
    const robot1 = await episodeNamed('robot1');
    await expect(call('importDaggerRollouts', { runId, episodeIds: [robot2, wide] })).rejects.toThrow(
      /action has 3 columns, pusht has 2 actions/,
    );
    await expect(call('importDaggerRollouts', { runId, episodeIds: [robot1] })).rejects.toThrow(
      /already has labels in DAgger run/,
    );
    await expect(
      call('importDaggerRollouts', { runId: 'dagger_nope', episodeIds: [robot2] }),
    ).rejects.toThrow(/no DAgger run dagger_nope/);
    expect((await call('listImportedRollouts', { runId })).map((r) => r.episodeId)).not.toContain(robot2);
  });

  it('mimic dagger import attaches with a named policy version and prints JSON; bad input exits 2', async () => {
    const robot2 = await episodeNamed('robot2');
    const robot3 = await episodeNamed('robot3');
    const wide = await episodeNamed('wide');
    const ok = await mimic(
      'dagger',
      'import',
      wsDir,
      '--run',
      runId,
      '--episode',
      robot2,
      '--episode',
      robot3,
      '--policy-version',
      'so101-v3',
      '--json',
    );
    expect(ok.stderr).toBe('');
    expect(ok.code, ok.stderr).toBe(0);
    const out = JSON.parse(ok.stdout) as CallOutput<'importDaggerRollouts'>;
    expect(out.rollouts).toEqual([
      expect.objectContaining({
        episodeId: robot2,
        policyVersion: 'so101-v3',
        frames: 30,
        importedBy: 'robo',
        // The retrain above finished iteration 2: these join iteration 3.
        iteration: 3,
      }),
      expect.objectContaining({ episodeId: robot3, policyVersion: 'so101-v3', frames: 25, iteration: 3 }),
    ]);
    const bad = await mimic('dagger', 'import', wsDir, '--run', runId, '--episode', wide, '--json');
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout)).toEqual({
      error: { code: 'bad_input', message: expect.stringMatching(/action has 3 columns/) },
    });
    const usage = await mimic('dagger', 'import', wsDir, '--episode', wide);
    expect(usage.code).toBe(2);
    expect(usage.stderr + usage.stdout).toMatch(/--run ID/);
  });
});
