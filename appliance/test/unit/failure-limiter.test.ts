import { describe, expect, it } from 'vitest';
import { FailureLimiter } from '../../src/domain/failure-limiter.js';

describe('FailureLimiter', () => {
  const limiter = () => new FailureLimiter({ maxFailures: 3, windowMs: 60_000, maxKeys: 2 });

  it('allows a source until it has failed maxFailures times within the window', () => {
    const l = limiter();
    expect(l.check('a', 0)).toEqual({ allowed: true });
    expect(l.fail('a', 0).allowed).toBe(true);
    expect(l.fail('a', 1000).allowed).toBe(true);
    expect(l.fail('a', 2000)).toEqual({ allowed: false, retryAfterSec: 58 });
    expect(l.check('a', 30_000)).toEqual({ allowed: false, retryAfterSec: 30 });
  });

  it('lets the source in again once the oldest failure leaves the window', () => {
    const l = limiter();
    for (const t of [0, 1000, 2000]) l.fail('a', t);
    expect(l.check('a', 60_001).allowed).toBe(true);
    // one more failure re-blocks only until the next-oldest leaves the window
    expect(l.fail('a', 60_002)).toEqual({ allowed: false, retryAfterSec: 1 });
  });

  it('keeps sources apart', () => {
    const l = limiter();
    for (const t of [0, 1, 2]) l.fail('a', t);
    expect(l.check('b', 3).allowed).toBe(true);
  });

  it('bounds its memory: the least recently failing source is forgotten first', () => {
    const l = limiter();
    l.fail('a', 0);
    l.fail('b', 1);
    l.fail('c', 2);
    expect(l.size).toBe(2);
    l.fail('b', 3);
    l.fail('d', 4);
    expect(l.size).toBe(2);
    expect(l.check('b', 5).allowed).toBe(true);
  });

  it('never asks to wait less than a second, and ignores failures from the far future', () => {
    const l = limiter();
    for (const t of [0, 0, 0]) l.fail('a', t);
    expect(l.check('a', 59_999)).toEqual({ allowed: false, retryAfterSec: 1 });
    const skew = limiter();
    for (let i = 0; i < 3; i += 1) skew.fail('a', 10_000_000);
    expect(skew.check('a', 0).allowed).toBe(true);
  });

  it('rejects nonsense options', () => {
    expect(() => new FailureLimiter({ maxFailures: 0, windowMs: 1 })).toThrow(RangeError);
    expect(() => new FailureLimiter({ maxFailures: 1, windowMs: 0 })).toThrow(RangeError);
  });
});
