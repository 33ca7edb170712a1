import { STAGES } from '@biblio/shared';
import type { MediaRecord } from '../domain/media.js';
import type { Database } from '../ports/database.js';
import type { PipelineQueue } from '../ports/pipeline-queue.js';
import type { MediaService } from './media-service.js';
import type { Reconciler } from './reconciler.js';
import { republishFlowOf } from './republish.js';

export class NotRetryableError extends Error {}

/**
 * POST /api/media/:id/retry: re-runs the failed stages of a FAILED media, and restarts a stuck
 * one (UPLOADED/PROCESSING whose jobs the queue lost).
 */
export class RetryService {
  constructor(
    private readonly db: Database,
    private readonly queue: PipelineQueue,
    private readonly media: MediaService,
    private readonly reconciler: Reconciler,
  ) {}

  async retry(media: MediaRecord): Promise<MediaRecord> {
    if (media.status === 'UPLOADED' || media.status === 'PROCESSING') {
      if (await this.reconciler.reconcile(media)) return media;
      throw new NotRetryableError(`this media is ${media.status} and its stages are queued or running; nothing to retry`);
    }
    if (media.status !== 'FAILED') throw new NotRetryableError(`only FAILED or stuck media can be retried; this one is ${media.status}`);
    const failed = (await this.db.media.stagesOf([media.id])).filter((s) => s.status === 'failed').map((s) => s.stage);
    const job = { mediaId: media.id, ownerId: media.ownerId, objectKey: media.objectKey };
    const updated = await this.db.media.transition(media.id, 'PROCESSING', { error: null });
    if (!updated) throw new NotRetryableError('the media changed while retrying; reload and try again');
    for (const stage of STAGES.filter((s) => failed.includes(s))) {
      await this.db.media.upsertStage(media.id, stage, { status: 'pending', progress: 0, error: null });
      if (await this.queue.retryFailed(stage, media.id)) continue;
      // The failed job record is gone (kept 7 days): publish the stage's flow again.
      await republishFlowOf(this.queue, stage, job);
    }
    await this.media.announceState(updated);
    return updated;
  }
}
