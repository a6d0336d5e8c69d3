import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { ImportInputError } from './inputError';
import { MAX_LOG_BYTES, MIN_READ_BYTES_PER_MS } from './limits';

// Every read of an input is bounded: only regular files are read (a FIFO, socket or device can block
// or never end), and each read or tool run has a time limit that grows with the file's size.

/** The file type tests of `Stats` and `Dirent`. */
interface FileType {
  isFile(): boolean;
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}

/** What a path is when it is not a regular file, for messages; null for a regular file. */
export function otherKind(st: FileType): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a file';
}

export const notRegularMessage = (file: string, kind: string): string =>
  `${file}: not a regular file (${kind}); only files can be imported`;

export interface ReadBounds {
  /** Cancels the whole import (a cancelled job): rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Time allowed for any read before the file's size is counted. */
  baseMs: number;
}

/** The time a read of `size` bytes may take. */
export const readTimeFor = (bounds: ReadBounds, size: number): number =>
  bounds.baseMs + size / MIN_READ_BYTES_PER_MS;

/**
 * Runs `work` with a signal that fires on the caller's cancel or after `ms`, and stops waiting for
 * it then: a read stuck in the kernel cannot hold the import. A timeout is an input error naming
 * the file and what took too long.
 */
export async function bounded<T>(
  file: string,
  ms: number,
  bounds: ReadBounds,
  what: string,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  bounds.signal?.throwIfAborted();
  const controller = new AbortController();
  const timedOut = new ImportInputError(
    file,
    `${file}: ${what} took longer than ${(ms / 1000).toFixed(1)} s (a stalled drive, or a file that never ends?)`,
  );
  let onAbort = () => {};
  const stopped = new Promise<never>((_, reject) => {
    onAbort = () => {
      controller.abort(bounds.signal?.aborted ? bounds.signal.reason : timedOut);
      reject(controller.signal.reason);
    };
  });
  const timer = setTimeout(onAbort, ms);
  bounds.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await Promise.race([work(controller.signal), stopped]);
  } finally {
    clearTimeout(timer);
    bounds.signal?.removeEventListener('abort', onAbort);
  }
}

/** Opens an input without waiting on a FIFO's writer and refuses anything but a regular file. */
export async function openRegular(
  file: string,
  signal: AbortSignal,
): Promise<{ fh: FileHandle; size: number }> {
  let fh: FileHandle;
  try {
    fh = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new ImportInputError(file, `${file}: cannot read (${code})`);
  }
  try {
    // Given up on while opening: close the late handle instead of leaking it.
    signal.throwIfAborted();
    const st = await fh.stat();
    const kind = otherKind(st);
    if (kind) throw new ImportInputError(file, notRegularMessage(file, kind));
    return { fh, size: st.size };
  } catch (e) {
    await fh.close();
    throw e;
  }
}

/** Opens a regular file within the base time, then runs `use` on it within the time its size allows. */
async function withRegularFile<T>(
  file: string,
  bounds: ReadBounds,
  use: (fh: FileHandle, size: number, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const { fh, size } = await bounded(file, bounds.baseMs, bounds, 'opening it', (signal) =>
    openRegular(file, signal),
  );
  return bounded(file, readTimeFor(bounds, size), bounds, 'reading it', async (signal) => {
    try {
      return await use(fh, size, signal);
    } finally {
      await fh.close();
    }
  });
}

/** The sha256 of a regular file, read through one handle, and its size. */
export function hashInput(file: string, bounds: ReadBounds): Promise<{ hash: string; size: number }> {
  return withRegularFile(file, bounds, async (fh, size, signal) => {
    const h = createHash('sha256');
    await pipeline(fh.createReadStream({ autoClose: false, start: 0 }), h, { signal });
    return { hash: h.digest('hex'), size };
  });
}

/** A teleop log's bytes and their sha256: one read, so the hash names exactly what is parsed. */
export function readLog(file: string, bounds: ReadBounds): Promise<{ text: string; hash: string }> {
  return withRegularFile(file, bounds, async (fh, size, signal) => {
    if (size > MAX_LOG_BYTES) {
      throw new ImportInputError(
        file,
        `${file}: too large for a teleop log (${Math.round(size / 2 ** 20)} MiB; logs are read whole, up to ${MAX_LOG_BYTES / 2 ** 20} MiB)`,
      );
    }
    const bytes = await fh.readFile({ signal });
    return { text: bytes.toString('utf8'), hash: createHash('sha256').update(bytes).digest('hex') };
  });
}
