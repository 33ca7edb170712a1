/**
 * Per-key failure limiter (keys are source addresses): after `maxFailures` failures within
 * `windowMs`, the key is refused until the oldest of those failures leaves the window. A sliding
 * log of at most `maxFailures` timestamps per key bounds memory per key; `maxKeys` bounds the
 * table so a flood of spoofed or rotating sources cannot grow it without limit (the oldest keys
 * are forgotten first). Time is passed in, which keeps this pure and testable without timers.
 */
export interface FailureLimiterOptions {
  maxFailures: number;
  windowMs: number;
  maxKeys?: number;
}

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSec: number };

export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly maxKeys: number;

  constructor(private readonly options: FailureLimiterOptions) {
    if (!(options.maxFailures >= 1) || !Number.isInteger(options.maxFailures)) throw new RangeError('maxFailures must be an integer >= 1');
    if (!(options.windowMs > 0)) throw new RangeError('windowMs must be > 0');
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /** Whether `key` may try again now; refused keys learn how many seconds to wait. */
  check(key: string, nowMs: number): LimitDecision {
    const recent = this.recent(key, nowMs);
    if (recent.length < this.options.maxFailures) return { allowed: true };
    const oldest = recent[recent.length - this.options.maxFailures]!;
    return { allowed: false, retryAfterSec: Math.max(1, Math.ceil((oldest + this.options.windowMs - nowMs) / 1000)) };
  }

  /** Records one failure of `key`; returns the decision for its next attempt. */
  fail(key: string, nowMs: number): LimitDecision {
    const recent = this.recent(key, nowMs);
    recent.push(nowMs);
    if (recent.length > this.options.maxFailures) recent.splice(0, recent.length - this.options.maxFailures);
    // Re-insert so Map order is "least recently failed first" for eviction.
    this.failures.delete(key);
    this.failures.set(key, recent);
    while (this.failures.size > this.maxKeys) this.failures.delete(this.failures.keys().next().value!);
    return this.check(key, nowMs);
  }

  /** Keys currently tracked (for tests and metrics). */
  get size(): number {
    return this.failures.size;
  }

  private recent(key: string, nowMs: number): number[] {
    const log = this.failures.get(key);
    if (!log) return [];
    const kept = log.filter((t) => t > nowMs - this.options.windowMs && t <= nowMs + this.options.windowMs);
    if (kept.length === 0) this.failures.delete(key);
    else if (kept.length !== log.length) this.failures.set(key, kept);
    return kept;
  }
}
