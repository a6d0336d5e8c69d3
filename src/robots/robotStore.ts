import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { BUILTIN_ROBOT_ID, StudioError, type Robot } from '../common/api';
import { buildChain, parseUrdf, type KinematicChain } from '../kinematics';
import { resourcePath } from '../paths';
import type { Workspace } from '../workspace/workspace';
import { newId } from '../workspace/ids';
import { fileRefs, resolveRef, rewriteRefs, ROBOT_FILE_TYPES } from './urdfFiles';

const MAX_URDF_BYTES = 10 * 1024 * 1024;
const MAX_FOLDER_FILES = 5000;

export const BUILTIN_URDF = () => resourcePath('robots', 'so101', 'so101_new_calib.urdf');

/** A robot's description plus its kinematic chain, for the trail. */
export interface LoadedRobot {
  robot: Robot;
  chain: KinematicChain;
}

interface RobotRow {
  id: string;
  name: string;
  urdf_blob: string;
  source_path: string | null;
}

/** Links, movable joints and a default end effector of a parsed URDF. */
function describe(
  id: string,
  name: string,
  xml: string,
  extra: Pick<Robot, 'builtin' | 'urdfBlob' | 'sourcePath'>,
  endEffector?: string,
): LoadedRobot {
  const chain = buildChain(parseUrdf(xml));
  const joints = chain.ordered
    .filter((j) => j.type !== 'fixed')
    .map((j) => ({
      name: j.name,
      type: j.type,
      lower: j.limit?.lower ?? null,
      upper: j.limit?.upper ?? null,
    }));
  return {
    chain,
    robot: {
      id,
      name,
      ...extra,
      joints,
      links: chain.robot.links,
      endEffector: endEffector ?? deepestLeaf(chain),
    },
  };
}

/** The end of the longest chain, preferring a fixed tool frame over a moving part at the same depth. */
function deepestLeaf(chain: KinematicChain): string {
  const depth = new Map([[chain.robot.root, 0]]);
  let best = chain.robot.root;
  let bestScore = -1;
  const parents = new Set(chain.ordered.map((j) => j.parent));
  for (const j of chain.ordered) {
    const d = depth.get(j.parent)! + 1;
    depth.set(j.child, d);
    if (parents.has(j.child)) continue;
    const score = d * 2 + (j.type === 'fixed' ? 1 : 0);
    if (score > bestScore) {
      best = j.child;
      bestScore = score;
    }
  }
  return best;
}

/** Files under `dir` (a few levels deep), so a URDF finds meshes in sibling folders. */
function listFiles(dir: string, depth = 3, out: string[] = []): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (out.length >= MAX_FOLDER_FILES || e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (e.isFile()) out.push(full);
    else if (e.isDirectory() && depth > 0) listFiles(full, depth - 1, out);
  }
  return out;
}

/** The built-in SO-101 and the robots a user added to this workspace (URDF + meshes as blobs). */
export class RobotStore {
  private readonly cache = new Map<string, LoadedRobot>();

  constructor(private readonly ws: Workspace) {}

  list(): Robot[] {
    const rows = this.ws.db.prepare('SELECT id FROM robots ORDER BY created_at, id').all() as {
      id: string;
    }[];
    return [this.builtin().robot, ...rows.map((r) => this.load(r.id).robot)];
  }

  load(id: string): LoadedRobot {
    if (id === BUILTIN_ROBOT_ID) return this.builtin();
    const cached = this.cache.get(id);
    if (cached) return cached;
    const row = this.ws.db
      .prepare('SELECT id, name, urdf_blob, source_path FROM robots WHERE id = ?')
      .get(id) as RobotRow | undefined;
    if (!row) throw new StudioError('not_found', `no robot ${id}`);
    const xml = readFileSync(this.ws.blobs.pathOf(row.urdf_blob), 'utf8');
    const loaded = describe(row.id, row.name, xml, {
      builtin: false,
      urdfBlob: row.urdf_blob,
      sourcePath: row.source_path,
    });
    this.cache.set(id, loaded);
    return loaded;
  }

  private builtin(): LoadedRobot {
    let loaded = this.cache.get(BUILTIN_ROBOT_ID);
    if (!loaded) {
      const xml = readFileSync(BUILTIN_URDF(), 'utf8');
      const extra = { builtin: true, urdfBlob: null, sourcePath: null };
      loaded = describe(BUILTIN_ROBOT_ID, 'SO-101', xml, extra, 'gripper_frame_link');
      this.cache.set(BUILTIN_ROBOT_ID, loaded);
    }
    return loaded;
  }

  /**
   * Copies a URDF and every mesh it names into the blob store. The copy's mesh references become
   * `<blob hash>.<ext>`, so a viewer that loads the URDF from the media route finds each mesh beside
   * it. The original files are only read.
   */
  async add(urdfPath: string, meshPaths: readonly string[], name?: string): Promise<Robot> {
    const bad = (message: string) => new StudioError('bad_input', `${urdfPath}: ${message}`);
    const file = path.resolve(urdfPath);
    let size: number;
    try {
      const st = statSync(file);
      if (!st.isFile()) throw bad('is not a file');
      size = st.size;
    } catch (e) {
      if (e instanceof StudioError) throw e;
      throw bad('does not exist or cannot be read');
    }
    if (size > MAX_URDF_BYTES)
      throw bad(`is ${Math.round(size / 1e6)} MB; a URDF over 10 MB is not supported`);
    const xml = readFileSync(file, 'utf8');
    const valid = XMLValidator.validate(xml);
    if (valid !== true) throw bad(`is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
    let parsed;
    try {
      parsed = describe('', '', xml, { builtin: false, urdfBlob: null, sourcePath: null });
    } catch (e) {
      throw bad((e as Error).message);
    }
    if (parsed.robot.joints.length === 0) throw bad('has no movable joint');

    const files = [...new Set([...meshPaths.map((p) => path.resolve(p)), ...listFiles(path.dirname(file))])];
    for (const p of meshPaths) {
      let ok = false;
      try {
        ok = statSync(p).isFile();
      } catch {
        /* reported below */
      }
      if (!ok) throw new StudioError('bad_input', `${p}: mesh file does not exist or is not a file`);
    }
    const refs = fileRefs(xml);
    const resolved = new Map<string, string>();
    const problems: string[] = [];
    for (const ref of refs) {
      if (resolved.has(ref.value)) continue;
      const r = resolveRef(ref.value, path.dirname(file), files);
      if ('error' in r) problems.push(`mesh "${ref.value}" ${r.error}`);
      else resolved.set(ref.value, r.file);
    }
    if (problems.length > 0) {
      const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
      throw bad(problems.slice(0, 3).join('; ') + more);
    }

    const meshes: { hash: string; size: number; mime: string }[] = [];
    const names = new Map<string, string>();
    for (const [value, meshFile] of resolved) {
      const ext = path.extname(meshFile).toLowerCase();
      const { hash } = await this.ws.blobs.putFile(meshFile);
      meshes.push({ hash, size: statSync(meshFile).size, mime: ROBOT_FILE_TYPES[ext]! });
      names.set(value, `${hash}${ext}`);
    }
    const rewritten = rewriteRefs(xml, refs, (v) => names.get(v)!);
    const copy = await this.ws.blobs.putBytes(Buffer.from(rewritten, 'utf8'));
    const original = await this.ws.blobs.putFile(file);
    const blobs = [
      ...meshes,
      { hash: copy.hash, size: Buffer.byteLength(rewritten), mime: 'application/xml' },
      { hash: original.hash, size, mime: 'application/xml' },
    ];

    const id = newId('robot');
    const robotName = name ?? (parsed.chain.robot.name || path.basename(file, path.extname(file)));
    const now = new Date().toISOString();
    const db = this.ws.db;
    db.transaction(() => {
      const putBlob = db.prepare(
        'INSERT OR IGNORE INTO blobs (hash, size, mime, created_at) VALUES (?, ?, ?, ?)',
      );
      for (const b of blobs) putBlob.run(b.hash, b.size, b.mime, now);
      db.prepare(
        `INSERT INTO robots (id, name, urdf_blob, original_blob, mesh_blobs, source_path, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(id, robotName, copy.hash, original.hash, JSON.stringify(meshes.map((b) => b.hash)), file, now);
      this.ws.audit.record({
        action: 'robot.add',
        target: id,
        episodeId: null,
        detail: { name: robotName, source: file, meshes: resolved.size },
      });
    }).immediate();
    return this.load(id).robot;
  }
}
