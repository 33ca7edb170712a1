import { describe, expect, it } from 'vitest';
import { partialPeaks, PeakReducer, reducePeaks } from '../../src/core/peaks.js';

function pcm(samples: number[]): Buffer {
  const buffer = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => buffer.writeInt16LE(s, i * 2));
  return buffer;
}

describe('reducePeaks', () => {
  it('keeps the maximum of each bin (a peak never vanishes by averaging)', () => {
    expect(reducePeaks([0.1, 0.9, 0.2, 0.3, 0.4, 0.1], 3)).toEqual([0.9, 0.3, 0.4]);
  });
  it('stretches fewer values over all bins', () => {
    expect(reducePeaks([0.5, 1], 4)).toEqual([0.5, 0.5, 1, 1]);
  });
  it('handles empty input and clamps to 1', () => {
    expect(reducePeaks([], 10)).toEqual([]);
    expect(reducePeaks([3], 1)).toEqual([1]);
  });
});

describe('PeakReducer', () => {
  it('folds s16le samples into normalised block peaks', () => {
    const reducer = new PeakReducer(2);
    reducer.push(pcm([0, 16384, -32768, 100, 8192, 0]));
    expect(reducer.samples).toBe(6);
    expect(reducer.peaks(3)).toEqual([0.5, 1, 0.25]);
  });

  it('accepts chunks that split a sample in two', () => {
    const bytes = pcm([1000, -20000, 30000, 5]);
    const whole = new PeakReducer(1);
    whole.push(bytes);
    const split = new PeakReducer(1);
    split.push(bytes.subarray(0, 3));
    split.push(bytes.subarray(3, 5));
    split.push(bytes.subarray(5));
    expect(split.peaks(4)).toEqual(whole.peaks(4));
  });

  it('keeps memory per block, not per sample, over a long input', () => {
    const reducer = new PeakReducer(80);
    const second = pcm(Array.from({ length: 8000 }, (_, i) => Math.round(Math.sin(i / 10) * 16000)));
    for (let i = 0; i < 600; i++) reducer.push(second); // 10 minutes at 8 kHz
    const peaks = reducer.peaks(200);
    expect(peaks).toHaveLength(200);
    expect(Math.min(...peaks)).toBeGreaterThan(0.45);
  });

  it('a coarse pass fills only its share of the timeline', () => {
    const reducer = new PeakReducer(1);
    reducer.push(pcm(Array(10).fill(16384)));
    const peaks = partialPeaks(reducer, 10, 0.3);
    expect(peaks).toEqual([0.5, 0.5, 0.5, 0, 0, 0, 0, 0, 0, 0]);
  });
});
