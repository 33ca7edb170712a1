import type { TranscriptSegmentDto } from '@biblio/shared';

/** The segment being spoken at `time`: the last one that started, while it lasts or until the next. */
export function activeSegment(segments: TranscriptSegmentDto[], time: number): number {
  let active = -1;
  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i]!;
    if (segment.start > time) break;
    const next = segments[i + 1];
    if (time < segment.end || (next !== undefined && time < next.start)) active = i;
  }
  return active;
}

/** Indexes of the segments containing `query` (case- and accent-insensitive). */
export function findSegments(segments: TranscriptSegmentDto[], query: string): number[] {
  const needle = fold(query.trim());
  if (!needle) return [];
  return segments.flatMap((segment, i) => (fold(segment.text).includes(needle) ? [i] : []));
}

/** Splits `text` around the matches of `query`, for <mark>; folding keeps lengths for these scripts. */
export function splitMatches(text: string, query: string): { text: string; match: boolean }[] {
  const needle = fold(query.trim());
  if (!needle) return [{ text, match: false }];
  const hay = fold(text);
  // Folding can change lengths (e.g. ligatures); then highlight nothing rather than the wrong letters.
  if (hay.length !== text.length) return [{ text, match: false }];
  const parts: { text: string; match: boolean }[] = [];
  let from = 0;
  for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + needle.length)) {
    if (at > from) parts.push({ text: text.slice(from, at), match: false });
    parts.push({ text: text.slice(at, at + needle.length), match: true });
    from = at + needle.length;
  }
  if (from < text.length) parts.push({ text: text.slice(from), match: false });
  return parts;
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
