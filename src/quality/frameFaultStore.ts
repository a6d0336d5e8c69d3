import type { JobContext } from '../jobs/context';
import type { MediaTools } from '../media/tools';
import {
  detectFrameFaults,
  FRAME_FAULT_SETTINGS,
  missingFrameFaultFilters,
  type FileSpan,
  type FrameFaults,
} from '../media/frameFaults';
import type { Db } from '../workspace/db';
import { nowIso } from '../workspace/ids';
import type { EpisodeRef } from './load';

const SETTINGS = JSON.stringify(FRAME_FAULT_SETTINGS);

/** Frozen and black stretches found per video blob (`video_frame_faults`), under the current settings. */
export class FrameFaultStore {
  constructor(private readonly db: Db) {}

  get(blob: string): FrameFaults | null {
    const r = this.db
      .prepare('SELECT frozen, black FROM video_frame_faults WHERE blob = ? AND settings = ?')
      .get(blob, SETTINGS) as { frozen: string; black: string } | undefined;
    return r
      ? { frozen: JSON.parse(r.frozen) as FileSpan[], black: JSON.parse(r.black) as FileSpan[] }
      : null;
  }

  save(blob: string, f: FrameFaults): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO video_frame_faults (blob, settings, frozen, black, checked_at)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .run(blob, SETTINGS, JSON.stringify(f.frozen), JSON.stringify(f.black), nowIso());
  }
}

/**
 * Runs ffmpeg's freezedetect and blackdetect once on each video of the episodes not checked yet
 * under the current settings. Without ffmpeg, or with an ffmpeg that lacks a filter, it says so in
 * the job's log and checks nothing (the videos stay unchecked, so a later run with a full ffmpeg
 * checks them).
 */
export async function checkFrameFaults(
  ctx: Pick<JobContext, 'ws' | 'tools' | 'signal' | 'progress' | 'log'>,
  refs: readonly EpisodeRef[],
): Promise<{ checked: number; problem: string | null }> {
  const store = new FrameFaultStore(ctx.ws.db);
  const videos = new Map<string, number>();
  for (const r of refs)
    for (const s of r.episode.streamDetails)
      if (s.kind === 'video' && store.get(s.blob) === null) videos.set(s.blob, s.durationNs);
  if (videos.size === 0) return { checked: 0, problem: null };
  const problem = !ctx.tools
    ? 'ffmpeg was not found: frozen and black video frames are not checked'
    : await missingFilters(ctx.tools);
  if (problem || !ctx.tools) {
    ctx.log(problem!, 'warn');
    return { checked: 0, problem };
  }
  for (const [i, [blob, durationNs]] of [...videos].entries()) {
    ctx.signal.throwIfAborted();
    ctx.progress(
      0.1 * (i / videos.size),
      `Looking for frozen and black frames: video ${i + 1} of ${videos.size}`,
    );
    const found = await detectFrameFaults(ctx.tools, ctx.ws.blobs.pathOf(blob), {
      signal: ctx.signal,
      // Decoding runs faster than real time here; ten times the duration bounds a stuck decoder.
      timeoutMs: Math.max(60_000, (durationNs / 1e6) * 10),
    });
    store.save(blob, found);
  }
  return { checked: videos.size, problem: null };
}

async function missingFilters(tools: MediaTools): Promise<string | null> {
  const missing = await missingFrameFaultFilters(tools);
  return missing.length
    ? // The binary's path stays out: the message reaches web clients in the job's result.
      `the ffmpeg in use has no ${missing.join(' or ')} filter: frozen and black video frames are not ` +
        "checked (install an ffmpeg that has them, e.g. Debian's, or set FFMPEG_PATH)"
    : null;
}
