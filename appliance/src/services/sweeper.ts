import type { Logger } from 'pino';
import { PURGEABLE_STATUSES } from '../domain/media-state.js';
import type { Clock } from '../ports/clock.js';
import type { Database } from '../ports/database.js';
import type { UploadStorage } from '../ports/upload-storage.js';
import type { MediaService } from './media-service.js';

export interface SweepPolicy {
  /** Unfinished uploads expire this long after creation (the tus Upload-Expires header). */
  uploadTtlMs: number;
  /** Rows (and any bytes left) of EXPIRED/REJECTED/DELETED media are purged after this. */
  retentionMs: number;
}

export interface SweepReport {
  expired: number;
  abortedMultipart: number;
  purged: number;
}

const BATCH = 200;

/** Housekeeping, run by a repeatable job. Each step is idempotent: a crash mid-sweep is harmless. */
export class Sweeper {
  constructor(
    private readonly db: Database,
    private readonly storage: UploadStorage,
    private readonly media: MediaService,
    private readonly policy: SweepPolicy,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async sweep(): Promise<SweepReport> {
    const report = {
      expired: await this.expireUnfinishedUploads(),
      abortedMultipart: await this.abortOrphanedMultipart(),
      purged: await this.purgeRetained(),
    };
    if (report.expired + report.abortedMultipart + report.purged > 0) this.log.info(report, 'sweep done');
    return report;
  }

  private cutoff(ageMs: number): Date {
    return new Date(this.clock.now().getTime() - ageMs);
  }

  private async expireUnfinishedUploads(): Promise<number> {
    const stalled = await this.db.media.listUnfinishedCreatedBefore(this.cutoff(this.policy.uploadTtlMs), BATCH);
    let expired = 0;
    for (const media of stalled) {
      // Mark first so a racing PATCH finish cannot revive it, then drop the bytes.
      const updated = await this.db.media.transition(media.id, 'EXPIRED', {
        error: 'upload expired: it did not finish within the upload TTL',
      });
      if (!updated) continue;
      await this.storage.remove(media.objectKey);
      await this.media.announceState(updated);
      expired += 1;
    }
    return expired;
  }

  /** S3 multipart uploads older than the TTL whose media is no longer uploading (or unknown). */
  private async abortOrphanedMultipart(): Promise<number> {
    const cutoff = this.cutoff(this.policy.uploadTtlMs);
    let aborted = 0;
    for (const upload of await this.storage.listMultipartUploads()) {
      if (upload.initiated >= cutoff) continue;
      const mediaId = upload.key.split('/')[2];
      const media = mediaId ? await this.db.media.findById(mediaId) : undefined;
      if (media?.status === 'UPLOADING') continue;
      await this.storage.abortMultipartUpload(upload);
      aborted += 1;
    }
    return aborted;
  }

  private async purgeRetained(): Promise<number> {
    const old = await this.db.media.listInStatusSince(PURGEABLE_STATUSES, this.cutoff(this.policy.retentionMs), BATCH);
    for (const media of old) {
      await this.storage.remove(media.objectKey);
      await this.db.media.purge(media.id);
    }
    return old.length;
  }
}
