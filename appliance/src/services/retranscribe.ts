import type { MediaRecord } from '../domain/media.js';
import { chainOf } from '../domain/stage-graph.js';
import type { Database } from '../ports/database.js';
import type { PipelineQueue } from '../ports/pipeline-queue.js';
import type { TranscriptHistory } from '../ports/transcript-history.js';
import type { MediaService } from './media-service.js';

export class RetranscribeRefusedError extends Error {
  constructor(
    readonly code: 'transcript_protected' | 'not_retranscribable',
    message: string,
  ) {
    super(message);
  }
}

/**
 * POST /api/media/:id/retranscribe: runs speech-to-text and the index again for a READY (or
 * FAILED) media. A person's transcript (imported or edited) is replaced only when the caller
 * says so (overwrite); its versions stay, and the engine's text becomes a new version.
 */
export class RetranscribeService {
  constructor(
    private readonly db: Database,
    private readonly history: TranscriptHistory,
    private readonly queue: PipelineQueue,
    private readonly media: MediaService,
  ) {}

  async retranscribe(media: MediaRecord, overwrite: boolean): Promise<MediaRecord> {
    if (media.status !== 'READY' && media.status !== 'FAILED') {
      throw new RetranscribeRefusedError('not_retranscribable', `only READY or FAILED media can be transcribed again; this one is ${media.status}`);
    }
    const human = media.transcriptSource;
    if ((human === 'imported' || human === 'edited') && !overwrite) {
      throw new RetranscribeRefusedError('transcript_protected', `the transcript is ${human}: speech-to-text would replace it; ask with ?overwrite=true (the current text stays in the version history)`);
    }
    // The chain speech-to-text runs in (audio -> transcribe -> index) runs again as a whole.
    const stages = chainOf('transcribe').stages;
    for (const stage of stages) {
      if (!['completed', 'failed', 'missing'].includes(await this.queue.jobState(stage, media.id))) {
        throw new RetranscribeRefusedError('not_retranscribable', `the ${stage} stage of this media is already queued or running`);
      }
    }
    const job = { mediaId: media.id, ownerId: media.ownerId, objectKey: media.objectKey };
    const updated = await this.db.media.transition(media.id, 'PROCESSING', { error: null });
    if (!updated) throw new RetranscribeRefusedError('not_retranscribable', 'the media changed meanwhile; reload and try again');
    await this.history.clearForTranscription(media.id);
    for (const stage of stages) await this.db.media.upsertStage(media.id, stage, { status: 'pending', progress: 0, error: null });
    if (!(await this.queue.rerunChainOf('transcribe', job))) {
      throw new RetranscribeRefusedError('not_retranscribable', 'speech-to-text for this media is already queued or running');
    }
    await this.media.announceState(updated);
    return updated;
  }
}
