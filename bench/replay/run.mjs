// bench/replay: seek latency to the displayed frame (p50/p95 over N seeks) and frames presented per
// second while playing, for the replay screen (3 cameras at 1280x720 + 3D + 2 plots, 1280x720
// window) as a ratio to a bare <video> doing the same seeks and playback in the same browser.
// Usage: node bench/replay/run.mjs [seeks, default 100]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { table, withBundle } from '../bundle.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const seeks = Number(process.argv[2] ?? 100);

await withBundle(path.join(here, 'bench.ts'), async (bench) => {
  const r = await bench.run(seeks);
  console.log(`Seek to displayed frame, ${r.seeks} seeks (ratio = replay screen / bare <video>)`);
  table(
    ['p50', 'p95'].map((q) => ({
      case: `seek ${q}`,
      'bare ms': r.bare[q].toFixed(1),
      'replay ms': r.studio[q].toFixed(1),
      ratio: (r.studio[q] / r.bare[q]).toFixed(2),
    })),
  );
  console.log('\nPlaying 4 s at 1x (frames presented per second per camera; ratio = replay / bare)');
  table([
    {
      'bare fps': r.bare.fps.toFixed(1),
      'replay fps (mean of 3 cameras)': r.studio.fps.toFixed(1),
      ratio: (r.studio.fps / r.bare.fps).toFixed(2),
      '3D frames/s': r.studio.sceneFps.toFixed(1),
    },
  ]);
});
