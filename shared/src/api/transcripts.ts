import { z } from 'zod';

export const transcriptWordSchema = z.object({
  start: z.number(),
  end: z.number(),
  text: z.string(),
  confidence: z.number().optional(),
});

/** Where the current text of a transcript came from: the engine, an imported file, or a person. */
export const TRANSCRIPT_SOURCES = ['stt', 'imported', 'edited'] as const;
export type TranscriptSource = (typeof TRANSCRIPT_SOURCES)[number];

/** What made a transcript version: the kinds above, or bringing an older version back. */
export const TRANSCRIPT_VERSION_SOURCES = ['stt', 'imported', 'edited', 'restored'] as const;
export type TranscriptVersionSource = (typeof TRANSCRIPT_VERSION_SOURCES)[number];

/** A sentence-sized piece of transcript; words when the engine gives them. */
export const transcriptSegmentSchema = z.object({
  start: z.number(),
  end: z.number(),
  text: z.string(),
  words: z.array(transcriptWordSchema).optional(),
  /** The speaker's id (see `speakers`), when known. */
  speaker: z.string().optional(),
  /** The speaker's name, filled in on answers so a reader needs no lookup. */
  speakerName: z.string().optional(),
});
export type TranscriptSegmentJson = z.infer<typeof transcriptSegmentSchema>;

/**
 * Text the database can hold: Postgres rejects NUL in text and unpaired surrogates (\ud800) in
 * jsonb, so such input is a 400 here rather than a failed write later.
 */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const isStorableText = (text: string): boolean => !text.includes('\u0000') && !LONE_SURROGATE.test(text);

export const SPEAKER_NAME_MAX_LENGTH = 80;
const speakerName = z
  .string()
  .trim()
  .min(1, 'a speaker name must not be empty')
  .max(SPEAKER_NAME_MAX_LENGTH, `a speaker name must be at most ${SPEAKER_NAME_MAX_LENGTH} characters`)
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'a speaker name must not contain control characters')
  .refine(isStorableText, 'a speaker name must be well-formed text');

export const speakerSchema = z.object({ id: z.string(), name: z.string() });
export type SpeakerDto = z.infer<typeof speakerSchema>;

/**
 * GET /api/media/:id/transcript.json (the .vtt, .srt and .txt routes send the same text as
 * subtitles or plain text). The added fields are optional so clients keep reading older appliances.
 */
export const transcriptSchema = z.object({
  mediaId: z.string(),
  language: z.string().nullable(),
  segments: z.array(transcriptSegmentSchema),
  /** The version these segments are (0: an engine transcript from before versions existed). */
  version: z.number().int().nonnegative().optional(),
  source: z.enum(TRANSCRIPT_SOURCES).nullable().optional(),
  speakers: z.array(speakerSchema).optional(),
});
export type TranscriptDto = z.infer<typeof transcriptSchema>;

/**
 * The version a change is based on, for optimistic concurrency: the body's `version`, or the
 * If-Match header with the ETag of GET transcript.json. A change based on an older version is 409.
 */
const baseVersion = z.number({ error: 'version must be the transcript version the change is based on' }).int().nonnegative().optional();
const seconds = (name: string) => z.number({ error: `${name} must be a number of seconds` }).finite().nonnegative();
const segmentText = z
  .string()
  .trim()
  .min(1, 'text must not be empty')
  .max(10_000, 'text must be at most 10000 characters')
  .refine(isStorableText, 'text must not contain NUL characters or unpaired surrogates');

/** PATCH /api/media/:id/transcript/segments/:n: any of text, times, speaker (null: none). */
export const segmentPatchSchema = z
  .strictObject({
    version: baseVersion,
    text: segmentText.optional(),
    start: seconds('start').optional(),
    end: seconds('end').optional(),
    /** A speaker id of the transcript, or a name (a new name adds a speaker); null: none. */
    speaker: speakerName.nullable().optional(),
  })
  .refine((p) => p.text !== undefined || p.start !== undefined || p.end !== undefined || p.speaker !== undefined, {
    message: 'change at least one of text, start, end, speaker',
    path: ['text'],
  });
export type SegmentPatch = z.output<typeof segmentPatchSchema>;

/** POST .../segments/:n/split: cut at a second inside the segment; texts default to a split by time. */
export const segmentSplitSchema = z.strictObject({
  version: baseVersion,
  at: seconds('at'),
  textBefore: segmentText.optional(),
  textAfter: segmentText.optional(),
});
export type SegmentSplit = z.output<typeof segmentSplitSchema>;

/** POST .../segments/:n/merge-next and POST .../versions/:v/restore. */
export const versionOnlySchema = z.strictObject({ version: baseVersion }).optional().transform((b) => b ?? {});

/** PATCH /api/media/:id/speakers: names by speaker id; a rename applies to all its segments. */
export const speakersPatchSchema = z.strictObject({
  version: baseVersion,
  speakers: z.array(z.strictObject({ id: z.string().min(1, 'id is required').max(64), name: speakerName })).min(1, 'name at least one speaker').max(200),
});
export type SpeakersPatch = z.output<typeof speakersPatchSchema>;

export const speakersResponseSchema = z.object({ version: z.number().int().nonnegative(), speakers: z.array(speakerSchema) });

/** Segment routes name the segment by its 0-based position in GET transcript.json's segments. */
export const segmentParamsSchema = z.object({
  id: z.guid(),
  n: z.string().regex(/^\d{1,6}$/).transform(Number),
});
export const versionParamsSchema = z.object({
  id: z.guid(),
  v: z.string().regex(/^\d{1,9}$/).transform(Number),
});

/** One entry of the history: who, when, how. */
export const transcriptVersionSummarySchema = z.object({
  version: z.number().int().positive(),
  source: z.enum(TRANSCRIPT_VERSION_SOURCES),
  /** The user who made it; null for the speech-to-text engine. */
  author: z.string().nullable(),
  createdAt: z.string(),
  note: z.string().nullable(),
  segmentCount: z.number().int().nonnegative(),
});
export type TranscriptVersionSummaryDto = z.infer<typeof transcriptVersionSummarySchema>;
export const transcriptVersionsSchema = z.object({
  mediaId: z.string(),
  current: z.number().int().nonnegative(),
  versions: z.array(transcriptVersionSummarySchema),
});
export const transcriptVersionSchema = transcriptVersionSummarySchema.extend({
  mediaId: z.string(),
  segments: z.array(transcriptSegmentSchema),
  speakers: z.array(speakerSchema),
});

/** The exports: ?download=1 and ?version=N (an older version from the history). */
export const transcriptExportQuerySchema = z.object({
  download: z
    .enum(['0', '1', 'true', 'false'], { error: 'download must be 1 or 0' })
    .optional()
    .transform((value) => value === '1' || value === 'true'),
  version: z
    .string()
    .regex(/^\d{1,9}$/, 'version must be a version number')
    .transform(Number)
    .optional(),
});

/** POST /api/media/:id/retranscribe?overwrite=true */
export const retranscribeQuerySchema = z.object({
  overwrite: z
    .enum(['0', '1', 'true', 'false'], { error: 'overwrite must be true or false' })
    .optional()
    .transform((value) => value === '1' || value === 'true'),
});

/** Largest transcript a PUT accepts (a 10-hour lecture's SRT is about 1 MB). */
export const TRANSCRIPT_IMPORT_MAX_BYTES = 8 * 1024 * 1024;
/** Content-Type -> format of PUT /api/media/:id/transcript. */
export const TRANSCRIPT_IMPORT_TYPES = { 'application/x-subrip': 'srt', 'text/vtt': 'vtt', 'application/json': 'json' } as const;
