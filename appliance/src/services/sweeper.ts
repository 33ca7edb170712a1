import type { Logger } from 'pino';
import { stuckStageAction } from '../domain/stuck-stage.js';
import { parseUploadKey } from '../domain/storage-keys.js';
import type { PipelineQueue } from '../ports/pipeline-queue.js';
import { PURGEABLE_STATUSES } from '../domain/media-state.js';
import type { Clock } from '../ports/clock.js';
import type { Database } from '../ports/database.js';
import type { UploadStorage } from '../ports/upload-storage.js';
import type { MediaService } from './media-service.js';
import type { Reconciler } from './reconciler.js';
import { republishFlowOf } from './republish.js';

export interface SweepPolicy {
  /** Unfinished uploads expire this long after creation (the tus Upload-Expires header). */
  uploadTtlMs: number;
  /** Rows (and any bytes left) of EXPIRED/REJECTED/DELETED media are purged after this. */
  retentionMs: number;
  /** A stage running this long without progress is re-enqueued if its job is lost or failed. */
  stuckStageMs: number;
}

export interface SweepReport {
  expired: number;
  abortedMultipart: number;
  purged: number;
  requeued: number;
  /** Media whose lost jobs were published again. */
  reconciled: number;
}

const BATCH = 200;

/** Housekeeping, run by a repeatable job. Each step is idempotent: a crash mid-sweep is harmless. */
export class Sweeper {
  constructor(
    private readonly db: Database,
    private readonly storage: UploadStorage,
    private readonly media: MediaService,
    private readonly queue: PipelineQueue,
    private readonly policy: SweepPolicy,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly reconciler?: Reconciler,
  ) {}

  async sweep(): Promise<SweepReport> {
    const report = {
      expired: await this.expireUnfinishedUploads(),
      abortedMultipart: await this.abortOrphanedMultipart(),
      purged: await this.purgeRetained(),
      requeued: await this.requeueStuckStages(),
      reconciled: (await this.reconciler?.reconcileAll()) ?? 0,
    };
    if (report.expired + report.abortedMultipart + report.purged + report.requeued + report.reconciled > 0) this.log.info(report, 'sweep done');
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
      const mediaId = parseUploadKey(upload.key)?.mediaId;
      const media = mediaId ? await this.db.media.findById(mediaId) : undefined;
      if (media?.status === 'UPLOADING') continue;
      await this.storage.abortMultipartUpload(upload);
      aborted += 1;
    }
    return aborted;
  }

  private async requeueStuckStages(): Promise<number> {
    let requeued = 0;
    for (const stuck of await this.db.media.listStuckStages(this.cutoff(this.policy.stuckStageMs), BATCH)) {
      const action = stuckStageAction(await this.queue.jobState(stuck.stage, stuck.mediaId));
      if (action === 'leave') continue;
      const media = await this.db.media.findById(stuck.mediaId);
      if (!media) continue;
      const job = { mediaId: media.id, ownerId: media.ownerId, objectKey: media.objectKey };
      if (action === 'retry') await this.queue.retryFailed(stuck.stage, media.id);
      else await republishFlowOf(this.queue, stuck.stage, job);
      await this.db.media.upsertStage(media.id, stuck.stage, {
        status: 'pending',
        error: `re-enqueued after ${Math.round(this.policy.stuckStageMs / 60_000)} min without progress`,
      });
      requeued += 1;
    }
    return requeued;
  }

  private async purgeRetained(): Promise<number> {
    const old = await this.db.media.listInStatusSince(PURGEABLE_STATUSES, this.cutoff(this.policy.retentionMs), BATCH);
    for (const media of old) {
      await this.media.removeBytes(media);
      await this.db.media.purge(media.id);
    }
    return old.length;
  }
}
