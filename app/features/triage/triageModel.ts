import type { EpisodeQuality, QualityReport, QualitySignal } from '../../../src/common/api';

/** What the list is sorted by: the combined score, one signal's contribution, the duration or the name. */
export type TriageSort = 'score' | QualitySignal | 'duration' | 'name';
/** A histogram: the combined score or one signal's value. */
export type Measure = 'score' | QualitySignal;
export type Range = { lo: number; hi: number };

export type TriageEvent =
  | { kind: 'rows' }
  | { kind: 'selection' }
  | { kind: 'brush' }
  /** Episodes whose decision is being written changed. */
  | { kind: 'pending' };

/** A row's value of a measure; null when the signal did not apply or the episode is not scored. */
export function measureOf(e: EpisodeQuality, m: Measure): number | null {
  if (m === 'score') return e.signals.length > 0 ? e.score : null;
  return e.signals.find((s) => s.kind === m)?.value ?? null;
}

function sortKey(e: EpisodeQuality, by: TriageSort): number | string {
  if (by === 'score') return e.score;
  if (by === 'duration') return e.durationNs;
  if (by === 'name') return e.name;
  return e.signals.find((s) => s.kind === by)?.contribution ?? -Infinity;
}

/**
 * The triage screen's state outside React: the report's rows in the chosen order, the selection
 * (a cursor, an anchor for Shift ranges and the selected ids), the histograms' brushed ranges that
 * select the episodes inside all of them, and the episodes whose decision is being written. Panels
 * read it and call its commands; it reports what changed with typed events.
 */
export class TriageModel {
  private report: QualityReport | null = null;
  private sorted: EpisodeQuality[] = [];
  private sortValue: TriageSort = 'score';
  /** Worst first: descending for the score and signals, longest first, names A to Z. */
  private descending = true;
  private cursorId: string | null = null;
  private anchorId: string | null = null;
  private selectedIds = new Set<string>();
  private brushes = new Map<Measure, Range>();
  private pendingIds = new Set<string>();
  private readonly listeners = new Set<(e: TriageEvent) => void>();
  private readonly revisions = new Map<TriageEvent['kind'], number>();

  // --- state ---------------------------------------------------------------------------------

  get rows(): readonly EpisodeQuality[] {
    return this.sorted;
  }
  get current(): QualityReport | null {
    return this.report;
  }
  get sort(): { by: TriageSort; descending: boolean } {
    return { by: this.sortValue, descending: this.descending };
  }
  get cursor(): string | null {
    return this.cursorId;
  }
  get selection(): ReadonlySet<string> {
    return this.selectedIds;
  }
  /** The selected rows in list order. */
  get selectedRows(): EpisodeQuality[] {
    return this.sorted.filter((e) => this.selectedIds.has(e.id));
  }
  brush(m: Measure): Range | null {
    return this.brushes.get(m) ?? null;
  }
  get brushed(): ReadonlyMap<Measure, Range> {
    return this.brushes;
  }
  isPending(id: string): boolean {
    return this.pendingIds.has(id);
  }

  revision(kind: TriageEvent['kind']): number {
    return this.revisions.get(kind) ?? 0;
  }

  onDidChange(listener: (e: TriageEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // --- commands ------------------------------------------------------------------------------

  /** A new report (after the job, a decision or new settings): the selection keeps the ids still there. */
  setReport(report: QualityReport): void {
    this.report = report;
    this.resort();
    const ids = new Set(report.episodes.map((e) => e.id));
    const kept = [...this.selectedIds].filter((id) => ids.has(id));
    if (kept.length !== this.selectedIds.size || (this.cursorId && !ids.has(this.cursorId))) {
      this.selectedIds = new Set(kept);
      if (this.cursorId && !ids.has(this.cursorId)) this.cursorId = kept[0] ?? null;
      this.emit({ kind: 'selection' });
    }
  }

  /** Sorts by `by`; the same key again reverses the order. */
  setSort(by: TriageSort): void {
    if (by === this.sortValue) this.descending = !this.descending;
    else {
      this.sortValue = by;
      this.descending = by !== 'name';
    }
    this.resort();
  }

  /** Click: one row; `range` (Shift) from the anchor; `toggle` (Ctrl/⌘) adds or removes one. */
  select(id: string | null, how: { range?: boolean; toggle?: boolean } = {}): void {
    if (id === null) {
      this.selectedIds = new Set();
      this.cursorId = null;
      this.anchorId = null;
    } else if (how.range && this.anchorId) {
      const a = this.indexOf(this.anchorId);
      const b = this.indexOf(id);
      const [lo, hi] = [Math.min(a, b), Math.max(a, b)];
      this.selectedIds = new Set(this.sorted.slice(lo, hi + 1).map((e) => e.id));
      this.cursorId = id;
    } else if (how.toggle) {
      const next = new Set(this.selectedIds);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      this.selectedIds = next;
      this.cursorId = id;
      this.anchorId = id;
    } else {
      this.selectedIds = new Set([id]);
      this.cursorId = id;
      this.anchorId = id;
    }
    this.emit({ kind: 'selection' });
  }

  selectAll(): void {
    this.selectedIds = new Set(this.sorted.map((e) => e.id));
    this.cursorId ??= this.sorted[0]?.id ?? null;
    this.anchorId = this.cursorId;
    this.emit({ kind: 'selection' });
  }

  /** Arrows: moves the cursor `delta` rows; `extend` (Shift) grows the selection from the anchor. */
  move(delta: number, extend = false): void {
    if (this.sorted.length === 0) return;
    const at = this.cursorId === null ? (delta > 0 ? -1 : this.sorted.length) : this.indexOf(this.cursorId);
    const next = this.sorted[Math.max(0, Math.min(this.sorted.length - 1, at + delta))]!;
    this.select(next.id, { range: extend && this.anchorId !== null });
  }

  /** Brushes a histogram (null clears it): the selection becomes the episodes inside every brush. */
  setBrush(m: Measure, range: Range | null): void {
    if (range) this.brushes.set(m, { lo: Math.min(range.lo, range.hi), hi: Math.max(range.lo, range.hi) });
    else this.brushes.delete(m);
    this.emit({ kind: 'brush' });
    if (this.brushes.size === 0) return this.select(null);
    const inside = this.sorted.filter((e) =>
      [...this.brushes].every(([k, r]) => {
        const v = measureOf(e, k);
        return v !== null && v >= r.lo && v <= r.hi;
      }),
    );
    this.selectedIds = new Set(inside.map((e) => e.id));
    this.cursorId = inside[0]?.id ?? null;
    this.anchorId = this.cursorId;
    this.emit({ kind: 'selection' });
  }

  clearBrushes(): void {
    this.brushes.clear();
    this.emit({ kind: 'brush' });
  }

  setPending(ids: readonly string[], pending: boolean): void {
    for (const id of ids) {
      if (pending) this.pendingIds.add(id);
      else this.pendingIds.delete(id);
    }
    this.emit({ kind: 'pending' });
  }

  private indexOf(id: string): number {
    return this.sorted.findIndex((e) => e.id === id);
  }

  private resort(): void {
    const by = this.sortValue;
    const sign = this.descending ? -1 : 1;
    this.sorted = [...(this.report?.episodes ?? [])].sort((a, b) => {
      const x = sortKey(a, by);
      const y = sortKey(b, by);
      const c = typeof x === 'string' ? x.localeCompare(String(y)) : x - (y as number);
      return c * sign || a.name.localeCompare(b.name);
    });
    this.emit({ kind: 'rows' });
  }

  private emit(e: TriageEvent): void {
    this.revisions.set(e.kind, this.revision(e.kind) + 1);
    for (const l of this.listeners) l(e);
  }
}
