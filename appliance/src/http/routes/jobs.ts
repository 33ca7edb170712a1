import { API } from '@biblio/shared';
import type { Database } from '../../ports/database.js';
import type { PipelineQueue } from '../../ports/pipeline-queue.js';
import type { MediaService } from '../../services/media-service.js';
import { RetranscribeRefusedError, type RetranscribeService } from '../../services/retranscribe.js';
import { NotRetryableError, type RetryService } from '../../services/retry.js';
import { HttpError } from '../respond.js';
import type { Router } from '../router.js';
import { ownedMedia } from './owned-media.js';

export interface JobRouteDeps {
  db: Database;
  media: MediaService;
  retry: RetryService;
  retranscribe: RetranscribeService;
  queue: PipelineQueue;
}

/** The processing jobs behind a media: re-running failed stages or speech-to-text, and the dead letters (admin). */
export function jobRoutes(router: Router, deps: JobRouteDeps): void {
  router.on(API.retryMedia, async ({ user, params, send }) => {
    const media = await ownedMedia(deps.db, user, params.id);
    try {
      send(202, await deps.media.dto(await deps.retry.retry(media)));
    } catch (error) {
      if (error instanceof NotRetryableError) throw new HttpError(409, 'not_retryable', error.message);
      throw error;
    }
  });

  router.on(API.retranscribe, async ({ user, params, query, send }) => {
    const media = await ownedMedia(deps.db, user, params.id);
    try {
      send(202, await deps.media.dto(await deps.retranscribe.retranscribe(media, query.overwrite)));
    } catch (error) {
      if (error instanceof RetranscribeRefusedError) throw new HttpError(409, error.code, error.message);
      throw error;
    }
  });

  router.on(API.failedJobs, async ({ send }) => {
    send(200, { jobs: await deps.queue.listFailed(100) });
  });
}
