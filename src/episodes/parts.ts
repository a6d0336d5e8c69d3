import type { EpisodeReplacement } from '../common/api';
import { StudioError } from '../common/api';
import { mergeProblem, partName } from '../common/episodeWindows';
import { Catalog } from '../workspace/catalog';
import { nowIso } from '../workspace/ids';
import type { Workspace } from '../workspace/workspace';
import { coarsestFrameNs, loadStreams, windowStreams, type LoadedStream } from './partStreams';
import { EpisodeRecords, type EpisodeRecord, type SegmentSpan } from './records';
import { clipSpan, cutWindows, joinSpans, shiftSpan, type Span } from './window';
import { writeParts, type PartPlan } from './writeParts';
import type { MediaTools } from '../media/tools';

const seconds = (ns: number) => `${(ns / 1e9).toFixed(3)} s`;
const named = (e: EpisodeRecord) => `episode "${e.name}" (${e.id})`;

/**
 * Splits an episode into parts and merges adjacent parts back, without touching any original:
 * every part is a window of its root recording, built from the root's streams (series rows copied
 * into new blobs, videos shared with a start offset), and the replaced episodes are only hidden.
 */
export class EpisodeParts {
  private readonly records: EpisodeRecords;
  private readonly catalog: Catalog;

  constructor(
    private readonly ws: Workspace,
    /** For the parts' poster frames; without ffmpeg a part keeps its recording's poster. */
    private readonly tools: MediaTools | null = null,
  ) {
    this.records = new EpisodeRecords(ws.db);
    this.catalog = new Catalog(ws.db);
  }

  /** Cuts the episode at `atNs` (its own time) into one more part than there are cuts. */
  async split(episodeId: string, atNs: readonly number[]): Promise<EpisodeReplacement> {
    const episode = this.records.visible(episodeId);
    const cuts = [...atNs].sort((a, b) => a - b);
    for (const [i, c] of cuts.entries()) {
      if (c <= 0 || c >= episode.durationNs)
        throw new StudioError(
          'bad_input',
          `${named(episode)}: a cut at ${seconds(c)} is not inside the episode (0 to ${seconds(episode.durationNs)}, ends excluded)`,
        );
      if (i > 0 && c === cuts[i - 1])
        throw new StudioError('bad_input', `${named(episode)}: the cut at ${seconds(c)} is named twice`);
    }
    const root = this.records.get(episode.rootId);
    const streams = await this.rootStreams(root);
    const segments = this.records.segments(episode.id);
    const trim = this.records.trim(episode.id);
    const shared = {
      tags: this.records.tags(episode.id),
      metadata: episode.metadata,
      groundTruth: this.records.groundTruth(episode.id),
      from: episode,
    };
    const parts = cutWindows(episode.durationNs, cuts).map((w): PartPlan => {
      const window = shiftSpan(w, episode.offsetNs);
      return {
        ...shared,
        window,
        streams: windowStreams(
          streams,
          window,
          () => `${named(episode)}: the part ${partName(root.name, window.startNs, window.endNs)}`,
        ),
        segments: segments.flatMap((g) => clipSpan(g, w) ?? []),
        trim: trim && clipSpan(trim, w, 1),
      };
    });
    const ids = await writeParts(
      this.ws,
      root,
      [episode],
      parts,
      {
        action: 'episode.split',
        target: episode.id,
        detail: { atNs: cuts },
      },
      this.tools,
    );
    return { hidden: [episode.id], created: ids.map((id) => this.catalog.getSummary(id)) };
  }

  /** Joins adjacent parts of one recording into one part covering them all. */
  async merge(episodeIds: readonly string[]): Promise<EpisodeReplacement> {
    const inputs = episodeIds.map((id) => this.records.visible(id));
    const asWindowed = (e: EpisodeRecord) => ({
      ...e,
      origin: e.isPart ? { episodeId: e.rootId, offsetNs: e.offsetNs } : null,
    });
    // Cheap checks first, before any stream is read.
    const early = mergeProblem(inputs.map(asWindowed), Infinity);
    if (early.problem !== null) throw new StudioError('bad_input', early.problem);
    const root = this.records.get(inputs[0]!.rootId);
    const streams = await this.rootStreams(root);
    const checked = mergeProblem(inputs.map(asWindowed), coarsestFrameNs(streams));
    if (checked.problem !== null) throw new StudioError('bad_input', checked.problem);
    const sorted = checked.sorted;
    const first = sorted[0]!;
    const last = sorted[sorted.length - 1]!;
    const window = { startNs: first.offsetNs, endNs: last.offsetNs + last.durationNs };
    const length = window.endNs - window.startNs;
    const part: PartPlan = {
      window,
      streams: windowStreams(
        streams,
        window,
        () => `the merged part ${partName(root.name, window.startNs, window.endNs)}`,
      ),
      segments: mergedSegments(sorted, (id) => this.records.segments(id), window.startNs, length),
      trim: mergedTrim(sorted, (id) => this.records.trim(id), window.startNs),
      tags: [...new Set(sorted.flatMap((e) => this.records.tags(e.id)))].sort(),
      metadata: first.metadata,
      groundTruth: sorted.map((e) => this.records.groundTruth(e.id)).find((g) => g !== null) ?? null,
      from: first,
    };
    const [id] = await writeParts(
      this.ws,
      root,
      sorted,
      [part],
      {
        action: 'episode.merge',
        target: root.id,
        detail: { episodeIds: sorted.map((e) => e.id) },
      },
      this.tools,
    );
    return { hidden: sorted.map((e) => e.id), created: [this.catalog.getSummary(id!)] };
  }

  /** Shows and hides episodes in one transaction: how undo and redo take a split or merge back. */
  setHidden(show: readonly string[], hide: readonly string[]): { shown: string[]; hidden: string[] } {
    const both = show.find((id) => hide.includes(id));
    if (both) throw new StudioError('bad_input', `episode ${both} cannot be shown and hidden at once`);
    const db = this.ws.db;
    db.transaction(() => {
      // Only a recording and its parts trade places (undo and redo of a split or merge): nothing
      // else can be hidden this way.
      const roots = new Set([...show, ...hide].map((id) => this.records.get(id).rootId));
      if (roots.size > 1)
        throw new StudioError(
          'bad_input',
          'only episodes of one recording (the recording and its parts) can be shown and hidden together',
        );
      const now = nowIso();
      const audit = (action: string, id: string) =>
        this.ws.audit.record({ action, target: id, episodeId: id, detail: {} });
      for (const id of show) {
        db.prepare('UPDATE episodes SET hidden_at = NULL WHERE id = ?').run(id);
        audit('episode.show', id);
      }
      for (const id of hide) {
        db.prepare('UPDATE episodes SET hidden_at = COALESCE(hidden_at, ?) WHERE id = ?').run(now, id);
        audit('episode.hide', id);
      }
    }).immediate();
    return { shown: [...show], hidden: [...hide] };
  }

  private async rootStreams(root: EpisodeRecord): Promise<LoadedStream[]> {
    return loadStreams(this.ws, this.catalog.getEpisode(root.id).streamDetails);
  }
}

/**
 * The inputs' segments in the merged part's time. A segment a cut clipped in two (same label,
 * instruction and colour, ending and starting at the boundary between two inputs) is whole again.
 */
function mergedSegments(
  sorted: readonly EpisodeRecord[],
  segmentsOf: (id: string) => SegmentSpan[],
  startNs: number,
  lengthNs: number,
): SegmentSpan[] {
  const pieces = sorted.flatMap((e, input) =>
    segmentsOf(e.id).map((g) => ({ ...shiftSpan(g, e.offsetNs - startNs), input })),
  );
  const boundary = (input: number) => sorted[input]!.offsetNs + sorted[input]!.durationNs - startNs;
  const joined = joinSpans(
    pieces,
    (a, b) =>
      b.input === a.input + 1 &&
      a.endNs === boundary(a.input) &&
      b.startNs === sorted[b.input]!.offsetNs - startNs &&
      a.label === b.label &&
      a.instruction === b.instruction &&
      a.color === b.color,
  );
  return joined.flatMap(({ input: _input, ...g }) => clipSpan(g, { startNs: 0, endNs: lengthNs }) ?? []);
}

/**
 * The merged part's trim: from the first kept time to the last kept time of the inputs (an input
 * without a trim is kept whole), or none when no input had one.
 */
function mergedTrim(
  sorted: readonly EpisodeRecord[],
  trimOf: (id: string) => Span | null,
  startNs: number,
): Span | null {
  const trims = sorted.map((e) => trimOf(e.id));
  if (trims.every((t) => t === null)) return null;
  const kept = sorted.map((e, i) =>
    shiftSpan(trims[i] ?? { startNs: 0, endNs: e.durationNs }, e.offsetNs - startNs),
  );
  return {
    startNs: Math.min(...kept.map((k) => k.startNs)),
    endNs: Math.max(...kept.map((k) => k.endNs)),
  };
}
