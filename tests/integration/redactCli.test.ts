import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliOutputs } from '../../src/cli/outputs';
import { packageRoot } from '../../src/paths';
import { taggedFaceClip } from '../helpers/redactClips';
import { tempDir } from '../helpers/workspace';

const run = promisify(execFile);
const mimic = (...args: string[]) =>
  run(process.execPath, [path.join(packageRoot(), 'bin', 'mimic.mjs'), ...args], {
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, MIMIC_USER: 'Grace CLI' },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

let tmp: ReturnType<typeof tempDir>;
let ws: string;
beforeAll(async () => {
  tmp = tempDir();
  ws = path.join(tmp.dir, 'ws');
  const clip = taggedFaceClip(path.join(tmp.dir, 'face.mp4'), 12);
  expect((await mimic('init', ws)).code).toBe(0);
  expect((await mimic('import', ws, clip, '--dataset', 'd')).code).toBe(0);
});
afterAll(() => tmp.cleanup());

describe('mimic redact', () => {
  it('detects, renders with --approve-all and lists the audit trail, each --json as its schema says', async () => {
    const detect = await mimic('redact', 'detect', ws, '--json');
    expect(detect.code, detect.stderr).toBe(0);
    const found = cliOutputs['redact-detect'].strict().parse(JSON.parse(detect.stdout));
    const episodeId = found.episodes[0]!.id;
    const boxes = found.episodes[0]!.tracks.flatMap((t) => t.boxes);
    expect(new Set(boxes.map((b) => b.frame)).size).toBe(12);
    for (const b of boxes) expect(b.x + b.w).toBeLessThanOrEqual(304);

    const status = cliOutputs['redact-status'].parse(
      JSON.parse((await mimic('redact', 'status', ws, '--json')).stdout),
    );
    expect(status.episodes).toEqual([
      { id: episodeId, status: 'unreviewed', pendingTracks: found.episodes[0]!.tracks.length },
    ]);

    const refused = await mimic('redact', 'render', ws, '--episode', episodeId, '--json');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ error: { code: 'conflict' } });

    const render = await mimic('redact', 'render', ws, '--episode', episodeId, '--approve-all', '--json');
    expect(render.code, render.stderr).toBe(0);
    const rendered = cliOutputs['redact-render'].parse(JSON.parse(render.stdout));
    expect(rendered.versions[0]).toMatchObject({ frames: 12, stream: 'camera' });

    const csv = await mimic('redact', 'audit', ws, '--csv');
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]).toBe('id,at,actor,role,action,target,episodeId,detail');
    expect(lines.slice(1).map((l) => l.split(',')[4])).toEqual([
      'redact.detect',
      'redact.approve',
      'redact.render',
    ]);
    expect(lines.slice(1).every((l) => l.split(',')[2] === 'Grace CLI')).toBe(true);
  });

  it('exits 2 on a usage error', async () => {
    expect((await mimic('redact', 'blur', ws)).code).toBe(2);
    expect((await mimic('redact', 'render', ws)).code).toBe(2);
    expect((await mimic('redact', 'detect', ws, '--threshold', '3')).code).toBe(2);
  });
});
