import { z } from 'zod';

export const transcriptWordSchema = z.object({
  start: z.number(),
  end: z.number(),
  text: z.string(),
  confidence: z.number().optional(),
});

/** A sentence-sized piece of transcript; words when the engine gives them. */
export const transcriptSegmentSchema = z.object({
  start: z.number(),
  end: z.number(),
  text: z.string(),
  words: z.array(transcriptWordSchema).optional(),
});

/** GET /api/media/:id/transcript.json (the .vtt and .srt routes send subtitles). */
export const transcriptSchema = z.object({
  mediaId: z.string(),
  language: z.string().nullable(),
  segments: z.array(transcriptSegmentSchema),
});
export type TranscriptDto = z.infer<typeof transcriptSchema>;
