/**
 * Per-episode flaw state shared by the experts: it decides, from its own seeded stream, when the
 * demonstrator hesitates, wanders, jerks, or adds noise, and logs each injected flaw so that the
 * ground truth travels with the episode (apart from its observations). The operator's habits
 * (systematic hesitation at the task's decision points, a second strategy) draw from a second
 * stream, so they never shift when the random flaws fall.
 */
import { Rng } from '../random';
import type { FlawProfile, SkillLevel } from './skill';

export type FlawKind =
  | 'noise'
  | 'pause'
  | 'detour'
  | 'jerk'
  | 'spike'
  | 'failed_attempt'
  | 'premature_release'
  | 'hesitation'
  | 'second_strategy';

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
  /** Whether this episode's demonstrator does the task their other way (decided at the start). */
  readonly secondStrategy: boolean;
  step = 0;
  private readonly habits: Rng;
  private pauseLeft = 0;
  private detourLeft = 0;
  private detourOffset: number[] = [];
  private hesitationLeft = 0;

  constructor(
    readonly profile: FlawProfile,
    seed: number,
    private readonly dims: number,
    /** The env's control rate: turns the profile's per-second rates and durations into steps. */
    private readonly controlHz: number,
  ) {
    this.rng = new Rng(seed);
    this.habits = new Rng(seed ^ 0x2b7e1516);
    this.secondStrategy = this.habits.chance(profile.secondStrategy);
    if (this.secondStrategy) this.log('second_strategy', 0, 0);
  }

  /** Advances one control step and says which flaws apply to it. */
  next(): StepFlaws {
    const p = this.profile;
    const rng = this.rng;
    const step = this.step++;
    if (this.pauseLeft === 0 && rng.chance(this.perStep(p.pauseRate))) {
      this.pauseLeft = this.steps(rng, p.pauseSeconds);
      this.log('pause', step, this.pauseLeft);
    }
    if (this.detourLeft === 0 && rng.chance(this.perStep(p.detourRate))) {
      this.detourLeft = this.steps(rng, p.detourSeconds);
      this.detourOffset = this.randomDirection(p.detourSize);
      this.log('detour', step, this.detourLeft, { size: p.detourSize });
    }
    const hold = rng.chance(this.perStep(p.holdRate));
    if (hold) this.log('jerk', step, 1);
    const spike = rng.chance(this.perStep(p.spikeRate)) ? this.randomDirection(p.spikeSize) : undefined;
    if (spike) this.log('spike', step, 1);
    const noise = Array.from({ length: this.dims }, () => rng.normal() * p.noise);
    const pause = this.pauseLeft > 0;
    if (pause) this.pauseLeft--;
    const detour = this.detourLeft > 0 ? this.detourOffset : undefined;
    if (this.detourLeft > 0) this.detourLeft--;
    return { pause, detour, hold, spike, noise };
  }

  /** Chance of an event with this rate (per second) in one control step. */
  perStep(ratePerSecond: number): number {
    return Math.min(1, ratePerSecond / this.controlHz);
  }

  /**
   * The demonstrator has just reached one of the task's decision points (`at` names it): with the
   * profile's `hesitation` chance they stop there for a while. Call once per arrival, before `next()`.
   */
  reach(at: string): void {
    if (this.hesitationLeft > 0 || !this.habits.chance(this.profile.hesitation)) return;
    this.hesitationLeft = this.steps(this.habits, this.profile.hesitationSeconds);
    this.log('hesitation', this.step, this.hesitationLeft, { at });
  }

  /**
   * Records what this episode's second strategy is (the env's expert knows; no-op when none), with
   * any further detail of it.
   */
  describeSecondStrategy(what: string, more: Record<string, number | string> = {}): void {
    const event = this.events.find((e) => e.kind === 'second_strategy');
    if (event) event.detail = { what, ...more };
  }

  /** Whether this step is spent hesitating at a decision point (consumes one step of it). */
  hesitating(): boolean {
    if (this.hesitationLeft === 0) return false;
    this.hesitationLeft--;
    return true;
  }

  log(kind: FlawKind, step: number, steps: number, detail?: Record<string, number | string>): void {
    this.events.push(detail ? { kind, step, steps, detail } : { kind, step, steps });
  }

  private steps(rng: Rng, seconds: readonly [number, number]): number {
    return Math.max(
      1,
      rng.int(Math.round(seconds[0] * this.controlHz), Math.round(seconds[1] * this.controlHz)),
    );
  }

  private randomDirection(size: number): number[] {
    const v = Array.from({ length: this.dims }, () => this.rng.normal());
    const n = Math.hypot(...v) || 1;
    return v.map((x) => (x / n) * size);
  }
}
