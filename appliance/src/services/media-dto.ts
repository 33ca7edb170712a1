import type { MediaDto, StageState } from '@biblio/shared';
import type { MediaRecord, StageRecord } from '../domain/media.js';

/** The public shape of a media item (the contract of GET /api/media/:id). */
export function toMediaDto(media: MediaRecord, stages: readonly StageRecord[]): MediaDto {
  const stageMap: MediaDto['stages'] = {};
  for (const stage of stages) {
    if (stage.mediaId !== media.id) continue;
    const state: StageState = { status: stage.status, progress: stage.progress, error: stage.error };
    stageMap[stage.stage] = state;
  }
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
  };
}
