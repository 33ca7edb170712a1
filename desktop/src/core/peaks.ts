/**
 * Waveform peaks from raw mono s16le PCM (what `ffmpeg -ac 1 -ar 8000 -f s16le -` writes).
 * Samples are folded into fixed blocks as they stream in (one max per block), so memory grows
 * with duration / block, never with the PCM itself; `peaks(n)` then folds blocks into n bins.
 */
export class PeakReducer {
  private maxima = new Float32Array(1024);
  private count = 0;
  private current = 0;
  private inBlock = 0;
  private carry: number | null = null;

  constructor(private readonly blockSamples: number) {
    if (!Number.isInteger(blockSamples) || blockSamples < 1) throw new Error('blockSamples must be a positive integer');
  }

  /** Feeds PCM bytes; chunks may split a sample in two (odd lengths are carried over). */
  push(bytes: Uint8Array): void {
    let i = 0;
    if (this.carry !== null && bytes.length > 0) {
      this.sample(toInt16(this.carry | (bytes[0]! << 8)));
      this.carry = null;
      i = 1;
    }
    for (; i + 1 < bytes.length; i += 2) this.sample(toInt16(bytes[i]! | (bytes[i + 1]! << 8)));
    if (i < bytes.length) this.carry = bytes[i]!;
  }

  /** Samples seen so far (for the share of the timeline a partial pass covers). */
  get samples(): number {
    return this.count * this.blockSamples + this.inBlock;
  }

  /** n peaks in 0..1 over everything pushed so far. */
  peaks(n: number): number[] {
    const blocks = this.inBlock > 0 ? [...this.maxima.subarray(0, this.count), this.current] : [...this.maxima.subarray(0, this.count)];
    return reducePeaks(blocks, n);
  }

  private sample(value: number): void {
    const amplitude = Math.abs(value) / 32768;
    if (amplitude > this.current) this.current = amplitude;
    if (++this.inBlock === this.blockSamples) {
      if (this.count === this.maxima.length) {
        const grown = new Float32Array(this.maxima.length * 2);
        grown.set(this.maxima);
        this.maxima = grown;
      }
      this.maxima[this.count++] = this.current;
      this.current = 0;
      this.inBlock = 0;
    }
  }
}

function toInt16(unsigned: number): number {
  return unsigned >= 0x8000 ? unsigned - 0x10000 : unsigned;
}

/**
 * Folds values into n bins by maximum (a peak must never vanish by averaging). Fewer values than
 * bins: each value covers several bins, so the waveform still spans the full width.
 */
export function reducePeaks(values: ArrayLike<number>, n: number): number[] {
  if (n <= 0 || values.length === 0) return [];
  const out: number[] = new Array<number>(n);
  for (let bin = 0; bin < n; bin++) {
    const start = Math.floor((bin * values.length) / n);
    const end = Math.max(start + 1, Math.floor(((bin + 1) * values.length) / n));
    let max = 0;
    for (let i = start; i < end && i < values.length; i++) max = Math.max(max, values[i]!);
    out[bin] = Math.round(Math.min(1, max) * 1000) / 1000;
  }
  return out;
}

/**
 * A coarse pass covers only the start of the file: its peaks take the matching share of the n
 * bins and the rest stays 0 until the full pass replaces them, so the timeline is never stretched.
 */
export function partialPeaks(reducer: PeakReducer, n: number, coveredShare: number): number[] {
  const share = Math.min(1, Math.max(0, coveredShare));
  const bins = Math.max(1, Math.round(n * share));
  const head = reducer.peaks(bins);
  return [...head, ...new Array<number>(Math.max(0, n - head.length)).fill(0)];
}
