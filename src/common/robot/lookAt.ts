// Camera poses for mounts: an optical frame looking from one point at another.

export type V3 = [number, number, number];

/** URDF rpy of an optical frame (z forward, x right, y down) at `from` looking at `to`, z up. */
export function lookAtRpy(from: V3, to: V3): V3 {
  const norm = (v: V3): V3 => {
    const n = Math.hypot(...v) || 1;
    return [v[0] / n, v[1] / n, v[2] / n];
  };
  const cross = (a: V3, b: V3): V3 => [
    a[1] * b[2] - a[2] * b[1],
    a[2] * b[0] - a[0] * b[2],
    a[0] * b[1] - a[1] * b[0],
  ];
  const z = norm([to[0] - from[0], to[1] - from[1], to[2] - from[2]]);
  const x = norm(cross(z, [0, 0, 1]));
  const y = cross(z, x);
  // R has columns x, y, z; URDF rpy is R = Rz(yaw) Ry(pitch) Rx(roll).
  return [Math.atan2(y[2], z[2]), -Math.asin(Math.max(-1, Math.min(1, x[2]))), Math.atan2(x[1], x[0])];
}
