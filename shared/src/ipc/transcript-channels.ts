import { z } from 'zod';
import type { MediaDto } from '../api/media.js';
import {
  SPEAKER_NAME_MAX_LENGTH,
  TRANSCRIPT_IMPORT_MAX_BYTES,
  type SpeakerDto,
  type TranscriptDto,
  type TranscriptVersionSummaryDto,
  type TranscriptSegmentJson,
} from '../api/transcripts.js';

/**
 * The IPC channels of transcript editing (issue 15). Every change names the version it is based
 * on; a change based on an older one comes back as `{ ok: false, stale: true }` with the current
 * transcript, so the renderer can reload and tell the user without parsing error messages.
 */

const id = z.string().min(1).max(100);
const segmentIndex = z.number().int().min(0).max(999_999);
const version = z.number().int().nonnegative();
const seconds = z.number().finite().nonnegative();
const text = z.string().min(1).max(10_000);
const speakerName = z.string().min(1).max(SPEAKER_NAME_MAX_LENGTH);

export const segmentEditSchema = z
  .object({ version, text: text.optional(), start: seconds.optional(), end: seconds.optional(), speaker: speakerName.nullable().optional() })
  .strict();
export const segmentSplitArgsSchema = z.object({ version, at: seconds, textBefore: text.optional(), textAfter: text.optional() }).strict();
export const speakerRenameSchema = z
  .object({ version, speakers: z.array(z.object({ id: z.string().min(1).max(64), name: speakerName }).strict()).min(1).max(200) })
  .strict();

/** Subtitles to import: a file the core reads (Electron knows paths), or the text of a file input. */
export const SUBTITLE_FORMATS = ['srt', 'vtt', 'json'] as const;
export type SubtitleFormat = (typeof SUBTITLE_FORMATS)[number];
export const subtitleImportSchema = z.union([
  z.object({ path: z.string().min(1).max(4096) }).strict(),
  z.object({ text: z.string().min(1).max(TRANSCRIPT_IMPORT_MAX_BYTES), format: z.enum(SUBTITLE_FORMATS) }).strict(),
]);
export type SubtitleImport = z.infer<typeof subtitleImportSchema>;

export const transcriptIpcArgs = {
  /** The whole transcript with its version, source and speakers (GET transcript.json). */
  'transcript:get': z.tuple([id]),
  'transcript:editSegment': z.tuple([id, segmentIndex, segmentEditSchema]),
  'transcript:splitSegment': z.tuple([id, segmentIndex, segmentSplitArgsSchema]),
  'transcript:mergeNext': z.tuple([id, segmentIndex, z.object({ version }).strict()]),
  'transcript:speakers': z.tuple([id]),
  /** Renames speakers by id; a rename applies to every segment of that speaker. */
  'transcript:renameSpeakers': z.tuple([id, speakerRenameSchema]),
  /** Replaces the transcript with SRT/WebVTT/JSON subtitles (a new version, source "imported"). */
  'transcript:import': z.tuple([id, subtitleImportSchema]),
  'transcript:versions': z.tuple([id]),
  'transcript:version': z.tuple([id, z.number().int().positive()]),
  'transcript:restore': z.tuple([id, z.number().int().positive(), z.object({ version }).strict()]),
  /** Speech-to-text again; `overwrite` is needed when the transcript is imported or edited. */
  'transcript:retranscribe': z.tuple([id, z.object({ overwrite: z.boolean() }).strict()]),
} as const;

export type EditableTranscript = TranscriptDto;

/** A change's answer: the new transcript, or (409 stale_version) the current one to reload. */
export type TranscriptChange = { ok: true; transcript: EditableTranscript } | { ok: false; stale: true; message: string; transcript: EditableTranscript };

export interface TranscriptVersionsList {
  current: number;
  versions: TranscriptVersionSummaryDto[];
}
export interface TranscriptVersionView extends TranscriptVersionSummaryDto {
  segments: TranscriptSegmentJson[];
  speakers: SpeakerDto[];
}

/** Re-running speech-to-text over a human transcript without `overwrite` is refused, not an error. */
export type RetranscribeResult = { ok: true; media: MediaDto } | { ok: false; protected: true; message: string };

export interface TranscriptIpcResults {
  'transcript:get': EditableTranscript;
  'transcript:editSegment': TranscriptChange;
  'transcript:splitSegment': TranscriptChange;
  'transcript:mergeNext': TranscriptChange;
  'transcript:speakers': { version: number; speakers: SpeakerDto[] };
  'transcript:renameSpeakers': TranscriptChange;
  'transcript:import': EditableTranscript;
  'transcript:versions': TranscriptVersionsList;
  'transcript:version': TranscriptVersionView;
  'transcript:restore': TranscriptChange;
  'transcript:retranscribe': RetranscribeResult;
}

/**
 * Which format a subtitle file is: its extension first, else its opening (WEBVTT header, a JSON
 * object); SRT otherwise, the commonest. The appliance parses and rejects what is not valid.
 */
export function guessSubtitleFormat(name: string, text: string): SubtitleFormat {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'srt' || ext === 'vtt' || ext === 'json') return ext;
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('WEBVTT')) return 'vtt';
  if (head.startsWith('{')) return 'json';
  return 'srt';
}

/** The Content-Type PUT /api/media/:id/transcript takes for each format. */
export const SUBTITLE_CONTENT_TYPES: Record<SubtitleFormat, string> = { srt: 'application/x-subrip', vtt: 'text/vtt', json: 'application/json' };
