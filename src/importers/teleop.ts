import { parse } from 'csv-parse/sync';

/** A teleop log parsed into columns: float32 values, row-major, and int ns timestamps. */
export interface SeriesTable {
  columns: string[];
  timestampsNs: Float64Array;
  values: Float32Array;
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

/** Accepted timestamp columns and their unit (nanoseconds per unit). */
const TIME_COLUMNS: Record<string, number> = {
  timestamp_ns: 1,
  timestamp_us: 1e3,
  timestamp_ms: 1e6,
  timestamp: 1e9,
  timestamp_s: 1e9,
  time: 1e9,
  t: 1e9,
};

/** Epoch-like times (after 1980) are made relative to the first sample; smaller ones are kept as episode time. */
const ABSOLUTE_TIME_NS = 3.15e17;

export function parseCsv(text: string, file: string): SeriesTable {
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
  const timeIndex = header.findIndex((h) => Object.hasOwn(TIME_COLUMNS, h.toLowerCase()));
  if (timeIndex < 0) {
    throw new TeleopInputError(
      file,
      `no timestamp column: name one of ${Object.keys(TIME_COLUMNS).join(', ')} (found ${header.join(', ')})`,
    );
  }
  const unit = TIME_COLUMNS[header[timeIndex]!.toLowerCase()]!;
  const columns = header.filter((_, i) => i !== timeIndex);
  if (columns.length === 0) throw new TeleopInputError(file, 'has a timestamp column but no value columns');
  if (rows.length === 0) throw new TeleopInputError(file, 'has a header but no rows');
  const times = new Float64Array(rows.length);
  const values = new Float32Array(rows.length * columns.length);
  rows.forEach((row, r) => {
    const line = r + 2;
    if (row.length !== header.length) {
      throw new TeleopInputError(
        file,
        `line ${line}: ${row.length} values, but the header has ${header.length} columns`,
      );
    }
    let c = 0;
    row.forEach((cell, i) => {
      const v = toNumber(cell, file, line, header[i]!);
      if (i === timeIndex) times[r] = v * unit;
      else values[r * columns.length + c++] = v;
    });
  });
  return finish(file, columns, times, values, (r) => `line ${r + 2}`);
}

export function parseJsonl(text: string, file: string): SeriesTable {
  const lines = text.split(/\r?\n/);
  const records: { line: number; fields: Map<string, number> }[] = [];
  let timeKey: string | null = null;
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
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
    flatten(obj as Record<string, unknown>, '', fields, file, line);
    timeKey ??= [...fields.keys()].find((k) => Object.hasOwn(TIME_COLUMNS, k.toLowerCase())) ?? null;
    if (!timeKey) {
      throw new TeleopInputError(
        file,
        `line ${line}: no timestamp field: name one of ${Object.keys(TIME_COLUMNS).join(', ')}`,
      );
    }
    records.push({ line, fields });
  });
  if (records.length === 0 || !timeKey) throw new TeleopInputError(file, 'is empty');
  const tk: string = timeKey;
  const unit = TIME_COLUMNS[tk.toLowerCase()]!;
  const columns = [...records[0]!.fields.keys()].filter((k) => k !== tk);
  if (columns.length === 0) throw new TeleopInputError(file, 'has a timestamp field but no values');
  const times = new Float64Array(records.length);
  const values = new Float32Array(records.length * columns.length);
  records.forEach(({ line, fields }, r) => {
    if (fields.size !== columns.length + 1 || !fields.has(tk)) {
      throw new TeleopInputError(
        file,
        `line ${line}: ${fields.size} fields, but line ${records[0]!.line} has ${columns.length + 1}`,
      );
    }
    times[r] = fields.get(tk)! * unit;
    columns.forEach((c, i) => {
      const v = fields.get(c);
      if (v === undefined) throw new TeleopInputError(file, `line ${line}: field "${c}" is missing`);
      values[r * columns.length + i] = v;
    });
  });
  return finish(file, columns, times, values, (r) => `line ${records[r]!.line}`);
}

function flatten(
  obj: Record<string, unknown>,
  prefix: string,
  out: Map<string, number>,
  file: string,
  line: number,
) {
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
      flatten(v as Record<string, unknown>, key, out, file, line);
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
  return { columns, timestampsNs, values };
}

/**
 * Splits a table into streams by column prefix: `observation.state.x` goes to stream
 * `observation.state` as column `x`; columns without a dot go to the stream named `fallback`.
 */
export function splitByPrefix(table: SeriesTable, fallback: string): { name: string; table: SeriesTable }[] {
  const groups = new Map<string, number[]>();
  table.columns.forEach((c, i) => {
    const dot = c.lastIndexOf('.');
    const key = dot > 0 ? c.slice(0, dot) : fallback;
    const list = groups.get(key) ?? [];
    list.push(i);
    groups.set(key, list);
  });
  const n = table.timestampsNs.length;
  const width = table.columns.length;
  return [...groups].map(([name, idx]) => {
    const values = new Float32Array(n * idx.length);
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < idx.length; j++) values[r * idx.length + j] = table.values[r * width + idx[j]!]!;
    }
    const columns = idx.map((i) => {
      const c = table.columns[i]!;
      return name === fallback && !c.startsWith(`${fallback}.`) ? c : c.slice(name.length + 1);
    });
    return { name, table: { columns, timestampsNs: table.timestampsNs, values } };
  });
}
