/**
 * The flawless PushT pushing policy: a state-feedback controller on (agent xy, block pose).
 *
 * Every call it scores candidate pushes (a contact point on the T's outline and a push direction
 * inside the friction cone) by how well the block's predicted motion lines up with the remaining
 * pose error, minus the agent's travel to get there. The prediction is the contact impulse model
 * the physics engine solves (block at rest, sticking contact, mass and inertia of the T), so
 * the choice matches what a push really does. Being memoryless, it answers any state, which is
 * what a DAgger oracle needs; hysteresis comes from the travel cost (the contact the agent
 * already touches is free).
 */
import { pointConvexDistance, transformPoint, wrapAngle, type Pose2, type Vec2 } from '../geometry';
import { BlockPaths, type PushTWay } from './pushtPaths';
import { AGENT_RADIUS, GOAL_POSE, TEE_COM, TEE_INERTIA, TEE_MASS, TEE_OUTLINE, teeParts } from '../pusht/tee';

/**
 * lever: rotation error counts like a position error at this arm (px per radian).
 * horizon: longest push (px) credited to one contact when scoring it.
 * overhead: fixed cost (px) of any push, so tiny pushes do not win on rate alone.
 * maxStep: furthest the push target runs ahead of the agent (px).
 * near: contacts closer than this (px) are reached by sliding along the surface.
 */
const PUSHT_TUNING = { lever: 50, horizon: 100, overhead: 30, maxStep: 40, near: 12 } as const;
const FRICTION = 1;
const PUSH_ANGLES = [-0.4, 0, 0.4];
const IN_POSITION = 4;
const CONTACT_GAP = 1;

interface ContactSample {
  p: Vec2;
  n: Vec2;
  /** Index of the outline edge it lies on (edge i runs from TEE_OUTLINE[i] to the next corner). */
  edge: number;
}

const CONTACTS: readonly ContactSample[] = sampleOutline(7);

export type PushTMode = 'push' | 'approach' | 'detour';

export interface PushTDecision {
  target: [number, number];
  mode: PushTMode;
  /** Where the agent will push from (agent centre), in pixels. */
  contact: [number, number];
  /** The side of the T it pushes on: the outline edge of the contact (-1 when there is none). */
  edge: number;
}

export interface PushTStyle {
  /** How the agent travels round the block to a contact (default: the shortest way). */
  way?: PushTWay;
}

/** The default style is the oracle's; a demonstrator's other strategy passes another one. */
export function pushTOracle(obs: Float32Array | readonly number[], style: PushTStyle = {}): PushTDecision {
  const agent: Vec2 = [obs[0] ?? 0, obs[1] ?? 0];
  const pose: Pose2 = [obs[2] ?? 0, obs[3] ?? 0, obs[4] ?? 0];
  const com = transformPoint(pose, TEE_COM);
  const goalCom = transformPoint(GOAL_POSE, TEE_COM);
  const ex = goalCom[0] - com[0];
  const ey = goalCom[1] - com[1];
  const eth = wrapAngle(GOAL_POSE[2] - pose[2]);
  const parts = teeParts(pose);
  const paths = new BlockPaths(agent, parts, pose, style.way);
  const c = Math.cos(pose[2]);
  const s = Math.sin(pose[2]);

  let best:
    { score: number; at: Vec2; dir: Vec2; step: number; next: Vec2; n: Vec2; edge: number } | undefined;
  for (const sample of CONTACTS) {
    const pw = transformPoint(pose, sample.p);
    const nw: Vec2 = [c * sample.n[0] - s * sample.n[1], s * sample.n[0] + c * sample.n[1]];
    const at: Vec2 = [pw[0] + nw[0] * AGENT_RADIUS, pw[1] + nw[1] * AGENT_RADIUS];
    if (at[0] < 0 || at[1] < 0 || at[0] > 512 || at[1] > 512) continue;
    if (parts.some((part) => pointConvexDistance(at, part) < AGENT_RADIUS - 1)) continue;
    const approach: Vec2 = [at[0] + nw[0] * CONTACT_GAP, at[1] + nw[1] * CONTACT_GAP];
    // Sliding a short way along the surface is fine; further away, go round the block.
    const gap = Math.hypot(agent[0] - at[0], agent[1] - at[1]);
    const route = gap < PUSHT_TUNING.near ? { length: gap, next: approach } : paths.route(approach);
    if (route.length === Infinity) continue;
    const travel = route.length;
    const r: Vec2 = [pw[0] - com[0], pw[1] - com[1]];
    for (const alpha of PUSH_ANGLES) {
      const ca = Math.cos(alpha);
      const sa = Math.sin(alpha);
      const dir: Vec2 = [-(ca * nw[0] - sa * nw[1]), -(sa * nw[0] + ca * nw[1])];
      const twist = blockTwist(r, nw, dir);
      if (!twist) continue;
      const [vx, vy, w] = twist;
      const gain = ex * vx + ey * vy + PUSHT_TUNING.lever * PUSHT_TUNING.lever * eth * w;
      const twistNorm = Math.hypot(vx, vy, PUSHT_TUNING.lever * w);
      if (gain <= 0 || twistNorm < 1e-9) continue;
      // Rate of decrease of the squared pose error, per pixel the agent moves, if it pushes here
      // for up to `horizon` px after travelling there: long detours must buy large progress.
      const twist2 = twistNorm * twistNorm;
      const push = Math.min(PUSHT_TUNING.horizon, gain / twist2);
      const score = (2 * gain * push - twist2 * push * push) / (travel + push + PUSHT_TUNING.overhead);
      if (!best || score > best.score) {
        const step = gain / twist2;
        best = { score, at, dir, step, next: route.next, n: nw, edge: sample.edge };
      }
    }
  }
  if (!best) return { target: [agent[0], agent[1]], mode: 'push', contact: [agent[0], agent[1]], edge: -1 };

  const { at, dir, n, next, edge } = best;
  const contact: [number, number] = [at[0], at[1]];
  if (Math.hypot(agent[0] - at[0], agent[1] - at[1]) < IN_POSITION) {
    const step = Math.min(PUSHT_TUNING.maxStep, Math.max(1.5, best.step));
    return { target: [agent[0] + dir[0] * step, agent[1] + dir[1] * step], mode: 'push', contact, edge };
  }
  const approach: Vec2 = [at[0] + n[0] * CONTACT_GAP, at[1] + n[1] * CONTACT_GAP];
  const direct = next[0] === approach[0] && next[1] === approach[1];
  return { target: [next[0], next[1]], mode: direct ? 'approach' : 'detour', contact, edge };
}

/**
 * Block velocity (vx, vy, omega) for a unit agent velocity `dir` at contact arm r with outward
 * normal n: the impulse that makes the contact point move with the agent when friction allows,
 * otherwise the impulse on the edge of the friction cone.
 */
export function blockTwist(r: Vec2, n: Vec2, dir: Vec2): [number, number, number] | undefined {
  const im = 1 / TEE_MASS;
  const ii = 1 / TEE_INERTIA;
  // K = im * I + ii * rp rp^T, rp = perp(r): contact point velocity per unit impulse.
  const rpx = -r[1];
  const rpy = r[0];
  const k11 = im + ii * rpx * rpx;
  const k12 = ii * rpx * rpy;
  const k22 = im + ii * rpy * rpy;
  const det = k11 * k22 - k12 * k12;
  let jx = (k22 * dir[0] - k12 * dir[1]) / det;
  let jy = (-k12 * dir[0] + k11 * dir[1]) / det;
  const tn: Vec2 = [-n[1], n[0]];
  const jn = -(jx * n[0] + jy * n[1]);
  if (jn <= 0) return undefined;
  const jt = jx * tn[0] + jy * tn[1];
  if (Math.abs(jt) > FRICTION * jn) {
    // Sliding: impulse on the cone edge, sized so the normal velocities match.
    const sign = Math.sign(jt);
    const ux = -n[0] + FRICTION * sign * tn[0];
    const uy = -n[1] + FRICTION * sign * tn[1];
    const kux = k11 * ux + k12 * uy;
    const kuy = k12 * ux + k22 * uy;
    const along = -(kux * n[0] + kuy * n[1]);
    const want = -(dir[0] * n[0] + dir[1] * n[1]);
    if (along <= 0 || want <= 0) return undefined;
    jx = (ux * want) / along;
    jy = (uy * want) / along;
  }
  return [jx * im, jy * im, (rpx * jx + rpy * jy) * ii];
}

/** Contact points every `spacing` px along the outline, skipping spots the disk cannot reach. */
function sampleOutline(spacing: number): ContactSample[] {
  const out: ContactSample[] = [];
  const m = TEE_OUTLINE.length;
  const concave = (i: number): boolean => {
    const a = TEE_OUTLINE[(i + m - 1) % m]!;
    const b = TEE_OUTLINE[i]!;
    const c = TEE_OUTLINE[(i + 1) % m]!;
    return (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]) < 0;
  };
  for (let i = 0; i < m; i++) {
    const a = TEE_OUTLINE[i]!;
    const b = TEE_OUTLINE[(i + 1) % m]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const dx = (b[0] - a[0]) / len;
    const dy = (b[1] - a[1]) / len;
    const n: Vec2 = [dy, -dx];
    const start = concave(i) ? AGENT_RADIUS : 2;
    const end = len - (concave((i + 1) % m) ? AGENT_RADIUS : 2);
    const count = Math.max(1, Math.round((end - start) / spacing));
    for (let k = 0; k <= count; k++) {
      const t = start + ((end - start) * k) / count;
      out.push({ p: [a[0] + dx * t, a[1] + dy * t], n, edge: i });
    }
  }
  return out;
}
