/** A top-down orthographic view of the arm workspace: table, pad, cube and the arm's links. */
import type { Mat4 } from '../../kinematics';
import { translationOf } from '../../kinematics';
import type { RgbImage } from '../types';
import { createImage, drawLine, fillCircle, fillConvex, type Rgb } from '../raster';
import type { Vec2 } from '../geometry';

export const ARM_COLORS = {
  table: [205, 185, 150] as Rgb,
  pad: [80, 180, 90] as Rgb,
  cube: [210, 40, 40] as Rgb,
  cubeHeld: [240, 120, 40] as Rgb,
  link: [60, 60, 70] as Rgb,
  gripper: [40, 90, 220] as Rgb,
};

/**
 * Visible table area (m): x forward from the base over 0.5 m (the image's height); y across as
 * much as the image's aspect gives (0.67 m at 4:3, the whole reach of the arm either side).
 */
const X_RANGE: readonly [number, number] = [-0.08, 0.42];
/** Drawn sizes in metres, so that any image size shows the same scene. */
const LINK_WIDTH_M = 0.016;
const TIP_RADIUS_M = 0.013;

/**
 * Where the top view's camera sits, for the 3D viewer: an orthographic camera 0.6 m above the table
 * centre, looking down, image up along +x and image right along -y (its optical frame's rpy).
 */
/** The cube and the target pad, drawn in the 3D view from the observation's columns. */
export const ARM_OBJECTS = [
  {
    name: 'cube',
    stream: 'observation.state',
    x: 'block_x',
    y: 'block_y',
    z: 'block_z',
    yaw: 'block_yaw',
    shape: 'box' as const,
    size: [0.03, 0.03, 0.03] as [number, number, number],
    color: '#d22828',
  },
  {
    name: 'pad',
    stream: 'observation.state',
    x: 'pad_x',
    y: 'pad_y',
    z: null,
    yaw: null,
    shape: 'cylinder' as const,
    size: [0.07, 0.07, 0.004] as [number, number, number],
    color: '#50b45a',
  },
];

export const ARM_TOP_CAMERA = {
  parent: 'base_link',
  xyz: [(X_RANGE[0] + X_RANGE[1]) / 2, 0, 0.6] as [number, number, number],
  rpy: [Math.PI, 0, -Math.PI / 2] as [number, number, number],
  fovYDeg: null,
  orthoHeightM: X_RANGE[1] - X_RANGE[0],
  depthM: 0.6,
};

export function renderArm(
  poses: Map<string, Mat4>,
  block: readonly [number, number, number, number],
  pad: readonly [number, number],
  held: boolean,
  width: number,
  height: number = width,
): RgbImage {
  const img = createImage(width, height, ARM_COLORS.table);
  const k = height / (X_RANGE[1] - X_RANGE[0]);
  // Image up is +x (away from the base), image right is -y.
  const px = (x: number, y: number): [number, number] => [width / 2 - y * k, height - (x - X_RANGE[0]) * k];
  const padC = px(pad[0], pad[1]);
  fillCircle(img, padC[0], padC[1], 0.035 * k, ARM_COLORS.pad);
  const c = Math.cos(block[3]);
  const s = Math.sin(block[3]);
  const h = 0.015;
  const corners: Vec2[] = [
    [-h, -h],
    [h, -h],
    [h, h],
    [-h, h],
  ].map(([a, b]) => px(block[0] + c * a! - s * b!, block[1] + s * a! + c * b!));
  fillConvex(img, corners, held ? ARM_COLORS.cubeHeld : ARM_COLORS.cube);
  const chain = [
    'base_link',
    'shoulder_link',
    'upper_arm_link',
    'lower_arm_link',
    'wrist_link',
    'gripper_link',
    'gripper_frame_link',
  ];
  const points = chain.flatMap((name) => {
    const m = poses.get(name);
    if (!m) return [];
    const t = translationOf(m);
    return [px(t[0], t[1])];
  });
  for (let i = 0; i + 1 < points.length; i++)
    drawLine(img, points[i]!, points[i + 1]!, ARM_COLORS.link, Math.max(1, Math.round(LINK_WIDTH_M * k)));
  const tip = points[points.length - 1];
  if (tip) fillCircle(img, tip[0], tip[1], TIP_RADIUS_M * k, ARM_COLORS.gripper);
  return img;
}
