import { StudioError, type EpisodeRedaction, type RedactionStatus, type RedactTrack } from '../common/api';
import type { Db } from '../workspace/db';
import { effectiveBoxes, type FrameBox } from './effective';

interface TrackRow {
  id: string;
  blob: string;
  detector: string;
  origin: 'detected' | 'manual';
  decision: RedactTrack['decision'];
  held_first: number | null;
  held_last: number | null;
}
interface RectRow {
  frame: number;
  x: number;
  y: number;
  w: number;
  h: number;
}
export interface VersionRow {
  id: string;
  source_blob: string;
  blob: string;
  poster_blob: string | null;
  revision: number;
  /** JSON: how it was rendered (mode, keepAudio, counts). */
  settings: string;
  created_at: string;
}

/** An episode's video stream and the blob its tracks are keyed on. */
export interface RedactVideo {
  stream: string;
  blob: string;
}

/**
 * Reads redaction rows. Everything is keyed on the video blob, so every episode whose stream uses
 * that blob (the parts of one recording) sees the same tracks, spans, review and redacted copies.
 */
export class RedactionStore {
  constructor(private readonly db: Db) {}

  /** The episode's video streams (one when `stream` names it); an unknown episode or stream is an error. */
  videos(episodeId: string, stream?: string): RedactVideo[] {
    if (!this.db.prepare('SELECT 1 FROM episodes WHERE id = ?').get(episodeId))
      throw new StudioError('not_found', `no episode ${episodeId}`);
    const rows = this.db
      .prepare(
        `SELECT name AS stream, blob FROM streams WHERE episode_id = ? AND kind = 'video' ORDER BY name`,
      )
      .all(episodeId) as RedactVideo[];
    if (stream === undefined) return rows;
    const found = rows.filter((r) => r.stream === stream);
    if (found.length === 0)
      throw new StudioError('not_found', `episode ${episodeId} has no video stream "${stream}"`);
    return found;
  }

  /**
   * A video blob's frame count and size: the largest stream over it is the whole file (a part of a
   * recording is a window of it, and the original's row stays when it is hidden).
   */
  frameBounds(blob: string): { frames: number; width: number; height: number } {
    const row = this.db
      .prepare(
        `SELECT frames, video FROM streams WHERE blob = ? AND kind = 'video' ORDER BY frames DESC LIMIT 1`,
      )
      .get(blob) as { frames: number; video: string | null } | undefined;
    const video = row?.video ? (JSON.parse(row.video) as { width?: number; height?: number }) : {};
    return { frames: row?.frames ?? 0, width: video.width ?? 0, height: video.height ?? 0 };
  }

  track(id: string): TrackRow {
    const row = this.db.prepare('SELECT * FROM redact_tracks WHERE id = ?').get(id) as TrackRow | undefined;
    if (!row) throw new StudioError('not_found', `no redaction track ${id}`);
    return row;
  }

  keyframe(trackId: string, frame: number): RectRow | null {
    return (
      (this.db
        .prepare('SELECT frame, x, y, w, h FROM redact_keyframes WHERE track_id = ? AND frame = ?')
        .get(trackId, frame) as RectRow | undefined) ?? null
    );
  }

  /** A track's boxes with the reviewer's keyframes applied. */
  boxesOf(track: Pick<TrackRow, 'id' | 'held_first' | 'held_last'>): FrameBox[] {
    const tracked = this.db
      .prepare('SELECT frame, x, y, w, h, score FROM redact_boxes WHERE track_id = ? ORDER BY frame')
      .all(track.id) as FrameBox[];
    const keys = this.db
      .prepare('SELECT frame, x, y, w, h FROM redact_keyframes WHERE track_id = ? ORDER BY frame')
      .all(track.id) as RectRow[];
    const held =
      track.held_first === null || track.held_last === null
        ? undefined
        : { first: track.held_first, last: track.held_last };
    return effectiveBoxes(tracked, keys, held);
  }

  /** `withBoxes`: every box, none, or those of the frames `from`–`to`. */
  tracks(blob: string, withBoxes: boolean | { from: number; to: number }): RedactTrack[] {
    const rows = this.db
      .prepare('SELECT * FROM redact_tracks WHERE blob = ? ORDER BY created_at, id')
      .all(blob) as TrackRow[];
    return rows
      .map((r) => {
        const boxes = this.boxesOf(r);
        const keyframes = this.db
          .prepare('SELECT frame, x, y, w, h FROM redact_keyframes WHERE track_id = ? ORDER BY frame')
          .all(r.id) as RectRow[];
        return {
          id: r.id,
          detector: r.detector,
          origin: r.origin,
          decision: r.decision,
          first: boxes[0]?.frame ?? 0,
          last: boxes.at(-1)?.frame ?? 0,
          keyframes,
          boxes:
            withBoxes === true
              ? boxes
              : withBoxes === false
                ? []
                : boxes.filter((b) => b.frame >= withBoxes.from && b.frame <= withBoxes.to),
        };
      })
      .sort((a, b) => a.first - b.first || a.id.localeCompare(b.id));
  }

  spans(blob: string): { id: string; first: number; last: number }[] {
    return this.db
      .prepare(
        `SELECT id, first_frame AS first, last_frame AS last FROM redact_spans
         WHERE blob = ? ORDER BY first_frame, id`,
      )
      .all(blob) as { id: string; first: number; last: number }[];
  }

  revision(blob: string): { revision: number; approved: number | null } {
    const row = this.db
      .prepare('SELECT revision, approved_revision FROM redact_reviews WHERE blob = ?')
      .get(blob) as { revision: number; approved_revision: number | null } | undefined;
    return { revision: row?.revision ?? 0, approved: row?.approved_revision ?? null };
  }

  status(blob: string): RedactionStatus {
    const { revision, approved } = this.revision(blob);
    if (revision === 0) return 'unreviewed';
    return approved === revision ? 'approved' : 'in_review';
  }

  pendingTracks(blob: string): number {
    return (
      this.db
        .prepare(`SELECT COUNT(*) AS n FROM redact_tracks WHERE blob = ? AND decision = 'pending'`)
        .get(blob) as { n: number }
    ).n;
  }

  detectors(blob: string): string[] {
    return (
      this.db.prepare('SELECT detector FROM redact_runs WHERE blob = ? ORDER BY detector').all(blob) as {
        detector: string;
      }[]
    ).map((r) => r.detector);
  }

  latestVersion(blob: string): VersionRow | null {
    return (
      (this.db
        .prepare(
          'SELECT * FROM redacted_versions WHERE source_blob = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
        )
        .get(blob) as VersionRow | undefined) ?? null
    );
  }

  /** An episode's status: approved when every video is, unreviewed when none has been touched. */
  episodeStatus(episodeId: string): RedactionStatus {
    const all = this.videos(episodeId).map((v) => this.status(v.blob));
    if (all.length === 0) return 'none';
    if (all.every((s) => s === 'approved')) return 'approved';
    return all.every((s) => s === 'unreviewed') ? 'unreviewed' : 'in_review';
  }

  episode(episodeId: string, withBoxes: boolean | { from: number; to: number }): EpisodeRedaction {
    const videos = this.videos(episodeId).map((v) => {
      const version = this.latestVersion(v.blob);
      return {
        ...v,
        status: this.status(v.blob),
        detected: this.detectors(v.blob),
        tracks: this.tracks(v.blob, withBoxes),
        spans: this.spans(v.blob),
        version: version && {
          blob: version.blob,
          createdAt: version.created_at,
          current: version.revision === this.revision(v.blob).revision,
        },
      };
    });
    return { id: episodeId, status: this.episodeStatus(episodeId), videos };
  }

  /**
   * Why an export must leave the episode out, or null: a video with a track not yet decided, a review
   * not approved, or approved tracks or spans without a redacted copy of the approved review.
   */
  exportBlocker(episodeId: string): string | null {
    for (const v of this.videos(episodeId)) {
      const pending = this.pendingTracks(v.blob);
      if (pending > 0) return `${v.stream}: ${pending} face track(s) not reviewed`;
      const hides =
        this.tracks(v.blob, false).some((t) => t.decision === 'approved') || this.spans(v.blob).length > 0;
      if (!hides) continue;
      if (this.status(v.blob) !== 'approved') return `${v.stream}: redaction review not approved`;
      const version = this.latestVersion(v.blob);
      if (!version || version.revision !== this.revision(v.blob).revision)
        return `${v.stream}: the approved redaction has not been rendered`;
    }
    return null;
  }
}
