export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** Share of the delay randomised (0.2 = +-20%) so many clients do not retry in lockstep. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2_000, maxMs: 60_000, jitter: 0.2 };

/** Exponential backoff: attempt 1 -> base, 2 -> 2x base, ... capped at max, with jitter. */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempt - 1);
  const raw = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(exponent, 30));
  const spread = raw * options.jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(raw + spread));
}
