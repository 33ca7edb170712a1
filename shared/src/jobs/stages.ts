import { z } from 'zod';

/**
 * Processing stages, in pipeline order. validate runs first; the others fan out after it:
 * thumbnails and hls in parallel, audio -> transcribe -> index as a chain.
 */
export const STAGES = ['validate', 'thumbnails', 'hls', 'audio', 'transcribe', 'index'] as const;
export type Stage = (typeof STAGES)[number];
export const stageSchema = z.enum(STAGES);

export const STAGE_STATUSES = ['pending', 'running', 'done', 'failed', 'skipped'] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];

/** The payload every stage job carries: enough to find the media, never the bytes. */
export const stageJobSchema = z.object({
  mediaId: z.uuid(),
  ownerId: z.uuid(),
  objectKey: z.string().min(1),
});
export type StageJob = z.infer<typeof stageJobSchema>;

/**
 * Deterministic BullMQ job id for one stage of one media: publishing the same stage twice is a
 * no-op because BullMQ ignores an add whose job id already exists. (BullMQ forbids ':' in ids.)
 */
export function stageJobId(stage: Stage, mediaId: string): string {
  return `${stage}.${mediaId}`;
}
