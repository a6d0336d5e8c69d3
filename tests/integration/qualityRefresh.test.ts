import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dispatch, type CallInput, type CallName, type Job } from '../../src/common/api';
import { seriesStream, videoStream, writeEpisode } from '../../src/importers/importEpisode';
import { probeVideo } from '../../src/media/probe';
import { FrameFaultStore, checkFrameFaults } from '../../src/quality/frameFaultStore';
import { episodeRefs } from '../../src/quality/load';
import { createServices, type StudioServices } from '../../src/service/services';
import { hashFile } from '../../src/workspace/blobs';
import { FAULTY_CLIP_ARGS } from '../helpers/faultyClip';
import { makeClip, mediaTools, tempDir } from '../helpers/workspace';

// On a real workspace: the quality job finds a camera's frozen and black stretches with ffmpeg and
// flags them at episode time, and edits queue the job by themselves (debounced) while unchanged
// datasets are left alone.
let tmp: ReturnType<typeof tempDir>;
let services: StudioServices;
let faulty: string;
let plain: string[];
const call = <K extends CallName>(name: K, input: CallInput<K>) => dispatch(services.handlers, name, input);

/** An episode whose camera is `clip` and whose 2-D arm reaches steadily for its 7 s (70 frames at 10 Hz). */
async function cameraEpisode(name: string, clip: string, speed: number): Promise<string> {
  const tools = mediaTools();
  const times = Float64Array.from({ length: 70 }, (_, i) => i * 1e8);
  const rows = Float32Array.from({ length: 140 }, (_, k) => (k >> 1) * speed * (k % 2 ? 1 : 0.5));
  const table = { columns: ['x', 'y'], timestampsNs: times, values: rows };
  const hash = await hashFile(clip);
  const episode = await writeEpisode(services.ws, 'cams', {
    name,
    primary: null,
    primaryHash: null,
    streams: [
      videoStream('observation.images.top', clip, hash, await probeVideo(tools, clip)),
      seriesStream('observation.state', table),
      seriesStream('action', table),
    ],
    thumbnail: null,
    metadata: {},
  });
  return episode.id;
}

async function nextQualityJob(): Promise<Job> {
  const job = await new Promise<Job>((resolve) => {
    const off = services.runner.onJob((j) => {
      if (j.kind === 'quality' && j.state === 'queued') {
        off();
        resolve(j);
      }
    });
  });
  return services.runner.waitFor(job.id);
}

beforeAll(async () => {
  tmp = tempDir();
  vi.stubEnv('MIMIC_CONFIG_DIR', path.join(tmp.dir, 'config'));
  vi.stubEnv('MIMIC_USER', 'Ada');
  services = createServices({
    workspaceDir: path.join(tmp.dir, 'ws'),
    create: true,
    host: 'web',
    autoQuality: { debounceMs: 50 },
  });
  const clip = (n: string, args?: string[]) =>
    makeClip(path.join(tmp.dir, `${n}.mp4`), { seconds: 7, size: '96x96', ...(args ? { args } : {}) });
  faulty = await cameraEpisode('faulty', clip('faulty', FAULTY_CLIP_ARGS), 0.01);
  plain = [];
  for (const i of [0, 1, 2])
    plain.push(await cameraEpisode(`plain-${i}`, clip(`plain-${i}`), 0.01 + i * 0.002));
  await call('setQualitySettings', {
    dataset: 'cams',
    settings: { learned: { enabled: false, folds: 3, epochs: 1, hidden: [8], seed: 0 } },
  });
});
afterAll(async () => {
  await services.close();
  vi.unstubAllEnvs();
  tmp.cleanup();
});

describe('quality on a real workspace', () => {
  it('a call that answers at once still answers at once behind the refresh hook', () => {
    // listEpisodes is synchronous: a caller may read its answer straight away.
    const list = services.handlers.listEpisodes({ sort: 'name', includeHidden: false, offset: 0, limit: 10 });
    expect(list).not.toBeInstanceOf(Promise);
    expect(Array.isArray((list as Awaited<typeof list>).items)).toBe(true);
    expect(() => services.handlers.getEpisode({ id: 'ep-none' })).toThrow(/ep-none|not found|no episode/i);
  });

  it('says at run time when frozen and black frames cannot be checked, and checks nothing', async () => {
    const logged: string[] = [];
    const ctx = {
      ws: services.ws,
      tools: null,
      signal: new AbortController().signal,
      progress: () => {},
      log: (line: string) => logged.push(line),
    };
    const found = await checkFrameFaults(ctx, episodeRefs(services.ws, 'cams'));
    expect(found).toEqual({
      checked: 0,
      problem: 'ffmpeg was not found: frozen and black video frames are not checked',
    });
    expect(logged).toEqual([found.problem]);
    expect(
      new FrameFaultStore(services.ws.db).get(
        episodeRefs(services.ws, 'cams')[0]!.episode.streamDetails[0]!.blob,
      ),
    ).toBeNull();
  });

  it('with an ffmpeg that lacks a filter, says which one, names no server path, and checks nothing', async () => {
    // Debian's ffmpeg with freezedetect left out of its filter list, as in a build configured without it.
    const real = mediaTools();
    const bin = path.join(tmp.dir, 'small-build', 'ffmpeg');
    mkdirSync(path.dirname(bin), { recursive: true });
    writeFileSync(
      bin,
      `#!/bin/sh\nif [ "$2" = "-filters" ]; then "${real.ffmpeg}" "$@" | grep -v ' freezedetect '; exit 0; fi\nexec "${real.ffmpeg}" "$@"\n`,
      { mode: 0o755 },
    );
    const logged: string[] = [];
    const ctx = {
      ws: services.ws,
      tools: { ffmpeg: bin, ffprobe: real.ffprobe },
      signal: new AbortController().signal,
      progress: () => {},
      log: (line: string) => logged.push(line),
    };
    const found = await checkFrameFaults(ctx, episodeRefs(services.ws, 'cams'));
    expect(found.checked).toBe(0);
    expect(found.problem).toBe(
      "the ffmpeg in use has no freezedetect filter: frozen and black video frames are not checked (install an ffmpeg that has them, e.g. Debian's, or set FFMPEG_PATH)",
    );
    expect(found.problem).not.toContain(tmp.dir);
    expect(logged).toEqual([found.problem]);
    const blob = episodeRefs(services.ws, 'cams')[0]!.episode.streamDetails[0]!.blob;
    expect(new FrameFaultStore(services.ws.db).get(blob)).toBeNull();
  });

  it('flags the frozen and the black stretch of a camera at their episode times', async () => {
    const { jobId } = await call('startQuality', { dataset: 'cams' });
    const job = await services.runner.waitFor(jobId);
    expect(job.error).toBeNull();
    const report = await call('qualityReport', { dataset: 'cams' });
    const faults = (id: string) =>
      report.episodes.find((e) => e.id === id)!.flags.filter((f) => f.kind === 'faults');
    expect(faults(faulty).map((f) => [f.startNs, f.endNs, f.reason])).toEqual([
      [
        2e9,
        3.5e9,
        'observation.images.top: the picture does not change for 1.5 s from 2.0 s while the robot moves (ffmpeg freezedetect)',
      ],
      [
        4.5e9,
        5.5e9,
        'observation.images.top: the picture is black for 1.0 s from 4.5 s (ffmpeg blackdetect)',
      ],
    ]);
    for (const id of plain) expect(faults(id)).toEqual([]);
    expect(job.result).toMatchObject({ videoProblem: null });
    // The sparklines read the same series as the motion signals: the arm moves all along.
    const { episodes } = await call('qualitySparklines', { dataset: 'cams', points: 10 });
    expect(episodes).toHaveLength(4);
    for (const e of episodes) expect(Math.min(...e.speed)).toBeGreaterThan(0);
  });

  it('a video whose frozen or black stretches differ (other filter settings) makes its episode stale', async () => {
    const store = new FrameFaultStore(services.ws.db);
    const ref = () => episodeRefs(services.ws, 'cams').find((r) => r.id === faulty)!;
    const blob = ref().episode.streamDetails.find((d) => d.kind === 'video')!.blob;
    const found = store.get(blob)!;
    const before = ref().hash;
    // What another freezedetect noise might have found in the same file: the stored signals, which
    // still say 1.5 s frozen, no longer answer for it.
    store.save(blob, { ...found, frozen: [[2, 3]] });
    expect(ref().hash).not.toBe(before);
    const report = await call('qualityReport', { dataset: 'cams' });
    expect(report.episodes.filter((e) => e.stale).map((e) => e.id)).toEqual([faulty]);
    store.save(blob, found);
    expect(ref().hash).toBe(before);
    expect((await call('qualityReport', { dataset: 'cams' })).stale).toBe(false);
  });

  it('an edit marks the report stale and queues the job by itself; unchanged inputs queue nothing', async () => {
    const queued = nextQualityJob();
    await call('setTrim', { episodeId: plain[1]!, trim: { startNs: 1e9, endNs: 6e9 } });
    const report = await call('qualityReport', { dataset: 'cams' });
    expect(report.stale).toBe(true);
    expect(report.episodes.filter((e) => e.stale).map((e) => e.id)).toEqual([plain[1]]);
    const job = await queued;
    expect(job.title).toBe('Quality of cams (its episodes changed)');
    expect(job.result).toMatchObject({ dataset: 'cams', heuristics: 4 });
    expect((await call('qualityReport', { dataset: 'cams' })).stale).toBe(false);
    // A decision is an edit (audited) but no input of the signals: nothing to recompute.
    await call('decideEpisodes', { episodeIds: [plain[0]!], decision: 'keep', note: '' });
    expect(services.qualityRefresh!.check()).toEqual([]);
    const jobs = services.ws.db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE kind = 'quality'`).get() as {
      n: number;
    };
    expect(jobs.n).toBe(2);
  });

  it("a split's parts get the stretches of their own window of the shared video, in their own time", async () => {
    const queued = nextQualityJob();
    const { created } = await call('splitEpisode', { episodeId: faulty, atNs: [3e9] });
    expect((await queued).state).toBe('succeeded');
    const report = await call('qualityReport', { dataset: 'cams' });
    const spans = (id: string) =>
      report.episodes
        .find((e) => e.id === id)!
        .flags.filter((f) => f.kind === 'faults')
        .map((f) => [f.startNs, f.endNs, f.reason.split(' (')[0]]);
    // The file froze from 2.0 s to 3.5 s and went black from 4.5 s to 5.5 s; the second part starts at 3 s.
    expect(spans(created[0]!.id)).toEqual([
      [
        2e9,
        3e9,
        'observation.images.top: the picture does not change for 1.0 s from 2.0 s while the robot moves',
      ],
    ]);
    expect(spans(created[1]!.id)).toEqual([
      [
        0,
        0.5e9,
        'observation.images.top: the picture does not change for 0.5 s from 0.0 s while the robot moves',
      ],
      [1.5e9, 2.5e9, 'observation.images.top: the picture is black for 1.0 s from 1.5 s'],
    ]);
  });
});
