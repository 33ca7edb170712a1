import { describe, expect, it } from 'vitest';
import { chunkSegments, type SearchChunk } from '../../src/domain/chunking.js';
import type { TranscriptSegment } from '../../src/ports/speech-to-text.js';

/** Back-to-back segments with the given durations, text "s0", "s1", ... */
function segments(durations: readonly number[]): TranscriptSegment[] {
  let t = 0;
  return durations.map((d, i) => {
    const s = { start: t, end: t + d, text: `s${i}` };
    t += d;
    return s;
  });
}

const names = (c: SearchChunk): string[] => c.segments.map((s) => s.text);

/** Deterministic PRNG (mulberry32) so the property test is reproducible. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('chunkSegments', () => {
  it('groups 4-second segments into ~20 s chunks overlapping by one segment', () => {
    const chunks = chunkSegments(segments(Array(12).fill(4)));
    expect(chunks.map((c) => [c.index, c.start, c.end])).toEqual([
      [0, 0, 20],
      [1, 16, 36],
      [2, 32, 48],
    ]);
    expect(chunks.map(names)).toEqual([
      ['s0', 's1', 's2', 's3', 's4'],
      ['s4', 's5', 's6', 's7', 's8'],
      ['s8', 's9', 's10', 's11'],
    ]);
    expect(chunks[0]!.text).toBe('s0 s1 s2 s3 s4');
  });

  it('never exceeds maxSec, except for a single segment that is longer on its own', () => {
    const chunks = chunkSegments(segments([5, 14, 12, 45, 3, 3]), { targetSec: 20, maxSec: 30, overlapSec: 5 });
    for (const c of chunks) {
      if (c.segments.length > 1) expect(c.end - c.start).toBeLessThanOrEqual(30);
    }
    // s2 stays short (12 s): adding the 45 s s3 would break maxSec. s3 is alone; its 45 s tail
    // is no overlap for 5 s, so s4 and s5 start fresh.
    expect(chunks.map(names)).toEqual([['s0', 's1'], ['s2'], ['s3'], ['s4', 's5']]);
  });

  it('drops overlap rather than break maxSec or repeat a chunk without new segments', () => {
    // s1 (10 s) is the best overlap for 8 s, but s1 + s2 span 35 s > maxSec: s2 starts alone.
    const chunks = chunkSegments(segments([12, 10, 25]), { targetSec: 20, maxSec: 30, overlapSec: 8 });
    expect(chunks.map(names)).toEqual([['s0', 's1'], ['s2']]);
  });

  it('leaves out segments without text or with non-finite times; no empty chunks', () => {
    const input = [
      { start: 0, end: 2, text: '  ' },
      { start: 2, end: 4, text: 'hello' },
      { start: Number.NaN, end: 5, text: 'broken' },
      { start: 4, end: 6, text: 'world' },
    ];
    const chunks = chunkSegments(input);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({ index: 0, start: 2, end: 6, text: 'hello world' });
    expect(chunkSegments([])).toEqual([]);
    expect(chunkSegments([{ start: 0, end: 1, text: '' }])).toEqual([]);
  });

  it('is deterministic: shuffled input gives the same chunks', () => {
    const ordered = segments([3, 7, 2, 9, 4, 6, 5, 8, 1, 4]);
    const shuffled = [ordered[5]!, ordered[0]!, ordered[9]!, ordered[3]!, ordered[1]!, ordered[7]!, ordered[2]!, ordered[8]!, ordered[4]!, ordered[6]!];
    expect(chunkSegments(shuffled)).toEqual(chunkSegments(ordered));
  });

  it('rejects options that cannot make progress', () => {
    expect(() => chunkSegments([], { targetSec: 0 })).toThrow(RangeError);
    expect(() => chunkSegments([], { targetSec: 20, maxSec: 10 })).toThrow(/targetSec/);
    expect(() => chunkSegments([], { overlapSec: 20 })).toThrow(RangeError);
  });

  it('keeps its invariants on random transcripts', () => {
    const next = random(42);
    for (let run = 0; run < 200; run++) {
      const count = 1 + Math.floor(next() * 60);
      const input = segments(Array.from({ length: count }, () => 0.2 + next() * (next() < 0.05 ? 40 : 9)));
      const options = { targetSec: 20, maxSec: 30, overlapSec: 5 };
      const chunks = chunkSegments(input, options);
      const position = new Map(input.map((s, i) => [s, i]));

      // Every segment is covered, chunks are contiguous runs in time order, each adds something new.
      const covered = new Set<number>();
      let lastNew = -1;
      chunks.forEach((c, i) => {
        expect(c.index).toBe(i);
        const idx = c.segments.map((s) => position.get(s)!);
        idx.forEach((p, j) => j > 0 && expect(p).toBe(idx[j - 1]! + 1));
        expect(idx.at(-1)!).toBeGreaterThan(lastNew);
        expect(idx[0]!).toBeLessThanOrEqual(lastNew + 1);
        lastNew = idx.at(-1)!;
        idx.forEach((p) => covered.add(p));
        expect(c.start).toBe(c.segments[0]!.start);
        expect(c.end).toBe(c.segments.at(-1)!.end);
        // Bounds: at most maxSec unless one segment; at least targetSec unless it is the last
        // chunk or the next segment would not fit.
        if (c.segments.length > 1) expect(c.end - c.start).toBeLessThanOrEqual(options.maxSec + 1e-9);
        const following = input[idx.at(-1)! + 1];
        if (following && c.end - c.start < options.targetSec) {
          expect(following.end - c.start).toBeGreaterThan(options.maxSec);
        }
      });
      expect(covered.size).toBe(input.length);

      // Overlap: a repeated tail never spans more than the chunk it came from.
      for (let i = 1; i < chunks.length; i++) {
        const shared = chunks[i]!.segments.filter((s) => chunks[i - 1]!.segments.includes(s));
        expect(shared.length).toBeLessThan(chunks[i - 1]!.segments.length);
        if (shared.length > 0) expect(shared).toEqual(chunks[i - 1]!.segments.slice(-shared.length));
      }
    }
  });
});
