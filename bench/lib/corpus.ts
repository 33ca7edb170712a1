import { ENGLISH_STOPWORDS } from '../../appliance/src/domain/text-tokens.js';
import type { TranscriptSegment } from '../../appliance/src/ports/speech-to-text.js';
import { seededRandom } from './stats.js';

const SYLLABLES = ['ka', 'lo', 'mi', 'ter', 'an', 'vel', 'so', 'ri', 'den', 'pa', 'mor', 'ul', 'fen', 'ti', 'gra', 'bo', 'sen', 'ex', 'dor', 'li', 'ca', 'pur', 'ne', 'stan'];

/**
 * A synthetic spoken corpus, deterministic for a seed: a vocabulary drawn with Zipf frequencies
 * whose most common ranks are real English stopwords (as in speech) and the rest made-up words,
 * in ~5 s transcript segments of 8-16 words. Real transcripts cannot be shipped; this keeps the statistics that matter to full-text
 * and hashed-vector search (common terms, rare terms, overlap between segments).
 */
export class Corpus {
  readonly vocabulary: string[];
  private readonly cumulative: number[];
  private readonly random: () => number;

  constructor(seed: number, vocabularySize = 8000) {
    this.random = seededRandom(seed);
    const words = new Set<string>([...ENGLISH_STOPWORDS].slice(0, 60));
    while (words.size < vocabularySize) {
      const syllables = 1 + Math.floor(this.random() * 3) + (words.size > 200 ? 1 : 0);
      words.add(Array.from({ length: syllables }, () => SYLLABLES[Math.floor(this.random() * SYLLABLES.length)]).join(''));
    }
    this.vocabulary = [...words];
    let total = 0;
    this.cumulative = this.vocabulary.map((_, rank) => (total += 1 / (rank + 1) ** 1.07));
  }

  word(): string {
    const target = this.random() * this.cumulative[this.cumulative.length - 1]!;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.cumulative[mid]! < target) low = mid + 1;
      else high = mid;
    }
    return this.vocabulary[low]!;
  }

  /** `seconds` of transcript in consecutive segments. */
  transcript(seconds: number): TranscriptSegment[] {
    return spokenSegments(seconds, () => 8 + Math.floor(this.random() * 9), () => this.word());
  }

  /** A query as a person would type it: `words` consecutive words of one segment. */
  queryFrom(segments: readonly TranscriptSegment[], words = 3): string {
    const segment = segments[Math.floor(this.random() * segments.length)]!;
    const terms = segment.text.split(' ');
    const at = Math.floor(this.random() * Math.max(1, terms.length - words));
    return terms.slice(at, at + words).join(' ');
  }
}

/** `seconds` of speech as ~5 s segments of `count()` words each, one `word()` at a time. */
export function spokenSegments(seconds: number, count: () => number, word: () => string): TranscriptSegment[] {
  const segments: TranscriptSegment[] = [];
  for (let start = 0; start < seconds; start += 5) {
    segments.push({ start, end: Math.min(seconds, start + 4.8), text: Array.from({ length: count() }, word).join(' ') });
  }
  return segments;
}
