import { createHash } from 'node:crypto';
import type { Workspace } from '../../workspace/workspace';
import { nowIso } from '../../workspace/ids';
import type { CheckpointMeta, TrainingCheckpoint } from '../checkpoint';

/** Where a checkpoint's three parts live in the blob store. */
export interface CheckpointHashes {
  meta: string;
  weights: string;
  optimizer: string;
}

async function put(ws: Workspace, bytes: Uint8Array, mime: string): Promise<string> {
  const { hash } = await ws.blobs.putBytes(bytes);
  ws.db
    .prepare('INSERT OR IGNORE INTO blobs (hash, size, mime, created_at) VALUES (?, ?, ?, ?)')
    .run(hash, bytes.byteLength, mime, nowIso());
  return hash;
}

const encodeMeta = (checkpoint: TrainingCheckpoint) =>
  new TextEncoder().encode(JSON.stringify(checkpoint.meta));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The hashes a checkpoint's blobs will have, before anything is written. */
export function checkpointHashes(checkpoint: TrainingCheckpoint): CheckpointHashes {
  return {
    meta: sha256(encodeMeta(checkpoint)),
    weights: sha256(new Uint8Array(checkpoint.weights)),
    optimizer: sha256(new Uint8Array(checkpoint.optimizer)),
  };
}

/** Stores a training checkpoint as blobs (JSON metadata, weights, optimizer state); returns their hashes. */
export async function putCheckpoint(
  ws: Workspace,
  checkpoint: TrainingCheckpoint,
): Promise<CheckpointHashes> {
  return {
    meta: await put(ws, encodeMeta(checkpoint), 'application/json'),
    weights: await put(ws, new Uint8Array(checkpoint.weights), 'application/x-tfjs-weights'),
    optimizer: await put(ws, new Uint8Array(checkpoint.optimizer), 'application/x-tfjs-weights'),
  };
}

const toArrayBuffer = (b: Buffer): ArrayBuffer =>
  b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

export async function getCheckpoint(ws: Workspace, hashes: CheckpointHashes): Promise<TrainingCheckpoint> {
  const [meta, weights, optimizer] = await Promise.all([
    ws.blobs.read(hashes.meta),
    ws.blobs.read(hashes.weights),
    ws.blobs.read(hashes.optimizer),
  ]);
  return {
    meta: JSON.parse(meta.toString('utf8')) as CheckpointMeta,
    weights: toArrayBuffer(weights),
    optimizer: toArrayBuffer(optimizer),
  };
}
