import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

/** Longest single wait, so a rate change (or switching the limit off) takes effect quickly. */
const MAX_WAIT_MS = 250;

/**
 * One token bucket shared by every upload: the bandwidth limit is for all uploads together.
 * Tokens are bytes. The balance may go negative (a piece is taken whole, then paid off by
 * waiting), which keeps the long-run rate exact even when pieces are bigger than the burst.
 * The burst is ~100 ms of the rate so a short upload cannot run far above the limit.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private rate: number | null,
    private readonly now: () => number = () => performance.now(),
    private readonly wait: (ms: number) => Promise<unknown> = (ms) => sleep(ms),
  ) {
    this.last = now();
    this.tokens = this.capacity();
  }

  get bytesPerSecond(): number | null {
    return this.rate;
  }

  setRate(rate: number | null): void {
    this.refill();
    this.rate = rate;
    this.tokens = Math.min(this.tokens, this.capacity());
  }

  /** Resolves when `bytes` may be sent. Unlimited: at once. */
  async take(bytes: number): Promise<void> {
    if (this.rate === null) return;
    this.refill();
    this.tokens -= bytes;
    while (this.tokens < 0 && this.rate !== null) {
      await this.wait(Math.min(MAX_WAIT_MS, Math.ceil((-this.tokens / this.rate) * 1000)));
      this.refill();
    }
  }

  /** Piece size for this rate: small enough for a steady flow (and socket activity) at low rates. */
  pieceSize(): number {
    if (this.rate === null) return 64 * 1024;
    return Math.min(64 * 1024, Math.max(1024, Math.floor(this.rate / 8)));
  }

  private capacity(): number {
    return this.rate === null ? 0 : Math.max(1024, this.rate / 10);
  }

  private refill(): void {
    const t = this.now();
    const elapsed = Math.max(0, t - this.last) / 1000;
    this.last = t;
    if (this.rate !== null) this.tokens = Math.min(this.capacity(), this.tokens + elapsed * this.rate);
  }
}

/**
 * Wraps a byte stream (the file slice tus-js-client sends) so every piece is paid for in the
 * shared bucket before it goes out. Backpressure still works: nothing is read ahead beyond the
 * readable's buffer, so memory stays bounded whatever the file size.
 */
export function throttleStream(source: AsyncIterable<Buffer>, bucket: TokenBucket): Readable {
  async function* paced(): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      for (let offset = 0; offset < chunk.length; ) {
        const piece = chunk.subarray(offset, offset + bucket.pieceSize());
        await bucket.take(piece.length);
        offset += piece.length;
        yield piece;
      }
    }
  }
  return Readable.from(paced(), { objectMode: false, highWaterMark: 64 * 1024 });
}
