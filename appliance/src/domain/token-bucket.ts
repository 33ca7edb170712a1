/**
 * A token bucket that hands out reservations: `take` always succeeds and says how long the
 * caller must wait before using what it took. The balance may go negative (debt), so callers
 * arriving together queue in arrival order instead of all waking at once and retrying. Time is
 * passed in (milliseconds), which keeps this pure and testable without fake timers.
 */
export class TokenBucket {
  readonly capacity: number;
  readonly refillPerSecond: number;
  private tokens: number;
  private lastMs: number;

  /** Starts full: a burst of `capacity` is allowed right away. */
  constructor(capacity: number, refillPerSecond: number, nowMs: number) {
    if (!(capacity > 0) || !Number.isFinite(capacity)) throw new RangeError(`token bucket capacity must be > 0, got ${capacity}`);
    if (!(refillPerSecond > 0) || !Number.isFinite(refillPerSecond)) {
      throw new RangeError(`token bucket refill rate must be > 0 per second, got ${refillPerSecond}`);
    }
    this.capacity = capacity;
    this.refillPerSecond = refillPerSecond;
    this.tokens = capacity;
    this.lastMs = nowMs;
  }

  private refill(nowMs: number): void {
    // A clock that steps backwards (NTP) must not mint or remove tokens.
    const elapsed = Math.max(0, nowMs - this.lastMs);
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.refillPerSecond) / 1000);
    this.lastMs = Math.max(this.lastMs, nowMs);
  }

  /**
   * Reserves `n` tokens and returns the milliseconds to wait before using them (0 = now).
   * `n` above the capacity is allowed and simply waits longer; callers that must never burst
   * above the capacity split their work (see RateLimitedEmbedder).
   */
  take(n: number, nowMs: number): number {
    if (!(n >= 0) || !Number.isFinite(n)) throw new RangeError(`token count must be a finite number >= 0, got ${n}`);
    this.refill(nowMs);
    this.tokens -= n;
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.refillPerSecond;
  }

  /** Tokens available at `nowMs` (negative while reservations are outstanding). */
  available(nowMs: number): number {
    this.refill(nowMs);
    return this.tokens;
  }
}
