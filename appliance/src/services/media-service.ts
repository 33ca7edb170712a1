import type { MediaDto, MediaEvent } from '@biblio/shared';
import type { MediaRecord } from '../domain/media.js';
import type { Database } from '../ports/database.js';
import type { EventBus } from '../ports/event-bus.js';
import type { UploadStorage } from '../ports/upload-storage.js';
import { derivedPrefix, type AssetStore } from '../ports/asset-store.js';
import type { ProcessingStore } from '../ports/processing-store.js';
import { toMediaDto } from './media-dto.js';

/** Owner-scoped reads and deletes of media. Another owner's media is indistinguishable from none. */
export class MediaService {
  constructor(
    private readonly db: Database,
    private readonly storage: UploadStorage,
    private readonly assets: AssetStore,
    private readonly events: EventBus,
    /** Where transcripts and search chunks live; their rows go with a delete too. */
    private readonly processing?: Pick<ProcessingStore, 'forgetDerived'>,
  ) {}

  /** Removes everything stored for a media: the upload and every derived asset. */
  async removeBytes(media: MediaRecord): Promise<void> {
    await this.storage.remove(media.objectKey);
    await this.removeDerived(media);
  }

  /**
   * Removes what processing made of a media: HLS, thumbnails, audio (one prefix in the asset
   * store) and the transcript and search index rows. The upload itself is not touched (tus
   * termination has already removed it).
   */
  async removeDerived(media: MediaRecord): Promise<void> {
    await this.assets.deletePrefix(derivedPrefix(media.ownerId, media.id));
    await this.processing?.forgetDerived(media.id);
  }

  /** Removes an upload's bytes by object key (for an upload whose creation is being undone). */
  async removeBytesOfKey(objectKey: string): Promise<void> {
    await this.storage.remove(objectKey);
  }

  async list(ownerId: string): Promise<MediaDto[]> {
    const media = await this.db.media.listForOwner(ownerId);
    const stages = await this.db.media.stagesOf(media.map((m) => m.id));
    return media.map((m) => toMediaDto(m, stages));
  }

  async get(ownerId: string, id: string): Promise<MediaDto | undefined> {
    const media = await this.db.media.findForOwner(id, ownerId);
    return media && this.dto(media);
  }

  async dto(media: MediaRecord): Promise<MediaDto> {
    return toMediaDto(media, await this.db.media.stagesOf([media.id]));
  }

  /**
   * Marks the row DELETED (hidden at once, and its new generation ends every playback URL
   * issued before), then removes the bytes and everything derived from them. The sweeper
   * purges the row after the retention period (and removes any bytes left again). Returns
   * false when the owner has no such media.
   */
  async delete(ownerId: string, id: string): Promise<boolean> {
    const media = await this.db.media.findForOwner(id, ownerId);
    if (!media) return false;
    const deleted = await this.db.media.transition(id, 'DELETED');
    await this.removeBytes(media);
    if (deleted) this.announce(ownerId, { type: 'media.deleted', mediaId: id });
    return true;
  }

  /** Publishes the current state of a media to its owner's event stream. */
  async announceState(media: MediaRecord, type: MediaEvent['type'] = 'media.updated'): Promise<void> {
    this.announce(media.ownerId, { type, mediaId: media.id, media: await this.dto(media) });
  }

  announce(ownerId: string, event: MediaEvent): void {
    this.events.publish(ownerId, event);
  }
}
