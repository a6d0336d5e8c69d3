// bench/formats: a synthesized LeRobot v3.0 dataset of 1,000 low-dim episodes. Import as a ratio to
// reading its parquet files alone with hyparquet; export (lerobot-v3) as a ratio to copying the files
// it writes. A ~100 MB MCAP of a real robot's messages (images 30 Hz, joints 100 Hz): series
// extraction as a ratio to a bare @mcap/core indexed read of the same topics, image transcoding as a
// ratio to ffmpeg encoding the same JPEGs from disk with the same encoder settings.
// Usage: node bench/formats/run.mjs [repetitions, default 5] [--json]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { median, table, withBundle } from '../bundle.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const json = args.includes('--json');
const reps = Number(args.find((a) => a !== '--json') ?? 5);
const shape = { episodes: 1000, frames: 60 };

await withBundle(path.join(here, 'bench.ts'), async (bench) => {
  const r = await bench.run(shape, reps);
  const mc = await bench.runMcap(mkdtempSync(path.join(os.tmpdir(), 'mimic-bench-mcap-')), Math.min(reps, 3));
  const m = (xs) => median(xs);
  const result = {
    bench: 'formats',
    reps,
    dataset: {
      format: 'lerobot-v3.0',
      episodes: shape.episodes,
      framesPerEpisode: shape.frames,
      rows: r.rows,
      parquetBytes: r.sourceBytes,
      features: 'observation.state[6], action[6] float32; no video',
    },
    lerobotImport: {
      baseline: 'hyparquet reading every row of the dataset’s parquet files',
      baselineMs: m(r.read),
      oursMs: m(r.imported),
      ratio: m(r.imported) / m(r.read),
      episodesPerSecond: shape.episodes / (m(r.imported) / 1000),
    },
    lerobotExport: {
      baseline: 'fs.copyFile of the files the export wrote',
      files: r.exportFiles,
      bytes: r.exportBytes,
      baselineMs: m(r.copied),
      oursMs: m(r.exported),
      ratio: m(r.exported) / m(r.copied),
      framesPerSecond: r.rows / (m(r.exported) / 1000),
    },
    mcapSeries: {
      file: { bytes: mc.bytes, seconds: mc.seconds, images: mc.images, jointMessages: mc.jointMessages },
      baseline: 'a bare @mcap/core indexed read of the two joint topics (message bytes, nothing decoded)',
      baselineMs: m(mc.bare),
      oursMs: m(mc.series),
      ratio: m(mc.series) / m(mc.bare),
    },
    mcapImages: {
      baseline: 'ffmpeg encoding the same JPEGs from numbered files on disk, same encoder settings',
      baselineMs: m(mc.ffmpeg),
      oursMs: m(mc.transcode),
      ratio: m(mc.transcode) / m(mc.ffmpeg),
    },
  };
  if (json) {
    console.log(JSON.stringify(result));
    return;
  }
  console.log(
    `LeRobot v3.0, ${shape.episodes} episodes × ${shape.frames} frames (${r.rows} rows, ` +
      `${(r.sourceBytes / 1e6).toFixed(2)} MB of parquet, written in ${r.synthMs.toFixed(0)} ms); median of ${reps}`,
  );
  table([
    {
      measure: 'import (ratio = import / hyparquet read)',
      'baseline ms': m(r.read).toFixed(0),
      'ours ms': m(r.imported).toFixed(0),
      ratio: result.lerobotImport.ratio.toFixed(2),
    },
    {
      measure: `export lerobot-v3 (ratio = export / copyFile of its ${r.exportFiles} files)`,
      'baseline ms': m(r.copied).toFixed(1),
      'ours ms': m(r.exported).toFixed(0),
      ratio: result.lerobotExport.ratio.toFixed(1),
    },
    {
      measure: `MCAP series (${(mc.bytes / 1e6).toFixed(0)} MB, ${mc.jointMessages} joint messages; ratio = import / bare indexed read)`,
      'baseline ms': m(mc.bare).toFixed(0),
      'ours ms': m(mc.series).toFixed(0),
      ratio: result.mcapSeries.ratio.toFixed(2),
    },
    {
      measure: `MCAP images (${mc.images} JPEGs at 30 Hz; ratio = import / ffmpeg from disk)`,
      'baseline ms': m(mc.ffmpeg).toFixed(0),
      'ours ms': m(mc.transcode).toFixed(0),
      ratio: result.mcapImages.ratio.toFixed(2),
    },
  ]);
  console.log(
    `import ${result.lerobotImport.episodesPerSecond.toFixed(0)} episodes/s; export ${result.lerobotExport.framesPerSecond.toFixed(0)} frames/s`,
  );
});
