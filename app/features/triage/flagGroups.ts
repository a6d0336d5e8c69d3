import type { QualityFlag } from '../../../src/common/api';
import type { SpanView } from './SpanViewer';

/** An episode's flags of one kind, in the order the episode gave them (its first is replayed first). */
export interface FlagGroup {
  kind: QualityFlag['kind'];
  flags: readonly QualityFlag[];
}

/**
 * The flags of an episode grouped by kind, kinds in the order of their first flag: a row shows one
 * chip per kind ("idle ×8") rather than eight chips of which only the first few fit.
 */
export function groupFlags(flags: readonly QualityFlag[]): FlagGroup[] {
  const groups = new Map<QualityFlag['kind'], QualityFlag[]>();
  for (const f of flags) {
    const group = groups.get(f.kind);
    if (group) group.push(f);
    else groups.set(f.kind, [f]);
  }
  return [...groups].map(([kind, list]) => ({ kind, flags: list }));
}

const seconds = (ns: number) => (ns / 1e9).toFixed(2);

/** One flag's reason with its span, as a chip's title and the replay's label show it. */
export function describeFlag(f: QualityFlag): string {
  return `${f.reason} (${seconds(f.startNs)}–${seconds(f.endNs)} s)`;
}

/** Lines of a group's tooltip: at most `max` spans, then how many more. */
export function describeGroup(group: FlagGroup, max = 6): string {
  const shown = group.flags.slice(0, max).map(describeFlag);
  const rest = group.flags.length - shown.length;
  const action =
    group.flags.length > 1 ? 'click to replay the first, then step through them' : 'click to replay';
  return [...shown, ...(rest > 0 ? [`… and ${rest} more`] : []), action].join('\n');
}

/** The replay of a group's spans, from its first: the viewer steps through the rest. */
export function groupView(episodeId: string, group: FlagGroup): SpanView {
  const steps = group.flags.map((f) => ({ span: { startNs: f.startNs, endNs: f.endNs }, label: f.reason }));
  return { episodeId, ...steps[0]!, steps, step: 0 };
}
