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

/** Rows gathered before they are written as one row group: many small episodes share one. */
export const ROW_GROUP_ROWS = 20_000;

/** Bytes of one row before compression: 4 per float, 8 per int64 or double, times each list's length. */
function rawRowBytes(columns: Column[]): number {
  return columns.reduce((sum, c) => {
    const leaf = c.schema[c.schema.length - 1]!;
    const first = c.data[0];
    return sum + (leaf.type === 'FLOAT' ? 4 : 8) * (Array.isArray(first) ? first.length : 1);
  }, 0);
}

interface OpenFile {
  pq: ParquetWriter;
  offset: () => number;
  at: FileIndex;
  /** The dataset index of the file's first row. */
  firstFrame: number;
  /** Rows written to the file so far; rows gathered for its next row group. */
  written: number;
  pending: Column[][];
  pendingRows: number;
}

/**
 * The data parquet files, written an episode at a time: rows are gathered into row groups of about
 * `ROW_GROUP_ROWS` and written, so the dataset's rows are never held whole. As LeRobot's writer does
 * (`_save_episode_data`), the first episode opens file 0 of chunk 0; a later one goes to the next
 * file when the open file's size plus the episode's frames at the file's bytes per frame would reach
 * the limit. The file's size counts gathered rows at the bytes per row written so far (before the
 * first row group: their uncompressed size).
 */
export class DataFiles {
  private open: OpenFile | null = null;
  private last: FileIndex | null = null;

  constructor(
    private readonly root: string,
    private readonly limitBytes: number,
  ) {}

  /** Adds one episode's rows (`fromIndex`: its first row's dataset index); returns the file they go to. */
  add(columns: Column[], frames: number, fromIndex: number): FileIndex {
    if (this.open) {
      const size = this.sizeOf(this.open, columns);
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
      const offset = () => writer.offset;
      this.open = { pq, offset, at, firstFrame: fromIndex, written: 0, pending: [], pendingRows: 0 };
      this.last = at;
    }
    const open = this.open;
    open.pending.push(columns);
    open.pendingRows += frames;
    if (open.pendingRows >= ROW_GROUP_ROWS) this.flush(open);
    return open.at;
  }

  /** Writes the gathered rows and finishes the open file (its footer). */
  close(): void {
    if (!this.open) return;
    this.flush(this.open);
    void this.open.pq.finish();
    this.open = null;
  }

  private sizeOf(open: OpenFile, columns: Column[]): number {
    const perRow = open.written > 0 ? open.offset() / open.written : rawRowBytes(columns);
    return open.offset() + open.pendingRows * perRow;
  }

  private flush(open: OpenFile): void {
    if (open.pendingRows === 0) return;
    const first = open.pending[0]!;
    void open.pq.write({
      columnData: first.map((c, j) => ({
        name: c.name,
        data: open.pending.flatMap((cols) => cols[j]!.data) as never,
      })),
      rowGroupSize: open.pendingRows,
    });
    open.written += open.pendingRows;
    open.pending = [];
    open.pendingRows = 0;
  }
}
