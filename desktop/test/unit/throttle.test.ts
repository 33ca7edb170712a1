import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { throttleStream, TokenBucket } from '../../src/core/throttle.js';

/** A virtual clock: waiting advances time instantly, so rates are checked exactly and fast. */
function virtualClock() {
  let now = 0;
  return {
    now: () => now,
    wait: async (ms: number) => {
      now += ms;
    },
    elapsed: () => now,
  };
}

describe('TokenBucket', () => {
  it('paces a long transfer at the rate (burst of ~100 ms only)', async () => {
    const clock = virtualClock();
    const bucket = new TokenBucket(1024 * 1024, clock.now, clock.wait);
    const total = 4 * 1024 * 1024;
    for (let sent = 0; sent < total; sent += 64 * 1024) await bucket.take(64 * 1024);
    // 4 MiB at 1 MiB/s = 4 s, minus the initial burst (100 ms of tokens).
    expect(clock.elapsed()).toBeGreaterThanOrEqual(3_850);
    expect(clock.elapsed()).toBeLessThanOrEqual(4_050);
  });

  it('is shared: three takers together get the rate, not three times it', async () => {
    const clock = virtualClock();
    const bucket = new TokenBucket(300 * 1024, clock.now, clock.wait);
    const worker = async () => {
      for (let i = 0; i < 50; i++) await bucket.take(4096);
    };
    await Promise.all([worker(), worker(), worker()]);
    const bytes = 3 * 50 * 4096;
    expect(clock.elapsed() / 1000).toBeGreaterThanOrEqual((bytes / (300 * 1024)) * 0.85);
  });

  it('takes pieces bigger than the burst by paying off a negative balance', async () => {
    const clock = virtualClock();
    const bucket = new TokenBucket(10_000, clock.now, clock.wait);
    await bucket.take(50_000);
    expect(clock.elapsed()).toBeGreaterThanOrEqual(4_800);
  });

  it('does not wait at all when unlimited, and a rate change applies at once', async () => {
    const clock = virtualClock();
    const bucket = new TokenBucket(null, clock.now, clock.wait);
    await bucket.take(100 * 1024 * 1024);
    expect(clock.elapsed()).toBe(0);
    bucket.setRate(1024);
    await bucket.take(2048);
    expect(clock.elapsed()).toBeGreaterThan(500);
    bucket.setRate(null);
    const before = clock.elapsed();
    await bucket.take(1 << 30);
    expect(clock.elapsed()).toBe(before);
  });

  it('uses small pieces at low rates so the socket never idles long', () => {
    expect(new TokenBucket(1024).pieceSize()).toBe(1024);
    expect(new TokenBucket(1024 * 1024).pieceSize()).toBe(64 * 1024);
    expect(new TokenBucket(null).pieceSize()).toBe(64 * 1024);
  });
});

describe('throttleStream', () => {
  it('passes every byte through unchanged, in order', async () => {
    const input = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
    const bucket = new TokenBucket(null);
    const chunks: Buffer[] = [];
    for await (const chunk of throttleStream(Readable.from([input.subarray(0, 100_000), input.subarray(100_000)]), bucket)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(input)).toBe(true);
  });

  it('limits a real stream to the rate within 20%', async () => {
    const bucket = new TokenBucket(256 * 1024);
    const input = Buffer.alloc(256 * 1024);
    const started = performance.now();
    let bytes = 0;
    for await (const chunk of throttleStream(Readable.from([input]), bucket)) bytes += (chunk as Buffer).length;
    const seconds = (performance.now() - started) / 1000;
    expect(bytes).toBe(input.length);
    expect(seconds).toBeGreaterThan(0.9 * 0.8);
    expect(seconds).toBeLessThan(0.9 * 1.2 + 0.1);
  });
});
