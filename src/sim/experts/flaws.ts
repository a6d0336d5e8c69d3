/**
 * Per-episode flaw state shared by the experts: it decides, from its own seeded stream, when the
 * demonstrator hesitates, wanders, jerks, or adds noise, and logs each injected flaw so that the
 * ground truth travels with the episode (apart from its observations).
 */
import { Rng } from '../random';
import type { FlawProfile, SkillLevel } from './skill';

export type FlawKind =
  'noise' | 'pause' | 'detour' | 'jerk' | 'spike' | 'failed_attempt' | 'premature_release';

export interface FlawEvent {
  kind: FlawKind;
  /** Control step at which the flaw starts. */
  step: number;
  /** How many steps it lasts (1 for instantaneous flaws). */
  steps: number;
  detail?: Record<string, number | string>;
}

export interface ExpertMeta {
  skill: SkillLevel;
  profile: FlawProfile;
  expertSeed: number;
  flaws: FlawEvent[];
}

/** What the flaws do to this step's command; the expert maps these onto its action space. */
export interface StepFlaws {
  pause: boolean;
  /** Offset in units of the action scale, constant over a detour; undefined when none. */
  detour: number[] | undefined;
  hold: boolean;
  spike: number[] | undefined;
  noise: number[];
}

export class FlawInjector {
  readonly rng: Rng;
  readonly events: FlawEvent[] = [];
  step = 0;
  private pauseLeft = 0;
  private detourLeft = 0;
  private detourOffset: number[] = [];

  constructor(
    readonly profile: FlawProfile,
    seed: number,
    private readonly dims: number,
  ) {
    this.rng = new Rng(seed);
  }

  /** Advances one control step and says which flaws apply to it. */
  next(): StepFlaws {
    const p = this.profile;
    const rng = this.rng;
    const step = this.step++;
    if (this.pauseLeft === 0 && rng.chance(p.pauseRate)) {
      this.pauseLeft = rng.int(p.pauseSteps[0], p.pauseSteps[1]);
      this.log('pause', step, this.pauseLeft);
    }
    if (this.detourLeft === 0 && rng.chance(p.detourRate)) {
      this.detourLeft = rng.int(p.detourSteps[0], p.detourSteps[1]);
      this.detourOffset = this.randomDirection(p.detourSize);
      this.log('detour', step, this.detourLeft, { size: p.detourSize });
    }
    const hold = rng.chance(p.holdRate);
    if (hold) this.log('jerk', step, 1);
    const spike = rng.chance(p.spikeRate) ? this.randomDirection(p.spikeSize) : undefined;
    if (spike) this.log('spike', step, 1);
    const noise = Array.from({ length: this.dims }, () => rng.normal() * p.noise);
    const pause = this.pauseLeft > 0;
    if (pause) this.pauseLeft--;
    const detour = this.detourLeft > 0 ? this.detourOffset : undefined;
    if (this.detourLeft > 0) this.detourLeft--;
    return { pause, detour, hold, spike, noise };
  }

  log(kind: FlawKind, step: number, steps: number, detail?: Record<string, number | string>): void {
    this.events.push(detail ? { kind, step, steps, detail } : { kind, step, steps });
  }

  private randomDirection(size: number): number[] {
    const v = Array.from({ length: this.dims }, () => this.rng.normal());
    const n = Math.hypot(...v) || 1;
    return v.map((x) => (x / n) * size);
  }
}
