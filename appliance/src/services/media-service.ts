import type { MediaDto, MediaEvent, MediaListQuery, MediaPage, MediaPatch } from '@biblio/shared';
import type { MediaRecord } from '../domain/media.js';
import { decodeCursor, pageOf, sortSpecOf, sortTitleOf, type MediaFilter, type MediaPageRequest } from '../domain/media-listing.js';
import type { Database } from '../ports/database.js';
import type { EventBus } from '../ports/event-bus.js';
import type { Readable } from 'node:stream';
import type { ByteRange, UploadStorage } from '../ports/upload-storage.js';
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

  /**
   * One page of the library. A cursor that this appliance did not issue for these parameters
   * is answered with the reason (the route makes it a 400), never a guess at a position.
   */
  async page(ownerId: string, query: MediaListQuery): Promise<MediaPage | { invalidCursor: string }> {
    const sort = sortSpecOf(query.sort, query.order);
    const filter: MediaFilter = {
      ...(query.status ? { statuses: query.status } : {}),
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.language ? { language: query.language } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
      ...(query.q ? { text: query.q } : {}),
      ...(query.sha256 ? { sha256: query.sha256 } : {}),
    };
    const request: MediaPageRequest = { filter, sort, limit: query.limit };
    if (query.cursor) {
      const decoded = decodeCursor(query.cursor, sort, filter);
      if (!decoded.ok) return { invalidCursor: decoded.reason };
      request.after = decoded.position;
    }
    // One row more than the page: it tells whether a next page exists.
    const rows = await this.db.media.listPage(ownerId, { ...request, limit: request.limit + 1 });
    const { media, nextCursor } = pageOf(rows, request);
    const stages = await this.db.media.stagesOf(media.map((m) => m.id));
    return { media: media.map((m) => toMediaDto(m, stages)), nextCursor };
  }

  /** Renames or retitles an owner's media; undefined when the owner has no such media. */
  async rename(ownerId: string, id: string, patch: MediaPatch): Promise<MediaDto | undefined> {
    const current = await this.db.media.findForOwner(id, ownerId);
    if (!current) return undefined;
    const title = patch.title !== undefined ? patch.title : current.title;
    const filename = patch.filename ?? current.filename;
    const renamed = await this.db.media.rename(id, ownerId, { title, filename, sortTitle: sortTitleOf(title, filename) });
    if (!renamed) return undefined;
    const dto = await this.dto(renamed);
    this.announce(ownerId, { type: 'media.updated', mediaId: id, media: dto });
    return dto;
  }

  /** The owner's visible media record (routes that serve its bytes need more than the DTO). */
  findOwned(ownerId: string, id: string): Promise<MediaRecord | undefined> {
    return this.db.media.findForOwner(id, ownerId);
  }

  /** The uploaded bytes (or a range of them); undefined when the store no longer has them. */
  async readOriginal(media: MediaRecord, range?: ByteRange): Promise<Readable | undefined> {
    try {
      return await this.storage.read(media.objectKey, range);
    } catch (error) {
      if (!(await this.storage.exists(media.objectKey))) return undefined;
      throw error;
    }
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
