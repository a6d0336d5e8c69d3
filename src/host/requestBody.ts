import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { ClientGone, HttpError } from './httpErrors';

export interface BodyLimits {
  maxBytes: number;
  /** The longest pause between two parts of the body. */
  stallMs: number;
  /** Says what the limit is and how to change it, for the 413 reply. */
  tooLarge: string;
}

interface Sink {
  write(chunk: Buffer): boolean;
  once(event: 'drain', listener: () => void): unknown;
  on(event: 'error', listener: (e: Error) => void): unknown;
}

/**
 * Feeds a request body to `sink`, refusing more than `maxBytes` (413, before reading when the
 * declared length is already too large) and a pause longer than `stallMs` (408). After a refusal
 * the rest of the body is read and dropped, so the reply reaches a client that is still sending.
 * An error of the sink (a full disk) ends it too.
 */
function receive(req: IncomingMessage, limits: BodyLimits, sink: Sink): Promise<void> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limits.maxBytes) {
    req.resume();
    return Promise.reject(new HttpError(413, 'too_large', limits.tooLarge));
  }
  return new Promise((resolve, reject) => {
    let size = 0;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const seconds = Math.round(limits.stallMs / 100) / 10;
        fail(new HttpError(408, 'timeout', `the request body stopped arriving for ${seconds} s`));
      }, limits.stallMs);
    };
    const settle = () => {
      settled = true;
      clearTimeout(timer);
      req.off('data', onData);
    };
    const fail = (e: Error) => {
      if (settled) return;
      settle();
      req.resume();
      reject(e);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) return fail(new HttpError(413, 'too_large', limits.tooLarge));
      if (sink.write(chunk)) return arm();
      // The sink is behind: wait for it without counting its time as the client's stall.
      clearTimeout(timer);
      req.pause();
      sink.once('drain', () => {
        if (settled) return;
        arm();
        req.resume();
      });
    };
    sink.on('error', fail);
    req.on('data', onData);
    req.once('end', () => {
      if (settled) return;
      settle();
      resolve();
    });
    req.once('close', () => fail(new ClientGone('the client closed the request')));
    req.once('error', () => fail(new ClientGone('the client closed the request')));
    arm();
  });
}

/** The whole body, within the limits. */
export async function readBody(req: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await receive(req, limits, {
    write: (c) => chunks.push(c) > 0,
    once: () => undefined,
    on: () => undefined,
  });
  return Buffer.concat(chunks);
}

/**
 * Writes the body to a new file (`wx`: never over an existing one). On any failure, the client's
 * or the disk's, the file it made is removed before the error is passed on.
 */
export async function writeBody(req: IncomingMessage, file: string, limits: BodyLimits): Promise<void> {
  const out = createWriteStream(file, { flags: 'wx' });
  let opened = false;
  out.once('open', () => (opened = true));
  const closed = new Promise<void>((resolve) => out.once('close', resolve));
  try {
    await receive(req, limits, out);
    await new Promise<void>((resolve, reject) => {
      out.once('error', reject);
      out.end(resolve);
    });
  } catch (e) {
    out.destroy();
    await closed;
    if (opened) await rm(file, { force: true });
    throw e;
  }
}

/**
 * `Connection: close` for a reply sent before the request's body was read (a refusal, or a GET
 * that came with a body): the connection ends after the reply instead of reading the rest.
 */
export function closeIfBodyUnread(req: IncomingMessage): Record<string, string> {
  const declaresBody =
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  return declaresBody && !req.complete ? { connection: 'close' } : {};
}
