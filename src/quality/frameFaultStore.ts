import type { JobContext } from '../jobs/context';
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
): Promise<number> {
  const store = new FrameFaultStore(ctx.ws.db);
  const blobs = [
    ...new Set(
      refs.flatMap((r) => r.episode.streamDetails.filter((s) => s.kind === 'video').map((s) => s.blob)),
    ),
  ].filter((b) => store.get(b) === null);
  if (blobs.length === 0) return 0;
  if (!ctx.tools) {
    ctx.log('ffmpeg was not found: frozen and black video frames are not checked', 'warn');
    return 0;
  }
  const missing = await missingFrameFaultFilters(ctx.tools);
  if (missing.length) {
    ctx.log(
      `${ctx.tools.ffmpeg} has no ${missing.join(' or ')} filter: frozen and black video frames are not ` +
        "checked (install an ffmpeg that has them, e.g. Debian's, or set FFMPEG_PATH)",
      'warn',
    );
    return 0;
  }
  for (const [i, blob] of blobs.entries()) {
    ctx.signal.throwIfAborted();
    ctx.progress(
      0.1 * (i / blobs.length),
      `Looking for frozen and black frames: video ${i + 1} of ${blobs.length}`,
    );
    store.save(blob, await detectFrameFaults(ctx.tools, ctx.ws.blobs.pathOf(blob), { signal: ctx.signal }));
  }
  return blobs.length;
}
