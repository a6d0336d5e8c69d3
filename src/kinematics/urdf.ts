/**
 * URDF reading with fast-xml-parser: links, joints (origin, axis, limits) and the tree between
 * them. Geometry and inertia are left out: kinematics needs only the tree.
 */
import { XMLParser } from 'fast-xml-parser';
import type { Vec3 } from './transform';

export type JointType = 'revolute' | 'continuous' | 'prismatic' | 'fixed' | 'floating' | 'planar';

export interface UrdfJoint {
  name: string;
  type: JointType;
  parent: string;
  child: string;
  origin: { xyz: Vec3; rpy: Vec3 };
  axis: Vec3;
  limit?: { lower: number; upper: number; effort: number; velocity: number };
}

export interface UrdfRobot {
  name: string;
  links: string[];
  joints: UrdfJoint[];
  /** The one link that is no joint's child. */
  root: string;
}

type XmlNode = Record<string, unknown>;

const JOINT_TYPES: readonly JointType[] = [
  'revolute',
  'continuous',
  'prismatic',
  'fixed',
  'floating',
  'planar',
];

export function parseUrdf(xml: string): UrdfRobot {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    // <parent link="..."> has an attribute called link: only elements become arrays.
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && (name === 'link' || name === 'joint'),
  });
  const doc = parser.parse(xml) as XmlNode;
  const robot = doc['robot'] as XmlNode | undefined;
  if (!robot) throw new Error('URDF has no <robot> element');
  const links = ((robot['link'] as XmlNode[] | undefined) ?? []).map((l) => requireString(l, 'name', 'link'));
  const joints = ((robot['joint'] as XmlNode[] | undefined) ?? []).map(parseJoint);
  const children = new Set(joints.map((j) => j.child));
  const roots = links.filter((l) => !children.has(l));
  if (roots.length !== 1) throw new Error(`URDF must have exactly one root link, found ${roots.length}`);
  const known = new Set(links);
  for (const j of joints) {
    if (!known.has(j.parent) || !known.has(j.child))
      throw new Error(`joint ${j.name} refers to an unknown link`);
  }
  return { name: String(robot['name'] ?? ''), links, joints, root: roots[0]! };
}

function parseJoint(node: XmlNode): UrdfJoint {
  const name = requireString(node, 'name', 'joint');
  const type = requireString(node, 'type', `joint ${name}`) as JointType;
  if (!JOINT_TYPES.includes(type)) throw new Error(`joint ${name} has unknown type ${type}`);
  const origin = node['origin'] as XmlNode | undefined;
  const joint: UrdfJoint = {
    name,
    type,
    parent: requireString(node['parent'] as XmlNode, 'link', `joint ${name} parent`),
    child: requireString(node['child'] as XmlNode, 'link', `joint ${name} child`),
    origin: { xyz: vec3(origin?.['xyz'], [0, 0, 0]), rpy: vec3(origin?.['rpy'], [0, 0, 0]) },
    // URDF's default axis is x.
    axis: vec3((node['axis'] as XmlNode | undefined)?.['xyz'], [1, 0, 0]),
  };
  const limit = node['limit'] as XmlNode | undefined;
  if (limit) {
    joint.limit = {
      lower: Number(limit['lower'] ?? 0),
      upper: Number(limit['upper'] ?? 0),
      effort: Number(limit['effort'] ?? 0),
      velocity: Number(limit['velocity'] ?? 0),
    };
  }
  return joint;
}

function requireString(node: XmlNode | undefined, key: string, what: string): string {
  const v = node?.[key];
  if (typeof v !== 'string' || v === '') throw new Error(`${what} lacks ${key}`);
  return v;
}

function vec3(text: unknown, fallback: Vec3): Vec3 {
  if (typeof text !== 'string') return fallback;
  const parts = text.trim().split(/\s+/).map(Number);
  if (parts.length !== 3 || parts.some((v) => !Number.isFinite(v))) throw new Error(`bad vector "${text}"`);
  return [parts[0]!, parts[1]!, parts[2]!];
}
