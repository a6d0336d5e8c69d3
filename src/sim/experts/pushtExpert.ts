/**
 * The PushT demonstrator: the pushing oracle plus a human's flaws and habits. Its decision points
 * are the moment before it touches the T on a new side (`new side`) and the moment the T is almost
 * in place (`fine alignment`); its second strategy is to pass the T always clockwise.
 */
import { ARENA, coverage } from '../pusht/tee';
import { PUSHT_SPEC } from '../pusht/pushtEnv';
import type { ExpertOptions } from './expert';
import { ScriptedExpert } from './scriptedExpert';
import type { StepFlaws } from './flaws';
import { pushTOracle, type PushTDecision, type PushTMode, type PushTStyle } from './pushtOracle';

/** Hand tremor is small next to the arena: noise is scaled to 100 px, detours and spikes to the arena. */
const NOISE_SCALE = 100;
/** Coverage at which the T counts as almost in place, and below which that is forgotten again. */
const ALMOST_IN_PLACE = 0.85;
const NO_LONGER_IN_PLACE = 0.7;
const SECOND_STYLE: PushTStyle = { way: 'clockwise' };

export class PushTExpert extends ScriptedExpert {
  private previous: [number, number] | undefined;
  private lastMode: PushTMode | undefined;
  /** The outline edge of the last push contact (-1 before the first). */
  private lastEdge = -1;
  private almostInPlace = false;
  /** A botched push: the push direction is off by this angle for a few steps, then retried. */
  private wrongPush: { angle: number; left: number } | undefined;

  constructor(options: ExpertOptions = {}) {
    super(options, 2, PUSHT_SPEC.controlHz);
  }

  protected resetEpisode(): void {
    this.previous = undefined;
    this.lastMode = undefined;
    this.lastEdge = -1;
    this.almostInPlace = false;
    this.wrongPush = undefined;
    this.flaws.describeSecondStrategy('passes the T clockwise on every reposition');
  }

  oracle(obs: Float32Array): Float32Array {
    return Float32Array.from(pushTOracle(obs).target);
  }

  act(obs: Float32Array): Float32Array {
    const decision = pushTOracle(obs, this.flaws.secondStrategy ? SECOND_STYLE : {});
    this.reachDecisionPoints(obs, decision);
    const f = this.flaws.next();
    const step = this.flaws.step - 1;
    const rng = this.flaws.rng;
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
    if (this.flaws.hesitating()) {
      // Standing still at the decision point: only the hand's tremor moves the target.
      [x, y] = agent;
    } else {
      [x, y] = this.withRandomFlaws([x, y], agent, f);
    }
    x += f.noise[0]! * NOISE_SCALE;
    y += f.noise[1]! * NOISE_SCALE;
    x = Math.min(ARENA, Math.max(0, x));
    y = Math.min(ARENA, Math.max(0, y));
    this.previous = [x, y];
    return Float32Array.of(x, y);
  }

  /** Tells the flaw state when the demonstrator arrives at one of its decision points. */
  private reachDecisionPoints(obs: Float32Array, decision: PushTDecision): void {
    if (decision.mode === 'push' && decision.edge >= 0 && decision.edge !== this.lastEdge) {
      this.lastEdge = decision.edge;
      this.flaws.reach('new side');
    }
    const cover = coverage([obs[2] ?? 0, obs[3] ?? 0, obs[4] ?? 0]);
    if (!this.almostInPlace && cover >= ALMOST_IN_PLACE) {
      this.almostInPlace = true;
      this.flaws.reach('fine alignment');
    } else if (cover < NO_LONGER_IN_PLACE) {
      this.almostInPlace = false;
    }
  }

  private withRandomFlaws(target: [number, number], agent: [number, number], f: StepFlaws): [number, number] {
    let [x, y] = target;
    if (this.wrongPush && this.lastMode === 'push') {
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
    return [x, y];
  }
}
