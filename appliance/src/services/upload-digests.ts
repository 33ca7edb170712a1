import { createHash, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { Database } from '../ports/database.js';
import type { UploadStorage } from '../ports/upload-storage.js';

/** Why a chain of PATCH requests could not be hashed on the fly (a metric label). */
export type ChainBreak = 'no_state' | 'ahead_of_store' | 'gap_unreadable';

/** The SHA-256 of zero bytes: a zero-length upload is finished at creation and never written. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Uploads hashed at once before the least recently written one is dropped (it re-reads later). */
const MAX_RUNNING = 10_000;

interface Running {
  hash: Hash;
  /** Bytes the hash has seen: the upload offset it stands for. */
  length: number;
}

/** One write in progress: `update` with each chunk, then `finish` or `abandon`. */
export interface DigestWrite {
  update(chunk: Buffer): void;
  /** Settles the write against the offset the store reports after it. */
  finish(newOffset: number): Promise<void>;
  /** The write failed: go back to the state before it (the next request's offset decides). */
  abandon(): void;
}

/**
 * The SHA-256 of every upload, computed from the bytes as tus writes them.
 *
 * Chosen design: node:crypto's native hash, kept in this process's memory per upload between
 * PATCH requests. It runs at ~1 GB/s here, 10-15x a JavaScript or WebAssembly SHA-256 whose
 * state could be saved to the database (measured: 75 and 100 MB/s on this 2-core machine, which
 * would cap every upload far below disk and LAN speed). The price: the native state cannot leave
 * the process, so an appliance restart mid-upload, or the next request landing on another api
 * replica, breaks the chain. A break is counted (biblio_upload_hash_chain_breaks_total) and the
 * validate stage reads the finished file once to fill in the digest: every finished upload gets
 * its sha256, read again only in that exceptional case.
 *
 * Each write is checked against the offset it starts from:
 * - equal: hash the new bytes on top (any number of requests, pauses and network drops);
 * - the hash is behind (a failed request whose bytes the store kept): hash the missing range
 *   from the store when it can read an unfinished upload (filesystem); S3 cannot, so it breaks;
 * - ahead, or nothing running past offset 0: broken.
 */
export class UploadDigests {
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly db: Database,
    private readonly storage: UploadStorage,
    private readonly log: Logger,
    private readonly countBreak: (reason: ChainBreak) => void = () => undefined,
    private readonly maxRunning = MAX_RUNNING,
  ) {}

  /**
   * A write of upload `key` starting at `offset`, or null when its digest cannot be followed
   * (not an upload being received, or a broken chain).
   */
  async begin(mediaId: string, key: string, offset: number): Promise<DigestWrite | null> {
    const media = await this.db.media.findById(mediaId);
    if (!media || media.status !== 'UPLOADING' || media.sha256 !== null) return null;
    const running = await this.continuable(mediaId, key, offset);
    if (!running) return null;
    // A checkpoint to return to when the store keeps less than passed through the hash.
    const checkpoint = running.hash.copy();
    let seen = 0;
    return {
      update: (chunk) => {
        running.hash.update(chunk);
        seen += chunk.length;
      },
      finish: async (newOffset) => {
        if (offset + seen === newOffset) {
          running.length = newOffset;
        } else {
          // Fewer bytes stored than hashed: continue from the checkpoint, reading what the store
          // kept beyond it (filesystem), or break.
          this.track(mediaId, { hash: checkpoint, length: offset });
          if (!(await this.continuable(mediaId, key, newOffset))) return;
        }
        await this.completeIfWhole(mediaId, newOffset, media.size);
      },
      abandon: () => this.track(mediaId, { hash: checkpoint, length: offset }),
    };
  }

  /** Forgets an upload that ended another way (terminated, expired). */
  forget(mediaId: string): void {
    this.running.delete(mediaId);
  }

  private async completeIfWhole(mediaId: string, offset: number, size: number): Promise<void> {
    if (offset !== size) return;
    const running = this.running.get(mediaId);
    this.running.delete(mediaId);
    if (running) await this.db.media.recordSha256(mediaId, running.hash.digest('hex'));
  }

  private track(mediaId: string, running: Running): void {
    // Map order is insertion order: re-inserting marks it as the most recently written.
    this.running.delete(mediaId);
    this.running.set(mediaId, running);
    while (this.running.size > this.maxRunning) this.running.delete(this.running.keys().next().value!);
  }

  private async continuable(mediaId: string, key: string, offset: number): Promise<Running | null> {
    const running = this.running.get(mediaId);
    if (!running) {
      if (offset !== 0) return this.broken(mediaId, 'no_state', offset);
      const fresh = { hash: createHash('sha256'), length: 0 };
      this.track(mediaId, fresh);
      return fresh;
    }
    if (running.length === offset) {
      this.track(mediaId, running);
      return running;
    }
    if (running.length > offset) return this.broken(mediaId, 'ahead_of_store', offset);
    return (await this.catchUp(mediaId, running, key, offset)) ?? this.broken(mediaId, 'gap_unreadable', offset);
  }

  /** Reads the bytes the hash never saw, when the store can read an unfinished upload. */
  private async catchUp(mediaId: string, running: Running, key: string, offset: number): Promise<Running | undefined> {
    const start = running.length;
    let stream: Readable;
    try {
      stream = await this.storage.read(key, { start, end: offset - 1 });
    } catch {
      return undefined;
    }
    let length = start;
    try {
      for await (const chunk of stream) {
        running.hash.update(chunk as Buffer);
        length += (chunk as Buffer).length;
      }
    } catch {
      return undefined;
    }
    if (length !== offset) return undefined;
    running.length = offset;
    this.track(mediaId, running);
    this.log.info({ key, bytes: offset - start }, 'upload hash caught up with bytes the store kept from a failed request');
    return running;
  }

  private broken(mediaId: string, reason: ChainBreak, offset: number): null {
    this.running.delete(mediaId);
    this.countBreak(reason);
    this.log.warn({ mediaId, reason, offset }, 'upload hash chain broken; the validate stage will read the file once to compute its sha256');
    return null;
  }
}
