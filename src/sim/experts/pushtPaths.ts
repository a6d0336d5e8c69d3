/**
 * Shortest paths for the PushT agent around the block: a visibility graph whose nodes sit just
 * outside the T's six convex corners, far enough that the disk clears them. A path may be held to
 * one way round the block (`clockwise`: every leg turns clockwise on screen about the T's centre
 * of mass, bar a small slack for legs into the notches under the bar), which is how an operator
 * who always passes the T on the same side travels.
 */
import {
  pointSegmentDistance,
  segmentConvexDistance,
  transformPoint,
  type Pose2,
  type Vec2,
} from '../geometry';
import { AGENT_RADIUS, ARENA, TEE_COM, TEE_OUTLINE, TEE_PARTS } from '../pusht/tee';

/** `shortest`: either way round; `clockwise`: only clockwise on screen (y down). */
export type PushTWay = 'shortest' | 'clockwise';

/** A path may graze the block (the agent may start in contact) but not cut through it. */
const CLEARANCE = AGENT_RADIUS - 0.5;
const NODE_OFFSET = AGENT_RADIUS + 4;
/** A one-way path may turn back about the centre by at most this much on one leg (rad). */
const WAY_SLACK = 0.35;

const LOCAL_NODES: readonly Vec2[] = cornerNodes();
/** Bounding circle of each part (centre, radius) for a cheap early out. */
const LOCAL_BOUNDS = TEE_PARTS.map((part) => {
  const cx = part.reduce((acc, p) => acc + p[0], 0) / part.length;
  const cy = part.reduce((acc, p) => acc + p[1], 0) / part.length;
  return { c: [cx, cy] as Vec2, r: Math.max(...part.map((p) => Math.hypot(p[0] - cx, p[1] - cy))) };
});

export class BlockPaths {
  private readonly nodes: Vec2[];
  private readonly dist: number[];
  private readonly prev: number[];
  private readonly bounds: { c: Vec2; r: number }[];
  private readonly centre: Vec2;

  /** Distances from `start` to every corner node around the block at `pose`. */
  constructor(
    private readonly start: Vec2,
    private readonly parts: readonly (readonly Vec2[])[],
    pose: Pose2,
    private readonly way: PushTWay = 'shortest',
  ) {
    this.centre = transformPoint(pose, TEE_COM);
    this.bounds = LOCAL_BOUNDS.map((b) => ({ c: transformPoint(pose, b.c), r: b.r + CLEARANCE }));
    this.nodes = LOCAL_NODES.map((p) => transformPoint(pose, p)).filter(
      (p) => p[0] >= 0 && p[1] >= 0 && p[0] <= ARENA && p[1] <= ARENA,
    );
    const n = this.nodes.length;
    this.dist = this.nodes.map((p) =>
      this.leg(start, p) ? Math.hypot(p[0] - start[0], p[1] - start[1]) : Infinity,
    );
    this.prev = new Array<number>(n).fill(-1);
    const done = new Array<boolean>(n).fill(false);
    for (let it = 0; it < n; it++) {
      let u = -1;
      for (let i = 0; i < n; i++) if (!done[i] && (u < 0 || this.dist[i]! < this.dist[u]!)) u = i;
      if (u < 0 || this.dist[u] === Infinity) break;
      done[u] = true;
      for (let v = 0; v < n; v++) {
        if (done[v]) continue;
        const a = this.nodes[u]!;
        const b = this.nodes[v]!;
        const alt = this.dist[u]! + Math.hypot(b[0] - a[0], b[1] - a[1]);
        if (alt < this.dist[v]! && this.leg(a, b)) {
          this.dist[v] = alt;
          this.prev[v] = u;
        }
      }
    }
  }

  clear(a: Vec2, b: Vec2): boolean {
    for (let i = 0; i < this.parts.length; i++) {
      const bound = this.bounds[i]!;
      if (pointSegmentDistance(bound.c, a, b) > bound.r) continue;
      if (segmentConvexDistance(a, b, this.parts[i]!) < CLEARANCE) return false;
    }
    return true;
  }

  /** Whether a path may take the straight leg a -> b: clear of the block, and the right way round. */
  private leg(a: Vec2, b: Vec2): boolean {
    if (this.way === 'clockwise') {
      const ax = a[0] - this.centre[0];
      const ay = a[1] - this.centre[1];
      const bx = b[0] - this.centre[0];
      const by = b[1] - this.centre[1];
      // y points down, so a positive cross product turns clockwise on screen.
      if (Math.atan2(ax * by - ay * bx, ax * bx + ay * by) < -WAY_SLACK) return false;
    }
    return this.clear(a, b);
  }

  /** Path length from the start to `goal` and the first waypoint on the way (Infinity if none). */
  route(goal: Vec2): { length: number; next: Vec2 } {
    const direct = Math.hypot(goal[0] - this.start[0], goal[1] - this.start[1]);
    if (this.clear(this.start, goal)) return { length: direct, next: goal };
    let best = -1;
    let bestLen = Infinity;
    for (let i = 0; i < this.nodes.length; i++) {
      if (this.dist[i] === Infinity) continue;
      const p = this.nodes[i]!;
      const len = this.dist[i]! + Math.hypot(goal[0] - p[0], goal[1] - p[1]);
      if (len < bestLen && this.leg(p, goal)) {
        bestLen = len;
        best = i;
      }
    }
    if (best < 0) return { length: Infinity, next: goal };
    while (this.prev[best]! >= 0) best = this.prev[best]!;
    return { length: bestLen, next: this.nodes[best]! };
  }
}

function cornerNodes(): Vec2[] {
  const m = TEE_OUTLINE.length;
  const out: Vec2[] = [];
  for (let i = 0; i < m; i++) {
    const a = TEE_OUTLINE[(i + m - 1) % m]!;
    const b = TEE_OUTLINE[i]!;
    const c = TEE_OUTLINE[(i + 1) % m]!;
    const turn = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
    if (turn <= 0) continue;
    const n1 = normal(a, b);
    const n2 = normal(b, c);
    out.push([b[0] + NODE_OFFSET * (n1[0] + n2[0]), b[1] + NODE_OFFSET * (n1[1] + n2[1])]);
  }
  return out;
}

function normal(a: Vec2, b: Vec2): Vec2 {
  const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
  return [(b[1] - a[1]) / len, -(b[0] - a[0]) / len];
}
