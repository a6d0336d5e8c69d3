// bench/library: listing and filtering 10,000 episodes through the service as a ratio to the bare SQL
// query, and importing a 1-minute 720p clip as a ratio to ffmpeg decoding it.
// Usage: node bench/library/run.mjs [repetitions, default 30] [--json]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, table, withBundle } from '../bundle.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const json = process.argv.includes('--json');
const args = process.argv.slice(2).filter((a) => a !== '--json');
const reps = Number(args[0] ?? 30);
// With --json, one JSON object is the only output.
const log = json ? () => {} : console.log;
const show = json ? () => {} : table;

await withBundle(path.join(here, 'bench.ts'), async (bench) => {
  log(`Listing 10,000 episodes (median of ${reps}; ratio = service / bare SQL)`);
  const rows = await bench.listing(reps);
  show(
    rows.map((r) => ({
      case: r.name,
      'bare SQL ms': median(r.bare).toFixed(3),
      'service ms': median(r.service).toFixed(3),
      ratio: (median(r.service) / median(r.bare)).toFixed(2),
    })),
  );
  const importReps = Math.max(3, Math.min(5, Math.round(reps / 6)));
  log(
    `\nImport of a 1-minute 1280x720 H.264 clip, 1800 frames (median of ${importReps}; ratio = import / ffmpeg decode)`,
  );
  const imp = await bench.importing(importReps);
  show([
    {
      ffmpeg: imp.ffmpeg,
      'ffmpeg decode ms': median(imp.decode).toFixed(0),
      'studio import ms': median(imp.imported).toFixed(0),
      ratio: (median(imp.imported) / median(imp.decode)).toFixed(3),
    },
  ]);
  if (json)
    console.log(
      JSON.stringify({
        listing: Object.fromEntries(
          rows.map((r) => [
            r.name,
            {
              bareMs: median(r.bare),
              serviceMs: median(r.service),
              ratio: median(r.service) / median(r.bare),
            },
          ]),
        ),
        import: {
          ffmpeg: imp.ffmpeg,
          decodeMs: median(imp.decode),
          importMs: median(imp.imported),
          ratio: median(imp.imported) / median(imp.decode),
        },
      }),
    );
});
