import { copyFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, jobResult } from '../../src/common/api';
import { checkDecode } from '../../src/media/verify';
import { readTimestamps } from '../../src/series/readSeries';
import { createServices, type StudioServices } from '../../src/service/services';
import { Catalog } from '../../src/workspace/catalog';
import { EGOBLUR, makeClip, mediaTools, tempDir } from '../helpers/workspace';

let tmp: ReturnType<typeof tempDir>;
let services: StudioServices;
let damagedClip: string;
let goodClip: string;

/** A real clip with a megabyte zero-filled inside its media data: the packet index still reads 600 frames. */
function zeroFilled(to: string): string {
  copyFileSync(EGOBLUR, to);
  const fd = openSync(to, 'r+');
  writeSync(fd, Buffer.alloc(1_000_000), 0, 1_000_000, 2_000_000);
  closeSync(fd);
  return to;
}

beforeAll(() => {
  tmp = tempDir();
  damagedClip = zeroFilled(path.join(tmp.dir, 'damaged.mp4'));
  goodClip = makeClip(path.join(tmp.dir, 'good.mp4'), { seconds: 2 });
  services = createServices({ workspaceDir: path.join(tmp.dir, 'ws'), create: true, host: 'web' });
});
afterAll(async () => {
  await services.close();
  tmp.cleanup();
});

describe('verifying imported videos', () => {
  it('import accepts a zero-filled clip whole (packet index only); the verify job that follows decodes it and marks the damage', async () => {
    const { jobId } = await dispatch(services.handlers, 'importPaths', {
      paths: [damagedClip, goodClip],
      dataset: 'd',
    });
    const imported = jobResult('import', await services.runner.waitFor(jobId));
    expect(imported.episodes.map((e) => e.streams[0]!.frames).sort()).toEqual([20, 600]);
    const [damagedId, goodId] = ['damaged', 'good'].map(
      (name) => new Catalog(services.ws.db).listEpisodes({ search: name }).items[0]!.id,
    );

    // The web host queues a verify job for what the import wrote.
    let verifyJob = services.runner.store.list(10).find((j) => j.kind === 'verify');
    for (let i = 0; !verifyJob && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      verifyJob = services.runner.store.list(10).find((j) => j.kind === 'verify');
    }
    const verified = jobResult('verify', await services.runner.waitFor(verifyJob!.id));
    expect(verified.checked).toBe(2);
    expect(verified.damaged).toHaveLength(1);
    const d = verified.damaged[0]!;
    expect(d.episodeIds).toEqual([damagedId]);
    expect(d.expectedFrames).toBe(600);
    expect(d.decodedFrames).toBeLessThan(600);
    expect(d.errors).toBeGreaterThan(0);
    const missing = d.missing.reduce((n, [a, b]) => n + b - a + 1, 0);
    // Every frame that did not decode is in a run (a concealed frame may decode at a shifted time).
    expect(missing).toBeGreaterThanOrEqual(600 - d.decodedFrames);
    expect(missing).toBeLessThan(600 - d.decodedFrames + 5);
    expect(d.missing[0]![0]).toBeGreaterThan(0);

    const checks = await dispatch(services.handlers, 'mediaChecks', { episodeId: damagedId! });
    expect(checks['camera']).toMatchObject({ status: 'damaged', decodedFrames: d.decodedFrames });
    expect(await dispatch(services.handlers, 'mediaChecks', { episodeId: goodId! })).toMatchObject({
      camera: { status: 'ok', expectedFrames: 20, decodedFrames: 20, errors: 0, missing: [] },
    });

    // Asked again, nothing is decoded twice unless `again`.
    const again = await dispatch(services.handlers, 'verifyMedia', {});
    expect(jobResult('verify', await services.runner.waitFor(again.jobId)).checked).toBe(0);
  });

  it('finds the same frames with the npm ffmpeg 4.1 as with the system ffmpeg', async () => {
    const require = createRequire(import.meta.url);
    const npmFfmpeg = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
    const episode = new Catalog(services.ws.db).listEpisodes({ search: 'damaged' }).items[0]!;
    const stream = new Catalog(services.ws.db).getEpisode(episode.id).streamDetails[0]!;
    const expected = await readTimestamps(services.ws.blobs, stream.timestampsBlob);
    const file = services.ws.blobs.pathOf(stream.blob);
    const system = await checkDecode(mediaTools(), file, expected, { timeoutMs: 60_000 });
    const old = await checkDecode({ ...mediaTools(), ffmpeg: npmFfmpeg }, file, expected, {
      timeoutMs: 60_000,
    });
    expect(old.decodedFrames).toBe(system.decodedFrames);
    expect(old.missing).toEqual(system.missing);
  });
});
