import { spawn } from 'node:child_process';
import type { MediaTools } from './tools';

/** What decoding a whole video once found. Frame numbers are indices into the file's packet index. */
export interface DecodeCheck {
  expectedFrames: number;
  decodedFrames: number;
  /** Error lines the decoder printed (a damaged frame can decode, concealed, and still report one). */
  errors: number;
  /** The first few of them, for people. */
  firstErrors: string[];
  /** Runs of frames that did not decode, `[first, last]` inclusive. */
  missing: [number, number][];
}

/**
 * Decodes every frame of a video's first stream (`-f framecrc`: one line per decoded frame, no
 * image kept) and matches the decoded frame times to the times the import read from the packet
 * index. Bounded in time; the signal stops it.
 */
export async function checkDecode(
  tools: MediaTools,
  file: string,
  expectedNs: Float64Array,
  opts: { signal?: AbortSignal; timeoutMs: number },
): Promise<DecodeCheck> {
  const { stdout, stderr } = await capture(
    tools.ffmpeg,
    ['-nostdin', '-v', 'error', '-i', file, '-map', '0:v:0', '-vsync', 'passthrough', '-f', 'framecrc', '-'],
    opts,
  );
  const decodedNs = framecrcTimes(stdout);
  const errorLines = stderr.split('\n').filter((l) => l.trim().length > 0);
  return {
    expectedFrames: expectedNs.length,
    decodedFrames: decodedNs.length,
    errors: errorLines.length,
    firstErrors: errorLines.slice(0, 5).map((l) => l.slice(0, 300)),
    missing: missingRuns(expectedNs, decodedNs),
  };
}

/** Frame times (ns from the first output frame's origin) from framecrc lines, using its `#tb` header. */
export function framecrcTimes(text: string): number[] {
  let tb = 0;
  const times: number[] = [];
  for (const line of text.split('\n')) {
    const header = /^#tb 0: (\d+)\/(\d+)/.exec(line);
    if (header) tb = Number(header[1]) / Number(header[2]);
    else if (/^0,/.test(line)) {
      const pts = Number(line.split(',')[2]);
      if (Number.isFinite(pts)) times.push(pts * tb * 1e9);
    }
  }
  return times;
}

/**
 * Expected frames that no decoded frame lands on (within half the local frame interval), as runs.
 * Both lists are ascending times from the file's first frame.
 */
export function missingRuns(expectedNs: Float64Array, decodedNs: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  let d = 0;
  for (let i = 0; i < expectedNs.length; i++) {
    const t = expectedNs[i]!;
    const next = expectedNs[i + 1] ?? t + (i > 0 ? t - expectedNs[i - 1]! : 33e6);
    const prev = i > 0 ? expectedNs[i - 1]! : t - (next - t);
    const lo = t - (t - prev) / 2;
    const hi = t + (next - t) / 2;
    while (d < decodedNs.length && decodedNs[d]! < lo) d++;
    const hit = d < decodedNs.length && decodedNs[d]! < hi;
    if (hit) continue;
    const last = runs.at(-1);
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  }
  return runs;
}

function capture(
  bin: string,
  args: readonly string[],
  opts: { signal?: AbortSignal; timeoutMs: number },
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], signal: opts.signal });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      // Keep the count of lines honest while bounding memory: a badly damaged file prints a lot.
      stderr += d.toString();
      if (stderr.length > 4_000_000) stderr = stderr.slice(-2_000_000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // A file that does not decode at all is a finding (every frame missing), not a failure.
      if (signal === 'SIGKILL' && !opts.signal?.aborted)
        reject(new Error(`decoding took longer than ${Math.round(opts.timeoutMs / 1000)} s`));
      else if (code !== 0 && stderr.trim() === '')
        resolve({ stdout, stderr: `${bin} exited with code ${code}` });
      else resolve({ stdout, stderr });
    });
  });
}
