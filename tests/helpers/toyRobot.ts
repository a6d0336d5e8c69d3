import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A two-joint planar arm for the rig tests: `toy_arm.urdf` whose meshes are named the way ROS
 * packages do (`package://toy_arm/meshes/...`): a COLLADA base, a binary STL and an OBJ in `meshes/`. The shoulder
 * turns about z at 5 cm height, the upper arm is 0.3 m long, the forearm 0.2 m, and `tool` sits at its
 * end: at zero the tool is at (0.5, 0, 0.05); shoulder 90° puts it at (0, 0.5, 0.05).
 */
export function writeToyRobot(
  dir: string,
  urdfBody?: (meshes: string) => string,
): { urdf: string; meshDir: string } {
  const meshDir = path.join(dir, 'meshes');
  mkdirSync(meshDir, { recursive: true });
  writeFileSync(path.join(meshDir, 'base.dae'), boxDae(0.12, 0.12, 0.05, [0, 0, 0.025]));
  writeFileSync(path.join(meshDir, 'upper.stl'), boxStl(0.3, 0.05, 0.04, [0.15, 0, 0]));
  writeFileSync(path.join(meshDir, 'fore.obj'), boxObj(0.2, 0.04, 0.03, [0.1, 0, 0]));
  const urdf = path.join(dir, 'toy_arm.urdf');
  writeFileSync(urdf, (urdfBody ?? toyUrdf)('package://toy_arm/meshes'));
  return { urdf, meshDir };
}

export const toyUrdf = (meshes: string) => `<?xml version="1.0"?>
<robot name="toy_arm">
  <material name="red"><color rgba="0.9 0.1 0.1 1"/></material>
  <link name="base">
    <visual><geometry><mesh filename="${meshes}/base.dae"/></geometry><material name="red"/></visual>
  </link>
  <link name="upper">
    <visual><geometry><mesh filename="${meshes}/upper.stl"/></geometry><material name="red"/></visual>
  </link>
  <link name="fore">
    <visual><geometry><mesh filename="${meshes}/fore.obj"/></geometry><material name="red"/></visual>
  </link>
  <link name="tool"/>
  <joint name="shoulder" type="revolute">
    <parent link="base"/><child link="upper"/>
    <origin xyz="0 0 0.05" rpy="0 0 0"/><axis xyz="0 0 1"/>
    <limit lower="-3.14" upper="3.14" effort="1" velocity="1"/>
  </joint>
  <joint name="elbow" type="revolute">
    <parent link="upper"/><child link="fore"/>
    <origin xyz="0.3 0 0" rpy="0 0 0"/><axis xyz="0 0 1"/>
    <limit lower="-3.14" upper="3.14" effort="1" velocity="1"/>
  </joint>
  <joint name="tool_joint" type="fixed">
    <parent link="fore"/><child link="tool"/>
    <origin xyz="0.2 0 0" rpy="0 0 0"/>
  </joint>
</robot>
`;

type V3 = [number, number, number];

function boxTriangles(sx: number, sy: number, sz: number, c: V3): V3[][] {
  const v = (i: number): V3 => [
    c[0] + (i & 1 ? sx / 2 : -sx / 2),
    c[1] + (i & 2 ? sy / 2 : -sy / 2),
    c[2] + (i & 4 ? sz / 2 : -sz / 2),
  ];
  const quads = [
    [0, 2, 3, 1],
    [4, 5, 7, 6],
    [0, 1, 5, 4],
    [2, 6, 7, 3],
    [0, 4, 6, 2],
    [1, 3, 7, 5],
  ];
  return quads.flatMap(([a, b, c2, d]) => [
    [v(a!), v(b!), v(c2!)],
    [v(a!), v(c2!), v(d!)],
  ]);
}

/** A binary STL box. */
function boxStl(sx: number, sy: number, sz: number, c: V3): Buffer {
  const tris = boxTriangles(sx, sy, sz, c);
  const buf = Buffer.alloc(84 + tris.length * 50);
  buf.write('toy box', 0);
  buf.writeUInt32LE(tris.length, 80);
  tris.forEach((t, i) => {
    let o = 84 + i * 50 + 12;
    for (const p of t)
      for (const x of p) {
        buf.writeFloatLE(x, o);
        o += 4;
      }
  });
  return buf;
}

/** An OBJ box. */
function boxObj(sx: number, sy: number, sz: number, c: V3): string {
  const tris = boxTriangles(sx, sy, sz, c);
  const lines = tris.flatMap((t) => t.map((p) => `v ${p.join(' ')}`));
  tris.forEach((_, i) => lines.push(`f ${i * 3 + 1} ${i * 3 + 2} ${i * 3 + 3}`));
  return lines.join('\n') + '\n';
}

/** A COLLADA 1.4.1 box: one triangle list, no material (the loader gives it its default). */
function boxDae(sx: number, sy: number, sz: number, c: V3): string {
  const tris = boxTriangles(sx, sy, sz, c);
  const positions = tris.flat(2);
  const indices = tris.map((_, i) => `${i * 3} ${i * 3 + 1} ${i * 3 + 2}`).join(' ');
  return `<?xml version="1.0" encoding="utf-8"?>
<COLLADA xmlns="http://www.collada.org/2005/11/COLLADASchema" version="1.4.1">
  <asset><unit meter="1"/><up_axis>Z_UP</up_axis></asset>
  <library_geometries>
    <geometry id="box" name="box"><mesh>
      <source id="box-pos">
        <float_array id="box-pos-array" count="${positions.length}">${positions.join(' ')}</float_array>
        <technique_common><accessor source="#box-pos-array" count="${positions.length / 3}" stride="3">
          <param name="X" type="float"/><param name="Y" type="float"/><param name="Z" type="float"/>
        </accessor></technique_common>
      </source>
      <vertices id="box-vtx"><input semantic="POSITION" source="#box-pos"/></vertices>
      <triangles count="${tris.length}"><input semantic="VERTEX" source="#box-vtx" offset="0"/><p>${indices}</p></triangles>
    </mesh></geometry>
  </library_geometries>
  <library_visual_scenes>
    <visual_scene id="scene"><node id="base" name="base"><instance_geometry url="#box"/></node></visual_scene>
  </library_visual_scenes>
  <scene><instance_visual_scene url="#scene"/></scene>
</COLLADA>
`;
}
