import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { link, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { HttpError, preview } from './httpErrors';
import { writeBody, type BodyLimits } from './requestBody';

// Browsers cannot hand over file paths: uploaded files are staged in the workspace, then imported.
// Files of one batch share a folder (`staging/<batch>/…`), so a video and its teleop log stay
// siblings, and a picked folder keeps its shape (`relpath=lerobot/meta/info.json`), so a LeRobot
// dataset is found by its metadata. A file is written under a temporary name at the top of the
// batch (which also marks the batch as in use for `clean`) and appears under its own only when complete.

const BATCH = /^[A-Za-z0-9-]{8,64}$/;
const MAX_NAME_BYTES = 200;
const MAX_PATH_BYTES = 1024;
const MAX_DEPTH = 16;

const refuse = (problem: string) => new HttpError(400, 'bad_input', `upload: ${problem}`);

/** One segment of an upload's path: a plain name, never `.`, `..`, hidden, or holding a separator. */
function plainName(name: string): string {
  if (!name) throw refuse('a path segment is empty');
  if (Buffer.byteLength(name) > MAX_NAME_BYTES)
    throw refuse(`a file name has at most ${MAX_NAME_BYTES} bytes`);
  if (name.startsWith('.') || /[\\/]|\p{Cc}/u.test(name) || name.trim() !== name)
    throw refuse(`"${preview(name, 40)}" is not a plain file name`);
  return name;
}

/**
 * The segments of an upload's place in its batch: `name` (one plain name) or `relpath` (plain names
 * joined by `/`, as a browser's `webkitRelativePath`); with both, `name` must be the last segment.
 */
function uploadSegments(given: { name: string | null; relpath: string | null }): string[] {
  if (given.relpath === null) {
    if (!given.name) throw refuse('needs ?name=<file name> or ?relpath=<folder/file name>');
    return [plainName(given.name)];
  }
  const relpath = given.relpath;
  if (Buffer.byteLength(relpath) > MAX_PATH_BYTES)
    throw refuse(`a relative path has at most ${MAX_PATH_BYTES} bytes`);
  const segments = relpath.split('/');
  if (segments.length > MAX_DEPTH) throw refuse(`a relative path has at most ${MAX_DEPTH} segments`);
  segments.forEach(plainName);
  if (given.name !== null && given.name !== segments.at(-1))
    throw refuse('name and the last segment of relpath differ');
  return segments;
}

export class Staging {
  constructor(readonly dir: string) {}

  /** Stages one uploaded file; returns its path and its batch's folder. A path already staged in the batch is a 409. */
  async put(
    req: IncomingMessage,
    given: { name: string | null; relpath: string | null; batch: string | null },
    limits: BodyLimits,
  ): Promise<{ path: string; batchDir: string }> {
    const segments = uploadSegments(given);
    const shown = preview(segments.join('/'), 60);
    const batch = given.batch ?? randomBytes(8).toString('hex');
    if (!BATCH.test(batch))
      throw new HttpError(400, 'bad_input', 'upload: a batch is 8-64 letters, digits and dashes');
    const batchDir = path.join(this.dir, batch);
    const file = path.join(batchDir, ...segments);
    // Plain segments cannot leave the batch; checked once more on the joined path all the same.
    const inside = path.relative(batchDir, file);
    if (inside.startsWith('..') || path.isAbsolute(inside)) throw refuse(`"${shown}" leaves its batch`);
    const taken = () =>
      new HttpError(
        409,
        'conflict',
        `${shown}: this path, or a folder of it, is already staged in this batch`,
      );
    if (existsSync(file)) throw taken();
    try {
      mkdirSync(path.dirname(file), { recursive: true });
    } catch (e) {
      // A folder of the path is a file staged before (`a` then `a/b`).
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR' || code === 'EEXIST') throw taken();
      throw e;
    }
    // A temporary name cannot clash with a staged one: staged names never start with a dot.
    const part = path.join(batchDir, `.${randomBytes(8).toString('hex')}.part`);
    await writeBody(req, part, limits);
    try {
      // A hard link never replaces a file: of two uploads of one path, the second gets the 409.
      await link(part, file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || code === 'ENOTDIR') throw taken();
      throw e;
    } finally {
      await rm(part, { force: true });
    }
    return { path: file, batchDir };
  }

  /**
   * Removes batches untouched for longer than `maxAgeMs` (newest of the folder and its files), and
   * with them the temporary files of uploads a crash cut short. Run when the web host starts.
   */
  clean(maxAgeMs: number, now = Date.now()): void {
    if (!existsSync(this.dir)) return;
    for (const batch of readdirSync(this.dir)) {
      const dir = path.join(this.dir, batch);
      try {
        const stamps = [dir, ...readdirSync(dir).map((f) => path.join(dir, f))].map(
          (p) => statSync(p).mtimeMs,
        );
        if (now - Math.max(...stamps) > maxAgeMs) rmSync(dir, { recursive: true, force: true });
      } catch {
        // Not a folder, or gone meanwhile: nothing of ours to clean.
      }
    }
  }
}
