import { describe, expect, it } from 'vitest';
import { RateLimitedEmbedder } from '../../src/adapters/embed/rate-limited.js';
import { TokenBucket } from '../../src/domain/token-bucket.js';
import type { Embedder } from '../../src/ports/embedder.js';

describe('TokenBucket', () => {
  it('allows a burst of its capacity, then makes callers wait for the refill', () => {
    const bucket = new TokenBucket(5, 10, 0); // 5 at once, 10 per second
    expect(bucket.take(5, 0)).toBe(0);
    expect(bucket.take(1, 0)).toBe(100);
    expect(bucket.take(2, 0)).toBe(300); // queued behind the previous reservation
  });

  it('refills with time, never above the capacity', () => {
    const bucket = new TokenBucket(5, 10, 0);
    bucket.take(5, 0);
    expect(bucket.available(250)).toBeCloseTo(2.5, 12);
    expect(bucket.available(60_000)).toBe(5);
    expect(bucket.take(5, 60_000)).toBe(0);
  });

  it('accepts requests above the capacity with a longer wait', () => {
    const bucket = new TokenBucket(2, 4, 1000);
    expect(bucket.take(10, 1000)).toBe(2000);
  });

  it('ignores a clock that steps backwards', () => {
    const bucket = new TokenBucket(1, 1, 10_000);
    bucket.take(1, 10_000);
    expect(bucket.take(1, 5_000)).toBe(1000);
    expect(bucket.available(10_500)).toBeCloseTo(-0.5, 12);
  });

  it('rejects impossible settings and counts', () => {
    expect(() => new TokenBucket(0, 1, 0)).toThrow(RangeError);
    expect(() => new TokenBucket(1, 0, 0)).toThrow(/refill/);
    expect(() => new TokenBucket(1, Number.POSITIVE_INFINITY, 0)).toThrow(RangeError);
    expect(() => new TokenBucket(1, 1, 0).take(-1, 0)).toThrow(RangeError);
  });
});

describe('RateLimitedEmbedder', () => {
  function fakeEngine(): Embedder & { calls: string[][] } {
    const calls: string[][] = [];
    return {
      engine: 'fake',
      calls,
      async embed(texts) {
        calls.push([...texts]);
        return texts.map((t) => [t.length]);
      },
    };
  }

  it('waits per the bucket and never sends more than the burst at once', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const inner = fakeEngine();
    const limited = new RateLimitedEmbedder(inner, {
      ratePerSecond: 2,
      burst: 2,
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    });
    const out = await limited.embed(['a', 'bb', 'ccc', 'dddd', 'eeeee']);
    expect(out).toEqual([[1], [2], [3], [4], [5]]);
    expect(inner.calls).toEqual([['a', 'bb'], ['ccc', 'dddd'], ['eeeee']]);
    expect(sleeps).toEqual([1000, 500]);
    expect(limited.engine).toBe('fake');
  });

  it('does not wait within the burst', async () => {
    const sleeps: number[] = [];
    const limited = new RateLimitedEmbedder(fakeEngine(), { ratePerSecond: 10, sleep: async (ms) => sleeps.push(ms) });
    await limited.embed(['a', 'b', 'c']);
    expect(sleeps).toEqual([]);
    expect(await limited.embed([])).toEqual([]);
  });

  it('really waits with the default timer', async () => {
    const limited = new RateLimitedEmbedder(fakeEngine(), { ratePerSecond: 20, burst: 1 });
    const started = Date.now();
    await limited.embed(['a', 'b', 'c']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90); // two waits of ~50 ms
  });
});
