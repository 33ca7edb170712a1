import type { TranscriptSegment } from './transcript-types.js';

/**
 * A unit of transcript search: enough consecutive segments (~20 s) to carry context for the
 * embedding, small enough that a hit still points near the spoken phrase. `segments` are kept so
 * search can narrow a hit to the exact segment (see ranking.bestSegment).
 */
export interface SearchChunk {
  index: number;
  start: number;
  end: number;
  text: string;
  segments: TranscriptSegment[];
}

export interface ChunkOptions {
  /** A chunk is closed as soon as it spans at least this many seconds. */
  targetSec?: number;
  /** A chunk never spans more, unless a single segment is longer on its own. */
  maxSec?: number;
  /**
   * Seconds of the previous chunk's tail repeated at the start of the next one, so a phrase
   * spoken across a chunk boundary is still whole in one chunk. Whole segments only: the
   * trailing run whose span is closest to this (ties: fewer segments).
   */
  overlapSec?: number;
}

/** Segments worth indexing, in time order: finite times, some text, end never before start. */
function usableSegments(segments: readonly TranscriptSegment[]): TranscriptSegment[] {
  return segments
    .filter((s) => Number.isFinite(s.start) && Number.isFinite(s.end) && s.text.trim().length > 0)
    .map((s, order) => ({ s, order }))
    // Engines emit in order already; sorting (stable, by original order on ties) makes the
    // result independent of how transcription windows were concatenated.
    .sort((a, b) => a.s.start - b.s.start || a.s.end - b.s.end || a.order - b.order)
    .map(({ s }) => s);
}

function endOf(s: TranscriptSegment): number {
  return Math.max(s.start, s.end);
}

/** Span from the earliest start to the latest end of segs[from..to). */
function span(segs: readonly TranscriptSegment[], from: number, to: number): number {
  let end = -Infinity;
  for (let i = from; i < to; i++) end = Math.max(end, endOf(segs[i]!));
  return end - segs[from]!.start;
}

/** Number of trailing segments of segs[from..to) to repeat (always fewer than to - from). */
function overlapCount(segs: readonly TranscriptSegment[], from: number, to: number, overlapSec: number): number {
  if (overlapSec <= 0) return 0;
  const chunkEnd = span(segs, from, to) + segs[from]!.start;
  let best = 0;
  let bestDiff = overlapSec; // zero segments cover 0 s
  for (let count = 1; count < to - from; count++) {
    const diff = Math.abs(chunkEnd - segs[to - count]!.start - overlapSec);
    if (diff < bestDiff) {
      best = count;
      bestDiff = diff;
    }
  }
  return best;
}

/**
 * Groups transcript segments into overlapping search chunks. Pure and deterministic: the same
 * segments always give the same chunks, so re-indexing a media file replaces rows one to one.
 * Segments without text or with non-finite times are left out; a chunk is never empty.
 */
export function chunkSegments(segments: readonly TranscriptSegment[], options: ChunkOptions = {}): SearchChunk[] {
  const { targetSec = 20, maxSec = 30, overlapSec = 5 } = options;
  if (!(targetSec > 0) || !(maxSec >= targetSec) || !(overlapSec >= 0) || !(overlapSec < targetSec)) {
    throw new RangeError(
      `chunk options need 0 < targetSec <= maxSec and 0 <= overlapSec < targetSec (got ${targetSec}, ${maxSec}, ${overlapSec})`,
    );
  }
  const segs = usableSegments(segments);
  const chunks: SearchChunk[] = [];
  let from = 0; // first segment of the current chunk (may be overlap)
  let fresh = 0; // first segment not yet in any chunk
  while (fresh < segs.length) {
    // Bounds win over overlap: drop overlap segments until the first fresh one fits in maxSec,
    // otherwise a chunk could hold nothing new and the same tail would repeat.
    while (from < fresh && endOf(segs[fresh]!) - segs[from]!.start > maxSec) from++;
    let to = fresh + 1; // the first fresh segment is always taken
    while (to < segs.length && span(segs, from, to) < targetSec && span(segs, from, to + 1) <= maxSec) to++;

    const members = segs.slice(from, to);
    chunks.push({
      index: chunks.length,
      start: members[0]!.start,
      end: members[0]!.start + span(segs, from, to),
      text: members.map((s) => s.text.trim()).join(' '),
      segments: members,
    });
    fresh = to;
    from = to - overlapCount(segs, from, to, overlapSec);
  }
  return chunks;
}
