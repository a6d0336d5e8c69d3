/** The PushT demonstrator: the pushing oracle plus a human's flaws. */
import { ARENA } from '../pusht/tee';
import { PUSHT_SPEC } from '../pusht/pushtEnv';
import type { ExpertOptions } from './expert';
import { ScriptedExpert } from './scriptedExpert';
import { pushTOracle, type PushTMode } from './pushtOracle';

/** Hand tremor is small next to the arena: noise is scaled to 100 px, detours and spikes to the arena. */
const NOISE_SCALE = 100;

export class PushTExpert extends ScriptedExpert {
  private previous: [number, number] | undefined;
  private lastMode: PushTMode | undefined;
  /** A botched push: the push direction is off by this angle for a few steps, then retried. */
  private wrongPush: { angle: number; left: number } | undefined;

  constructor(options: ExpertOptions = {}) {
    super(options, 2, PUSHT_SPEC.controlHz);
  }

  protected resetEpisode(): void {
    this.previous = undefined;
    this.lastMode = undefined;
    this.wrongPush = undefined;
  }

  oracle(obs: Float32Array): Float32Array {
    return Float32Array.from(pushTOracle(obs).target);
  }

  act(obs: Float32Array): Float32Array {
    const f = this.flaws.next();
    const step = this.flaws.step - 1;
    const rng = this.flaws.rng;
    const decision = pushTOracle(obs);
    const agent: [number, number] = [obs[0] ?? 0, obs[1] ?? 0];
    let [x, y] = decision.target;

    if (
      decision.mode === 'push' &&
      this.lastMode !== 'push' &&
      !this.wrongPush &&
      rng.chance(this.profile.failRate)
    ) {
      this.wrongPush = { angle: rng.pick([-1, 1]) * rng.uniform(0.6, 1.1), left: rng.int(3, 8) };
      this.flaws.log('failed_attempt', step, this.wrongPush.left, { angle: this.wrongPush.angle });
    }
    this.lastMode = decision.mode;
    if (this.wrongPush && decision.mode === 'push') {
      const dx = x - agent[0];
      const dy = y - agent[1];
      const c = Math.cos(this.wrongPush.angle);
      const s = Math.sin(this.wrongPush.angle);
      const len = Math.max(12, Math.hypot(dx, dy));
      const n = Math.hypot(dx, dy) || 1;
      x = agent[0] + ((c * dx - s * dy) / n) * len;
      y = agent[1] + ((s * dx + c * dy) / n) * len;
      if (--this.wrongPush.left <= 0) this.wrongPush = undefined;
    }
    if (f.pause) [x, y] = agent;
    if (f.detour) {
      x += f.detour[0]! * ARENA;
      y += f.detour[1]! * ARENA;
    }
    if (f.hold && this.previous) [x, y] = this.previous;
    if (f.spike) {
      x += f.spike[0]! * ARENA;
      y += f.spike[1]! * ARENA;
    }
    x += f.noise[0]! * NOISE_SCALE;
    y += f.noise[1]! * NOISE_SCALE;
    x = Math.min(ARENA, Math.max(0, x));
    y = Math.min(ARENA, Math.max(0, y));
    this.previous = [x, y];
    return Float32Array.of(x, y);
  }
}
