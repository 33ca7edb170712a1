import type { TranscriptSegment, TranscriptWord } from './transcript-types.js';
import { contentTerms } from './text-tokens.js';

export interface FusedResult {
  id: string;
  score: number;
}

/** Scores closer than this are equal: float sums of 1/(k+rank) differ in the last bits by order. */
const SCORE_EPSILON = 1e-12;

/**
 * Reciprocal rank fusion (Cormack et al. 2009): score(id) = sum over rankings of 1/(k + rank),
 * rank starting at 1. It needs no score calibration between vector distance and full-text rank,
 * which is why hybrid search uses it. An id repeated inside one ranking counts once, at its best
 * rank. Ties are broken by the best single rank, then by id (code-unit order, not locale), so
 * the same inputs always give the same order.
 */
export function reciprocalRankFusion(rankings: readonly (readonly string[])[], k = 60): FusedResult[] {
  if (!(k >= 0) || !Number.isFinite(k)) throw new RangeError(`RRF k must be a finite number >= 0, got ${k}`);
  const scores = new Map<string, { score: number; bestRank: number }>();
  for (const ranking of rankings) {
    const seen = new Set<string>();
    ranking.forEach((id, position) => {
      if (seen.has(id)) return;
      seen.add(id);
      const rank = position + 1;
      const entry = scores.get(id) ?? { score: 0, bestRank: Infinity };
      entry.score += 1 / (k + rank);
      entry.bestRank = Math.min(entry.bestRank, rank);
      scores.set(id, entry);
    });
  }
  return [...scores.entries()]
    .sort(([idA, a], [idB, b]) => {
      if (Math.abs(a.score - b.score) > SCORE_EPSILON) return b.score - a.score;
      if (a.bestRank !== b.bestRank) return a.bestRank - b.bestRank;
      return idA < idB ? -1 : idA > idB ? 1 : 0;
    })
    .map(([id, { score }]) => ({ id, score }));
}

/** Weight of a query term that only matches as a prefix ("discuss" / "discussed"). */
const PREFIX_MATCH = 0.5;
/** Bonus per pair of consecutive query terms that are also consecutive in the segment. */
const ADJACENT_BONUS = 0.75;
/** Shorter terms give too many accidental prefix matches ("in" / "interest"). */
const MIN_PREFIX_LENGTH = 4;

function termMatch(queryTerm: string, segmentTerms: ReadonlySet<string>): number {
  if (segmentTerms.has(queryTerm)) return 1;
  if (queryTerm.length < MIN_PREFIX_LENGTH) return 0;
  for (const term of segmentTerms) {
    if (term.length >= MIN_PREFIX_LENGTH && (term.startsWith(queryTerm) || queryTerm.startsWith(term))) return PREFIX_MATCH;
  }
  return 0;
}

/** How well one segment's text matches the query terms; 0 when nothing overlaps. */
export function segmentScore(queryTerms: readonly string[], text: string): number {
  const terms = contentTerms(text);
  const termSet = new Set(terms);
  let score = 0;
  for (const q of new Set(queryTerms)) score += termMatch(q, termSet);
  if (score === 0) return 0;
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < terms.length; i++) pairs.add(`${terms[i]}\u0000${terms[i + 1]}`);
  for (let i = 0; i + 1 < queryTerms.length; i++) {
    if (pairs.has(`${queryTerms[i]}\u0000${queryTerms[i + 1]}`)) score += ADJACENT_BONUS;
  }
  return score;
}

/**
 * Start of the longest run of consecutive words that match query terms (earliest on ties), or
 * undefined when no word matches. Words carry their own times, so this is where the phrase
 * begins inside the segment.
 */
function phraseStartWord(queryTerms: ReadonlySet<string>, words: readonly TranscriptWord[]): TranscriptWord | undefined {
  let best: { word: TranscriptWord; length: number } | undefined;
  let run: { word: TranscriptWord; length: number } | undefined;
  for (const word of words) {
    const matches = contentTerms(word.text).some((t) => queryTerms.has(t));
    if (!matches) {
      run = undefined;
      continue;
    }
    run = run ? { word: run.word, length: run.length + 1 } : { word, length: 1 };
    if (!best || run.length > best.length) best = run;
  }
  return best?.word;
}

export interface BestSegmentOptions {
  /**
   * When the chosen segment has word timings, move `start` to the first word of the best
   * matching run of words (a new object; `end`, `text` and `words` are the segment's). This is
   * the moment the phrase is spoken rather than the start of its sentence. Default true.
   */
  narrowToWord?: boolean;
}

/**
 * The segment of a search hit that best matches the query: the most query terms (words, and
 * bigrams for Hangul/Han/kana/Thai, see text-tokens), plus a bonus for query terms that are
 * adjacent in the segment too (the phrase, not just its words). Ties go to the earliest segment,
 * where the phrase is first spoken. When nothing overlaps (a purely semantic vector hit), the
 * earliest segment is returned; undefined only for no segments.
 */
export function bestSegment(
  query: string,
  segments: readonly TranscriptSegment[],
  options: BestSegmentOptions = {},
): TranscriptSegment | undefined {
  if (segments.length === 0) return undefined;
  const ordered = segments
    .map((segment, order) => ({ segment, order }))
    .sort((a, b) => a.segment.start - b.segment.start || a.order - b.order)
    .map(({ segment }) => segment);
  const queryTerms = contentTerms(query);
  let best = ordered[0]!;
  let bestScore = 0;
  if (queryTerms.length > 0) {
    for (const segment of ordered) {
      const score = segmentScore(queryTerms, segment.text);
      if (score > bestScore) {
        best = segment;
        bestScore = score;
      }
    }
  }
  if (bestScore === 0 || options.narrowToWord === false || !best.words?.length) return best;
  const word = phraseStartWord(new Set(queryTerms), best.words);
  // Word times outside the segment would be an engine bug; keep the segment's own start then.
  if (!word || !(word.start >= best.start && word.start <= best.end)) return best;
  return { ...best, start: word.start };
}
