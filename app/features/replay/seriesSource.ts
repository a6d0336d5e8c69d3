import type { Stream } from '../../../src/common/api';

const CHUNK_ROWS = 16384;

interface Chunk {
  times: Float64Array;
  values: Float32Array;
}

export type FetchRange = (hash: string, start: number, endExclusive: number) => Promise<ArrayBuffer>;

/** Fetches a byte range of a blob over the media URL (the web host and Electron both serve ranges). */
export function rangeFetcher(mediaUrl: (hash: string) => string): FetchRange {
  return async (hash, start, end) => {
    const res = await fetch(mediaUrl(hash), {
      headers: { range: `bytes=${start}-${end - 1}` },
      credentials: 'same-origin',
    });
    if (!res.ok) throw new Error(`${hash.slice(0, 12)}: HTTP ${res.status}`);
    const buf = await res.arrayBuffer();
    // A server that ignores ranges sends the whole blob.
    return res.status === 200 && buf.byteLength > end - start ? buf.slice(start, end) : buf;
  };
}

/**
 * A numeric stream read in chunks of rows with HTTP range requests, so that opening an episode
 * never waits for a whole large series. Rows are found by time from the stream's average rate,
 * then corrected against the loaded chunk's timestamps.
 */
export class SeriesSource {
  readonly columns: readonly string[];
  readonly rows: number;
  private readonly chunks = new Map<number, Chunk>();
  private readonly loading = new Map<number, Promise<Chunk>>();
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly stream: Stream,
    private readonly fetchRange: FetchRange,
  ) {
    this.columns = stream.columns;
    this.rows = stream.frames;
  }

  get chunkCount(): number {
    return Math.ceil(this.rows / CHUNK_ROWS);
  }

  get loadedChunks(): number {
    return this.chunks.size;
  }

  onDidLoad(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  load(k: number): Promise<Chunk> {
    const have = this.chunks.get(k);
    if (have) return Promise.resolve(have);
    const pending = this.loading.get(k);
    if (pending) return pending;
    const first = k * CHUNK_ROWS;
    const n = Math.min(CHUNK_ROWS, this.rows - first);
    const w = this.columns.length;
    const p = Promise.all([
      this.fetchRange(this.stream.timestampsBlob, first * 8, (first + n) * 8),
      this.fetchRange(this.stream.blob, first * w * 4, (first + n) * w * 4),
    ]).then(([t, v]) => {
      const ints = new BigInt64Array(t, 0, n);
      const chunk = {
        times: Float64Array.from(ints, (x) => Number(x)),
        values: new Float32Array(v, 0, n * w),
      };
      this.chunks.set(k, chunk);
      this.loading.delete(k);
      for (const l of this.listeners) l();
      return chunk;
    });
    this.loading.set(k, p);
    return p;
  }

  /** Loads every chunk, nearest to `row` first, one at a time. */
  async loadAll(row = 0, signal?: AbortSignal): Promise<void> {
    const start = Math.floor(row / CHUNK_ROWS);
    const order = Array.from({ length: this.chunkCount }, (_, k) => k).sort(
      (a, b) => Math.abs(a - start) - Math.abs(b - start),
    );
    for (const k of order) {
      if (signal?.aborted) return;
      await this.load(k);
    }
  }

  private estimateChunk(tNs: number): number {
    const frac = this.stream.durationNs > 0 ? tNs / this.stream.durationNs : 0;
    return Math.min(this.chunkCount - 1, Math.max(0, Math.floor((frac * this.rows) / CHUNK_ROWS)));
  }

  /**
   * The row at or before `tNs` when its chunk is loaded (else null, and the chunk is requested).
   * Returns the row's values and time.
   */
  rowAt(tNs: number): { values: Float32Array; timeNs: number } | null {
    let k = this.estimateChunk(tNs);
    for (let guard = 0; guard < this.chunkCount; guard++) {
      const chunk = this.chunks.get(k);
      if (!chunk) {
        void this.load(k);
        return null;
      }
      const n = chunk.times.length;
      if (k > 0 && tNs < chunk.times[0]!) k--;
      else if (k < this.chunkCount - 1 && tNs >= chunk.times[n - 1]! && !this.precedes(k + 1, tNs)) k++;
      else {
        let lo = 0;
        let hi = n - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (chunk.times[mid]! <= tNs) lo = mid;
          else hi = mid - 1;
        }
        const w = this.columns.length;
        return { values: chunk.values.subarray(lo * w, lo * w + w), timeNs: chunk.times[lo]! };
      }
    }
    return null;
  }

  /** True when chunk k is loaded and starts after t (so t belongs to the chunk before). */
  private precedes(k: number, tNs: number): boolean {
    const c = this.chunks.get(k);
    return c !== undefined && c.times[0]! > tNs;
  }

  /** Every loaded row in time order, as columns for plotting (times in seconds). */
  columnsForPlot(): { times: Float64Array; columns: Float64Array[] } {
    const keys = [...this.chunks.keys()].sort((a, b) => a - b);
    const total = keys.reduce((s, k) => s + this.chunks.get(k)!.times.length, 0);
    const w = this.columns.length;
    const times = new Float64Array(total);
    const columns = Array.from({ length: w }, () => new Float64Array(total));
    let at = 0;
    for (const k of keys) {
      const c = this.chunks.get(k)!;
      for (let r = 0; r < c.times.length; r++, at++) {
        times[at] = c.times[r]! / 1e9;
        for (let j = 0; j < w; j++) columns[j]![at] = c.values[r * w + j]!;
      }
    }
    return { times, columns };
  }
}
