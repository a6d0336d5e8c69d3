/** What the three scripted demonstrators share: a skill profile, a seeded flaw injector, the ground truth. */
import type { Expert, ExpertOptions } from './expert';
import { profileOf } from './expert';
import { FlawInjector, type ExpertMeta } from './flaws';
import type { FlawProfile, SkillLevel } from './skill';

export abstract class ScriptedExpert implements Expert {
  protected readonly skill: SkillLevel;
  protected readonly profile: FlawProfile;
  protected flaws: FlawInjector;
  private expertSeed = 0;

  /**
   * `flawDims`: how many action dimensions the flaws (noise, detours, spikes) act on;
   * `controlHz`: the env's control rate (the profile is in seconds).
   */
  constructor(
    options: ExpertOptions,
    private readonly flawDims: number,
    private readonly controlHz: number,
  ) {
    ({ skill: this.skill, profile: this.profile } = profileOf(options));
    this.flaws = new FlawInjector(this.profile, 0, flawDims, controlHz);
  }

  reset(expertSeed: number): void {
    this.expertSeed = expertSeed;
    this.flaws = new FlawInjector(this.profile, expertSeed, this.flawDims, this.controlHz);
    this.resetEpisode();
  }

  /** Clears the demonstrator's own per-episode state. */
  protected abstract resetEpisode(): void;

  abstract act(obs: Float32Array): Float32Array;

  abstract oracle(obs: Float32Array): Float32Array;

  meta(): ExpertMeta {
    return {
      skill: this.skill,
      profile: this.profile,
      expertSeed: this.expertSeed,
      flaws: this.flaws.events.slice(),
    };
  }
}
