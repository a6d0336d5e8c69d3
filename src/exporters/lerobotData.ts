import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileWriter, ParquetWriter } from 'hyparquet-writer';
import type { EpisodeRows } from './episodeRows';
import { dataFile, nextFile, type FileIndex, type SeriesFeature } from './lerobotLayout';
import { floatColumn, floatListColumn, int64Column, schemaOf, type Column } from './parquetColumns';

/** One episode's rows as the data file's columns: its features, then LeRobot's bookkeeping. */
export function dataColumns(
  r: EpisodeRows,
  features: SeriesFeature[],
  episodeIndex: number,
  fromIndex: number,
  taskIndex: number,
): Column[] {
  const n = r.timesNs.length;
  const columns = features.map((f) => {
    const s = r.series.find((x) => x.name === f.name)!;
    return f.width === 1
      ? floatColumn(f.name, Array.from(s.values))
      : floatListColumn(
          f.name,
          Array.from({ length: n }, (_, i) => Array.from(s.values.subarray(i * f.width, (i + 1) * f.width))),
        );
  });
  const each = (f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
  columns.push(
    floatColumn(
      'timestamp',
      Array.from(r.timesNs, (t) => t / 1e9),
    ),
    int64Column(
      'frame_index',
      each((i) => i),
    ),
    int64Column(
      'episode_index',
      each(() => episodeIndex),
    ),
    int64Column(
      'index',
      each((i) => fromIndex + i),
    ),
    int64Column(
      'task_index',
      each(() => taskIndex),
    ),
  );
  return columns;
}

/**
 * The data parquet files, written an episode (one row group) at a time. As LeRobot's writer does
 * (`_save_episode_data`), the first episode opens file 0 of chunk 0; a later one goes to the next
 * file when the open file's size plus the episode's frames at the file's bytes per frame would reach
 * the limit.
 */
export class DataFiles {
  private open: { pq: ParquetWriter; offset: () => number; at: FileIndex; firstFrame: number } | null = null;
  private last: FileIndex | null = null;

  constructor(
    private readonly root: string,
    private readonly limitBytes: number,
  ) {}

  /** Writes one episode's rows (`fromIndex`: its first row's dataset index); returns the file they went to. */
  add(columns: Column[], frames: number, fromIndex: number): FileIndex {
    if (this.open) {
      const size = this.open.offset();
      const inFile = fromIndex - this.open.firstFrame;
      const perFrame = inFile > 0 ? size / inFile : 0;
      if (size + perFrame * frames >= this.limitBytes) this.close();
    }
    if (!this.open) {
      const at = this.last ? nextFile(this.last) : { chunk: 0, file: 0 };
      const file = path.join(this.root, dataFile(at));
      mkdirSync(path.dirname(file), { recursive: true });
      const writer = fileWriter(file);
      const pq = new ParquetWriter({ writer, schema: schemaOf(columns), createdBy: 'mimic-studio' });
      this.open = { pq, offset: () => writer.offset, at, firstFrame: fromIndex };
      this.last = at;
    }
    void this.open.pq.write({
      columnData: columns.map((c) => ({ name: c.name, data: c.data as never })),
      rowGroupSize: Math.max(1, frames),
    });
    return this.open.at;
  }

  /** Finishes the open file (its footer). */
  close(): void {
    if (!this.open) return;
    void this.open.pq.finish();
    this.open = null;
  }
}
