// One-off: writes decimated copies of a robot's STL meshes for the 3D replay viewer.
//   node scripts/decimateRobotMeshes.mjs <source assets folder> <output meshes folder> [cell size in m]
// Vertex clustering: vertices are snapped to a grid, merged per cell (averaged), and triangles that
// collapse are dropped. It keeps silhouettes at viewer scale and runs in seconds, where
// edge-collapse simplification on these ~100k-triangle parts takes minutes.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as THREE from 'three';
import { STLExporter } from 'three/examples/jsm/exporters/STLExporter.js';
import { STLLoader } from 'three/examples/jsm/loaders/STLLoader.js';

const [src, out, cellArg] = process.argv.slice(2);
if (!src || !out) {
  console.error('usage: node scripts/decimateRobotMeshes.mjs <assets dir> <meshes dir> [cell size m]');
  process.exit(2);
}
const cell = Number(cellArg ?? 0.0018);
mkdirSync(out, { recursive: true });

function decimate(geometry) {
  const pos = geometry.getAttribute('position');
  const cells = new Map();
  const sums = [];
  const remap = new Int32Array(pos.count);
  for (let i = 0; i < pos.count; i++) {
    const x = pos.getX(i);
    const y = pos.getY(i);
    const z = pos.getZ(i);
    const key = `${Math.round(x / cell)},${Math.round(y / cell)},${Math.round(z / cell)}`;
    let id = cells.get(key);
    if (id === undefined) {
      id = sums.length;
      cells.set(key, id);
      sums.push([0, 0, 0, 0]);
    }
    const s = sums[id];
    s[0] += x;
    s[1] += y;
    s[2] += z;
    s[3]++;
    remap[i] = id;
  }
  const seen = new Set();
  const tris = [];
  for (let i = 0; i + 2 < pos.count; i += 3) {
    const a = remap[i];
    const b = remap[i + 1];
    const c = remap[i + 2];
    if (a === b || b === c || a === c) continue;
    const key = [a, b, c].sort((p, q) => p - q).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    tris.push(a, b, c);
  }
  const verts = new Float32Array(tris.length * 3);
  tris.forEach((v, k) => {
    const s = sums[v];
    verts[k * 3] = s[0] / s[3];
    verts[k * 3 + 1] = s[1] / s[3];
    verts[k * 3 + 2] = s[2] / s[3];
  });
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.BufferAttribute(verts, 3));
  g.computeVertexNormals();
  return g;
}

const loader = new STLLoader();
const exporter = new STLExporter();
let before = 0;
let after = 0;
for (const name of readdirSync(src).filter((n) => n.toLowerCase().endsWith('.stl'))) {
  const file = path.join(src, name);
  const buf = readFileSync(file);
  const geometry = loader.parse(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const small = decimate(geometry);
  const data = exporter.parse(new THREE.Mesh(small), { binary: true });
  const target = path.join(out, name);
  writeFileSync(target, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  before += statSync(file).size;
  after += statSync(target).size;
  console.log(
    `${name}: ${geometry.getAttribute('position').count / 3} -> ${small.getAttribute('position').count / 3} triangles`,
  );
}
console.log(`total ${(before / 1e6).toFixed(1)} MB -> ${(after / 1e6).toFixed(2)} MB`);
