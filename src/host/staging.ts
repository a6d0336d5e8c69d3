import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { link, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { HttpError, preview } from './httpErrors';
import { writeBody, type BodyLimits } from './requestBody';

// Browsers cannot hand over file paths: uploaded files are staged in the workspace, then imported.
// Files of one batch share a folder (`staging/<batch>/<name>`), so a video and its teleop log stay
// siblings. A file is written under a temporary name and appears under its own only when complete.

const BATCH = /^[A-Za-z0-9-]{8,64}$/;
const MAX_NAME_BYTES = 200;

/** The file name of an upload, or a 400 saying what a name may be. */
function fileName(name: string | null): string {
  const refuse = (problem: string) => new HttpError(400, 'bad_input', `upload: ${problem}`);
  if (!name) throw refuse('needs ?name=<file name>');
  if (Buffer.byteLength(name) > MAX_NAME_BYTES)
    throw refuse(`a file name has at most ${MAX_NAME_BYTES} bytes`);
  if (name.startsWith('.') || /[\\/]|\p{Cc}/u.test(name) || name.trim() !== name)
    throw refuse(`"${preview(name, 40)}" is not a plain file name`);
  return name;
}

export class Staging {
  constructor(readonly dir: string) {}

  /** Stages one uploaded file; returns its path. A name already staged in the batch is a 409. */
  async put(
    req: IncomingMessage,
    given: { name: string | null; batch: string | null },
    limits: BodyLimits,
  ): Promise<string> {
    const name = fileName(given.name);
    const batch = given.batch ?? randomBytes(8).toString('hex');
    if (!BATCH.test(batch))
      throw new HttpError(400, 'bad_input', 'upload: a batch is 8-64 letters, digits and dashes');
    const dir = path.join(this.dir, batch);
    const file = path.join(dir, name);
    const taken = () =>
      new HttpError(409, 'conflict', `${preview(name, 40)} is already staged in this batch`);
    if (existsSync(file)) throw taken();
    mkdirSync(dir, { recursive: true });
    // A temporary name cannot clash with a staged one: staged names never start with a dot.
    const part = path.join(dir, `.${randomBytes(8).toString('hex')}.part`);
    await writeBody(req, part, limits);
    try {
      // A hard link never replaces a file: of two uploads of one name, the second gets the 409.
      await link(part, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw taken();
      throw e;
    } finally {
      await rm(part, { force: true });
    }
    return file;
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
