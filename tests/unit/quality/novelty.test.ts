import { describe, expect, it } from 'vitest';
import { datasetContext } from '../../../src/quality/context';
import { noveltySignals } from '../../../src/quality/signals/novelty';
import { episode, reach } from './synthetic';

describe('state novelty', () => {
  it('is highest for the episode that goes where no other goes, located at the excursion', () => {
    // Ten reaches from (0,0) to (1,1); one of them swings out to (3,-2) between 2 s and 3 s.
    const usual = Array.from({ length: 10 }, (_, i) => episode(`u${i}`, reach(40 + i)));
    const rows = reach(50).map((r, i) => (i >= 20 && i <= 30 ? [r[0]! + 2, r[1]! - 3] : r));
    const odd = episode('odd', rows);
    const all = [...usual, odd];
    const n = noveltySignals(all, datasetContext(all));
    const values = all.map((e) => n.get(e.id)!.value!);
    const others = Math.max(...values.slice(0, 10));
    expect(n.get('odd')!.value!).toBeGreaterThan(3 * others);
    const span = n.get('odd')!.spans[0]!;
    expect(span.kind).toBe('novelty');
    expect(span.startNs).toBeGreaterThanOrEqual(1.8e9);
    expect(span.endNs).toBeLessThanOrEqual(3.2e9);
    expect(n.get('odd')!.reason).toMatch(/column spreads from the nearest other demonstrations/);
  });

  it('says so when there are too few episodes or a state of another width', () => {
    const two = [episode('a', reach(30)), episode('b', reach(31))];
    expect(noveltySignals(two, datasetContext(two)).get('a')).toMatchObject({ value: null });
    const wide = episode(
      'w',
      reach(30).map((r) => [...r, 0]),
      {},
      ['x', 'y', 'z'],
    );
    const mixed = [...Array.from({ length: 4 }, (_, i) => episode(`u${i}`, reach(30 + i))), wide];
    const n = noveltySignals(mixed, datasetContext(mixed));
    expect(n.get('w')).toMatchObject({
      value: null,
      reason: "its state is not 2 columns wide like the dataset's",
    });
    expect(n.get('u0')!.value).not.toBeNull();
  });
});
