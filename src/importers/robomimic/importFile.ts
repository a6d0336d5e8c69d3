import type { ImportResult } from '../../common/api';
import type { Workspace } from '../../workspace/workspace';
import type { ImportOptions } from '../importPaths';
import { DEFAULT_READ_TIMEOUT_MS } from '../limits';
import type { ReadSource } from '../readGroup';
import { openRobomimic } from './readFile';

/** One robomimic file: each demo read whole and written, or refused on its own. */
export async function importRobomimic(
  ws: Workspace,
  file: string,
  opts: ImportOptions,
  result: ImportResult,
  fail: (e: unknown, where: string) => void,
  write: (source: ReadSource, primary: string, reported: Set<string>) => Promise<void>,
): Promise<void> {
  let opened;
  try {
    opened = await openRobomimic(file, {
      ...(opts.rateHz === undefined ? {} : { rateHz: opts.rateHz }),
      tools: opts.tools,
      tmpDir: ws.blobs.tmpDir,
      bounds: { signal: opts.signal, baseMs: opts.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS },
      warn: (p, message) => result.warnings.push({ path: p, message }),
    });
  } catch (e) {
    fail(e, file);
    return;
  }
  try {
    for (const demo of opened.demos) {
      opts.signal?.throwIfAborted();
      let source;
      try {
        source = await opened.read(demo);
      } catch (e) {
        fail(e, `${file} (demo=${demo})`);
        continue;
      }
      try {
        await write(source, file, new Set());
      } finally {
        opened.release(source);
      }
    }
  } finally {
    opened.close();
  }
}
