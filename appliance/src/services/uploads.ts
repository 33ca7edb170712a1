import type { StageJob } from '@biblio/shared';
import { uploadObjectKey, type MediaRecord } from '../domain/media.js';
import type { UploadRequest } from '../domain/upload-metadata.js';
import type { Database } from '../ports/database.js';
import type { MediaService } from './media-service.js';
import type { Quotas } from './quotas.js';
import { EMPTY_SHA256 } from './upload-digests.js';

export { QuotaExceededError } from './quotas.js';

export const PIPELINE_TOPIC = 'pipeline.start';

/** The upload lifecycle as seen from the tus server's hooks. */
export class Uploads {
  constructor(
    private readonly db: Database,
    private readonly media: MediaService,
    private readonly onOutboxWrite: () => void,
    private readonly quotas?: Quotas,
  ) {}

  /**
   * Records a new upload (status UPLOADING) for its owner, before any byte is stored. The quota
   * check and the insert share one transaction (throws QuotaExceededError when over quota).
   */
  async create(ownerId: string, mediaId: string, request: UploadRequest, size: number): Promise<MediaRecord> {
    const media = await this.db.transaction(async (repos) => {
      await this.quotas?.reserve(repos, ownerId, size);
      return repos.media.create({
        id: mediaId,
        ownerId,
        filename: request.filename,
        filetype: request.filetype,
        title: request.title,
        language: request.language,
        size,
        objectKey: uploadObjectKey(ownerId, mediaId),
      });
    });
    await this.media.announceState(media, 'media.created');
    return media;
  }

  /**
   * Undoes a creation whose request failed before the client learnt its URL (e.g. a body longer
   * than Upload-Length): no row and no bytes may stay behind for an upload nobody can resume.
   */
  async discard(ownerId: string, mediaId: string): Promise<void> {
    await this.media.removeBytesOfKey(uploadObjectKey(ownerId, mediaId));
    await this.db.media.purge(mediaId);
    this.media.announce(ownerId, { type: 'media.deleted', mediaId });
  }

  progress(ownerId: string, mediaId: string, uploadedBytes: number): Promise<void> {
    this.media.announce(ownerId, { type: 'upload.progress', mediaId, uploadedBytes });
    return this.db.media.recordUploadProgress(mediaId, uploadedBytes);
  }

  /**
   * The server-side finish: UPLOADED and the outbox row commit together, so the pipeline is
   * published eventually even if Redis is unreachable right now. Idempotent: a second finish
   * for the same media finds it no longer UPLOADING and changes nothing.
   */
  async finish(mediaId: string, size: number): Promise<MediaRecord | undefined> {
    const media = await this.db.transaction(async (repos) => {
      // Zero bytes are finished at creation and never pass through the hashing store.
      if (size === 0) await repos.media.recordSha256(mediaId, EMPTY_SHA256);
      const updated = await repos.media.transition(mediaId, 'UPLOADED', { uploadedBytes: size });
      if (!updated) return undefined;
      const job: StageJob = { mediaId, ownerId: updated.ownerId, objectKey: updated.objectKey };
      await repos.outbox.add(PIPELINE_TOPIC, mediaId, job);
      return updated;
    });
    if (media) {
      this.onOutboxWrite();
      await this.media.announceState(media);
    }
    return media;
  }

  /**
   * tus termination: the store has removed the upload's bytes; hide the media (a new
   * generation ends its playback URLs) and remove what processing derived from a finished one.
   */
  async terminated(ownerId: string, mediaId: string): Promise<void> {
    const media = await this.db.media.transition(mediaId, 'DELETED');
    if (!media) return;
    await this.media.removeDerived(media);
    this.media.announce(ownerId, { type: 'media.deleted', mediaId });
  }
}
