import type { SeriesTable } from '../teleop';

/**
 * Rows of one series as they are read: float32 values and int64 ns times in buffers that grow by
 * doubling. Rows may come out of time order (an unindexed file): `table` sorts them.
 */
export class SeriesCollector {
  private values: Float32Array;
  private times = new BigInt64Array(64);
  rows = 0;

  constructor(readonly columns: string[]) {
    this.values = new Float32Array(64 * Math.max(1, columns.length));
  }

  /** Appends a row; `value(i)` gives column i (NaN where the message has no value). */
  push(timeNs: bigint, value: (column: number) => number): void {
    const width = this.columns.length;
    if (this.rows === this.times.length) {
      const times = new BigInt64Array(this.times.length * 2);
      times.set(this.times);
      this.times = times;
      const values = new Float32Array(this.values.length * 2);
      values.set(this.values);
      this.values = values;
    }
    const base = this.rows * width;
    for (let c = 0; c < width; c++) this.values[base + c] = value(c);
    this.times[this.rows++] = timeNs;
  }

  /** Whether any row has a value (a joint state may leave velocity and effort empty). */
  get hasValues(): boolean {
    const n = this.rows * this.columns.length;
    for (let i = 0; i < n; i++) if (!Number.isNaN(this.values[i]!)) return true;
    return false;
  }

  get firstNs(): bigint | null {
    let min: bigint | null = null;
    for (let i = 0; i < this.rows; i++) if (min === null || this.times[i]! < min) min = this.times[i]!;
    return min;
  }

  /** The rows in time order, times in ns from `startNs`. */
  table(startNs: bigint): SeriesTable {
    const width = this.columns.length;
    const order = Array.from({ length: this.rows }, (_, i) => i);
    const times = this.times;
    order.sort((a, b) => (times[a]! < times[b]! ? -1 : times[a]! > times[b]! ? 1 : a - b));
    const values = new Float32Array(this.rows * width);
    const timestampsNs = new Float64Array(this.rows);
    order.forEach((from, to) => {
      values.set(this.values.subarray(from * width, (from + 1) * width), to * width);
      timestampsNs[to] = Number(times[from]! - startNs);
    });
    return { columns: this.columns, timestampsNs, values };
  }
}
