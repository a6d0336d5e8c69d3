import { describe, expect, it } from 'vitest';
import type { QualityFlag } from '../../../src/common/api';
import { describeGroup, groupFlags, groupView } from '../../../app/features/triage/flagGroups';
import { stepView } from '../../../app/features/triage/SpanViewer';

const flag = (kind: QualityFlag['kind'], startS: number, reason = `${kind} at ${startS}`): QualityFlag => ({
  kind,
  reason,
  startNs: startS * 1e9,
  endNs: (startS + 1) * 1e9,
});

describe('flag groups', () => {
  const flags = [flag('length', 0), flag('idle', 2), flag('idle', 5), flag('jerk', 6), flag('idle', 9)];

  it('groups an episode’s flags by kind, kinds in the order of their first flag', () => {
    const groups = groupFlags(flags);
    expect(groups.map((g) => [g.kind, g.flags.length])).toEqual([
      ['length', 1],
      ['idle', 3],
      ['jerk', 1],
    ]);
    expect(groups[1]!.flags.map((f) => f.startNs / 1e9)).toEqual([2, 5, 9]);
    expect(groupFlags([])).toEqual([]);
  });

  it('describes each span of a group, at most a few, and how to reach them', () => {
    const idle = groupFlags(flags)[1]!;
    expect(describeGroup(idle).split('\n')).toEqual([
      'idle at 2 (2.00–3.00 s)',
      'idle at 5 (5.00–6.00 s)',
      'idle at 9 (9.00–10.00 s)',
      'click to replay the first, then step through them',
    ]);
    expect(describeGroup(idle, 2).split('\n').slice(2)).toEqual([
      '… and 1 more',
      'click to replay the first, then step through them',
    ]);
    expect(describeGroup(groupFlags(flags)[0]!)).toBe('length at 0 (0.00–1.00 s)\nclick to replay');
  });

  it('replays a group from its first span and steps within its spans', () => {
    const view = groupView('ep', groupFlags(flags)[1]!);
    expect(view).toMatchObject({ episodeId: 'ep', step: 0, label: 'idle at 2' });
    expect(view.span).toEqual({ startNs: 2e9, endNs: 3e9 });
    const next = stepView(view, 1);
    expect(next).toMatchObject({ step: 1, label: 'idle at 5', span: { startNs: 5e9, endNs: 6e9 } });
    expect(stepView(stepView(next, 5), 0).step).toBe(2);
    expect(stepView(next, -9).span).toEqual({ startNs: 2e9, endNs: 3e9 });
    // A single span, or a whole-episode view, has nowhere to step.
    const single = groupView('ep', groupFlags(flags)[0]!);
    expect(stepView(single, 1)).toBe(single);
    const whole = { episodeId: 'ep', span: null, label: 'whole episode' };
    expect(stepView(whole, 1)).toBe(whole);
  });
});
