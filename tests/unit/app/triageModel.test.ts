import { describe, expect, it } from 'vitest';
import type { EpisodeQuality, QualityReport } from '../../../src/common/api';
import { defaultQualitySettings } from '../../../src/common/api';
import { measureOf, TriageModel, type TriageEvent } from '../../../app/features/triage/triageModel';

function episode(id: string, score: number, jerk: number | null, durationS: number): EpisodeQuality {
  return {
    id,
    name: `ep-${id}`,
    durationNs: durationS * 1e9,
    score,
    flags: [],
    signals: [
      { kind: 'jerk', value: jerk, z: null, contribution: jerk ?? 0, reason: '' },
      { kind: 'idle', value: score / 10, z: null, contribution: 0, reason: '' },
    ],
    decision: null,
    note: '',
    stale: false,
  };
}

function report(): QualityReport {
  return {
    dataset: 'd',
    computedAt: null,
    stale: false,
    settings: defaultQualitySettings(),
    episodes: [
      episode('a', 0.5, 3, 10),
      episode('b', 2, 1, 5),
      episode('c', 1, null, 20),
      episode('d', 3, 2, 1),
    ],
  };
}

const ids = (m: TriageModel) => m.rows.map((e) => e.id);

describe('TriageModel', () => {
  it('sorts worst first by score; the same key reverses; a signal sorts by its contribution', () => {
    const m = new TriageModel();
    m.setReport(report());
    expect(ids(m)).toEqual(['d', 'b', 'c', 'a']);
    m.setSort('score');
    expect(ids(m)).toEqual(['a', 'c', 'b', 'd']);
    m.setSort('jerk');
    expect(ids(m)).toEqual(['a', 'd', 'b', 'c']);
    m.setSort('duration');
    expect(ids(m)).toEqual(['c', 'a', 'b', 'd']);
    m.setSort('name');
    expect(ids(m)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('selects a row, a Shift range from the anchor, a Ctrl toggle; arrows move and Shift+arrows extend', () => {
    const m = new TriageModel();
    m.setReport(report());
    m.select('b');
    m.select('a', { range: true });
    expect(m.selectedRows.map((e) => e.id)).toEqual(['b', 'c', 'a']);
    m.select('d', { toggle: true });
    expect([...m.selection].sort()).toEqual(['a', 'b', 'c', 'd']);
    m.select('d');
    m.move(1);
    expect(m.cursor).toBe('b');
    m.move(1, true);
    m.move(1, true);
    expect(m.selectedRows.map((e) => e.id)).toEqual(['b', 'c', 'a']);
    m.move(5);
    expect(m.cursor).toBe('a');
    expect([...m.selection]).toEqual(['a']);
  });

  it('brushes select the episodes inside every brushed range; clearing the last clears the selection', () => {
    const m = new TriageModel();
    m.setReport(report());
    const seen: TriageEvent['kind'][] = [];
    m.onDidChange((e) => seen.push(e.kind));
    m.setBrush('score', { lo: 3, hi: 0.9 });
    expect(m.brush('score')).toEqual({ lo: 0.9, hi: 3 });
    expect(m.selectedRows.map((e) => e.id)).toEqual(['d', 'b', 'c']);
    // A signal without a value (c's jerk) is outside every range of it.
    m.setBrush('jerk', { lo: 1, hi: 2.5 });
    expect(m.selectedRows.map((e) => e.id)).toEqual(['d', 'b']);
    expect(m.cursor).toBe('d');
    m.setBrush('score', null);
    expect(m.selectedRows.map((e) => e.id)).toEqual(['d', 'b']);
    m.setBrush('jerk', null);
    expect(m.selection.size).toBe(0);
    expect(seen).toContain('brush');
    expect(seen).toContain('selection');
    expect(measureOf(report().episodes[2]!, 'jerk')).toBeNull();
  });

  it('a new report keeps the selected ids that are still there', () => {
    const m = new TriageModel();
    m.setReport(report());
    m.selectAll();
    const next = report();
    next.episodes = next.episodes.filter((e) => e.id !== 'b');
    m.setReport(next);
    expect([...m.selection].sort()).toEqual(['a', 'c', 'd']);
    m.setPending(['a'], true);
    expect(m.isPending('a')).toBe(true);
    m.setPending(['a'], false);
    expect(m.isPending('a')).toBe(false);
  });
});
