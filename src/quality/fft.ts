/** Magnitude spectrum of a real signal, zero-padded to `n` (a power of two): bins 0..n/2. */
export function magnitudeSpectrum(signal: ArrayLike<number>, n: number): Float64Array {
  if (n < 1 || (n & (n - 1)) !== 0) throw new Error(`FFT size ${n} is not a power of two`);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let i = 0; i < Math.min(n, signal.length); i++) re[i] = signal[i] as number;
  // Iterative radix-2 Cooley-Tukey: bit-reversal permutation, then butterflies.
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k;
        const b = a + len / 2;
        const tr = re[b]! * cr - im[b]! * ci;
        const ti = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a] = re[a]! + tr;
        im[a] = im[a]! + ti;
        const nr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = nr;
      }
    }
  }
  const out = new Float64Array(n / 2 + 1);
  for (let i = 0; i <= n / 2; i++) out[i] = Math.hypot(re[i]!, im[i]!);
  return out;
}

/**
 * Spectral arc length (SPARC, Balasubramanian et al. 2015) of a speed profile sampled at `hz`:
 * the length of the normalised magnitude spectrum's curve up to the adaptive cut-off. A minimum-jerk
 * reach is about -1.4; more negative is less smooth. 0 for a profile without movement.
 */
export function sparc(speed: ArrayLike<number>, hz: number, o = { padLevel: 4, maxHz: 10, amplitude: 0.05 }) {
  if (speed.length < 2) return 0;
  const n = 2 ** (Math.ceil(Math.log2(speed.length)) + o.padLevel);
  const mag = magnitudeSpectrum(speed, n);
  const dc = mag[0]!;
  if (!(dc > 0)) return 0;
  const df = hz / n;
  const maxBin = Math.min(mag.length - 1, Math.floor(o.maxHz / df));
  // Adaptive cut-off: the last bin up to maxHz whose magnitude is still above the amplitude threshold.
  let last = 0;
  for (let i = 0; i <= maxBin; i++) if (mag[i]! / dc >= o.amplitude) last = i;
  if (last === 0) return 0;
  const fc = last * df;
  let length = 0;
  for (let i = 1; i <= last; i++) {
    length += Math.hypot(df / fc, (mag[i]! - mag[i - 1]!) / dc);
  }
  return -length;
}
