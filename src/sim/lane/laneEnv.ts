/**
 * Lane keeping: a kinematic bicycle car on a seeded closed track. Success is one full lap without
 * leaving the road. The image is a 64 x 64 top-down view that turns with the car (car at the
 * bottom centre, facing up).
 */
import type { Env, EnvSpec, RgbImage, StepResult } from '../types';
import { Rng } from '../random';
import { wrapAngle } from '../geometry';
import { createImage, fillConvex, type Rgb } from '../raster';
import { curvatureAhead, frenet, generateTrack, nearestIndex, type Track } from './track';
import { SURFACE, buildTrackMap, surfaceAt, type TrackMap } from './trackMap';

export const WHEELBASE = 2.5;
export const MAX_STEER = 0.5;
export const DEFAULT_SPEED = 8;
const MAX_SPEED = 15;
const SPEED_TAU = 0.5;
const CONTROL_HZ = 10;
const SUBSTEPS = 5;
/** Curvature samples this far ahead (metres) are part of the observation. */
export const LOOKAHEAD = [0, 5, 10, 15, 20, 30] as const;
const VIEW_METRES = 32;

export const LANE_SPEC: EnvSpec = {
  name: 'lane',
  observation: ['lateral_offset', 'heading_error', 'speed', ...LOOKAHEAD.map((m) => `curvature_${m}m`)],
  action: ['steer', 'speed'],
  controlHz: CONTROL_HZ,
  maxSteps: 600,
  image: { width: 64, height: 64 },
};

const PALETTE: Record<number, Rgb> = {
  [SURFACE.grass]: [70, 140, 60],
  [SURFACE.road]: [90, 90, 95],
  [SURFACE.edge]: [240, 240, 240],
  [SURFACE.centre]: [250, 210, 40],
};
export const CAR_COLOR: Rgb = [220, 30, 30];

export class LaneEnv implements Env<Float32Array> {
  readonly spec = LANE_SPEC;
  private track!: Track;
  private map: TrackMap | undefined;
  private x = 0;
  private y = 0;
  private yaw = 0;
  private speed = DEFAULT_SPEED;
  private index = 0;
  private progress = 0;
  private steps = 0;

  reset(seed: number): Float32Array {
    const rng = new Rng(seed);
    this.track = generateTrack(rng.int(0, 2 ** 31));
    this.map = undefined;
    const t = this.track;
    const offset = rng.uniform(-0.5, 0.5);
    const h = t.heading[0]!;
    this.x = t.x[0]! - Math.sin(h) * offset;
    this.y = t.y[0]! + Math.cos(h) * offset;
    this.yaw = h + rng.uniform(-0.1, 0.1);
    this.speed = DEFAULT_SPEED;
    this.index = 0;
    this.progress = 0;
    this.steps = 0;
    return this.observe();
  }

  step(action: Float32Array | readonly number[]): StepResult<Float32Array> {
    const steer = clamp(action[0] ?? 0, -MAX_STEER, MAX_STEER);
    const wanted =
      action.length > 1 && Number.isFinite(action[1]) ? clamp(action[1]!, 0, MAX_SPEED) : DEFAULT_SPEED;
    const dt = 1 / CONTROL_HZ / SUBSTEPS;
    for (let i = 0; i < SUBSTEPS; i++) {
      this.speed += (wanted - this.speed) * (dt / SPEED_TAU);
      this.x += this.speed * Math.cos(this.yaw) * dt;
      this.y += this.speed * Math.sin(this.yaw) * dt;
      this.yaw = wrapAngle(this.yaw + (this.speed / WHEELBASE) * Math.tan(steer) * dt);
    }
    const before = this.index;
    this.index = nearestIndex(this.track, this.x, this.y, before);
    const n = this.track.x.length;
    // Progress along the track, signed, across the wrap at sample 0.
    let di = this.index - before;
    if (di > n / 2) di -= n;
    if (di < -n / 2) di += n;
    const delta = di * this.track.ds;
    this.progress += delta;
    this.steps++;
    const { lateral } = frenet(this.track, this.index, this.x, this.y);
    const offRoad = Math.abs(lateral) > this.track.halfWidth;
    const lap = this.progress >= this.track.length;
    return {
      obs: this.observe(),
      reward: offRoad ? 0 : delta / this.track.length,
      done: offRoad || lap || this.steps >= this.spec.maxSteps,
      success: lap && !offRoad,
      info: { lateral, offRoad, progress: this.progress / this.track.length, step: this.steps },
    };
  }

  render(): RgbImage {
    this.map ??= buildTrackMap(this.track);
    const { width, height } = this.spec.image;
    const img = createImage(width, height, PALETTE[SURFACE.grass]!);
    const mpp = VIEW_METRES / width;
    // Car at (width/2, 3/4 height), facing up: image up is the car's forward direction.
    const fx = Math.cos(this.yaw);
    const fy = Math.sin(this.yaw);
    const cx = width / 2;
    const cy = height * 0.75;
    for (let r = 0; r < height; r++) {
      const forward = (cy - (r + 0.5)) * mpp;
      for (let c = 0; c < width; c++) {
        const right = (c + 0.5 - cx) * mpp;
        // Right of the heading in a y-up world is (fy, -fx).
        const wx = this.x + forward * fx + right * fy;
        const wy = this.y + forward * fy - right * fx;
        const colour = PALETTE[surfaceAt(this.map, wx, wy)]!;
        const k = (r * width + c) * 3;
        img.data[k] = colour[0];
        img.data[k + 1] = colour[1];
        img.data[k + 2] = colour[2];
      }
    }
    const halfW = 1 / mpp;
    const len = 4.4 / mpp;
    fillConvex(
      img,
      [
        [cx - halfW, cy - len / 2],
        [cx + halfW, cy - len / 2],
        [cx + halfW, cy + len / 2],
        [cx - halfW, cy + len / 2],
      ],
      CAR_COLOR,
    );
    return img;
  }

  /** Car pose in the world frame (x, y, yaw), for tests and viewers. */
  pose(): [number, number, number] {
    return [this.x, this.y, this.yaw];
  }

  get currentTrack(): Track {
    return this.track;
  }

  private observe(): Float32Array {
    const t = this.track;
    const { lateral } = frenet(t, this.index, this.x, this.y);
    const headingError = wrapAngle(this.yaw - t.heading[this.index]!);
    return Float32Array.from([
      lateral,
      headingError,
      this.speed,
      ...LOOKAHEAD.map((m) => curvatureAhead(t, this.index, m)),
    ]);
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : 0;
}
