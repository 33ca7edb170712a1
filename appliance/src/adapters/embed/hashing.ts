import { contentTerms, isSegmentedScriptTerm } from '../../domain/text-tokens.js';
import { EMBEDDING_DIMENSIONS, type Embedder } from '../../ports/embedder.js';

/**
 * FNV-1a (32-bit) over UTF-16 code units, followed by murmur3's fmix32 finaliser. FNV alone
 * has weak low bits for short keys, and the bucket index uses the low bits; fmix32 spreads
 * every input bit over the whole word. Deterministic across runs and platforms (no seed).
 */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Weight of one character trigram relative to a whole term (they are many, and fuzzier). */
const TRIGRAM_WEIGHT = 0.35;

/**
 * Features of a text with their raw counts. Namespaced ("w:", "t:") so the word "the" and the
 * trigram "the" land in different buckets.
 * - every content term (words; bigrams of Hangul/Han/kana/Thai, see domain/text-tokens);
 * - character trigrams of words of 4+ characters in space-separated scripts, padded with "^"
 *   and "$", so inflections and speech-to-text misspellings ("budget"/"budgets"/"budgit")
 *   still overlap. Segmented-script terms are already character bigrams.
 */
function features(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (feature: string, weight: number): void => {
    counts.set(feature, (counts.get(feature) ?? 0) + weight);
  };
  for (const term of contentTerms(text)) {
    add(`w:${term}`, 1);
    if (isSegmentedScriptTerm(term)) continue;
    const chars = Array.from(`^${term}$`);
    if (chars.length < 6) continue;
    for (let i = 0; i + 3 <= chars.length; i++) add(`t:${chars[i]}${chars[i + 1]}${chars[i + 2]}`, TRIGRAM_WEIGHT);
  }
  return counts;
}

/**
 * The vector for text without any term (empty, punctuation, music notes): one fixed basis
 * vector. pgvector's cosine distance with an all-zero vector is NaN, which breaks ORDER BY, so
 * a zero vector is never returned; a basis vector is orthogonal-ish to real texts (it shares one
 * bucket out of 384 with them), so empty chunks never rank high.
 */
export function emptyTextVector(): number[] {
  const vector = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  vector[hash32('\u0000empty') % EMBEDDING_DIMENSIONS] = 1;
  return vector;
}

/** Feature hashing of one text into a unit vector; see HashingEmbedder. */
export function hashingVector(text: string): number[] {
  const vector = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  for (const [feature, count] of features(text)) {
    const h = hash32(feature);
    // Sublinear tf: a word said ten times in a chunk should not drown the rest of it. Counts
    // below 1 (trigrams) scale linearly so 1 + ln(x) never goes negative.
    const weight = count > 1 ? 1 + Math.log(count) : count;
    // The top bit picks the sign (the index uses the low bits): signed hashing makes colliding
    // features cancel on average instead of inflating every similarity.
    vector[h % EMBEDDING_DIMENSIONS]! += h & 0x80000000 ? -weight : weight;
  }
  let norm = 0;
  for (const v of vector) norm += v * v;
  norm = Math.sqrt(norm);
  // Zero when there are no features, or (rarely) when signed collisions cancel exactly.
  if (!(norm > 1e-12)) return emptyTextVector();
  return vector.map((v) => v / norm);
}

/**
 * The embedded default engine: deterministic feature hashing of words, CJK/Thai bigrams and
 * character trigrams into 384 dimensions, L2-normalised. No model files, no network, ~µs per
 * text. It captures lexical overlap (including partial words), not meaning: "budget" and
 * "funding" are unrelated to it. Good enough for "jump to where this was said" search, and
 * the full-text half of hybrid search covers exact phrases.
 */
export class HashingEmbedder implements Embedder {
  readonly engine = 'hashing';
  /** Unrelated texts sit within about ±0.07 similarity; a one-word query against a 20 s chunk
   * that contains it scores about 0.13, so anything under 0.08 similarity is noise. */
  readonly noiseDistance = 0.92;
  readonly lexicalOnly = true;

  async embed(texts: readonly string[]): Promise<number[][]> {
    return texts.map(hashingVector);
  }
}
