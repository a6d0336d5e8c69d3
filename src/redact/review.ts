import { StudioError, type RedactionStatus, type RedactTrack } from '../common/api';
import type { Db } from '../workspace/db';
import { newId, nowIso } from '../workspace/ids';
import type { Workspace } from '../workspace/workspace';
import type { Box } from './boxes';
import { RedactionStore } from './store';

type Rect = Box & { frame: number };
type Decision = RedactTrack['decision'];

/**
 * A reviewer's edits of an episode's redaction. Each one is written with its audit row (naming the
 * user and the blob) in one transaction and bumps the blob's review revision, so an approval covers
 * exactly the review it saw. Each answers what undo needs to set things back.
 */
export class RedactionReview {
  private readonly db: Db;
  private readonly store: RedactionStore;

  constructor(private readonly ws: Workspace) {
    this.db = ws.db;
    this.store = new RedactionStore(ws.db);
  }

  private write<T>(change: () => T): T {
    return this.db.transaction(change).immediate();
  }

  /** The blob of the episode's video that holds the track (a track of another episode is not found). */
  private trackOf(episodeId: string, trackId: string) {
    const track = this.store.track(trackId);
    if (!this.store.videos(episodeId).some((v) => v.blob === track.blob))
      throw new StudioError('not_found', `redaction track ${trackId} is not in episode ${episodeId}`);
    return track;
  }

  /** One video of the episode: the named stream, or its only video. */
  private videoOf(episodeId: string, stream?: string) {
    const videos = this.store.videos(episodeId, stream);
    if (videos.length !== 1)
      throw new StudioError(
        'bad_input',
        `episode ${episodeId} has ${videos.length} videos: name one with stream`,
      );
    return videos[0]!;
  }

  /** Frames and boxes must lie in the video (boxes at least partly inside its picture). */
  private checkInside(blob: string, frames: number[], boxes: Box[] = []): void {
    const { frames: count, width, height } = this.store.frameBounds(blob);
    const bad = frames.find((f) => f >= count);
    if (bad !== undefined)
      throw new StudioError('bad_input', `frame ${bad} is past the video's last frame (${count - 1})`);
    const outside = boxes.find((b) => width > 0 && (b.x >= width || b.y >= height));
    if (outside)
      throw new StudioError(
        'bad_input',
        `a box at ${outside.x},${outside.y} lies outside the ${width}×${height} picture`,
      );
  }

  private changed(blob: string, episodeId: string, action: string, target: string, detail: object): void {
    this.db
      .prepare(
        `INSERT INTO redact_reviews (blob, revision, approved_revision, updated_at) VALUES (?, 1, NULL, ?)
         ON CONFLICT(blob) DO UPDATE SET revision = revision + 1, updated_at = excluded.updated_at`,
      )
      .run(blob, nowIso());
    this.ws.audit.record({ action, target, episodeId, detail: { blob, ...detail } });
  }

  decide(episodeId: string, trackId: string, decision: Decision): { previous: Decision } {
    return this.write(() => {
      const track = this.trackOf(episodeId, trackId);
      if (track.decision !== decision) {
        this.db.prepare('UPDATE redact_tracks SET decision = ? WHERE id = ?').run(decision, trackId);
        const verb = { approved: 'approve', rejected: 'reject', pending: 'reset' }[decision];
        this.changed(track.blob, episodeId, `redact.track.${verb}`, trackId, { before: track.decision });
      }
      return { previous: track.decision };
    });
  }

  setKeyframe(episodeId: string, trackId: string, box: Rect): { previous: Box | null } {
    return this.write(() => {
      const track = this.trackOf(episodeId, trackId);
      this.checkInside(track.blob, [box.frame], [box]);
      const previous = this.store.keyframe(trackId, box.frame);
      this.db
        .prepare(
          `INSERT INTO redact_keyframes (track_id, frame, x, y, w, h) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT(track_id, frame) DO UPDATE SET x = excluded.x, y = excluded.y, w = excluded.w, h = excluded.h`,
        )
        .run(trackId, box.frame, box.x, box.y, box.w, box.h);
      this.changed(track.blob, episodeId, 'redact.keyframe.set', trackId, { box, previous });
      return { previous: previous && strip(previous) };
    });
  }

  deleteKeyframe(episodeId: string, trackId: string, frame: number): { previous: Box | null } {
    return this.write(() => {
      const track = this.trackOf(episodeId, trackId);
      const previous = this.store.keyframe(trackId, frame);
      if (!previous) return { previous: null };
      if (track.origin === 'manual' && this.keyframeCount(trackId) === 1)
        throw new StudioError('conflict', `track ${trackId}: a drawn track keeps at least one keyframe`);
      this.db.prepare('DELETE FROM redact_keyframes WHERE track_id = ? AND frame = ?').run(trackId, frame);
      this.changed(track.blob, episodeId, 'redact.keyframe.delete', trackId, { previous });
      return { previous: strip(previous) };
    });
  }

  private keyframeCount(trackId: string): number {
    return (
      this.db.prepare('SELECT COUNT(*) AS n FROM redact_keyframes WHERE track_id = ?').get(trackId) as {
        n: number;
      }
    ).n;
  }

  /** A track the reviewer drew: approved at once (they drew it to hide a face). */
  addTrack(
    episodeId: string,
    input: { stream?: string; first: number; last: number; keyframes: Rect[]; id?: string },
  ): { id: string } {
    if (input.last < input.first) throw new StudioError('bad_input', 'a track ends after it starts');
    return this.write(() => {
      const { blob } = this.videoOf(episodeId, input.stream);
      this.checkInside(blob, [input.last, ...input.keyframes.map((k) => k.frame)], input.keyframes);
      const id = input.id ?? newId('rtk');
      if (this.db.prepare('SELECT 1 FROM redact_tracks WHERE id = ?').get(id))
        throw new StudioError('conflict', `redaction track ${id} exists`);
      this.db
        .prepare(
          `INSERT INTO redact_tracks (id, blob, detector, origin, decision, held_first, held_last, created_at)
           VALUES (?, ?, 'manual', 'manual', 'approved', ?, ?, ?)`,
        )
        .run(id, blob, input.first, input.last, nowIso());
      const key = this.db.prepare(
        'INSERT INTO redact_keyframes (track_id, frame, x, y, w, h) VALUES (?, ?, ?, ?, ?, ?)',
      );
      for (const k of input.keyframes) key.run(id, k.frame, k.x, k.y, k.w, k.h);
      this.changed(blob, episodeId, 'redact.track.add', id, {
        first: input.first,
        last: input.last,
        keyframes: input.keyframes,
      });
      return { id };
    });
  }

  deleteTrack(episodeId: string, trackId: string): { id: string } {
    return this.write(() => {
      const track = this.trackOf(episodeId, trackId);
      if (track.origin !== 'manual')
        throw new StudioError('conflict', `track ${trackId} was detected: reject it instead of deleting it`);
      this.db.prepare('DELETE FROM redact_tracks WHERE id = ?').run(trackId);
      this.changed(track.blob, episodeId, 'redact.track.delete', trackId, {});
      return { id: trackId };
    });
  }

  addSpan(episodeId: string, input: { stream?: string; first: number; last: number; id?: string }) {
    if (input.last < input.first) throw new StudioError('bad_input', 'a span ends after it starts');
    return this.write(() => {
      const { blob } = this.videoOf(episodeId, input.stream);
      this.checkInside(blob, [input.last]);
      const id = input.id ?? newId('rsp');
      if (this.db.prepare('SELECT 1 FROM redact_spans WHERE id = ?').get(id))
        throw new StudioError('conflict', `redaction span ${id} exists`);
      this.db
        .prepare(
          'INSERT INTO redact_spans (id, blob, first_frame, last_frame, created_at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(id, blob, input.first, input.last, nowIso());
      this.changed(blob, episodeId, 'redact.span.add', id, { first: input.first, last: input.last });
      return { id, first: input.first, last: input.last };
    });
  }

  deleteSpan(episodeId: string, spanId: string): { id: string } {
    return this.write(() => {
      const row = this.db.prepare('SELECT blob FROM redact_spans WHERE id = ?').get(spanId) as
        { blob: string } | undefined;
      if (!row || !this.store.videos(episodeId).some((v) => v.blob === row.blob))
        throw new StudioError('not_found', `no redaction span ${spanId} in episode ${episodeId}`);
      this.db.prepare('DELETE FROM redact_spans WHERE id = ?').run(spanId);
      this.changed(row.blob, episodeId, 'redact.span.delete', spanId, {});
      return { id: spanId };
    });
  }

  /** Signs off every video of the episode; pending tracks are approved first when `approveAll`. */
  approve(episodeId: string, approveAll: boolean): { status: RedactionStatus; approvedTracks: number } {
    return this.write(() => {
      let approvedTracks = 0;
      for (const v of this.store.videos(episodeId)) {
        const pending = this.store.pendingTracks(v.blob);
        if (pending > 0 && !approveAll)
          throw new StudioError(
            'conflict',
            `${v.stream}: ${pending} track(s) not reviewed; approve or reject them first`,
          );
        if (pending > 0) {
          this.db
            .prepare(`UPDATE redact_tracks SET decision = 'approved' WHERE blob = ? AND decision = 'pending'`)
            .run(v.blob);
          approvedTracks += pending;
        }
        this.changed(v.blob, episodeId, 'redact.approve', episodeId, {
          stream: v.stream,
          approvedPending: pending,
        });
        this.db.prepare('UPDATE redact_reviews SET approved_revision = revision WHERE blob = ?').run(v.blob);
      }
      return { status: this.store.episodeStatus(episodeId), approvedTracks };
    });
  }
}

const strip = (r: Rect): Box => ({ x: r.x, y: r.y, w: r.w, h: r.h });
