import type { EpisodeRedaction, RedactBox, RedactTrack, Stream } from '../../../src/common/api';
import type { StudioClient } from '../../client';
import type { UndoableEdit, UndoStack } from '../../state/undo';
import type { EpisodePlayer } from '../replay/episodePlayer';
import { frameAt } from '../replay/frames';
import { RedactEdits, type Decision, type Rect } from './redactEdits';

type Video = EpisodeRedaction['videos'][number];
export type ReviewEvent = 'tracks' | 'selection' | 'busy' | 'mode' | 'marks';
export type TimeSpan = { startNs: number; endNs: number };

/** Boxes are read for this many frames around the playhead (a long video has many). */
const WINDOW = 600;
/** A drawn box is followed this many seconds before and after the frame it was drawn on. */
const FOLLOW_S = 2;

/**
 * The privacy review of one episode's camera, outside React: its tracks (boxes of the frames around
 * the playhead), whole-frame spans and status, the selected track, draw mode and the requests in
 * flight, with commands that write through the API and push their undo onto the app's history.
 * Frames are indices into the video file (a part of a recording counts from the file's start).
 */
export class RedactReview {
  video: Video | null = null;
  status: EpisodeRedaction['status'] = 'none';
  selectedId: string | null = null;
  drawing = false;
  pending = 0;
  /** The span between the in and out marks (I, O), waiting for W. */
  marked: TimeSpan | null = null;
  private times: Float64Array | null = null;
  private window = { from: 0, to: -1 };
  private loadSeq = 0;
  private readonly offsetFrames: number;
  private readonly edits: RedactEdits;
  private readonly listeners = new Set<(e: ReviewEvent) => void>();
  private readonly revisions = new Map<ReviewEvent, number>();

  constructor(
    private readonly client: StudioClient,
    readonly player: EpisodePlayer,
    readonly camera: Stream,
    private readonly history: UndoStack,
    private readonly onError: (e: unknown, what: string) => void,
  ) {
    const video = camera.video;
    this.offsetFrames = video?.offsetNs ? Math.round((video.offsetNs * video.fps) / 1e9) : 0;
    this.edits = new RedactEdits(client, player.episode.id, camera.name, () => this.reload());
  }

  // --- state ---------------------------------------------------------------------------------

  get tracks(): RedactTrack[] {
    return this.video?.tracks ?? [];
  }
  get selected(): RedactTrack | null {
    return this.tracks.find((t) => t.id === this.selectedId) ?? null;
  }
  get progress(): { decided: number; total: number } {
    return { decided: this.tracks.filter((t) => t.decision !== 'pending').length, total: this.tracks.length };
  }
  /** The camera's frame count in file frames (the last frame index is one less). */
  get frames(): number {
    return this.offsetFrames + (this.times?.length ?? this.camera.frames);
  }

  /** The file frame shown at `timeNs`, or null before the frame times arrive. */
  frameAt(timeNs: number): number | null {
    return this.times && this.times.length > 0 ? frameAt(this.times, timeNs) + this.offsetFrames : null;
  }
  /** A frame index of the camera stream as a frame of its video file. */
  fileFrame(streamFrame: number): number {
    return streamFrame + this.offsetFrames;
  }
  timeOf(frame: number): number {
    const t = this.times;
    if (!t || t.length === 0) return 0;
    return t[Math.min(t.length - 1, Math.max(0, frame - this.offsetFrames))]!;
  }
  currentFrame(): number | null {
    return this.frameAt(this.player.timeNs);
  }
  boxesAt(frame: number): { track: RedactTrack; box: RedactBox }[] {
    const out: { track: RedactTrack; box: RedactBox }[] = [];
    for (const track of this.tracks) {
      if (frame < track.first || frame > track.last) continue;
      const box = track.boxes.find((b) => b.frame === frame);
      if (box) out.push({ track, box });
    }
    return out;
  }
  spanAt(frame: number): boolean {
    return (this.video?.spans ?? []).some((s) => frame >= s.first && frame <= s.last);
  }

  revision(kind: ReviewEvent): number {
    return this.revisions.get(kind) ?? 0;
  }
  onDidChange(listener: (e: ReviewEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // --- loading -------------------------------------------------------------------------------

  async open(): Promise<void> {
    this.times = await this.player.frameTimes(this.camera);
    await this.load(this.currentFrame() ?? 0);
  }

  /** Reads the boxes again when the playhead nears the edge of the frames read. */
  follow(frame: number): void {
    const { from, to } = this.window;
    const margin = WINDOW / 5;
    if ((frame < from + margin && from > 0) || frame > to - margin) void this.load(frame);
  }

  reload(): Promise<void> {
    return this.load(this.currentFrame() ?? 0);
  }

  private async load(center: number): Promise<void> {
    const seq = ++this.loadSeq;
    const from = Math.max(0, center - WINDOW / 2);
    const to = from + WINDOW;
    await this.request('read the faces of this episode', async () => {
      const r = await this.client.call('episodeRedaction', {
        episodeId: this.player.episode.id,
        boxes: true,
        fromFrame: from,
        toFrame: to,
      });
      if (seq !== this.loadSeq) return;
      this.window = { from, to };
      this.status = r.status;
      const video = r.videos.find((v) => v.stream === this.camera.name) ?? r.videos[0] ?? null;
      // Listed by where they start, so Tab and the list keep one order across reads.
      this.video = video && {
        ...video,
        tracks: [...video.tracks].sort((a, b) => a.first - b.first || a.id.localeCompare(b.id)),
      };
      this.emit('tracks');
    });
  }

  // --- commands ------------------------------------------------------------------------------

  select(id: string | null, seek = false): void {
    this.selectedId = id;
    this.emit('selection');
    const t = this.selected;
    const frame = this.currentFrame();
    if (seek && t && (frame === null || frame < t.first || frame > t.last)) this.seekFrame(t.first);
  }

  /** Tab / Shift+Tab: the next or previous track by first frame. */
  selectNext(dir: 1 | -1): void {
    const list = this.tracks;
    if (list.length === 0) return;
    const i = list.findIndex((t) => t.id === this.selectedId);
    const next = i < 0 ? (dir > 0 ? 0 : list.length - 1) : (i + dir + list.length) % list.length;
    this.select(list[next]!.id, true);
  }

  /** N: the first frame of the next pending track after the playhead (wrapping), selected. */
  nextUnreviewed(): boolean {
    const frame = this.currentFrame() ?? -1;
    const pending = this.tracks.filter((t) => t.decision === 'pending');
    const next = pending.find((t) => t.first > frame) ?? pending[0];
    if (!next) return false;
    this.select(next.id);
    this.seekFrame(next.first);
    return true;
  }

  seekFrame(frame: number): void {
    this.player.clock.pause();
    this.player.seek(this.timeOf(frame));
  }

  decide(decision: Decision, trackId = this.selectedId): Promise<void> {
    if (!trackId) return Promise.resolve();
    return this.write(`${decision} the track`, () => this.edits.decide(trackId, decision));
  }

  moveBox(trackId: string, frame: number, rect: Rect): Promise<void> {
    return this.write('move the box', () => this.edits.setKeyframe(trackId, frame, this.clamp(rect)));
  }

  /**
   * A box drawn for a missed face: followed through the picture two seconds before and after
   * (`followBox`), else, when following fails, held where it was drawn over that stretch.
   */
  drawBox(frame: number, rect: Rect): Promise<void> {
    const reach = Math.round(FOLLOW_S * (this.camera.video?.fps ?? 30));
    const box = { frame, ...this.clamp(rect) };
    this.setDrawing(false);
    return this.write('add a box', async () => {
      const input = {
        episodeId: this.player.episode.id,
        stream: this.camera.name,
        box,
        before: reach,
        after: reach,
      };
      const track = await this.client.call('followBox', input).catch((e: unknown) => {
        this.onError(e, 'follow the box');
        const first = Math.max(this.offsetFrames, frame - reach);
        return { first, last: Math.min(this.frames - 1, frame + reach), keyframes: [box] };
      });
      const { id, edit } = await this.edits.addTrack(track.first, track.last, track.keyframes);
      this.selectedId = id;
      return edit;
    });
  }

  /** Delete: removes the selected track when the reviewer drew it (detected ones are rejected instead). */
  removeSelected(): Promise<void> {
    const t = this.selected;
    if (!t || t.origin !== 'manual' || t.keyframes.length === 0) return Promise.resolve();
    this.selectedId = null;
    return this.write('delete the drawn box', () => this.edits.removeTrack(t));
  }

  /** O: the out mark; with the in mark before it, the span waits for W. */
  markOut(): void {
    this.marked = this.player.markOut();
    this.emit('marks');
  }

  /** W: the marked span (else the in mark to the playhead, else the frame shown) redacted whole. */
  wholeFrames(): Promise<void> {
    const span = this.marked;
    this.marked = null;
    this.emit('marks');
    const here = this.currentFrame();
    const { inNs } = this.player.marks;
    const start = span?.startNs ?? inNs ?? this.player.timeNs;
    const end = span?.endNs ?? this.player.timeNs;
    const first = this.frameAt(Math.min(start, end)) ?? here;
    const last = this.frameAt(Math.max(start, end)) ?? here;
    if (first === null || last === null) return Promise.resolve();
    this.player.clearMarks();
    return this.write('redact whole frames', () => this.edits.addSpan(first, last));
  }

  setDrawing(on: boolean): void {
    this.drawing = on;
    this.emit('mode');
  }

  private clamp(r: Rect): Rect {
    const W = this.camera.video?.width ?? r.x + r.w;
    const H = this.camera.video?.height ?? r.y + r.h;
    const x = Math.max(0, Math.min(W - 1, Math.round(r.x)));
    const y = Math.max(0, Math.min(H - 1, Math.round(r.y)));
    return {
      x,
      y,
      w: Math.max(1, Math.min(W - x, Math.round(r.w))),
      h: Math.max(1, Math.min(H - y, Math.round(r.h))),
    };
  }

  private async write(what: string, run: () => Promise<UndoableEdit>): Promise<void> {
    await this.request(what, async () => {
      this.history.push(await run());
      await this.reload();
    });
  }

  private async request(what: string, run: () => Promise<void>): Promise<void> {
    this.pending++;
    this.emit('busy');
    try {
      await run();
    } catch (e) {
      this.onError(e, what);
    } finally {
      this.pending--;
      this.emit('busy');
    }
  }

  private emit(kind: ReviewEvent): void {
    this.revisions.set(kind, this.revision(kind) + 1);
    for (const l of this.listeners) l(kind);
  }
}
