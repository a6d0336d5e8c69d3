import { spawn } from 'node:child_process';

export class ToolError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'ToolError';
  }
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Bytes written to the tool's stdin, then closed. */
  input?: Uint8Array;
}

/** Runs ffmpeg/ffprobe and collects stdout; a non-zero exit becomes a ToolError with stderr's last lines. */
export function runTool(bin: string, args: readonly string[], opts: RunOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'], signal: opts.signal });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.length > 64_000) err = err.slice(-32_000);
    });
    child.on('error', (e) =>
      reject(e.name === 'AbortError' ? e : new ToolError(`${bin}: ${e.message}`, err)),
    );
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else {
        const tail = err.trim().split('\n').slice(-3).join(' | ');
        reject(new ToolError(tail || `${bin} exited with code ${code}`, err));
      }
    });
    child.stdin.on('error', () => {}); // the tool may exit before reading all of its input
    if (opts.input) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}
