import { setTimeout as sleepMs } from 'node:timers/promises';
import { TokenBucket } from '../../domain/token-bucket.js';
import type { Embedder } from '../../ports/embedder.js';

export interface RateLimitOptions {
  /** Texts per second sent to the wrapped engine, on average. */
  ratePerSecond: number;
  /** Texts that may go out at once (the bucket's capacity); default max(1, ratePerSecond). */
  burst?: number;
  /** Injected for tests; default Date.now and node's timer. */
  now?: () => number;
  sleep?: (ms: number) => Promise<unknown>;
}

/**
 * Rate-limits an Embedder in texts per second. The unit is texts, not calls, because what an
 * external engine meters (and what costs it CPU) is the input, and `embed` batches vary in size.
 * A batch larger than the burst is split into slices of at most `burst` texts, each sent when
 * the bucket allows, so the engine never sees more than `burst` texts at once.
 */
export class RateLimitedEmbedder implements Embedder {
  readonly engine: string;
  readonly noiseDistance?: number;
  readonly semanticDistance?: number;
  readonly lexicalOnly?: boolean;
  private readonly bucket: TokenBucket;
  private readonly sliceSize: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<unknown>;

  constructor(
    private readonly inner: Embedder,
    options: RateLimitOptions,
  ) {
    this.engine = inner.engine;
    if (inner.noiseDistance !== undefined) this.noiseDistance = inner.noiseDistance;
    if (inner.semanticDistance !== undefined) this.semanticDistance = inner.semanticDistance;
    if (inner.lexicalOnly !== undefined) this.lexicalOnly = inner.lexicalOnly;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => sleepMs(ms));
    const burst = options.burst ?? Math.max(1, options.ratePerSecond);
    this.bucket = new TokenBucket(burst, options.ratePerSecond, this.now());
    this.sliceSize = Math.max(1, Math.floor(burst));
  }

  async embed(texts: readonly string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += this.sliceSize) {
      const slice = texts.slice(i, i + this.sliceSize);
      // Reserve before waiting: concurrent callers get later slots instead of racing.
      const waitMs = this.bucket.take(slice.length, this.now());
      if (waitMs > 0) await this.sleep(Math.ceil(waitMs));
      out.push(...(await this.inner.embed(slice)));
    }
    return out;
  }
}
