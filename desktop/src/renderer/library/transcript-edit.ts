import type { SpeakerDto, TranscriptSource, TranscriptVersionSource } from '@biblio/shared';

/**
 * Pure rules of the transcript editor: where a split at the text cursor falls in time, which
 * speaker a typed name means, how a source reads, and when re-running speech-to-text needs a yes.
 */

/** The shortest piece a split may leave on either side, in seconds. */
const SPLIT_MARGIN_SEC = 0.05;

export interface SplitPlan {
  at: number;
  textBefore: string;
  textAfter: string;
}

/**
 * Splitting at character `cursor` of `text`: the time is proportional to the characters before
 * the cursor (speech runs at a roughly even pace within a sentence), kept strictly inside the
 * segment. Null when either side would be empty or the segment is too short to cut.
 */
export function planSplit(segment: { start: number; end: number }, text: string, cursor: number): SplitPlan | null {
  const textBefore = text.slice(0, cursor).trim();
  const textAfter = text.slice(cursor).trim();
  if (!textBefore || !textAfter) return null;
  const span = segment.end - segment.start;
  if (span <= 2 * SPLIT_MARGIN_SEC) return null;
  const share = cursor / Math.max(1, text.length);
  const raw = segment.start + span * share;
  const at = Math.min(segment.end - SPLIT_MARGIN_SEC, Math.max(segment.start + SPLIT_MARGIN_SEC, raw));
  return { at: Math.round(at * 1000) / 1000, textBefore, textAfter };
}

/** The speaker a typed name means: an existing one by name (case-insensitive), else a new name. */
export function speakerByName(speakers: readonly SpeakerDto[], name: string): SpeakerDto | null {
  const wanted = name.trim().toLocaleLowerCase();
  return speakers.find((s) => s.name.trim().toLocaleLowerCase() === wanted) ?? null;
}

/** Re-running speech-to-text replaces people's work only after they say yes. */
export function retranscribeNeedsConfirmation(source: TranscriptSource | null | undefined): boolean {
  return source === 'imported' || source === 'edited';
}

/** A text edit worth sending: changed and not blank (the appliance refuses empty text). */
export function editedText(original: string, draft: string): string | null {
  const next = draft.trim();
  if (!next || next === original.trim()) return null;
  return next;
}

export type SourceKey = TranscriptSource | TranscriptVersionSource | 'unknown';
export function sourceKey(source: TranscriptSource | TranscriptVersionSource | null | undefined): SourceKey {
  return source ?? 'unknown';
}
