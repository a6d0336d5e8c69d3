import type { EpisodeLabels, LabelEditResult } from '../../../src/common/api';
import type { StudioClient } from '../../client';
import type { UndoStack } from '../../state/undo';
import type { EpisodePlayer, Span } from '../replay/episodePlayer';
import { frameAt } from '../replay/frames';
import type { SeriesSource } from '../replay/seriesSource';
import { controlRanges, type ControlRange } from './controls';

export type SessionEvent = 'labels' | 'control' | 'uncertainty' | 'frame';

/**
 * The expert's labelling of one rollout outside React: the episode's labels as last written, the
 * control value the expert is giving, the keyframe chain that `K` extends, the policy's
 * uncertainty per frame, and the edits, each pushed on the app's undo history (undo and redo write
 * the span back through `restoreLabels`). Frames are rows of the episode's `action` stream, whose
 * times `actionTimes` map them to the player's clock.
 */
export class LabelSession {
  readonly ranges: ControlRange[];
  private labelsValue: EpisodeLabels;
  private controlValue: number[];
  private scoresValue: number[] | null = null;
  /** The last keyframe set: the next `K` labels the span from it to the new one, interpolated. */
  private lastKey: { frame: number; action: number[] } | null = null;
  private lastFrame = -1;
  private readonly listeners = new Set<(e: SessionEvent) => void>();
  private readonly revisions = new Map<SessionEvent, number>();
  private readonly offClock: () => void;

  constructor(
    private readonly client: StudioClient,
    private readonly history: UndoStack,
    private readonly player: EpisodePlayer,
    readonly env: string,
    readonly actionTimes: Float64Array,
    labels: EpisodeLabels,
    /** The episode's `observation.state`, loaded: what the scene views draw at a frame. */
    private readonly observations: SeriesSource | null = null,
  ) {
    this.labelsValue = labels;
    this.ranges = controlRanges(env, labels);
    this.controlValue = this.actionAt(this.frame());
    // On a new frame the control shows the frame's label, else what the policy did there.
    this.offClock = player.clock.onDidChange(() => {
      const f = this.frame();
      if (f === this.lastFrame) return;
      this.lastFrame = f;
      this.controlValue = this.actionAt(f);
      this.emit('frame');
      this.emit('control');
    });
  }

  get labels(): EpisodeLabels {
    return this.labelsValue;
  }
  get control(): readonly number[] {
    return this.controlValue;
  }
  get scores(): readonly number[] | null {
    return this.scoresValue;
  }
  get columns(): number {
    return this.labelsValue.columns.length;
  }

  /** The label frame at the player's clock. */
  frame(): number {
    return Math.min(this.labelsValue.frames - 1, frameAt(this.actionTimes, this.player.timeNs));
  }

  /** The frame's label, else the policy's action. */
  actionAt(f: number): number[] {
    const { values, mask, policyActions } = this.labelsValue;
    const c = this.columns;
    const from = mask[f] ? values : policyActions;
    return Array.from({ length: c }, (_, d) => from[f * c + d] ?? policyActions[f * c + d] ?? 0);
  }

  /** The observation at frame f (null without an `observation.state` stream). */
  observationAt(f: number): Float32Array | null {
    return this.observations?.rowAt(this.actionTimes[f] ?? 0)?.values ?? null;
  }

  setControl(dim: number, value: number): void {
    this.setControls(this.controlValue.map((v, d) => (d === dim ? value : v)));
  }

  /** Every dimension at once (a drag on the scene, a gamepad), each clamped to its range. */
  setControls(values: readonly number[]): void {
    this.controlValue = this.controlValue.map((v, d) => {
      const r = this.ranges[d]!;
      return Math.min(r.max, Math.max(r.min, values[d] ?? v));
    });
    this.emit('control');
  }

  setScores(scores: number[]): void {
    this.scoresValue = scores;
    this.emit('uncertainty');
  }

  /** `K`: a keyframe at the current frame with the current control, interpolated from the previous one. */
  async keyframe(): Promise<void> {
    const key = { frame: this.frame(), action: [...this.controlValue] };
    const prev = this.lastKey;
    const keyframes = prev && prev.frame !== key.frame ? [prev, key] : [key];
    this.lastKey = key;
    await this.apply(
      'label frames',
      await this.client.call('labelFrames', { episodeId: this.episodeId, keyframes }),
    );
  }

  /** `A`: the policy's own actions over the span (the in/out marks), else at the current frame. */
  async accept(span: Span | null): Promise<void> {
    const [startFrame, endFrame] = this.framesOf(span);
    this.lastKey = null;
    const out = await this.client.call('acceptPolicy', { episodeId: this.episodeId, startFrame, endFrame });
    await this.apply('accept policy', out);
  }

  async clear(span: Span | null): Promise<void> {
    const [startFrame, endFrame] = this.framesOf(span);
    this.lastKey = null;
    await this.apply(
      'clear labels',
      await this.client.call('clearLabels', { episodeId: this.episodeId, startFrame, endFrame }),
    );
  }

  /** Ends the keyframe chain: the next `K` starts a new span. */
  breakChain(): void {
    this.lastKey = null;
  }

  /** `N`: the next unlabelled frame after the current one (wrapping); false when every frame is labelled. */
  nextUnlabelled(): boolean {
    const { mask, frames } = this.labelsValue;
    const from = this.frame();
    for (let k = 1; k <= frames; k++) {
      const f = (from + k) % frames;
      if (!mask[f]) return this.seekFrame(f);
    }
    return false;
  }

  /**
   * `U`: the unlabelled frame the policy is most uncertain about; pressed again on it, the next one
   * down the ranking. False before the ranking arrives or when every frame is labelled.
   */
  nextUncertain(): boolean {
    const scores = this.scoresValue;
    if (!scores) return false;
    const { mask } = this.labelsValue;
    const order = scores
      .map((s, f) => ({ s, f }))
      .filter(({ f }) => !mask[f])
      .sort((a, b) => b.s - a.s || a.f - b.f);
    if (order.length === 0) return false;
    const at = order.findIndex(({ f }) => f === this.frame());
    return this.seekFrame(order[(at + 1) % order.length]!.f);
  }

  seekFrame(f: number): boolean {
    this.player.clock.pause();
    this.player.seek(this.actionTimes[f]!);
    return true;
  }

  revision(e: SessionEvent): number {
    return this.revisions.get(e) ?? 0;
  }

  onDidChange(listener: (e: SessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.offClock();
    this.listeners.clear();
  }

  private get episodeId(): string {
    return this.labelsValue.episodeId;
  }

  private framesOf(span: Span | null): [number, number] {
    if (!span) return [this.frame(), this.frame()];
    const a = Math.min(this.labelsValue.frames - 1, frameAt(this.actionTimes, span.startNs));
    const b = Math.min(this.labelsValue.frames - 1, frameAt(this.actionTimes, span.endNs));
    return [Math.min(a, b), Math.max(a, b)];
  }

  private async apply(label: string, out: LabelEditResult): Promise<void> {
    this.setLabels(out.labels);
    const restore = async (span: LabelEditResult['before']) => {
      this.lastKey = null;
      const back = await this.client.call('restoreLabels', { episodeId: this.episodeId, span });
      this.setLabels(back.labels);
    };
    this.history.push({ label, undo: () => restore(out.before), redo: () => restore(out.after) });
  }

  private setLabels(labels: EpisodeLabels): void {
    this.labelsValue = labels;
    this.controlValue = this.actionAt(this.frame());
    this.emit('labels');
    this.emit('control');
  }

  private emit(e: SessionEvent): void {
    this.revisions.set(e, this.revision(e) + 1);
    for (const l of this.listeners) l(e);
  }
}
