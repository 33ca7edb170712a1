import { z } from 'zod';
import { STAGES, STAGE_STATUSES } from '../jobs/stages.js';
import { TRANSCRIPT_SOURCES } from './transcripts.js';

export const MEDIA_STATUSES = [
  'UPLOADING',
  'UPLOADED',
  'PROCESSING',
  'READY',
  'REJECTED',
  'FAILED',
  'EXPIRED',
  'DELETED',
] as const;
export type MediaStatus = (typeof MEDIA_STATUSES)[number];

export const MEDIA_KINDS = ['audio', 'video'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export const stageStateSchema = z.object({
  status: z.enum(STAGE_STATUSES),
  progress: z.number().min(0).max(100),
  error: z.string().nullable(),
});
export type StageState = z.infer<typeof stageStateSchema>;

export const mediaSchema = z.object({
  id: z.uuid(),
  status: z.enum(MEDIA_STATUSES),
  filename: z.string(),
  filetype: z.string(),
  title: z.string().nullable(),
  language: z.string().nullable(),
  size: z.number().int().nonnegative(),
  uploadedBytes: z.number().int().nonnegative(),
  durationSec: z.number().nullable(),
  stages: z.partialRecord(z.enum(STAGES), stageStateSchema),
  error: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** What validation found; before it, what the declared type says (null when it says neither). */
  kind: z.enum(MEDIA_KINDS).nullable(),
  /** Hex SHA-256 of the uploaded bytes, once the upload finished (dedupe: GET /api/media?sha256=). */
  sha256: z.string().nullable(),
  /**
   * Paths on the appliance (bearer token needed), null until they exist: the poster (the
   * waveform for audio), the scrubbing sprite (video: a row of `SPRITE_TILES` evenly spaced
   * frames), and the original upload once all of it arrived.
   */
  thumbnailUrl: z.string().nullable(),
  spriteUrl: z.string().nullable(),
  originalUrl: z.string().nullable(),
  /** Where the transcript's current text came from; null (or absent, older appliances) before there is one. */
  transcriptSource: z.enum(TRANSCRIPT_SOURCES).nullable().optional(),
});
/** The scrubbing sprite is one row of this many frames, evenly spaced over the duration. */
export const SPRITE_TILES = 10;
export type MediaDto = z.infer<typeof mediaSchema>;


/** Server-sent event payloads on GET /api/events. */
export const mediaEventSchema = z.object({
  type: z.enum(['media.created', 'media.updated', 'media.deleted', 'upload.progress']),
  media: mediaSchema.optional(),
  mediaId: z.uuid(),
  uploadedBytes: z.number().int().nonnegative().optional(),
});
export type MediaEvent = z.infer<typeof mediaEventSchema>;

/** Routes under /api/media/:id. A malformed id names nothing the caller owns: 404, like an unknown one. */
export const mediaIdParamsSchema = z.object({ id: z.guid() });
