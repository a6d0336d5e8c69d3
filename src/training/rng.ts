/**
 * A small seeded generator (sfc32) whose whole state is four integers, so that a training run can
 * store it in a checkpoint and resume with exactly the batches an uninterrupted run would have drawn.
 */
export type RngState = [number, number, number, number];

export class Rng {
  private s: RngState;

  constructor(seed: number | RngState) {
    if (Array.isArray(seed)) {
      this.s = [seed[0] | 0, seed[1] | 0, seed[2] | 0, seed[3] | 0];
    } else {
      this.s = [0x9e3779b9, seed | 0, 0x243f6a88, (seed * 0x85ebca6b) | 0];
      // Discard the first outputs: they still echo the seed.
      for (let i = 0; i < 16; i++) this.nextUint32();
    }
  }

  state(): RngState {
    return [...this.s];
  }

  nextUint32(): number {
    let [a, b, c, d] = this.s;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    this.s = [a, b, c, d];
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Fisher-Yates shuffle in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }
}
