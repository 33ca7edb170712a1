import { API, routePath, type MediaDto, type StageState } from '@biblio/shared';
import { kindOf } from '../domain/media-listing.js';
import { ORIGINAL_AVAILABLE_STATUSES, type MediaRecord, type StageRecord } from '../domain/media.js';

/** The public shape of a media item (GET /api/media/:id, and each item of the library list). */
export function toMediaDto(media: MediaRecord, stages: readonly StageRecord[]): MediaDto {
  const stageMap: MediaDto['stages'] = {};
  for (const stage of stages) {
    if (stage.mediaId !== media.id) continue;
    const state: StageState = { status: stage.status, progress: stage.progress, error: stage.error };
    stageMap[stage.stage] = state;
  }
  const kind = kindOf(media);
  // The thumbnails stage publishes its pictures before it is marked done: done means they exist.
  const pictures = stageMap.thumbnails?.status === 'done';
  const byId = { id: media.id };
  return {
    id: media.id,
    status: media.status,
    filename: media.filename,
    filetype: media.filetype,
    title: media.title,
    language: media.language,
    size: media.size,
    uploadedBytes: media.uploadedBytes,
    durationSec: media.durationSec,
    stages: stageMap,
    error: media.error,
    createdAt: media.createdAt.toISOString(),
    updatedAt: media.updatedAt.toISOString(),
    kind,
    sha256: media.sha256,
    thumbnailUrl: pictures ? routePath(API.thumbnail, byId) : null,
    spriteUrl: pictures && kind === 'video' ? routePath(API.sprite, byId) : null,
    originalUrl: ORIGINAL_AVAILABLE_STATUSES.includes(media.status) ? routePath(API.original, byId) : null,
    transcriptSource: media.transcriptSource,
  };
}
