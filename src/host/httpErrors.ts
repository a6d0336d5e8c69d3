import path from 'node:path';
import { StudioError, type ErrorCode } from '../common/api';

/** A refusal at the HTTP level (size, time, method, token), with its status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The client went away mid-request: there is no one to answer. */
export class ClientGone extends Error {}

const STATUS: Record<ErrorCode, number> = {
  bad_input: 400,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

/** At most `max` characters of something a client sent, for error messages. */
export function preview(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

const MAX_MESSAGE = 1000;
const STACK_LINE = /^\s*at\s.*$/gm;
// An absolute path (POSIX, `C:\…`, `\\server\…` or file://) where a word starts; URLs such as
// `package://robot/mesh.stl` are left alone.
const ABSOLUTE_PATH =
  /(?<=^|[\s'"`(=,[])(?:file:\/\/)?(?:[A-Za-z]:[\\/]|\\\\|\/)(?=[^\s'"`\\/])(?:[^\s'"`\\/]+[\\/])*[^\s'"`\\/)\]]*/g;

/**
 * A message fit for a client: no stack frames, no server paths (`roots` are cut first, then any
 * absolute path keeps only a short base name), no more than a screenful.
 */
export function scrubMessage(message: string, roots: readonly string[]): string {
  // Cut first: what follows is linear, but a message can carry megabytes a client sent.
  let text = preview(message, 4 * MAX_MESSAGE)
    .replace(STACK_LINE, '')
    .trim();
  // A file system root (`/` as a home folder) would cut every slash: absolute paths cover it.
  const cuts = roots.filter((r) => r && path.parse(r).root !== r).sort((a, b) => b.length - a.length);
  for (const root of cuts) text = text.split(root).join('…');
  text = text
    .replace(ABSOLUTE_PATH, (p) => `…/${preview(path.basename(p.replace(/\\/g, '/')), 40)}`)
    .split(/(\s+)/)
    .map((word) => (word.includes('node_modules') ? '…' : word))
    .join('');
  return preview(text, MAX_MESSAGE);
}

export interface ErrorReply {
  status: number;
  body: { error: { code: string; message: string } };
  /** Neither the client's doing nor a refusal: worth the server's log. */
  unexpected: boolean;
}

/** The one place an error becomes a reply. */
export function errorReply(e: unknown, roots: readonly string[]): ErrorReply {
  const reply = (status: number, code: string, message: string, unexpected = false): ErrorReply => ({
    status,
    body: { error: { code, message: scrubMessage(message, roots) } },
    unexpected,
  });
  if (e instanceof HttpError) return reply(e.status, e.code, e.message);
  if (e instanceof StudioError) return reply(STATUS[e.code], e.code, e.message, e.code === 'internal');
  const first = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
  return reply(500, 'internal', `unexpected error (details in the server's log): ${first}`, true);
}
