import { parse } from 'csv-parse/sync';
import {
  FLOAT32_MAX,
  formatHours,
  INT64_NS_LIMIT,
  MAX_EPISODE_NS,
  MAX_JSON_DEPTH,
  outsideFloat32,
} from './limits';

/** A teleop log parsed into columns: float32 values, row-major, and int ns timestamps. */
export interface SeriesTable {
  columns: string[];
  timestampsNs: Float64Array;
  values: Float32Array;
}

/** One episode of a log: `index` is its `episode_index` value, null for a log without that column. */
export interface LogEpisode {
  index: number | null;
  table: SeriesTable;
}

export class TeleopInputError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'TeleopInputError';
  }
}

/** Accepted timestamp columns: nanoseconds per unit and the unit's name. */
const TIME_COLUMNS: Record<string, { ns: number; unit: string }> = {
  timestamp_ns: { ns: 1, unit: 'ns' },
  timestamp_us: { ns: 1e3, unit: 'µs' },
  timestamp_ms: { ns: 1e6, unit: 'ms' },
  timestamp: { ns: 1e9, unit: 's' },
  timestamp_s: { ns: 1e9, unit: 's' },
  time: { ns: 1e9, unit: 's' },
  t: { ns: 1e9, unit: 's' },
};

/** A column that splits one log into several episodes, one per value. */
const EPISODE_COLUMNS = ['episode_index', 'episode'];

/** Epoch-like times (after 1980) are made relative to the first sample; smaller ones are kept as episode time. */
const ABSOLUTE_TIME_NS = 3.15e17;

const timeColumn = (names: Iterable<string>) =>
  [...names].find((k) => Object.hasOwn(TIME_COLUMNS, k.toLowerCase())) ?? null;
const episodeColumn = (names: Iterable<string>) =>
  [...names].find((k) => EPISODE_COLUMNS.includes(k.toLowerCase())) ?? null;

type Where = 'column' | 'field';

/** A log's rows before they are split into episodes: times in ns, range-checked but not yet relative. */
class LogRows {
  private readonly times: number[] = [];
  private readonly values: number[] = [];
  private readonly episodes: number[] = [];
  private readonly lines: number[] = [];

  constructor(
    private readonly file: string,
    /** The value columns, without the time and episode columns. */
    readonly columns: string[],
    readonly time: { name: string; ns: number; unit: string },
    readonly episode: string | null,
  ) {}

  /** Adds a row; `text` gives a cell as written, for messages. */
  add(line: number, get: (name: string) => number, text: (name: string) => string, where: Where): void {
    const t = get(this.time.name);
    const ns = t * this.time.ns;
    if (!(Math.abs(ns) < INT64_NS_LIMIT)) {
      throw new TeleopInputError(
        this.file,
        `line ${line}, ${where} "${this.time.name}": ${text(this.time.name)} ${this.time.unit} is out of range (times are stored as int64 nanoseconds, up to about 292 years; is "${this.time.name}" really in ${this.time.unit}?)`,
      );
    }
    if (this.episode !== null) {
      const e = get(this.episode);
      if (!Number.isSafeInteger(e) || e < 0) {
        throw new TeleopInputError(
          this.file,
          `line ${line}, ${where} "${this.episode}": ${text(this.episode)} is not an episode number (a whole number from 0)`,
        );
      }
      this.episodes.push(e);
    }
    for (const c of this.columns) {
      const v = get(c);
      if (outsideFloat32(v)) {
        throw new TeleopInputError(
          this.file,
          `line ${line}, ${where} "${c}": ${text(c)} is outside the float32 range (±${FLOAT32_MAX.toPrecision(2)})`,
        );
      }
      this.values.push(v);
    }
    this.times.push(ns);
    this.lines.push(line);
  }

  /** One table per episode value, in ascending order; rows keep their order within an episode. */
  split(): LogEpisode[] {
    const width = this.columns.length;
    const byEpisode = new Map<number | null, number[]>();
    this.lines.forEach((_, r) => {
      const key = this.episode === null ? null : this.episodes[r]!;
      const rows = byEpisode.get(key);
      if (rows) rows.push(r);
      else byEpisode.set(key, [r]);
    });
    const order = [...byEpisode.keys()].sort((a, b) => (a ?? 0) - (b ?? 0));
    return order.map((index) => {
      const rows = byEpisode.get(index)!;
      const times = Float64Array.from(rows, (r) => this.times[r]!);
      const values = new Float32Array(rows.length * width);
      rows.forEach((r, i) => {
        for (let c = 0; c < width; c++) values[i * width + c] = this.values[r * width + c]!;
      });
      const where = (i: number) => `line ${this.lines[rows[i]!]}`;
      return { index, table: finish(this.file, this.columns, times, values, where, this.time) };
    });
  }
}

export function parseCsv(text: string, file: string): LogEpisode[] {
  let records: string[][];
  try {
    records = parse(text, {
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      bom: true,
    }) as string[][];
  } catch (e) {
    throw new TeleopInputError(file, `not valid CSV (${(e as Error).message})`);
  }
  const [header, ...rows] = records;
  if (!header || header.length === 0) throw new TeleopInputError(file, 'is empty');
  const seen = new Set<string>();
  for (const name of header) {
    if (!name) throw new TeleopInputError(file, 'line 1: a column has no name');
    if (seen.has(name)) throw new TeleopInputError(file, `line 1: column "${name}" appears twice`);
    seen.add(name);
  }
  const timeName = timeColumn(header);
  if (timeName === null) {
    throw new TeleopInputError(
      file,
      `no timestamp column: name one of ${Object.keys(TIME_COLUMNS).join(', ')} (found ${header.join(', ')})`,
    );
  }
  const episodeName = episodeColumn(header);
  const columns = header.filter((h) => h !== timeName && h !== episodeName);
  if (columns.length === 0) throw new TeleopInputError(file, 'has a timestamp column but no value columns');
  if (rows.length === 0) throw new TeleopInputError(file, 'has a header but no rows');
  const time = { name: timeName, ...TIME_COLUMNS[timeName.toLowerCase()]! };
  const out = new LogRows(file, columns, time, episodeName);
  const index = new Map(header.map((h, i) => [h, i]));
  rows.forEach((row, r) => {
    const line = r + 2;
    if (row.length !== header.length) {
      throw new TeleopInputError(
        file,
        `line ${line}: ${row.length} values, but the header has ${header.length} columns`,
      );
    }
    const numbers = row.map((cell, i) => toNumber(cell, file, line, header[i]!));
    out.add(
      line,
      (name) => numbers[index.get(name)!]!,
      (name) => row[index.get(name)!]!,
      'column',
    );
  });
  return out.split();
}

export function parseJsonl(text: string, file: string): LogEpisode[] {
  const lines = text.split(/\r?\n/);
  let out: LogRows | null = null;
  let firstLine = 0;
  for (const [i, raw] of lines.entries()) {
    const line = i + 1;
    if (!raw.trim()) continue;
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch (e) {
      throw new TeleopInputError(file, `line ${line}: not valid JSON (${(e as Error).message})`);
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      throw new TeleopInputError(file, `line ${line}: expected a JSON object`);
    }
    const fields = new Map<string, number>();
    flatten(obj as Record<string, unknown>, '', 0, fields, file, line);
    if (!out) {
      const timeName = timeColumn(fields.keys());
      if (timeName === null) {
        throw new TeleopInputError(
          file,
          `line ${line}: no timestamp field: name one of ${Object.keys(TIME_COLUMNS).join(', ')}`,
        );
      }
      const episodeName = episodeColumn(fields.keys());
      const columns = [...fields.keys()].filter((k) => k !== timeName && k !== episodeName);
      if (columns.length === 0) throw new TeleopInputError(file, 'has a timestamp field but no values');
      out = new LogRows(
        file,
        columns,
        { name: timeName, ...TIME_COLUMNS[timeName.toLowerCase()]! },
        episodeName,
      );
      firstLine = line;
    }
    const width = out.columns.length + (out.episode === null ? 1 : 2);
    if (fields.size !== width || !fields.has(out.time.name)) {
      throw new TeleopInputError(
        file,
        `line ${line}: ${fields.size} fields, but line ${firstLine} has ${width}`,
      );
    }
    const get = (name: string) => {
      const v = fields.get(name);
      if (v === undefined) throw new TeleopInputError(file, `line ${line}: field "${name}" is missing`);
      return v;
    };
    out.add(line, get, (name) => String(get(name)), 'field');
  }
  if (!out) throw new TeleopInputError(file, 'is empty');
  return out.split();
}

function flatten(
  obj: Record<string, unknown>,
  prefix: string,
  depth: number,
  out: Map<string, number>,
  file: string,
  line: number,
) {
  if (depth >= MAX_JSON_DEPTH) {
    throw new TeleopInputError(file, `line ${line}: nested too deeply (more than ${MAX_JSON_DEPTH} levels)`);
  }
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'number') {
      if (!Number.isFinite(v))
        throw new TeleopInputError(file, `line ${line}, field "${key}": not a finite number`);
      out.set(key, v);
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => {
        if (typeof item !== 'number' || !Number.isFinite(item)) {
          throw new TeleopInputError(
            file,
            `line ${line}, field "${key}[${i}]": ${JSON.stringify(item)} is not a finite number`,
          );
        }
        out.set(`${key}.${i}`, item);
      });
    } else if (typeof v === 'object' && v !== null) {
      flatten(v as Record<string, unknown>, key, depth + 1, out, file, line);
    } else {
      // JSON has no NaN/Infinity literal; writers emit them as strings or null.
      throw new TeleopInputError(
        file,
        `line ${line}, field "${key}": ${JSON.stringify(v)} is not a finite number`,
      );
    }
  }
}

function toNumber(cell: string, file: string, line: number, column: string): number {
  if (cell === '') throw new TeleopInputError(file, `line ${line}, column "${column}": empty value`);
  const v = Number(cell);
  if (!Number.isFinite(v)) {
    throw new TeleopInputError(file, `line ${line}, column "${column}": "${cell}" is not a finite number`);
  }
  return v;
}

function finish(
  file: string,
  columns: string[],
  rawTimes: Float64Array,
  values: Float32Array,
  where: (row: number) => string,
  time: { name: string; unit: string },
): SeriesTable {
  for (let r = 1; r < rawTimes.length; r++) {
    if (rawTimes[r]! === rawTimes[r - 1]!)
      throw new TeleopInputError(file, `${where(r)}: duplicate timestamp`);
    if (rawTimes[r]! < rawTimes[r - 1]!) {
      throw new TeleopInputError(file, `${where(r)}: timestamp goes backwards (timestamps must increase)`);
    }
  }
  const origin = rawTimes[0]! >= ABSOLUTE_TIME_NS ? rawTimes[0]! : 0;
  if (rawTimes[0]! < 0) throw new TeleopInputError(file, `${where(0)}: negative timestamp`);
  const timestampsNs = rawTimes.map((t) => Math.round(t - origin));
  const tooLate = timestampsNs.findIndex((t) => t > MAX_EPISODE_NS);
  if (tooLate >= 0) {
    throw new TeleopInputError(
      file,
      `${where(tooLate)}: ${formatHours(timestampsNs[tooLate]!)} after the first sample, more than the ${formatHours(MAX_EPISODE_NS)} an episode may last (is "${time.name}" really in ${time.unit}?)`,
    );
  }
  return { columns, timestampsNs, values };
}

/** Stream names LeRobot gives its features; `*` stands for one more dotted name (`observation.images.top`). */
const KNOWN_STREAMS = [
  'observation.state',
  'observation.environment_state',
  'observation.images.*',
  'action',
  'next.*',
];

/**
 * The stream a column belongs to: a known LeRobot feature name when the column starts with one
 * (`observation.state.shoulder_pan.pos` -> `observation.state`, column `shoulder_pan.pos`), else the
 * name up to the last dot; null for a column without a dot.
 */
export function streamOfColumn(column: string): { stream: string; column: string } | null {
  for (const known of KNOWN_STREAMS) {
    // A feature of one value (`action`, `next.reward`) is its own stream, its column the last name.
    if (column === known) return { stream: known, column: known.slice(known.lastIndexOf('.') + 1) };
    const fixed = known.endsWith('.*') ? known.slice(0, -1) : `${known}.`;
    if (!column.startsWith(fixed)) continue;
    const rest = column.slice(fixed.length);
    if (!known.endsWith('.*')) return rest ? { stream: known, column: rest } : null;
    const dot = rest.indexOf('.');
    if (dot < 0) return rest ? { stream: column, column: rest } : null;
    if (dot === 0 || dot === rest.length - 1) break;
    return { stream: fixed + rest.slice(0, dot), column: rest.slice(dot + 1) };
  }
  const dot = column.lastIndexOf('.');
  return dot > 0 && dot < column.length - 1
    ? { stream: column.slice(0, dot), column: column.slice(dot + 1) }
    : null;
}

/**
 * Splits a table into streams by column name (`streamOfColumn`); columns that name no stream go to
 * the stream named `fallback`.
 */
export function splitByPrefix(table: SeriesTable, fallback: string): { name: string; table: SeriesTable }[] {
  const groups = new Map<string, { index: number; column: string }[]>();
  table.columns.forEach((c, index) => {
    const where = streamOfColumn(c);
    const key = where?.stream ?? fallback;
    const column = where === null || (key === fallback && !c.startsWith(`${fallback}.`)) ? c : where.column;
    const list = groups.get(key) ?? [];
    list.push({ index, column });
    groups.set(key, list);
  });
  const n = table.timestampsNs.length;
  const width = table.columns.length;
  return [...groups].map(([name, cols]) => {
    const values = new Float32Array(n * cols.length);
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < cols.length; j++)
        values[r * cols.length + j] = table.values[r * width + cols[j]!.index]!;
    }
    const columns = cols.map((c) => c.column);
    return { name, table: { columns, timestampsNs: table.timestampsNs, values } };
  });
}
