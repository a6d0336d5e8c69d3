import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { EpisodeSchema, EpisodeSummarySchema } from '../../src/common/api';
import { importPaths } from '../../src/importers/importPaths';
import type { MediaTools } from '../../src/media/tools';
import { Catalog } from '../../src/workspace/catalog';
import { Workspace } from '../../src/workspace/workspace';
import { damage, DAMAGE_KINDS, seedOf, type DamageKind, type Range } from './damage';
import { inventory } from './workspace';

/** A file to damage: its name (which gives the importer) and the ranges its header damage hits. */
export interface FuzzBase {
  name: string;
  bytes: Buffer;
  headers: Range[];
}

export interface FuzzCase {
  base: string;
  /** `none`: the base as it is, which must import. */
  kind: DamageKind | 'none';
  n: number;
}

/** `perKind` cases of every damage kind for each base, named so a failure can be replayed. */
export function fuzzCases(bases: readonly string[], perKind: number): FuzzCase[] {
  return bases.flatMap((base) =>
    DAMAGE_KINDS.flatMap((kind) => Array.from({ length: perKind }, (_, n) => ({ base, kind, n }))),
  );
}

/** Every read of an import gets this long before size counts; a hung tool fails the case quickly. */
const READ_TIMEOUT_MS = 5_000;
/** Hashing, probing and a poster frame each within the read limit, plus the writes. */
const IMPORT_LIMIT_MS = 4 * READ_TIMEOUT_MS;

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * Imports one damaged copy of `base` into a fresh workspace and checks what holds whatever the
 * damage: an error naming the file or a clean import, never a throw; no partial episode; no blob
 * file without a row or row without a file, nothing left in tmp/; the input unchanged; an answer
 * within the time limit; and every listing passing its own schema.
 */
export async function importDamaged(
  root: string,
  base: FuzzBase,
  c: FuzzCase,
  tools: MediaTools,
): Promise<{ outcome: 'imported' | 'refused'; what: string }> {
  const dir = path.join(root, `${c.base}-${c.kind}-${c.n}`);
  mkdirSync(dir);
  const ext = path.extname(base.name);
  const file = path.join(dir, `${path.basename(base.name, ext)}-${c.kind}-${c.n}${ext}`);
  const damaged =
    c.kind === 'none'
      ? { bytes: base.bytes, what: 'undamaged' }
      : damage(base.bytes, c.kind, seedOf(`${base.name}/${c.kind}/${c.n}`), base.headers);
  writeFileSync(file, damaged.bytes);
  const ws = Workspace.init(path.join(dir, 'ws'));
  try {
    const started = Date.now();
    const r = await within(
      IMPORT_LIMIT_MS,
      importPaths(ws, [file], { dataset: 'fuzz', tools, readTimeoutMs: READ_TIMEOUT_MS }),
    );
    expect(Date.now() - started).toBeLessThan(IMPORT_LIMIT_MS);
    expect(sha256(readFileSync(file))).toBe(sha256(damaged.bytes));
    expect(r.skipped).toEqual([]);
    const inv = inventory(ws);
    const catalog = new Catalog(ws.db);
    if (r.errors.length > 0) {
      expect(r.episodes).toEqual([]);
      for (const e of r.errors) {
        expect(e.path).toBe(file);
        expect(e.message).toContain(path.basename(file));
      }
      expect(inv).toMatchObject({ episodes: 0, streams: 0, blobRows: 0, blobFiles: 0 });
    } else {
      expect(r.episodes.length).toBeGreaterThan(0);
      expect(inv.episodes).toBe(r.episodes.length);
      expect(inv.streams).toBe(r.episodes.reduce((n, e) => n + e.streams.length, 0));
      const listed = EpisodeSummarySchema.array().parse(catalog.listEpisodes({ limit: 1000 }).items);
      expect(listed).toHaveLength(r.episodes.length);
      for (const e of r.episodes) EpisodeSchema.parse(catalog.getEpisode(e.id));
    }
    expect(inv.tmpFiles).toBe(0);
    const files = [...ws.blobs.listHashes()].sort();
    const referenced = catalog.referencedBlobs();
    expect(files.filter((h) => !referenced.has(h))).toEqual([]);
    const rows = (ws.db.prepare('SELECT hash FROM blobs ORDER BY hash').all() as { hash: string }[]).map(
      (b) => b.hash,
    );
    expect(rows).toEqual(files);
    return { outcome: r.errors.length > 0 ? 'refused' : 'imported', what: damaged.what };
  } finally {
    ws.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Fails instead of waiting when `work` does not settle within `ms`. */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the import still ran after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The byte range of a text file's first line (a CSV header, a JSONL file's first record). */
export function firstLine(bytes: Buffer): Range {
  const end = bytes.indexOf(0x0a);
  return { start: 0, end: end > 0 ? end : bytes.length };
}

/** How often each base was imported and refused, so a suite can check that its damage did something. */
export class FuzzTally {
  readonly counts = new Map<string, { imported: number; refused: number }>();

  add(base: string, outcome: 'imported' | 'refused'): void {
    const c = this.counts.get(base) ?? { imported: 0, refused: 0 };
    c[outcome]++;
    this.counts.set(base, c);
  }
}
