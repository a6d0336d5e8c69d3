import { spawn } from 'node:child_process';
import type { MediaTools } from '../media/tools';
import type { BgrFrame } from './detector';

/**
 * Decodes every frame of a video's first video stream, in presentation order, as packed BGR scaled
 * to `size`. `-vsync passthrough` keeps one output frame per decoded frame (no duplicates or drops),
 * so the n-th frame yielded is the n-th entry of the stream's timestamps.
 */
export async function* decodeFrames(
  tools: MediaTools,
  file: string,
  size: { width: number; height: number },
  opts: { signal?: AbortSignal; skip?: number } = {},
): AsyncGenerator<BgrFrame> {
  const args = ['-v', 'error', '-nostdin', '-i', file, '-map', '0:v:0', '-vsync', 'passthrough'];
  args.push('-vf', `scale=${size.width}:${size.height}:flags=area`, '-f', 'rawvideo', '-pix_fmt', 'bgr24');
  const child = spawn(tools.ffmpeg, [...args, 'pipe:1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const onAbort = () => child.kill('SIGKILL');
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-8000);
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const frameBytes = size.width * size.height * 3;
  let pending: Buffer = Buffer.alloc(0);
  let index = 0;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : Buffer.from(chunk);
      while (pending.length >= frameBytes) {
        const data = new Uint8Array(pending.subarray(0, frameBytes));
        pending = pending.subarray(frameBytes);
        if (index++ >= (opts.skip ?? 0)) yield { width: size.width, height: size.height, data };
      }
    }
    const code = await exited;
    opts.signal?.throwIfAborted();
    if (code !== 0) {
      const tail = stderr.trim().split('\n').slice(-3).join(' | ');
      throw new Error(`decoding ${file} failed: ${tail || `ffmpeg exited with code ${code}`}`);
    }
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}
