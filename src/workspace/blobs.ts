import { createHash, randomBytes } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { copyFile, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { BlobHash } from '../common/ids';

/**
 * Content-addressed files under `<workspace>/blobs/ab/abcdef…`. Writes go to a temporary file first
 * and are renamed into place, so a crash never leaves a half-written blob under its final name.
 * Temporary files belong to their process: each process writes under `tmp/<pid>-<random>/`, and
 * only the folders of processes that are gone are ever cleaned, so opening a workspace never
 * deletes what another studio, CLI or job worker is writing.
 */
export class BlobStore {
  readonly dir: string;
  /** `<workspace>/tmp`: one folder per process below it. */
  readonly tmpRoot: string;
  private ownTmp: string | null = null;

  constructor(workspaceDir: string) {
    this.dir = path.join(workspaceDir, 'blobs');
    this.tmpRoot = path.join(workspaceDir, 'tmp');
    mkdirSync(this.dir, { recursive: true });
    mkdirSync(this.tmpRoot, { recursive: true });
  }

  /** This process's temporary folder (made on first use). */
  get tmpDir(): string {
    if (!this.ownTmp) {
      this.ownTmp = path.join(this.tmpRoot, `${process.pid}-${randomBytes(4).toString('hex')}`);
      mkdirSync(this.ownTmp, { recursive: true });
    }
    return this.ownTmp;
  }

  pathOf(hash: BlobHash | string): string {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`not a blob hash: ${hash}`);
    return path.join(this.dir, hash.slice(0, 2), hash);
  }

  has(hash: BlobHash | string): boolean {
    return existsSync(this.pathOf(hash));
  }

  /** Stores bytes; returns the hash and whether this call created the blob. */
  async putBytes(data: Uint8Array): Promise<{ hash: BlobHash; created: boolean }> {
    const hash = createHash('sha256').update(data).digest('hex') as BlobHash;
    if (this.has(hash)) return { hash, created: false };
    const tmp = this.tmpPath();
    await writeFile(tmp, data);
    return this.commit(tmp, hash);
  }

  /** Copies a file in (the original is only read); `knownHash` skips a second hashing pass. */
  async putFile(file: string, knownHash?: string): Promise<{ hash: BlobHash; created: boolean }> {
    const hash = (knownHash ?? (await hashFile(file))) as BlobHash;
    if (this.has(hash)) return { hash, created: false };
    const tmp = this.tmpPath();
    await copyFile(file, tmp, constants.COPYFILE_FICLONE);
    return this.commit(tmp, hash);
  }

  async read(hash: BlobHash | string): Promise<Buffer> {
    return readFile(this.pathOf(hash));
  }

  size(hash: BlobHash | string): number {
    return statSync(this.pathOf(hash)).size;
  }

  async remove(hash: BlobHash | string): Promise<void> {
    await rm(this.pathOf(hash), { force: true });
  }

  removeSync(hash: BlobHash | string): void {
    rmSync(this.pathOf(hash), { force: true });
  }

  /**
   * Removes leftovers of interrupted writes: the folders of processes that no longer run, and loose
   * files (from older versions) untouched for an hour. Another live process's files are kept.
   */
  clearTmp(): void {
    for (const entry of readdirSync(this.tmpRoot, { withFileTypes: true })) {
      const full = path.join(this.tmpRoot, entry.name);
      const owner = /^(\d+)-[0-9a-f]+$/.exec(entry.name);
      const stale = entry.isDirectory()
        ? owner !== null && Number(owner[1]) !== process.pid && !processAlive(Number(owner[1]))
        : Date.now() - statSync(full).mtimeMs > 3_600_000;
      if (stale) rmSync(full, { force: true, recursive: true });
    }
  }

  /** Removes this process's temporary folder (when its workspace closes). */
  dispose(): void {
    if (this.ownTmp) rmSync(this.ownTmp, { force: true, recursive: true });
    this.ownTmp = null;
  }

  /** Every blob file on disk, for garbage collection against the catalog. */
  *listHashes(): Generator<string> {
    for (const shard of readdirSync(this.dir)) {
      const shardDir = path.join(this.dir, shard);
      for (const name of readdirSync(shardDir)) yield name;
    }
  }

  private tmpPath(): string {
    return path.join(this.tmpDir, `${Date.now()}-${randomBytes(6).toString('hex')}`);
  }

  private async commit(tmp: string, hash: BlobHash): Promise<{ hash: BlobHash; created: boolean }> {
    const final = this.pathOf(hash);
    mkdirSync(path.dirname(final), { recursive: true });
    if (existsSync(final)) {
      await rm(tmp, { force: true });
      return { hash, created: false };
    }
    await rename(tmp, final);
    return { hash, created: true };
  }
}

/** Whether a process with this id runs on this machine (EPERM: it runs, as another user). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function hashFile(file: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(createReadStream(file), h);
  return h.digest('hex');
}

/** Streams a readable into a new file, for uploads. */
export async function writeStreamToFile(source: NodeJS.ReadableStream, file: string): Promise<void> {
  await pipeline(source, createWriteStream(file, { flags: 'wx' }));
}
