// bench/formats: a synthesized LeRobot v3.0 dataset of 1,000 low-dim episodes. Import as a ratio to
// reading its parquet files alone with hyparquet; export (lerobot-v3) as a ratio to copying the files
// it writes. MCAP/ROS bag import is not on this branch: its entry is a placeholder without figures.
// Usage: node bench/formats/run.mjs [repetitions, default 5] [--json]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, table, withBundle } from '../bundle.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const json = args.includes('--json');
const reps = Number(args.find((a) => a !== '--json') ?? 5);
const shape = { episodes: 1000, frames: 60 };

await withBundle(path.join(here, 'bench.ts'), async (bench) => {
  const r = await bench.run(shape, reps);
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
    mcapImport: { placeholder: true, note: 'the MCAP/ROS bag importer is not on this branch; no figures' },
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
      measure: 'MCAP / ROS bag import',
      'baseline ms': '–',
      'ours ms': '–',
      ratio: 'placeholder: importer not on this branch',
    },
  ]);
  console.log(
    `import ${result.lerobotImport.episodesPerSecond.toFixed(0)} episodes/s; export ${result.lerobotExport.framesPerSecond.toFixed(0)} frames/s`,
  );
});
