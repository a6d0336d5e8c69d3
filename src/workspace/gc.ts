import { statSync } from 'node:fs';
import { StudioError, type GcReport } from '../common/api';
import { Catalog } from './catalog';
import type { Workspace } from './workspace';

/** Blob files younger than this are never collected: a running import writes its blobs before its rows. */
export const GC_MIN_AGE_MS = 60 * 60 * 1000;

/**
 * Every blob a row refers to: the catalog's (episodes, streams, robots), each model's checkpoint,
 * each label series' values, mask and classes, and each redacted copy of a video with its poster
 * frame.
 */
export function referencedBlobs(ws: Workspace): Set<string> {
  const refs = new Catalog(ws.db).referencedBlobs();
  const redacted = ws.db
    .prepare('SELECT blob AS h FROM redacted_versions UNION SELECT poster_blob FROM redacted_versions')
    .all() as { h: string | null }[];
  for (const r of redacted) if (r.h) refs.add(r.h);
  const models = ws.db.prepare('SELECT checkpoint FROM models').all() as { checkpoint: string }[];
  for (const m of models) {
    const c = JSON.parse(m.checkpoint) as Record<string, unknown>;
    for (const h of Object.values(c)) if (typeof h === 'string') refs.add(h);
  }
  const labels = ws.db.prepare('SELECT values_blob, mask_blob, classes_blob FROM label_series').raw().all();
  for (const row of labels as string[][]) for (const h of row) refs.add(h);
  return refs;
}

/**
 * Blob hashes named in the checkpoints of jobs still queued or running: what they resume from. Blobs
 * are content-addressed, so two runs with the same data and seed write the same checkpoint blobs.
 */
function activeCheckpointBlobs(ws: Workspace, exceptJobId: string | null): Set<string> {
  const rows = ws.db
    .prepare(
      `SELECT checkpoint FROM jobs WHERE state IN ('queued', 'running') AND checkpoint IS NOT NULL
       AND id IS NOT ?`,
    )
    .all(exceptJobId) as { checkpoint: string }[];
  return new Set(rows.flatMap((r) => r.checkpoint.match(/[0-9a-f]{64}/g) ?? []));
}

/**
 * Removes the given blobs (file and row) unless a row still refers to one, or the checkpoint of a
 * queued or running job (other than `exceptJobId`, the caller's own) names it; returns the bytes freed.
 */
export function removeUnreferenced(
  ws: Workspace,
  hashes: Iterable<string>,
  exceptJobId: string | null = null,
): number {
  const refs = referencedBlobs(ws);
  for (const h of activeCheckpointBlobs(ws, exceptJobId)) refs.add(h);
  let freed = 0;
  const dropRow = ws.db.prepare('DELETE FROM blobs WHERE hash = ?');
  for (const hash of new Set(hashes)) {
    if (refs.has(hash) || !ws.blobs.has(hash)) continue;
    freed += ws.blobs.size(hash);
    ws.blobs.removeSync(hash);
    dropRow.run(hash);
  }
  return freed;
}

/**
 * Removes every blob no row refers to (a failed run's checkpoints, a deleted robot's meshes). Refused
 * while jobs are queued or running: their checkpoints and half-written imports are not rows yet.
 */
export function collectGarbage(ws: Workspace, opts: { dryRun: boolean; now?: number }): GcReport {
  const active = (
    ws.db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE state IN ('queued', 'running')`).get() as {
      n: number;
    }
  ).n;
  if (active > 0)
    throw new StudioError(
      'conflict',
      `${active} job(s) are queued or running; collect garbage when they have ended`,
    );
  const refs = referencedBlobs(ws);
  const now = opts.now ?? Date.now();
  const report: GcReport = { dryRun: opts.dryRun, removed: 0, freedBytes: 0, keptRecent: 0 };
  const rowHashes = (ws.db.prepare('SELECT hash FROM blobs').all() as { hash: string }[]).map((r) => r.hash);
  const candidates = new Set([...ws.blobs.listHashes(), ...rowHashes]);
  const dropRow = ws.db.prepare('DELETE FROM blobs WHERE hash = ?');
  for (const hash of candidates) {
    if (refs.has(hash)) continue;
    if (!ws.blobs.has(hash)) {
      // A row without its file: nothing to free, but the row is garbage too.
      if (!opts.dryRun) dropRow.run(hash);
      continue;
    }
    const st = statSync(ws.blobs.pathOf(hash));
    if (now - st.mtimeMs < GC_MIN_AGE_MS) {
      report.keptRecent++;
      continue;
    }
    report.removed++;
    report.freedBytes += st.size;
    if (!opts.dryRun) {
      ws.blobs.removeSync(hash);
      dropRow.run(hash);
    }
  }
  return report;
}
