import { beforeAll, describe, expect, it } from 'vitest';
import { defaultQualitySettings } from '../../../src/common/api';
import { auroc } from '../../../src/quality/auroc';
import { scoreEpisodes } from '../../../src/quality/score';
import { rolloutInput } from '../../../src/quality/simInput';
import { generateDemos, loadSo101Urdf, type SimName } from '../../../src/sim';
import { packageRoot } from '../../../src/paths';
import { initTrainingBackend } from '../../../src/training';

// Detection on small `mixed` datasets against the experts' hidden skill labels (positive: not
// played at the `better` level). The thresholds sit below what these seeds measure (in comments),
// with margin; bench/quality measures the same at full size (bench/RESULTS.md).

beforeAll(async () => {
  await initTrainingBackend({ backend: 'wasm' });
});

async function detection(env: SimName, episodes: number, seed: number, learned: boolean) {
  const urdf = env === 'arm' ? loadSo101Urdf(packageRoot()) : undefined;
  const set = generateDemos({ env, episodes, seed, skill: 'mixed', ...(urdf ? { urdf } : {}) });
  const settings = defaultQualitySettings();
  settings.learned.enabled = learned;
  const inputs = set.episodes.map((e, i) => rolloutInput(`e${i}`, set.spec, e));
  const { scored } = await scoreEpisodes(inputs, settings);
  const byId = new Map(scored.map((s) => [s.id, s]));
  const bad = set.episodes.map((e) => e.meta.skill !== 'better');
  const signal = (kind: string) =>
    inputs.map((e) => byId.get(e.id)!.signals.find((s) => s.kind === kind)?.value ?? 0);
  return {
    combined: auroc(
      inputs.map((e) => byId.get(e.id)!.score),
      bad,
    ),
    signal: (k: string) => auroc(signal(k), bad),
    /** Whether each episode's operator showed a habit (hesitation, a second strategy), and whether it is unflagged. */
    habits: set.episodes.map((e, i) => ({
      habit: e.meta.flaws.some((f) => f.kind === 'hesitation' || f.kind === 'second_strategy'),
      kept: byId.get(`e${i}`)!.flags.length === 0,
    })),
  };
}

describe('detection of suboptimal demonstrations', () => {
  // Seed 11 measures 0.96 combined and 0.99 idle (30 Hz teleoperation-paced demonstrations; 0.89
  // combined before a long pause flagged on its own, 0.80 before idle read progress over 0.3 s).
  it('arm: the combined heuristic score separates skill levels (AUROC >= 0.7; measured 0.96), idle above all (>= 0.85; 0.99)', async () => {
    const d = await detection('arm', 40, 11, false);
    expect(d.combined).toBeGreaterThanOrEqual(0.7);
    // Hesitating operators hold still with a trembling hand: progress over 0.3 s shows it.
    expect(d.signal('idle')).toBeGreaterThanOrEqual(0.85);
  });

  // Most of a mixed set's operators hesitate, so no robust z flags them; a pause of 1 s or more
  // within the task does. Seed 11: 13 of the 15 unflagged episodes are free of both habits, against
  // 15 of all 40 (bench/quality's policy comparison trains on the unflagged ones).
  it("arm: the episodes left unflagged are mostly free of the operators' habits (>= 75%; measured 87%, 38% of all)", async () => {
    const { habits } = await detection('arm', 40, 11, false);
    const clean = (xs: typeof habits) => xs.filter((x) => !x.habit).length / xs.length;
    const kept = habits.filter((x) => x.kept);
    expect(kept.length).toBeGreaterThanOrEqual(10);
    expect(clean(kept)).toBeGreaterThanOrEqual(0.75);
    expect(clean(habits)).toBeLessThan(0.5);
  });

  it('lane: the heuristics read the commands, not the non-pose state, and are not inverted (AUROC >= 0.8; measured 1.00)', async () => {
    // Lane's state (offset, heading, speed, curvature) is no pose: steady driving once read as idle.
    const d = await detection('lane', 40, 11, false);
    expect(d.combined).toBeGreaterThanOrEqual(0.8);
    for (const kind of ['idle', 'jerk', 'path']) expect(d.signal(kind)).toBeGreaterThanOrEqual(0.45);
  });

  it('lane: the cross-fitted score separates skill levels (AUROC >= 0.85; measured 1.00)', async () => {
    const d = await detection('lane', 30, 11, true);
    expect(d.signal('learned')).toBeGreaterThanOrEqual(0.85);
  });
});
