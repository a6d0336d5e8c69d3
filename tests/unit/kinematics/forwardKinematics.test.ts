import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildChain, forwardKinematics, parseUrdf, translationOf, type Mat4 } from '../../../src/kinematics';

const chain = buildChain(parseUrdf(readFileSync('resources/robots/so101/so101_new_calib.urdf', 'utf8')));

// An independent path: the MuJoCo model's bodies (pos + unit quaternion w x y z, hinges about
// local z), composed with quaternions rather than the URDF's roll-pitch-yaw matrices.
type Quat = [number, number, number, number];
type V3 = [number, number, number];
const qmul = (a: Quat, b: Quat): Quat => [
  a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3],
  a[0] * b[1] + a[1] * b[0] + a[2] * b[3] - a[3] * b[2],
  a[0] * b[2] - a[1] * b[3] + a[2] * b[0] + a[3] * b[1],
  a[0] * b[3] + a[1] * b[2] - a[2] * b[1] + a[3] * b[0],
];
const qrot = (q: Quat, v: V3): V3 => {
  const r = qmul(qmul(q, [0, v[0], v[1], v[2]]), [q[0], -q[1], -q[2], -q[3]]);
  return [r[1], r[2], r[3]];
};
const nums = (s: string): number[] => s.trim().split(/\s+/).map(Number);

interface Body {
  name: string;
  pos: V3;
  quat: Quat;
  joint?: string;
  sites: { name: string; pos: V3; quat: Quat }[];
  children: Body[];
}

function readMjcf(): Body {
  const xml = readFileSync('tests/unit/kinematics/fixtures/so101_new_calib.xml', 'utf8');
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (n, _p, _l, attr) => !attr && ['body', 'site', 'joint'].includes(n),
  }).parse(xml);
  const toBody = (node: Record<string, unknown>): Body => {
    const q = nums(String(node['quat'] ?? '1 0 0 0'));
    const n = Math.hypot(...q);
    return {
      name: String(node['name']),
      pos: nums(String(node['pos'] ?? '0 0 0')) as V3,
      quat: q.map((v) => v / n) as Quat,
      joint: (node['joint'] as { name: string }[] | undefined)?.[0]?.name,
      sites: ((node['site'] as Record<string, string>[] | undefined) ?? []).map((s) => ({
        name: s['name']!,
        pos: nums(s['pos'] ?? '0 0 0') as V3,
        quat: nums(s['quat'] ?? '1 0 0 0') as Quat,
      })),
      children: ((node['body'] as Record<string, unknown>[] | undefined) ?? []).map(toBody),
    };
  };
  return toBody(doc.mujoco.worldbody.body[0]);
}

/** World pose of every MuJoCo body and site for joint values q. */
function mujocoPoses(q: Record<string, number>): Map<string, { p: V3; r: Quat }> {
  const out = new Map<string, { p: V3; r: Quat }>();
  const walk = (b: Body, p: V3, r: Quat): void => {
    const off = qrot(r, b.pos);
    const bp: V3 = [p[0] + off[0], p[1] + off[1], p[2] + off[2]];
    let br = qmul(r, b.quat);
    const angle = b.joint ? (q[b.joint] ?? 0) : 0;
    br = qmul(br, [Math.cos(angle / 2), 0, 0, Math.sin(angle / 2)]);
    out.set(b.name, { p: bp, r: br });
    for (const s of b.sites) {
      const so = qrot(br, s.pos);
      out.set(s.name, { p: [bp[0] + so[0], bp[1] + so[1], bp[2] + so[2]], r: qmul(br, s.quat) });
    }
    for (const c of b.children) walk(c, bp, br);
  };
  walk(readMjcf(), [0, 0, 0], [1, 0, 0, 0]);
  return out;
}

const LINKS: Record<string, string> = {
  base: 'base_link',
  shoulder: 'shoulder_link',
  upper_arm: 'upper_arm_link',
  lower_arm: 'lower_arm_link',
  wrist: 'wrist_link',
  gripper: 'gripper_link',
  moving_jaw_so101_v1: 'moving_jaw_so101_v1_link',
  gripperframe: 'gripper_frame_link',
};

function expectSamePose(m: Mat4, ref: { p: V3; r: Quat }, what: string): void {
  const t = translationOf(m);
  for (let i = 0; i < 3; i++) expect(t[i], what).toBeCloseTo(ref.p[i]!, 4);
  // The two files orient the gripper frame differently (the MuJoCo site is turned 90 degrees
  // about y from the URDF's); its position is the same.
  if (what === 'gripperframe') return;
  // Compare every rotation column: rotate the unit axes with the quaternion.
  for (let c = 0; c < 3; c++) {
    const e: V3 = [c === 0 ? 1 : 0, c === 1 ? 1 : 0, c === 2 ? 1 : 0];
    const col = qrot(ref.r, e);
    for (let r = 0; r < 3; r++) expect(Math.abs(m[r * 4 + c]! - col[r]!), what).toBeLessThan(2e-4);
  }
}

describe('forwardKinematics on the SO-101', () => {
  const configs: Record<string, number>[] = [
    {},
    {
      shoulder_pan: 0.4,
      shoulder_lift: -0.7,
      elbow_flex: 1.1,
      wrist_flex: -0.5,
      wrist_roll: 1.3,
      gripper: 0.8,
    },
    {
      shoulder_pan: -1.5,
      shoulder_lift: 1.2,
      elbow_flex: -1.4,
      wrist_flex: 1.6,
      wrist_roll: -2.5,
      gripper: -0.1,
    },
  ];
  for (const q of configs) {
    it(`matches the MuJoCo body chain at ${JSON.stringify(q)}`, () => {
      const urdf = forwardKinematics(chain, q);
      const mj = mujocoPoses(q);
      for (const [body, link] of Object.entries(LINKS)) expectSamePose(urdf.get(link)!, mj.get(body)!, body);
    });
  }

  it('turns everything downstream about the vertical pan axis (hand-computed)', () => {
    const zero = forwardKinematics(chain, {});
    const turned = forwardKinematics(chain, { shoulder_pan: Math.PI / 2 });
    // The pan axis is the shoulder origin's vertical line; its z axis points down, so +90 degrees
    // sends a point ahead of the axis (+x) to its right (-y).
    const axis = translationOf(zero.get('shoulder_link')!);
    const before = translationOf(zero.get('gripper_frame_link')!);
    const after = translationOf(turned.get('gripper_frame_link')!);
    expect(after[0]).toBeCloseTo(axis[0] + (before[1] - axis[1]), 5);
    expect(after[1]).toBeCloseTo(axis[1] - (before[0] - axis[0]), 5);
    expect(after[2]).toBeCloseTo(before[2], 5);
    // At zero the gripper frame is 0.391 m ahead of the base and 0.227 m up, its approach axis
    // pointing forward.
    expect(before[0]).toBeCloseTo(0.3914, 3);
    expect(before[2]).toBeCloseTo(0.2265, 3);
    expect(zero.get('gripper_frame_link')![2]).toBeCloseTo(1, 3);
  });
});
