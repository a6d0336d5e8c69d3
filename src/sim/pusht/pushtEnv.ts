/**
 * PushT as in the Diffusion Policy benchmark: a disk agent, driven by a PD controller toward the
 * commanded 2D position, pushes a T-shaped block onto a fixed goal pose. Physics is planck.js
 * (Box2D): the agent is a kinematic body, the block a dynamic one, the arena walls static.
 *
 * Like the reference (pymunk with space damping 0), bodies keep no velocity from one physics step
 * to the next: the block moves only while something pushes it, as on a high-friction table.
 */
import { Box, Circle, Polygon, Vec2 as PVec2, World, type Body } from 'planck';
import type { Env, EnvSpec, RgbImage, StepResult } from '../types';
import { Rng } from '../random';
import type { Pose2 } from '../geometry';
import {
  AGENT_RADIUS,
  ARENA,
  SUCCESS_COVERAGE,
  TEE_COM,
  TEE_INERTIA,
  TEE_MASS,
  TEE_PARTS,
  coverage,
} from './tee';
import { renderPushT } from './pushtRender';

/** Planck is tuned for metre-sized bodies: simulate at 1 unit = 100 px, observe in pixels. */
const M_PER_PX = 0.01;
const K_P = 100;
const K_V = 20;
const SIM_HZ = 100;
const CONTROL_HZ = 10;
const SUBSTEPS = SIM_HZ / CONTROL_HZ;

export const PUSHT_SPEC: EnvSpec = {
  name: 'pusht',
  observation: ['agent_x', 'agent_y', 'block_x', 'block_y', 'block_angle'],
  action: ['target_x', 'target_y'],
  controlHz: CONTROL_HZ,
  maxSteps: 300,
  image: { width: 96, height: 96 },
};

export interface PushTOptions {
  /** Image side in pixels (default 96, as in the benchmark). */
  imageSize?: number;
}

export class PushTEnv implements Env<Float32Array> {
  readonly spec: EnvSpec;
  private world!: World;
  private agent!: Body;
  private block!: Body;
  private agentVel: [number, number] = [0, 0];
  private steps = 0;
  private readonly imageSize: number;

  constructor(options: PushTOptions = {}) {
    this.imageSize = options.imageSize ?? 96;
    this.spec = { ...PUSHT_SPEC, image: { width: this.imageSize, height: this.imageSize } };
  }

  reset(seed: number): Float32Array {
    const rng = new Rng(seed);
    // Same ranges as the reference; redraw starts that already overlap the goal a lot, so every
    // episode needs real pushing.
    let agent: [number, number];
    let block: Pose2;
    do {
      agent = [rng.uniform(50, 450), rng.uniform(50, 450)];
      block = [rng.uniform(100, 400), rng.uniform(100, 400), rng.normal() * 2 * Math.PI - Math.PI];
    } while (coverage(block) > 0.2);
    this.build(agent, block);
    return this.observe();
  }

  /** Puts the scene in an exact state (agent at rest); used by tests and by the DAgger oracle's callers. */
  setState(agent: readonly [number, number], block: Pose2): Float32Array {
    this.build([agent[0], agent[1]], block);
    return this.observe();
  }

  step(action: Float32Array | readonly number[]): StepResult<Float32Array> {
    const tx = clamp(action[0] ?? 0, 0, ARENA);
    const ty = clamp(action[1] ?? 0, 0, ARENA);
    const dt = 1 / SIM_HZ;
    let contactSteps = 0;
    for (let i = 0; i < SUBSTEPS; i++) {
      const p = this.agent.getPosition();
      const ax = K_P * (tx - p.x / M_PER_PX) - K_V * this.agentVel[0];
      const ay = K_P * (ty - p.y / M_PER_PX) - K_V * this.agentVel[1];
      this.agentVel = [this.agentVel[0] + ax * dt, this.agentVel[1] + ay * dt];
      this.agent.setLinearVelocity(new PVec2(this.agentVel[0] * M_PER_PX, this.agentVel[1] * M_PER_PX));
      this.block.setLinearVelocity(new PVec2(0, 0));
      this.block.setAngularVelocity(0);
      this.world.step(dt);
      if (this.touching()) contactSteps++;
    }
    this.steps++;
    const cov = coverage(this.blockPose());
    const success = cov >= SUCCESS_COVERAGE;
    return {
      obs: this.observe(),
      reward: cov,
      done: success || this.steps >= this.spec.maxSteps,
      success,
      info: { coverage: cov, contactFraction: contactSteps / SUBSTEPS, step: this.steps },
    };
  }

  render(): RgbImage {
    return renderPushT(this.agentPosition(), this.blockPose(), this.imageSize);
  }

  agentPosition(): [number, number] {
    const p = this.agent.getPosition();
    return [p.x / M_PER_PX, p.y / M_PER_PX];
  }

  blockPose(): Pose2 {
    const p = this.block.getPosition();
    return [p.x / M_PER_PX, p.y / M_PER_PX, this.block.getAngle()];
  }

  private observe(): Float32Array {
    const a = this.agentPosition();
    const b = this.blockPose();
    const twoPi = 2 * Math.PI;
    return Float32Array.of(a[0], a[1], b[0], b[1], ((b[2] % twoPi) + twoPi) % twoPi);
  }

  private touching(): boolean {
    for (let e = this.block.getContactList(); e; e = e.next ?? null) {
      if (e.other === this.agent && e.contact.isTouching()) return true;
    }
    return false;
  }

  private build(agent: readonly [number, number], block: Pose2): void {
    this.steps = 0;
    this.agentVel = [0, 0];
    // No sleeping: a resting block must still feel the kinematic agent's first touch. No
    // continuous collision either: pymunk has none, and pushes here are slow next to the shapes' size.
    const world = new World({ gravity: new PVec2(0, 0), allowSleep: false, continuousPhysics: false });
    const walls = world.createBody({ type: 'static' });
    // Reference walls are radius-2 segments at 5 and 506 px: inner faces at 7 and 504.
    const lo = 7 * M_PER_PX;
    const hi = 504 * M_PER_PX;
    const t = 0.5;
    const mid = (lo + hi) / 2;
    const half = (hi - lo) / 2 + t;
    walls.createFixture(new Box(t / 2, half, new PVec2(lo - t / 2, mid), 0), { friction: 1 });
    walls.createFixture(new Box(t / 2, half, new PVec2(hi + t / 2, mid), 0), { friction: 1 });
    walls.createFixture(new Box(half, t / 2, new PVec2(mid, lo - t / 2), 0), { friction: 1 });
    walls.createFixture(new Box(half, t / 2, new PVec2(mid, hi + t / 2), 0), { friction: 1 });

    this.agent = world.createBody({
      type: 'kinematic',
      position: new PVec2(agent[0] * M_PER_PX, agent[1] * M_PER_PX),
    });
    this.agent.createFixture(new Circle(AGENT_RADIUS * M_PER_PX), { friction: 1 });

    this.block = world.createBody({
      type: 'dynamic',
      position: new PVec2(block[0] * M_PER_PX, block[1] * M_PER_PX),
      angle: block[2],
    });
    for (const part of TEE_PARTS) {
      this.block.createFixture(new Polygon(part.map((p) => new PVec2(p[0] * M_PER_PX, p[1] * M_PER_PX))), {
        friction: 1,
        density: 1,
      });
    }
    const com = new PVec2(TEE_COM[0] * M_PER_PX, TEE_COM[1] * M_PER_PX);
    const inertia = TEE_INERTIA * M_PER_PX * M_PER_PX;
    // planck takes the moment about the body origin.
    this.block.setMassData({
      mass: TEE_MASS,
      center: com,
      I: inertia + TEE_MASS * (com.x * com.x + com.y * com.y),
    });
    this.world = world;
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : lo;
}
