import type { TranscriptSegment } from '../../appliance/src/ports/speech-to-text.js';
import { spokenSegments } from './corpus.js';
import { seededRandom } from './stats.js';

/** Syllables common in spoken Korean, for made-up nouns and verbs. */
const SYLLABLES = [...'가강개고공관교구국기나내노다대도동리마만명무문물미바반방보부사산상서선성세소수시신아안양어연영오요우원유의이인자장전정제조주중지진차처체초출치타테토파평하한해행현화회'];
/** Particles and endings spoken after a stem: a search for the stem must find every form. */
const ENDINGS = ['', '', '을', '를', '은', '는', '이', '가', '에서', '의', '으로', '에게', '하고', '했습니다', '합니다'];

/**
 * A synthetic Korean spoken corpus, deterministic for a seed: Zipf-distributed stems of two or
 * three syllables, half of them followed by a particle or an ending, in ~5 s segments of 6-12
 * words. Queries are what people type: stems without their particles (강의 for 강의를).
 */
export class KoreanCorpus {
  private readonly stems: string[];
  private readonly cumulative: number[];
  private readonly random: () => number;

  constructor(seed: number, vocabularySize = 4000) {
    this.random = seededRandom(seed);
    const stems = new Set<string>();
    while (stems.size < vocabularySize) {
      const length = 2 + Math.floor(this.random() * 2);
      stems.add(Array.from({ length }, () => SYLLABLES[Math.floor(this.random() * SYLLABLES.length)]).join(''));
    }
    this.stems = [...stems];
    let total = 0;
    this.cumulative = this.stems.map((_, rank) => (total += 1 / (rank + 1) ** 1.07));
  }

  private stem(): string {
    const target = this.random() * this.cumulative[this.cumulative.length - 1]!;
    const rank = this.cumulative.findIndex((c) => c >= target);
    return this.stems[rank < 0 ? this.stems.length - 1 : rank]!;
  }

  transcript(seconds: number): TranscriptSegment[] {
    return spokenSegments(seconds, () => 6 + Math.floor(this.random() * 7), () => this.stem() + ENDINGS[Math.floor(this.random() * ENDINGS.length)]);
  }

  /** Two consecutive words of one segment, typed as stems (particles and endings left off). */
  queryFrom(segments: readonly TranscriptSegment[], words = 2): string {
    const segment = segments[Math.floor(this.random() * segments.length)]!;
    const terms = segment.text.split(' ');
    const at = Math.floor(this.random() * Math.max(1, terms.length - words));
    return terms
      .slice(at, at + words)
      .map((w) => ENDINGS.reduce((stem, ending) => (ending && stem.endsWith(ending) && stem.length > ending.length + 1 ? stem.slice(0, -ending.length) : stem), w))
      .join(' ');
  }
}
