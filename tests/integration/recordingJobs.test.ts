import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobResult, RecordingInfoSchema, type Job } from '../../src/common/api';
import { JobRunner } from '../../src/jobs/runner';
import { defaultWorkerScript, packageRoot } from '../../src/paths';
import { Workspace } from '../../src/workspace/workspace';
import { G1_BAG, G1_BAG_LZ4, G1_MCAP } from '../helpers/recordings';
import { inventory, tempDir } from '../helpers/workspace';

const run = promisify(execFile);
const mimic = (...args: string[]) =>
  run(process.execPath, [path.join(packageRoot(), 'bin', 'mimic.mjs'), ...args]).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

let tmp: ReturnType<typeof tempDir>;
let ws: Workspace;
let runner: JobRunner | null = null;

beforeEach(() => {
  tmp = tempDir();
  ws = Workspace.init(path.join(tmp.dir, 'ws'));
});
afterEach(async () => {
  await runner?.stop();
  runner = null;
  ws.close();
  tmp.cleanup();
});

const start = () => {
  runner = new JobRunner(ws, { workerScript: defaultWorkerScript() });
  runner.start();
  return runner;
};

describe('recordings through the import job and the CLI', () => {
  it('an import job reports its progress through the file in bytes and honours chosen topics', async () => {
    const r = start();
    const seen: Job[] = [];
    r.onJob((j) => seen.push(j));
    const job = r.enqueue('import', 'g1', { paths: [G1_MCAP], dataset: 'g1', topics: ['/joint_states'] });
    const done = await r.waitFor(job.id);
    expect(done.state).toBe('succeeded');
    const result = jobResult('import', done);
    expect(result.episodes[0]!.streams).toEqual([{ name: 'joint_states', kind: 'series', frames: 90 }]);
    expect(seen.map((j) => j.message)).toContain('Reading g1_ep1_3s_ros1_zstd.mcap: 0.5 of 0.5 MiB');
  });

  it('cancels an import job as it starts reading: what it was reading is not written', async () => {
    const r = start();
    let cancelled = false;
    r.onJob((j) => {
      if (!cancelled && j.state === 'running') {
        cancelled = true;
        r.cancel(j.id);
      }
    });
    const job = r.enqueue('import', 'several', { paths: [G1_MCAP, G1_BAG, G1_BAG_LZ4], dataset: 't' });
    const done = await r.waitFor(job.id);
    expect(cancelled).toBe(true);
    expect(done.state).toBe('cancelled');
    // On a loaded machine the cancel may land after a file or two were written: never half of one.
    const left = inventory(ws);
    expect(left.tmpFiles).toBe(0);
    expect(left.episodes).toBeLessThan(3);
    expect(left.streams).toBe(left.episodes * 3);
  });

  it('mimic inspect and mimic import --topic', async () => {
    ws.close();
    const dir = ws.dir;
    const inspected = await mimic('inspect', dir, G1_BAG, '--json');
    expect(inspected.code, inspected.stderr).toBe(0);
    const info = RecordingInfoSchema.strict().parse(JSON.parse(inspected.stdout));
    expect(info.topics.map((t) => `${t.topic}:${t.messages}:${t.becomes}`)).toEqual([
      '/joint_states:90:series',
      '/joint_commands:90:series',
      '/cam_high/image_raw/compressed:30:video',
    ]);
    const text = await mimic('inspect', dir, G1_BAG);
    expect(text.stdout + text.stderr).toMatch(
      /\/joint_states {2}sensor_msgs\/JointState {2}90 msgs 30\.0 Hz/,
    );
    const imported = await mimic(
      'import',
      dir,
      G1_BAG,
      '--topic',
      '/joint_states',
      '--topic',
      '/joint_commands',
    );
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout + imported.stderr).toMatch(
      /imported ep_\w+ \(default\): joint_states series 90 frames, joint_commands series 90 frames/,
    );
    const again = await mimic('import', dir, G1_BAG);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout + again.stderr).toMatch(/skipped .*g1_ep1_3s\.bag: already imported as episode/);
    const missing = await mimic('inspect', dir, path.join(tmp.dir, 'missing.mcap'), '--json');
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({
      error: { code: 'bad_input', message: expect.stringMatching(/missing\.mcap: cannot read/) },
    });
    ws = Workspace.open(dir);
  });
});
