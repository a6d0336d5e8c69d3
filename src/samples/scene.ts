// A small top-down pushing scene for the default workspace's sample episodes: a disk (the robot's
// end effector) pushes a square block toward a goal. Deterministic for a seed.

export interface SampleTrajectory {
  hz: number;
  /** Per step: agent x, y, block x, y, block angle. */
  state: Float32Array;
  /** Per step: target x, y (what the teleoperator commanded). */
  action: Float32Array;
  steps: number;
}

export const STATE_COLUMNS = ['agent_x', 'agent_y', 'block_x', 'block_y', 'block_theta'];
export const ACTION_COLUMNS = ['target_x', 'target_y'];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GOAL = { x: 0.75, y: 0.5 };

export function simulate(seed: number, steps = 80, hz = 10): SampleTrajectory {
  const rand = mulberry32(seed);
  const state = new Float32Array(steps * 5);
  const action = new Float32Array(steps * 2);
  let ax = 0.1 + rand() * 0.1;
  let ay = 0.2 + rand() * 0.6;
  let bx = 0.35 + rand() * 0.1;
  let by = 0.35 + rand() * 0.3;
  let th = (rand() - 0.5) * 0.6;
  const noise = 0.01 + rand() * 0.02;
  for (let i = 0; i < steps; i++) {
    // Expert: get behind the block relative to the goal, then push through it.
    const dx = GOAL.x - bx;
    const dy = GOAL.y - by;
    const d = Math.hypot(dx, dy) || 1;
    const behind = { x: bx - (dx / d) * 0.09, y: by - (dy / d) * 0.09 };
    const aligned = Math.hypot(ax - behind.x, ay - behind.y) < 0.03;
    const target = aligned && d > 0.02 ? { x: bx + (dx / d) * 0.05, y: by + (dy / d) * 0.05 } : behind;
    const tx = target.x + (rand() - 0.5) * noise;
    const ty = target.y + (rand() - 0.5) * noise;
    ax += (tx - ax) * 0.5;
    ay += (ty - ay) * 0.5;
    const gap = Math.hypot(ax - bx, ay - by);
    if (gap < 0.09) {
      const push = 0.09 - gap;
      bx += ((bx - ax) / (gap || 1)) * push;
      by += ((by - ay) / (gap || 1)) * push;
      th += (rand() - 0.5) * 0.05;
    }
    state.set([ax, ay, bx, by, th], i * 5);
    action.set([tx, ty], i * 2);
  }
  return { hz, state, action, steps };
}

/** Renders each step as an RGB frame. */
export function render(traj: SampleTrajectory, width: number, height: number): Uint8Array {
  const frame = width * height * 3;
  const out = new Uint8Array(frame * traj.steps);
  const s = Math.min(width, height);
  for (let i = 0; i < traj.steps; i++) {
    const img = out.subarray(i * frame, (i + 1) * frame);
    const [ax, ay, bx, by, th] = traj.state.subarray(i * 5, i * 5 + 5) as unknown as number[];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const u = x / s;
        const v = y / s;
        let r = 236;
        let g = 238;
        let b = 241;
        if ((x % 32 === 0 || y % 32 === 0) && x > 0 && y > 0) [r, g, b] = [222, 225, 230];
        const gx = Math.abs(u - GOAL.x);
        const gy = Math.abs(v - GOAL.y);
        if (Math.max(gx, gy) < 0.065 && Math.max(gx, gy) > 0.055) [r, g, b] = [60, 170, 90];
        const c = Math.cos(-th!);
        const sn = Math.sin(-th!);
        const lx = (u - bx!) * c - (v - by!) * sn;
        const ly = (u - bx!) * sn + (v - by!) * c;
        if (Math.abs(lx) < 0.06 && Math.abs(ly) < 0.06) [r, g, b] = [110, 120, 140];
        if (Math.hypot(u - ax!, v - ay!) < 0.03) [r, g, b] = [66, 110, 220];
        const o = (y * width + x) * 3;
        img[o] = r;
        img[o + 1] = g;
        img[o + 2] = b;
      }
    }
  }
  return out;
}
