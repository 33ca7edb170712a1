import type { MediaStatus, Stage, StageStatus, TranscriptSource } from '@biblio/shared';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { MediaRecord, NewMedia, StageRecord } from '../../../domain/media.js';
import { statusesLeadingTo } from '../../../domain/media-state.js';
import { sortTitleOf, type MediaPageRequest } from '../../../domain/media-listing.js';
import { pageQuery } from './media-page.js';
import type { MediaRepository, TransitionOptions } from '../../../ports/database.js';
import type { DbSchema, MediaStagesTable, MediaTable } from '../schema.js';

function toMedia(row: Selectable<MediaTable>): MediaRecord {
  return {
    id: row.id,
    ownerId: row.owner_id,
    status: row.status as MediaStatus,
    filename: row.filename,
    filetype: row.filetype,
    title: row.title,
    language: row.language,
    size: Number(row.size),
    uploadedBytes: Number(row.uploaded_bytes),
    objectKey: row.object_key,
    durationSec: row.duration_sec,
    facts: (typeof row.facts === 'string' ? JSON.parse(row.facts) : row.facts ?? null) as MediaRecord['facts'],
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    uploadedAt: row.uploaded_at,
    deletedAt: row.deleted_at,
    generation: Number(row.generation),
    sortTitle: row.sort_title,
    sha256: row.sha256,
    transcriptSource: row.transcript_source as TranscriptSource | null,
  };
}

function toStage(row: Selectable<MediaStagesTable>): StageRecord {
  return {
    mediaId: row.media_id,
    stage: row.stage as Stage,
    status: row.status as StageStatus,
    progress: Number(row.progress),
    error: row.error,
    attempts: row.attempts,
    updatedAt: row.updated_at,
  };
}

export class SqlMediaRepository implements MediaRepository {
  constructor(private readonly db: Kysely<DbSchema>) {}

  async create(media: NewMedia): Promise<MediaRecord> {
    const row = await this.db
      .insertInto('media')
      .values({
        id: media.id,
        owner_id: media.ownerId,
        status: 'UPLOADING',
        filename: media.filename,
        filetype: media.filetype,
        title: media.title,
        language: media.language,
        size: media.size,
        object_key: media.objectKey,
        sort_title: sortTitleOf(media.title, media.filename),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toMedia(row);
  }

  async findById(id: string): Promise<MediaRecord | undefined> {
    const row = await this.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toMedia(row);
  }

  async findForOwner(id: string, ownerId: string): Promise<MediaRecord | undefined> {
    const row = await this.db
      .selectFrom('media')
      .selectAll()
      .where('id', '=', id)
      .where('owner_id', '=', ownerId)
      .where('status', '!=', 'DELETED')
      .executeTakeFirst();
    return row && toMedia(row);
  }

  async listForOwner(ownerId: string): Promise<MediaRecord[]> {
    const rows = await this.db
      .selectFrom('media')
      .selectAll()
      .where('owner_id', '=', ownerId)
      .where('status', '!=', 'DELETED')
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(toMedia);
  }

  async listPage(ownerId: string, request: MediaPageRequest): Promise<MediaRecord[]> {
    const rows = await pageQuery(this.db, ownerId, request).execute();
    return rows.map(toMedia);
  }

  async rename(id: string, ownerId: string, names: { title: string | null; filename: string; sortTitle: string }): Promise<MediaRecord | undefined> {
    const row = await this.db
      .updateTable('media')
      .set({ title: names.title, filename: names.filename, sort_title: names.sortTitle, updated_at: new Date() })
      .where('id', '=', id)
      .where('owner_id', '=', ownerId)
      .where('status', '!=', 'DELETED')
      .returningAll()
      .executeTakeFirst();
    return row && toMedia(row);
  }

  async recordSha256(id: string, sha256: string): Promise<void> {
    await this.db.updateTable('media').set({ sha256 }).where('id', '=', id).execute();
  }

  async recordUploadProgress(id: string, uploadedBytes: number): Promise<void> {
    await this.db
      .updateTable('media')
      .set({ uploaded_bytes: uploadedBytes, updated_at: new Date() })
      .where('id', '=', id)
      .where('status', '=', 'UPLOADING')
      .execute();
  }

  async transition(id: string, to: MediaStatus, options: TransitionOptions = {}): Promise<MediaRecord | undefined> {
    // No status leads to `to` (UPLOADING is only ever inserted): refuse here, as `IN ()` is
    // invalid SQL and would throw instead of reporting a refused move.
    const from = statusesLeadingTo(to);
    if (from.length === 0) return undefined;
    const now = new Date();
    const row = await this.db
      .updateTable('media')
      .set({
        status: to,
        updated_at: now,
        ...(options.error !== undefined ? { error: options.error } : {}),
        ...(options.uploadedBytes !== undefined ? { uploaded_bytes: options.uploadedBytes } : {}),
        ...(to === 'UPLOADED' ? { uploaded_at: now } : {}),
        // A new generation invalidates every playback URL signed for the media before.
        ...(to === 'DELETED' ? { deleted_at: now, generation: sql<number>`generation + 1` } : {}),
      })
      .where('id', '=', id)
      .where('status', 'in', from)
      .returningAll()
      .executeTakeFirst();
    return row && toMedia(row);
  }

  async listUnfinishedCreatedBefore(before: Date, limit: number): Promise<MediaRecord[]> {
    const rows = await this.db
      .selectFrom('media')
      .selectAll()
      .where('status', '=', 'UPLOADING')
      .where('created_at', '<', before)
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map(toMedia);
  }

  async listInStatusSince(statuses: readonly MediaStatus[], before: Date, limit: number): Promise<MediaRecord[]> {
    if (statuses.length === 0) return [];
    const rows = await this.db
      .selectFrom('media')
      .selectAll()
      .where('status', 'in', [...statuses])
      .where('updated_at', '<', before)
      .orderBy('updated_at')
      .limit(limit)
      .execute();
    return rows.map(toMedia);
  }

  async purge(id: string): Promise<void> {
    await this.db.deleteFrom('outbox').where('media_id', '=', id).execute();
    await this.db.deleteFrom('media_stages').where('media_id', '=', id).execute();
    await this.db.deleteFrom('media').where('id', '=', id).execute();
  }

  async stagesOf(mediaIds: readonly string[]): Promise<StageRecord[]> {
    if (mediaIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('media_stages')
      .selectAll()
      .where('media_id', 'in', [...mediaIds])
      .orderBy('media_id')
      .execute();
    return rows.map(toStage);
  }

  async listStuckStages(before: Date, limit: number): Promise<StageRecord[]> {
    const rows = await this.db
      .selectFrom('media_stages')
      .innerJoin('media', 'media.id', 'media_stages.media_id')
      .selectAll('media_stages')
      .where('media_stages.status', '=', 'running')
      .where('media_stages.updated_at', '<', before)
      .where('media.status', 'in', ['UPLOADED', 'PROCESSING'])
      .orderBy('media_stages.updated_at')
      .limit(limit)
      .execute();
    return rows.map(toStage);
  }

  async upsertStage(
    mediaId: string,
    stage: Stage,
    update: { status: StageStatus; progress?: number; error?: string | null },
  ): Promise<void> {
    const now = new Date();
    await this.db
      .insertInto('media_stages')
      .values({
        media_id: mediaId,
        stage,
        status: update.status,
        progress: update.progress ?? 0,
        error: update.error ?? null,
        // A first record of `running` is the first attempt, as every later move to running counts.
        attempts: update.status === 'running' ? 1 : 0,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['media_id', 'stage']).doUpdateSet({
          status: update.status,
          ...(update.progress !== undefined ? { progress: update.progress } : {}),
          ...(update.error !== undefined ? { error: update.error } : {}),
          attempts: update.status === 'running' ? sql<number>`media_stages.attempts + 1` : sql<number>`media_stages.attempts`,
          updated_at: now,
        }),
      )
      .execute();
  }
}
