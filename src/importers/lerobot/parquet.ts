import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, type FileMetaData } from 'hyparquet';
import { ImportInputError } from '../inputError';

/** A parquet file opened for reads of byte ranges: only the footer and the row groups asked for are read. */
export interface ParquetFile {
  file: string;
  rows: number;
  columns: string[];
  read(columns: string[], rowStart: number, rowEnd: number): Promise<Record<string, unknown>[]>;
}

export async function openParquet(file: string): Promise<ParquetFile> {
  let buffer;
  let metadata: FileMetaData;
  try {
    buffer = await asyncBufferFromFile(file);
    metadata = await parquetMetadataAsync(buffer);
  } catch (e) {
    throw new ImportInputError(file, `${file}: not a readable parquet file (${reason(e)})`);
  }
  const top = metadata.schema[0]?.num_children ?? 0;
  const columns: string[] = [];
  // The top-level fields: walk the flattened schema, skipping each field's children.
  for (let i = 1, seen = 0; i < metadata.schema.length && seen < top; seen++) {
    const el = metadata.schema[i]!;
    columns.push(el.name);
    i += 1 + descendants(metadata, i);
  }
  const file_ = buffer;
  const groups = rowGroups(metadata);
  // The last row group read whole: v3 episodes lie end to end in a file, and each windowed read would
  // otherwise decode its whole row group again (1,000 episodes of one group: 1,000 decodes of it).
  let cached: { key: string; rows: Promise<Record<string, unknown>[]> } | null = null;
  const readGroup = (g: RowGroup, wanted: string[]) => {
    const key = `${g.start}\0${wanted.join('\0')}`;
    if (cached?.key !== key) {
      const rows = parquetReadObjects({
        file: file_,
        metadata,
        columns: wanted,
        rowStart: g.start,
        rowEnd: g.end,
      });
      cached = { key, rows };
      // A failed read is not kept.
      rows.catch(() => (cached?.rows === rows ? (cached = null) : null));
    }
    return cached.rows;
  };
  return {
    file,
    rows: Number(metadata.num_rows),
    columns,
    async read(wanted, rowStart, rowEnd) {
      try {
        const g = groups.find((x) => x.start <= rowStart && rowEnd <= x.end);
        if (g && g.bytes <= MAX_CACHED_GROUP_BYTES && rowEnd - rowStart < g.end - g.start)
          return (await readGroup(g, wanted)).slice(rowStart - g.start, rowEnd - g.start);
        return await parquetReadObjects({ file: file_, metadata, columns: wanted, rowStart, rowEnd });
      } catch (e) {
        throw new ImportInputError(
          file,
          `${file}: rows ${rowStart}–${rowEnd - 1} cannot be read (${reason(e)}); is the file damaged?`,
        );
      }
    },
  };
}

/** Row groups at most this large (uncompressed, all columns) are decoded once for the windows inside them. */
const MAX_CACHED_GROUP_BYTES = 16 * 1024 * 1024;

interface RowGroup {
  start: number;
  end: number;
  bytes: number;
}

function rowGroups(metadata: FileMetaData): RowGroup[] {
  const out: RowGroup[] = [];
  let at = 0;
  for (const g of metadata.row_groups) {
    const n = Number(g.num_rows);
    out.push({ start: at, end: at + n, bytes: Number(g.total_byte_size) });
    at += n;
  }
  return out;
}

function descendants(metadata: FileMetaData, i: number): number {
  const n = metadata.schema[i]?.num_children ?? 0;
  let count = 0;
  for (let c = 0; c < n; c++) {
    const at = i + 1 + count;
    count += 1 + descendants(metadata, at);
  }
  return count;
}

const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A whole number from a parquet cell (int64 cells arrive as bigint). */
export function integer(v: unknown): number | null {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : null;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  return null;
}
