import { request } from 'node:http';
import { connect } from 'node:net';
import os from 'node:os';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** How long the exchange took. */
  ms: number;
}

/** One HTTP request to `base` (`http://127.0.0.1:<port>`); the body may be written in parts. */
export function send(
  base: string,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: string | Buffer | (string | Buffer)[] } = {},
): Promise<Reply> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request(base + path, { method, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks),
          ms: Date.now() - started,
        }),
      );
    });
    req.on('error', reject);
    if (Array.isArray(opts.body)) {
      for (const part of opts.body) req.write(part);
      req.end();
    } else req.end(opts.body);
  });
}

export interface RawReply {
  /** The status of the reply, or null when the server said nothing before the socket closed. */
  status: number | null;
  text: string;
  /** False when the exchange was still open at `waitMs`: the server held the socket. */
  closed: boolean;
  ms: number;
}

/**
 * Writes bytes to the server's socket as they are (for requests an HTTP client would refuse or fix)
 * and reads until the server closes it, or `waitMs` pass, or (with `untilReply`) one whole reply
 * is in.
 */
export function sendRaw(
  base: string,
  bytes: string | Buffer,
  opts: { waitMs?: number; untilReply?: boolean } = {},
): Promise<RawReply> {
  const { port, hostname } = new URL(base);
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    let text = '';
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : null, text, closed, ms: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false), opts.waitMs ?? 5000);
    socket.on('data', (c: Buffer) => {
      text += c.toString('latin1');
      if (opts.untilReply && wholeReply(text)) finish(false);
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
  });
}

function wholeReply(text: string): boolean {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end));
  if (length) return text.length - end - 4 >= Number(length[1]);
  return /\r\ntransfer-encoding: *chunked/i.test(text.slice(0, end)) && text.endsWith('\r\n0\r\n\r\n');
}

/** What an error reply must never show: a server path (these roots) or a stack frame. */
export function leaks(body: string | Buffer, roots: string[]): string | null {
  const text = body.toString();
  for (const root of [...roots, process.cwd(), os.tmpdir(), '/tmp/', 'node_modules']) {
    if (root && text.includes(root)) return `shows the server path ${root}`;
  }
  if (/\bat .*(:\d+:\d+|\(native\))/.test(text) || /\n\s+at /.test(text)) return 'shows a stack trace';
  return null;
}
