import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { MediaTools } from '../../media/tools';
import { Catalog, type ImportedSource } from '../../workspace/catalog';
import type { Workspace } from '../../workspace/workspace';
import { AlreadyImported, writeEpisode, type ImportedEpisode } from '../importEpisode';
import { DEFAULT_READ_TIMEOUT_MS } from '../limits';
import { hashInput, type ReadBounds } from '../sourceFile';
import { readRecording } from './readRecording';
import { mountRecordingCameras } from './rigCameras';

export interface RecordingImportOptions {
  dataset: string;
  tools: MediaTools | null;
  topics?: readonly string[] | null;
  signal?: AbortSignal;
  readTimeoutMs?: number;
  /** Progress through the file, 0 to 1. */
  onProgress?: (fraction: number, message: string) => void;
}

export type RecordingImport =
  | {
      episode: ImportedEpisode;
      found?: undefined;
      skipped: { topic: string; type: string; reason: string }[];
      /** Cameras whose mount could not be set on the dataset's rig, and why. */
      warnings: string[];
    }
  | { episode?: undefined; found: ImportedSource; skipped: []; warnings: [] };

const MIB = 2 ** 20;

/**
 * Imports one MCAP file or ROS 1 bag as one episode, all or nothing. A file imported before (same
 * content) is found by its source key before anything is read or encoded.
 */
export async function importRecording(
  ws: Workspace,
  file: string,
  opts: RecordingImportOptions,
): Promise<RecordingImport> {
  const bounds: ReadBounds = { signal: opts.signal, baseMs: opts.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS };
  const catalog = new Catalog(ws.db);
  const { hash, size } = await hashInput(file, bounds);
  const found = catalog.findSource(hash, '');
  if (found) return { found, skipped: [], warnings: [] };
  const tmpDir = await mkdtemp(path.join(ws.blobs.tmpDir, 'recording-'));
  try {
    const name = path.basename(file);
    const read = await readRecording(file, hash, size, {
      bounds,
      tools: opts.tools,
      topics: opts.topics ?? null,
      tmpDir,
      onBytes: (done, total) =>
        opts.onProgress?.(
          total ? done / total : 1,
          `Reading ${name}: ${(done / MIB).toFixed(1)} of ${(total / MIB).toFixed(1)} MiB`,
        ),
    });
    try {
      const episode = await writeEpisode(ws, opts.dataset, read.source);
      const warnings = mountRecordingCameras(ws, opts.dataset, read.cameras);
      return { episode, skipped: read.skipped, warnings };
    } catch (e) {
      if (e instanceof AlreadyImported) return { found: e.found, skipped: [], warnings: [] };
      throw e;
    }
  } finally {
    await rm(tmpDir, { recursive: true, force: true, maxRetries: 3 });
  }
}
