import { copyFile, mkdir } from 'node:fs/promises';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import {
  floatColumn,
  floatListColumn,
  int64Column,
  stringColumn,
  writeParquet,
  type Column,
} from '../../src/exporters/parquetColumns';
import { exportLerobotV3 } from '../../src/exporters/lerobotV3';
import { importPaths } from '../../src/importers/importPaths';
import { Workspace } from '../../src/workspace/workspace';

// A synthesized LeRobot v3.0 dataset: low-dim features only (no video), every episode's rows in one
// data file and one row per episode in the episodes file, as LeRobot v3 writes them.

const FPS = 30;
const WIDTH = 6;
const TASKS = ['pick the cube', 'place the cube'];

export interface Shape {
  episodes: number;
  frames: number;
}

/** Writes the dataset into `dir` with hyparquet-writer; returns its parquet files and rows. */
export function synthesize(dir: string, { episodes, frames }: Shape): { parquet: string[]; rows: number } {
  const rows = episodes * frames;
  const series = (phase: number) =>
    Array.from({ length: rows }, (_, r) =>
      Array.from({ length: WIDTH }, (_, j) => Math.sin((r % frames) / 20 + j + phase)),
    );
  const each = (f: (episode: number, frame: number) => number) =>
    Array.from({ length: rows }, (_, r) => f(Math.floor(r / frames), r % frames));
  const data: Column[] = [
    floatListColumn('observation.state', series(0)),
    floatListColumn('action', series(0.5)),
    floatColumn(
      'timestamp',
      each((_e, i) => i / FPS),
    ),
    int64Column(
      'frame_index',
      each((_e, i) => i),
    ),
    int64Column(
      'episode_index',
      each((e) => e),
    ),
    int64Column(
      'index',
      each((e, i) => e * frames + i),
    ),
    int64Column(
      'task_index',
      each((e) => e % TASKS.length),
    ),
  ];
  const ids = Array.from({ length: episodes }, (_, e) => e);
  const meta: Column[] = [
    int64Column('episode_index', ids),
    int64Column(
      'data/chunk_index',
      ids.map(() => 0),
    ),
    int64Column(
      'data/file_index',
      ids.map(() => 0),
    ),
    int64Column(
      'dataset_from_index',
      ids.map((e) => e * frames),
    ),
    int64Column(
      'dataset_to_index',
      ids.map((e) => (e + 1) * frames),
    ),
    {
      name: 'tasks',
      data: ids.map((e) => [TASKS[e % TASKS.length]!]),
      schema: [
        { name: 'tasks', repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST' },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL', converted_type: 'UTF8' },
      ],
    },
    int64Column(
      'length',
      ids.map(() => frames),
    ),
  ];
  const files = {
    data: path.join(dir, 'data', 'chunk-000', 'file-000.parquet'),
    episodes: path.join(dir, 'meta', 'episodes', 'chunk-000', 'file-000.parquet'),
    tasks: path.join(dir, 'meta', 'tasks.parquet'),
  };
  for (const f of Object.values(files)) mkdirSync(path.dirname(f), { recursive: true });
  writeParquet(files.data, data);
  writeParquet(files.episodes, meta);
  writeParquet(files.tasks, [
    int64Column(
      'task_index',
      TASKS.map((_, i) => i),
    ),
    stringColumn('__index_level_0__', TASKS),
  ]);
  const feature = (dtype: string, shape: number[]) => ({ dtype, shape, names: null, fps: FPS });
  const info = {
    codebase_version: 'v3.0',
    robot_type: 'bench_arm',
    total_episodes: episodes,
    total_frames: rows,
    total_tasks: TASKS.length,
    chunks_size: 1000,
    fps: FPS,
    splits: { train: `0:${episodes}` },
    data_path: 'data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet',
    video_path: null,
    features: {
      'observation.state': feature('float32', [WIDTH]),
      action: feature('float32', [WIDTH]),
      timestamp: feature('float32', [1]),
      frame_index: feature('int64', [1]),
      episode_index: feature('int64', [1]),
      index: feature('int64', [1]),
      task_index: feature('int64', [1]),
    },
    data_files_size_in_mb: 100,
    video_files_size_in_mb: 500,
  };
  writeFileSync(path.join(dir, 'meta', 'info.json'), JSON.stringify(info, null, 2));
  return { parquet: Object.values(files), rows };
}

/** The baseline of import: every row and column of the dataset's parquet files, read with hyparquet. */
async function readParquetAlone(files: string[]): Promise<number> {
  let rows = 0;
  for (const f of files) {
    const file = await asyncBufferFromFile(f);
    const metadata = await parquetMetadataAsync(file);
    rows += (await parquetReadObjects({ file, metadata })).length;
  }
  return rows;
}

const sizeOf = (dir: string, files: string[]) =>
  files.reduce((a, f) => a + statSync(path.join(dir, f)).size, 0);

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/**
 * Import of the dataset into a fresh workspace against hyparquet reading its parquet files; export
 * (the `export-dataset` job's writer, lerobot-v3) of the imported episodes against copying the
 * files it wrote. Each pair alternates, `reps` times.
 */
export async function run(shape: Shape, reps: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mimic-bench-formats-'));
  try {
    const source = path.join(dir, 'bench_v30');
    const t0 = performance.now();
    const { parquet, rows } = synthesize(source, shape);
    const synthMs = performance.now() - t0;
    const sourceBytes = parquet.reduce((a, f) => a + statSync(f).size, 0);

    const read: number[] = [];
    const imported: number[] = [];
    const exported: number[] = [];
    const copied: number[] = [];
    let exportBytes = 0;
    let exportFiles = 0;
    let ws: Workspace | null = null;
    for (let i = 0; i < reps; i++) {
      const r = await timed(() => readParquetAlone(parquet));
      if (r.value !== rows + shape.episodes + TASKS.length) throw new Error(`read ${r.value} rows`);
      read.push(r.ms);
      ws?.close();
      ws = Workspace.init(path.join(dir, `ws${i}`));
      const w = ws;
      const imp = await timed(() => importPaths(w, [source], { dataset: 'bench', tools: null }));
      if (imp.value.errors.length > 0 || imp.value.episodes.length !== shape.episodes)
        throw new Error(
          `import: ${imp.value.episodes.length} episodes, ${JSON.stringify(imp.value.errors[0])}`,
        );
      const short = imp.value.episodes.find((e) => e.streams.some((st) => st.frames !== shape.frames));
      if (short) throw new Error(`import: episode ${short.id} has ${JSON.stringify(short.streams)}`);
      imported.push(imp.ms);
    }
    for (let i = 0; i < reps; i++) {
      const out = path.join(dir, `export${i}`);
      const w = ws!;
      const exp = await timed(() =>
        exportLerobotV3(w, null, { dataset: 'bench', format: 'lerobot-v3', out, excludeTags: [] }),
      );
      if (exp.value.frames !== rows) throw new Error(`export wrote ${exp.value.frames} frames`);
      exported.push(exp.ms);
      exportBytes = sizeOf(out, exp.value.files);
      exportFiles = exp.value.files.length;
      // The baseline: the same files, copied byte for byte into a fresh folder.
      const copy = path.join(dir, `copy${i}`);
      const cp = await timed(async () => {
        for (const f of exp.value.files) {
          await mkdir(path.dirname(path.join(copy, f)), { recursive: true });
          await copyFile(path.join(out, f), path.join(copy, f));
        }
      });
      copied.push(cp.ms);
    }
    ws?.close();
    const files = readdirSync(source, { recursive: true }).length;
    return { rows, synthMs, sourceBytes, files, read, imported, exported, copied, exportBytes, exportFiles };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export { runMcap } from './mcap';
