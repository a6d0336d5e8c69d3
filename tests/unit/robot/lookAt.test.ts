import { describe, expect, it } from 'vitest';
import { lookAtRpy, type V3 } from '../../../src/common/robot/lookAt';
import { fromXyzRpy } from '../../../src/kinematics';

/** Column j of the rotation part of a row-major 4x4 matrix. */
const axis = (m: ArrayLike<number>, j: number): V3 => [m[j]!, m[4 + j]!, m[8 + j]!];

describe('lookAtRpy', () => {
  const cases: [string, V3, V3, V3, V3][] = [
    // from, to, expected optical z (forward) and y (down) in the parent frame
    ['straight down from above', [0.2, 0, 0.6], [0.2, 0, 0], [0, 0, -1], [-1, 0, 0]],
    ['along +x, level', [0, 0, 0.3], [1, 0, 0.3], [1, 0, 0], [0, 0, -1]],
    ['at the base from the front-left, above', [0.5, 0.3, 0.4], [0, 0, 0], [-0.5, -0.3, -0.4], [0, 0, -1]],
  ];
  it.each(cases)('points the optical axis %s', (_what, from, to, forward, down) => {
    const m = fromXyzRpy(from, lookAtRpy(from, to));
    const n = Math.hypot(...forward);
    axis(m, 2).forEach((v, i) => expect(v).toBeCloseTo(forward[i]! / n, 6));
    const y = axis(m, 1);
    // Image down points down in the world (its z is negative) and is perpendicular to the view.
    expect(y[0] * forward[0] + y[1] * forward[1] + y[2] * forward[2]).toBeCloseTo(0, 6);
    if (down[2] === -1 && Math.abs(forward[2] / n) < 0.99) expect(y[2]).toBeLessThan(0);
    // Right-handed: x = y × z.
    const x = axis(m, 0);
    const z = axis(m, 2);
    expect(x[0]).toBeCloseTo(y[1] * z[2] - y[2] * z[1], 6);
  });
});
