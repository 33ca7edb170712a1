import type { Speaker, TranscriptSegment } from './transcript-types.js';

/*
 * Pure rules for changing a transcript by hand: edit one segment (text, times, speaker), split
 * one in two, merge one with the next, name speakers. Each returns a new draft and never
 * mutates its input; a change that would break the transcript's invariants (segments in time
 * order, end not before start, inside the media) throws TranscriptEditError naming the field.
 */

export interface TranscriptDraft {
  segments: TranscriptSegment[];
  speakers: Speaker[];
}

export class TranscriptEditError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
    /** 404 for a segment or speaker that does not exist, else 400. */
    readonly status: 400 | 404 = 400,
  ) {
    super(reason);
    this.name = 'TranscriptEditError';
  }
}

/** Players and subtitle files round a media's duration either way. */
export const DURATION_TOLERANCE_SEC = 1;

const clone = (draft: TranscriptDraft): TranscriptDraft => structuredClone(draft);

function segmentAt(draft: TranscriptDraft, n: number): TranscriptSegment {
  const segment = draft.segments[n];
  if (!segment) throw new TranscriptEditError('n', `there is no segment ${n}; the transcript has ${draft.segments.length} (numbered from 0)`, 404);
  return segment;
}

/** Times of segment n must stay between its neighbours' starts and inside the media. */
function checkTimes(draft: TranscriptDraft, n: number, durationSec: number | null): void {
  const segment = draft.segments[n]!;
  if (segment.end < segment.start) throw new TranscriptEditError('end', `end (${segment.end} s) is before start (${segment.start} s)`);
  const previous = draft.segments[n - 1];
  if (previous && segment.start < previous.start) {
    throw new TranscriptEditError('start', `start (${segment.start} s) is before the previous segment's start (${previous.start} s); segments stay in time order`);
  }
  const next = draft.segments[n + 1];
  if (next && segment.start > next.start) {
    throw new TranscriptEditError('start', `start (${segment.start} s) is after the next segment's start (${next.start} s); segments stay in time order`);
  }
  if (durationSec !== null && segment.end > durationSec + DURATION_TOLERANCE_SEC) {
    throw new TranscriptEditError('end', `end (${segment.end} s) is after the end of the media (${durationSec} s)`);
  }
}

/**
 * The speaker id for a name: the existing speaker of that name (case-insensitive), else a new
 * one ("S1", "S2", ... the first free number). Returns the id and the speakers list with it.
 */
export function speakerNamed(speakers: readonly Speaker[], name: string): { id: string; speakers: Speaker[] } {
  const wanted = name.trim();
  const found = speakers.find((s) => s.name.toLocaleLowerCase() === wanted.toLocaleLowerCase());
  if (found) return { id: found.id, speakers: [...speakers] };
  const taken = new Set(speakers.map((s) => s.id));
  let number = 1;
  while (taken.has(`S${number}`)) number++;
  const id = `S${number}`;
  return { id, speakers: [...speakers, { id, name: wanted }] };
}

export interface SegmentChange {
  text?: string;
  start?: number;
  end?: number;
  /** A speaker id or name (an unknown name becomes a new speaker); null removes the speaker. */
  speaker?: string | null;
}

/**
 * Edits segment n. New text or times drop the engine's word timings (they would no longer
 * match what is written); the segment keeps its place in time order.
 */
export function editSegment(draft: TranscriptDraft, n: number, change: SegmentChange, durationSec: number | null): TranscriptDraft {
  const next = clone(draft);
  const segment = segmentAt(next, n);
  if (change.text !== undefined) segment.text = change.text.trim();
  if (change.start !== undefined) segment.start = change.start;
  if (change.end !== undefined) segment.end = change.end;
  if (change.text !== undefined || change.start !== undefined || change.end !== undefined) delete segment.words;
  if (change.speaker === null) delete segment.speaker;
  else if (change.speaker !== undefined) {
    const byId = next.speakers.find((s) => s.id === change.speaker);
    if (byId) segment.speaker = byId.id;
    else {
      const named = speakerNamed(next.speakers, change.speaker);
      segment.speaker = named.id;
      next.speakers = named.speakers;
    }
  }
  if (segment.text === '') throw new TranscriptEditError('text', 'text must not be empty');
  checkTimes(next, n, durationSec);
  return { segments: next.segments, speakers: usedSpeakers(next) };
}

/** Word boundaries closest to a share of the text: where a time cut falls without word times. */
function splitTextAt(text: string, share: number): [string, string] {
  const words = text.split(/\s+/).filter((w) => w !== '');
  if (words.length < 2) return [text, text];
  const cut = Math.min(words.length - 1, Math.max(1, Math.round(words.length * share)));
  return [words.slice(0, cut).join(' '), words.slice(cut).join(' ')];
}

export interface SplitRequest {
  at: number;
  textBefore?: string;
  textAfter?: string;
}

/**
 * Splits segment n at a second strictly inside it. Without texts, the words are divided by
 * their own times when the engine gave them, else in proportion to the time on each side.
 */
export function splitSegment(draft: TranscriptDraft, n: number, request: SplitRequest): TranscriptDraft {
  const next = clone(draft);
  const segment = segmentAt(next, n);
  const { at } = request;
  if (!(at > segment.start && at < segment.end)) {
    throw new TranscriptEditError('at', `at (${at} s) must be inside the segment, after ${segment.start} s and before ${segment.end} s`);
  }
  if ((request.textBefore === undefined) !== (request.textAfter === undefined)) {
    throw new TranscriptEditError(request.textBefore === undefined ? 'textBefore' : 'textAfter', 'give both textBefore and textAfter, or neither');
  }
  const wordsBefore = segment.words?.filter((w) => w.start < at);
  const wordsAfter = segment.words?.filter((w) => w.start >= at);
  let texts: [string, string];
  if (request.textBefore !== undefined) texts = [request.textBefore.trim(), request.textAfter!.trim()];
  else if (wordsBefore?.length && wordsAfter?.length) texts = [wordsBefore.map((w) => w.text.trim()).join(' '), wordsAfter.map((w) => w.text.trim()).join(' ')];
  else texts = splitTextAt(segment.text, (at - segment.start) / (segment.end - segment.start));
  const keepWords = request.textBefore === undefined && wordsBefore?.length && wordsAfter?.length;
  const base = { ...(segment.speaker ? { speaker: segment.speaker } : {}) };
  const first: TranscriptSegment = { start: segment.start, end: at, text: texts[0], ...base, ...(keepWords ? { words: wordsBefore } : {}) };
  const second: TranscriptSegment = { start: at, end: segment.end, text: texts[1], ...base, ...(keepWords ? { words: wordsAfter } : {}) };
  next.segments.splice(n, 1, first, second);
  return next;
}

/**
 * Merges segment n with segment n+1: one segment from the first's start to the later end, the
 * texts joined by a space, word timings kept when both had them, the first one's speaker.
 */
export function mergeWithNext(draft: TranscriptDraft, n: number): TranscriptDraft {
  const next = clone(draft);
  const first = segmentAt(next, n);
  const second = next.segments[n + 1];
  if (!second) throw new TranscriptEditError('n', `segment ${n} is the last one: there is no next segment to merge with`, 400);
  const merged: TranscriptSegment = {
    start: first.start,
    end: Math.max(first.end, second.end),
    text: `${first.text} ${second.text}`,
    ...(first.speaker ?? second.speaker ? { speaker: (first.speaker ?? second.speaker)! } : {}),
    ...(first.words && second.words ? { words: [...first.words, ...second.words] } : {}),
  };
  next.segments.splice(n, 2, merged);
  return { segments: next.segments, speakers: usedSpeakers(next) };
}

/** Names speakers by id; every segment of a speaker shows the new name. Unknown ids: 404. */
export function renameSpeakers(draft: TranscriptDraft, names: readonly Speaker[]): TranscriptDraft {
  const next = clone(draft);
  for (const { id, name } of names) {
    const speaker = next.speakers.find((s) => s.id === id);
    if (!speaker) throw new TranscriptEditError('speakers', `there is no speaker "${id}" in this transcript`, 404);
    speaker.name = name.trim();
  }
  const seen = new Map<string, string>();
  for (const speaker of next.speakers) {
    const key = speaker.name.toLocaleLowerCase();
    if (seen.has(key)) throw new TranscriptEditError('speakers', `two speakers would be called "${speaker.name}" (${seen.get(key)} and ${speaker.id}); give each a different name`);
    seen.set(key, speaker.id);
  }
  return next;
}

/** The speakers some segment still points at (a merge or edit can leave one unused). */
function usedSpeakers(draft: TranscriptDraft): Speaker[] {
  const used = new Set(draft.segments.map((s) => s.speaker).filter((id): id is string => id !== undefined));
  return draft.speakers.filter((s) => used.has(s.id));
}

/** Segments with their speaker's name filled in (answers, exports and search chunks). */
export function withSpeakerNames(draft: TranscriptDraft): TranscriptSegment[] {
  const names = new Map(draft.speakers.map((s) => [s.id, s.name]));
  return draft.segments.map((segment) => {
    const name = segment.speaker === undefined ? undefined : names.get(segment.speaker);
    return name === undefined ? { ...segment } : { ...segment, speakerName: name };
  });
}
