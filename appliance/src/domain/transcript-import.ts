import { isStorableText } from '@biblio/shared';
import { speakerNamed, type TranscriptDraft } from './transcript-edit.js';
import { parseSubtitles, SubtitleImportError, type ImportedCue } from './subtitle-import.js';
import type { TranscriptSegment } from './transcript-types.js';

/*
 * A transcript file (SRT, WebVTT or Biblio's own JSON) into a draft of segments and named
 * speakers, with the same rules for every format: times readable, end not before start, cues
 * in time order, inside the media. Errors are SubtitleImportError naming the cue (1-based).
 */

export type TranscriptFileFormat = 'srt' | 'vtt' | 'json';

/** Cues to segments; each distinct speaker name becomes a speaker S1, S2, ... in order of appearance. */
export function draftFromCues(cues: readonly ImportedCue[]): TranscriptDraft {
  let speakers: TranscriptDraft['speakers'] = [];
  const segments = cues.map((cue): TranscriptSegment => {
    const segment: TranscriptSegment = { start: cue.start, end: cue.end, text: cue.text };
    if (cue.speaker !== undefined) {
      const named = speakerNamed(speakers, cue.speaker);
      speakers = named.speakers;
      segment.speaker = named.id;
    }
    return segment;
  });
  return { segments, speakers };
}

/** Names as the speakers route accepts them: 1-80 characters, no control characters. */
const isSpeakerName = (name: string): boolean => name.trim() !== '' && name.length <= 80 && !/[\u0000-\u001f\u007f]/.test(name) && isStorableText(name);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Biblio JSON: what GET transcript.json answers, `{ segments: [{start, end, text, speaker?}],
 * speakers?: [{id, name}] }`. A segment's speaker is an id of `speakers`, else taken as a name.
 */
function parseBiblioJson(source: string, durationSec: number | undefined): TranscriptDraft {
  let parsed: unknown;
  try {
    parsed = JSON.parse(source.replace(/^\uFEFF/, ''));
  } catch {
    throw new SubtitleImportError(undefined, 'the body is not JSON');
  }
  if (!isRecord(parsed) || !Array.isArray(parsed.segments)) throw new SubtitleImportError(undefined, 'a Biblio JSON transcript is an object with a "segments" array');
  const declared = new Map<string, string>();
  if (parsed.speakers !== undefined) {
    if (!Array.isArray(parsed.speakers)) throw new SubtitleImportError(undefined, '"speakers" must be an array of {id, name}');
    for (const s of parsed.speakers) {
      if (!isRecord(s) || typeof s.id !== 'string' || typeof s.name !== 'string' || !isSpeakerName(s.name)) {
        throw new SubtitleImportError(undefined, '"speakers" must be an array of {id, name}');
      }
      declared.set(s.id, s.name.trim());
    }
  }
  const cues: ImportedCue[] = [];
  parsed.segments.forEach((raw: unknown, i: number) => {
    const number = i + 1;
    if (!isRecord(raw)) throw new SubtitleImportError(number, 'a segment must be an object {start, end, text}');
    const { start, end, text, speaker } = raw;
    if (typeof start !== 'number' || !Number.isFinite(start) || start < 0) throw new SubtitleImportError(number, 'start must be a number of seconds, 0 or more');
    if (typeof end !== 'number' || !Number.isFinite(end)) throw new SubtitleImportError(number, 'end must be a number of seconds');
    if (typeof text !== 'string') throw new SubtitleImportError(number, 'text must be a string');
    if (!isStorableText(text)) throw new SubtitleImportError(number, 'text must not contain NUL characters or unpaired surrogates');
    if (speaker !== undefined && speaker !== null && (typeof speaker !== 'string' || !isSpeakerName(speaker))) {
      throw new SubtitleImportError(number, 'speaker must be a speaker id or a name of at most 80 characters');
    }
    const cue: ImportedCue = { start, end, text: text.trim() };
    if (typeof speaker === 'string') cue.speaker = declared.get(speaker) ?? speaker.trim();
    cues.push(cue);
  });
  checkCueOrder(cues, durationSec);
  const kept = cues.filter((c) => c.text !== '');
  if (kept.length === 0) throw new SubtitleImportError(undefined, 'the file has no segments with text');
  return draftFromCues(kept);
}

/** The order and duration rules parseSubtitles applies, for JSON segments. */
function checkCueOrder(cues: readonly ImportedCue[], durationSec: number | undefined): void {
  cues.forEach((cue, i) => {
    const number = i + 1;
    if (cue.end < cue.start) throw new SubtitleImportError(number, `ends (${cue.end} s) before it starts (${cue.start} s)`);
    const previous = cues[i - 1];
    if (previous && cue.start < previous.start) throw new SubtitleImportError(number, `starts (${cue.start} s) before the segment before it; segments must be in time order`);
    if (durationSec !== undefined && cue.end > durationSec + 1) {
      throw new SubtitleImportError(number, `ends at ${cue.end.toFixed(3)} s, after the end of the media (${durationSec.toFixed(3)} s)`);
    }
  });
}

/** Any supported transcript file (already decoded as UTF-8) into a draft. */
export function parseTranscriptFile(source: string, format: TranscriptFileFormat, durationSec: number | null): TranscriptDraft {
  const duration = durationSec ?? undefined;
  if (format === 'json') return parseBiblioJson(source, duration);
  return draftFromCues(parseSubtitles(source, format, { durationSec: duration }));
}
