/**
 * Rigid transforms as 4 x 4 row-major matrices in a Float64Array. Plain functions, no classes:
 * link poses are computed often and compared in tests.
 */
export type Mat4 = Float64Array;
export type Vec3 = readonly [number, number, number];

export function identity(): Mat4 {
  const m = new Float64Array(16);
  m[0] = m[5] = m[10] = m[15] = 1;
  return m;
}

export function multiply(a: Mat4, b: Mat4): Mat4 {
  const out = new Float64Array(16);
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += a[r * 4 + k]! * b[k * 4 + c]!;
      out[r * 4 + c] = s;
    }
  }
  return out;
}

export function fromTranslation(t: Vec3): Mat4 {
  const m = identity();
  m[3] = t[0];
  m[7] = t[1];
  m[11] = t[2];
  return m;
}

/** URDF convention: rotation = Rz(yaw) * Ry(pitch) * Rx(roll), applied after translation xyz. */
export function fromXyzRpy(xyz: Vec3, rpy: Vec3): Mat4 {
  const [r, p, y] = rpy;
  const cr = Math.cos(r);
  const sr = Math.sin(r);
  const cp = Math.cos(p);
  const sp = Math.sin(p);
  const cy = Math.cos(y);
  const sy = Math.sin(y);
  const m = identity();
  m[0] = cy * cp;
  m[1] = cy * sp * sr - sy * cr;
  m[2] = cy * sp * cr + sy * sr;
  m[4] = sy * cp;
  m[5] = sy * sp * sr + cy * cr;
  m[6] = sy * sp * cr - cy * sr;
  m[8] = -sp;
  m[9] = cp * sr;
  m[10] = cp * cr;
  m[3] = xyz[0];
  m[7] = xyz[1];
  m[11] = xyz[2];
  return m;
}

/** Rotation by `angle` about the unit-normalised `axis` (Rodrigues). */
export function fromAxisAngle(axis: Vec3, angle: number): Mat4 {
  const n = Math.hypot(axis[0], axis[1], axis[2]) || 1;
  const x = axis[0] / n;
  const y = axis[1] / n;
  const z = axis[2] / n;
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const t = 1 - c;
  const m = identity();
  m[0] = t * x * x + c;
  m[1] = t * x * y - s * z;
  m[2] = t * x * z + s * y;
  m[4] = t * x * y + s * z;
  m[5] = t * y * y + c;
  m[6] = t * y * z - s * x;
  m[8] = t * x * z - s * y;
  m[9] = t * y * z + s * x;
  m[10] = t * z * z + c;
  return m;
}

export function translationOf(m: Mat4): [number, number, number] {
  return [m[3]!, m[7]!, m[11]!];
}

/** Column `i` of the rotation part: the frame's x (0), y (1) or z (2) axis in the parent frame. */
export function axisOf(m: Mat4, i: 0 | 1 | 2): [number, number, number] {
  return [m[i]!, m[4 + i]!, m[8 + i]!];
}

export function transformPoint(m: Mat4, p: Vec3): [number, number, number] {
  return [
    m[0]! * p[0] + m[1]! * p[1] + m[2]! * p[2] + m[3]!,
    m[4]! * p[0] + m[5]! * p[1] + m[6]! * p[2] + m[7]!,
    m[8]! * p[0] + m[9]! * p[1] + m[10]! * p[2] + m[11]!,
  ];
}

/** URDF rpy (R = Rz(yaw) Ry(pitch) Rx(roll)) of a transform's rotation. */
export function rpyOf(m: Mat4): [number, number, number] {
  return [Math.atan2(m[9]!, m[10]!), -Math.asin(Math.max(-1, Math.min(1, m[8]!))), Math.atan2(m[4]!, m[0]!)];
}
