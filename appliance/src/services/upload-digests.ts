import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { ResumableSha256 } from '../domain/resumable-sha256.js';
import type { Database } from '../ports/database.js';
import type { UploadStorage } from '../ports/upload-storage.js';

/** Why a chain of PATCH requests could not be hashed on the fly (a metric label). */
export type ChainBreak = 'no_state' | 'ahead_of_store' | 'gap_unreadable' | 'short_write';

/** The SHA-256 of zero bytes: a zero-length upload is finished at creation and never written. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * The SHA-256 of every upload, computed from the bytes as tus writes them.
 *
 * Chosen design: a resumable SHA-256 (domain/resumable-sha256.ts) whose state is saved with
 * the media row after every PATCH, at the offset the store reports. node:crypto is faster but
 * its state cannot leave the process, so a restart, another api replica or simply the next
 * PATCH request could not continue it. Each write checks that the saved state stands exactly
 * at the offset the request starts from:
 * - equal: hash the new bytes on top (the normal case, any number of requests and restarts);
 * - behind (the process died mid-request after the store kept bytes the state never saw):
 *   hash the missing range from the store when it can read an unfinished upload (filesystem);
 *   S3 cannot read parts of an unfinished multipart upload, so the chain is broken;
 * - ahead, or no state past offset 0: broken.
 * A broken chain is counted (biblio_upload_hash_chain_breaks_total) and logged, and the
 * validate stage reads the finished file once to fill in the digest, so every finished upload
 * still gets its sha256; the re-read is the exception, not the way it is done.
 */
export class UploadDigests {
  constructor(
    private readonly db: Database,
    private readonly storage: UploadStorage,
    private readonly log: Logger,
    private readonly countBreak: (reason: ChainBreak) => void = () => undefined,
  ) {}

  /**
   * The hash to continue for a write starting at `offset` (with the upload's size), or null
   * when the chain is broken.
   */
  async resume(mediaId: string, key: string, offset: number): Promise<{ hash: ResumableSha256; size: number } | null> {
    const media = await this.db.media.findById(mediaId);
    if (!media || media.status !== 'UPLOADING') return null;
    const hash = await this.continuable(mediaId, key, offset);
    return hash && { hash, size: media.size };
  }

  private async continuable(mediaId: string, key: string, offset: number): Promise<ResumableSha256 | null> {
    const saved = await this.db.media.uploadHashState(mediaId);
    if (!saved) {
      if (offset !== 0) return this.broken(mediaId, 'no_state', offset);
      // Saved before the first byte: a process killed during this request leaves a state at 0
      // to catch up from, and "no state past 0" keeps meaning a broken chain.
      const fresh = new ResumableSha256();
      await this.db.media.saveUploadHashState(mediaId, fresh.save());
      return fresh;
    }
    let hash: ResumableSha256;
    try {
      hash = new ResumableSha256(saved);
    } catch {
      return this.broken(mediaId, 'no_state', offset);
    }
    if (hash.length === offset) return hash;
    if (hash.length > offset) return this.broken(mediaId, 'ahead_of_store', offset);
    return (await this.catchUp(hash, key, offset)) ?? this.broken(mediaId, 'gap_unreadable', offset);
  }

  /** After a write: keep the state at the new offset, or record the digest when the file is whole. */
  async written(mediaId: string, hash: ResumableSha256, newOffset: number, size: number): Promise<void> {
    if (hash.length !== newOffset) {
      // The store kept fewer bytes than passed through the hash: the state is past the offset.
      await this.broken(mediaId, 'short_write', newOffset);
      return;
    }
    if (newOffset === size) await this.db.media.recordSha256(mediaId, hash.digestHex());
    else await this.db.media.saveUploadHashState(mediaId, hash.save());
  }

  /** Reads the bytes the saved state never saw, when the store can read an unfinished upload. */
  private async catchUp(hash: ResumableSha256, key: string, offset: number): Promise<ResumableSha256 | undefined> {
    const start = hash.length;
    let stream: Readable;
    try {
      stream = await this.storage.read(key, { start, end: offset - 1 });
    } catch {
      return undefined;
    }
    try {
      for await (const chunk of stream) hash.update(chunk as Buffer);
    } catch {
      return undefined;
    }
    if (hash.length !== offset) return undefined;
    this.log.info({ key, bytes: offset - start }, 'upload hash caught up with bytes stored before a restart');
    return hash;
  }

  private async broken(mediaId: string, reason: ChainBreak, offset: number): Promise<null> {
    this.countBreak(reason);
    this.log.warn({ mediaId, reason, offset }, 'upload hash chain broken; the validate stage will read the file once to compute its sha256');
    await this.db.media.saveUploadHashState(mediaId, null);
    return null;
  }
}
