/**
 * Detection: AUROC of the combined score and of each signal against the experts' hidden skill
 * labels on a `mixed` dataset, overall and within length-matched groups.
 */
import { defaultQualitySettings, type QualitySettings } from '../../src/common/api';
import { auroc, lengthMatchedAuroc } from '../../src/quality/auroc';
import type { ScoredEpisode } from '../../src/quality/combine';
import { scoreEpisodes } from '../../src/quality/score';
import { rolloutInput } from '../../src/quality/simInput';
import { SIGNAL_KINDS } from '../../src/quality/types';
import { generateDemos, loadSo101Urdf, type DemoSet, type SimName, type SkillPreset } from '../../src/sim';
import { packageRoot } from '../../src/paths';

export interface Detection {
  env: string;
  demos: number;
  skills: Record<string, number>;
  /** Positives: episodes not played at the `better` level. */
  auroc: Record<string, number | null>;
  lengthMatched: Record<string, number | null>;
  learnedSecondsPer100: number | null;
  /**
   * Per operator habit: AUROC of the combined score and of each signal against "this episode's
   * operator had the habit" (hesitated at a decision point; used the second strategy), over all
   * episodes; null where no episode or every episode has it.
   */
  habits: Record<string, Record<string, number | null>>;
}

/** The injected flaws that are operator habits (`src/sim/README.md`). */
const HABITS = ['hesitation', 'second_strategy'] as const;

export function demoSet(
  env: SimName,
  demos: number,
  seed: number,
  skill: SkillPreset = 'mixed',
  render = false,
): DemoSet {
  const urdf = env === 'arm' ? loadSo101Urdf(packageRoot()) : undefined;
  return generateDemos({ env, episodes: demos, seed, skill, render, ...(urdf ? { urdf } : {}) });
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);

export async function detect(
  env: SimName,
  set: DemoSet,
  settings: QualitySettings = defaultQualitySettings(),
): Promise<{ detection: Detection; scored: ScoredEpisode[] }> {
  const inputs = set.episodes.map((e, i) => rolloutInput(`e${i}`, set.spec, e));
  const { scored, learnedSeconds } = await scoreEpisodes(inputs, settings);
  const byId = new Map(scored.map((s) => [s.id, s]));
  const ordered = inputs.map((e) => byId.get(e.id)!);
  const bad = set.episodes.map((e) => e.meta.skill !== 'better');
  const lengths = set.episodes.map((e) => e.steps);
  const aurocs: Record<string, number | null> = {};
  const matched: Record<string, number | null> = {};
  const measure = (name: string, values: number[]) => {
    aurocs[name] = finite(auroc(values, bad));
    matched[name] = finite(lengthMatchedAuroc(values, bad, lengths, 5));
  };
  measure(
    'combined',
    ordered.map((s) => s.score),
  );
  for (const kind of SIGNAL_KINDS) {
    const values = ordered.map((s) => s.signals.find((x) => x.kind === kind)?.value ?? null);
    if (values.every((v) => v === null)) continue;
    measure(
      kind,
      values.map((v) => v ?? 0),
    );
  }
  const habits: Detection['habits'] = {};
  for (const habit of HABITS) {
    const has = set.episodes.map((e) => e.meta.flaws.some((f) => f.kind === habit));
    if (!has.some(Boolean) || has.every(Boolean)) continue;
    habits[habit] = {
      episodes: has.filter(Boolean).length,
      combined: finite(
        auroc(
          ordered.map((s) => s.score),
          has,
        ),
      ),
    };
    for (const kind of SIGNAL_KINDS) {
      const values = ordered.map((s) => s.signals.find((x) => x.kind === kind)?.value ?? null);
      if (!values.every((v) => v === null))
        habits[habit]![kind] = finite(
          auroc(
            values.map((v) => v ?? 0),
            has,
          ),
        );
    }
  }
  const skills: Record<string, number> = {};
  for (const e of set.episodes) skills[e.meta.skill] = (skills[e.meta.skill] ?? 0) + 1;
  return {
    detection: {
      env,
      demos: set.episodes.length,
      skills,
      auroc: aurocs,
      lengthMatched: matched,
      learnedSecondsPer100: settings.learned.enabled ? (learnedSeconds / set.episodes.length) * 100 : null,
      habits,
    },
    scored,
  };
}
