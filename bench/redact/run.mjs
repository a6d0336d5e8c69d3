// bench/redact: face detection with tracking, frames per second at 640×480, 1080p and 4K (decoding
// included; decoding alone as the baseline); rendering a redacted copy as a ratio to a plain
// re-encode of the same clip with the same encoder settings; recall and false boxes on the dlib
// photographs and frames left without a box in the EgoBlur clip, per detector threshold; decoding
// the frames a followed box needs late in a clip by seeking, against decoding from the start.
// Usage: node bench/redact/run.mjs [--json]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { table, withBundle } from '../bundle.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const json = process.argv.includes('--json');
const dir = mkdtempSync(path.join(os.tmpdir(), 'mimic-bench-redact-'));

try {
  await withBundle(path.join(here, 'bench.ts'), async (bench) => {
    const vga = bench.makeClip(dir, 640, 480, 150);
    const hd = bench.makeClip(dir, 1920, 1080, 60);
    const uhd = bench.makeClip(dir, 3840, 2160, 10);
    const detection = [
      await bench.detectionSpeed(vga),
      await bench.detectionSpeed(hd),
      await bench.detectionSpeed(uhd),
    ];
    const render = [
      { clip: '640x480', ...(await bench.renderSpeed(dir, vga)) },
      { clip: '1920x1080', ...(await bench.renderSpeed(dir, hd)) },
    ];
    const thresholds = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
    const photos = await bench.recall(thresholds);
    const video = await bench.videoRecall([0.5, 0.6, 0.7]);
    const follow = await bench.followSeek();
    const result = { bench: 'redact', cpus: os.cpus().length, detection, render, photos, video, follow };
    if (json) console.log(JSON.stringify(result));
    else {
      const f = (x) => Number(x.toFixed(2));
      table(
        detection.map((d) => ({
          ...d,
          decodeFps: f(d.decodeFps),
          detectFps: f(d.detectFps),
          inferFps: f(d.inferFps),
          serialFps: f(d.serialFps),
        })),
      );
      table(render.map((r) => ({ ...r, plainS: f(r.plainS), renderS: f(r.renderS), ratio: f(r.ratio) })));
      table(photos);
      table(video);
      table([
        { ...follow, fromStartS: f(follow.fromStartS), seekS: f(follow.seekS), ratio: f(follow.ratio) },
      ]);
    }
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
