/**
 * Unicode-aware normalisation and tokenisation shared by the hashing embedder and by segment
 * scoring, so that "what counts as the same word" is decided in one place.
 *
 * Terms:
 * - Scripts that separate words with spaces (Latin, Cyrillic, Greek, Arabic, Devanagari, ...)
 *   give one term per word: a run of letters, digits and combining marks.
 * - Scripts without reliable word boundaries (Han, Hiragana, Katakana, Thai) or with particles
 *   glued to the word (Hangul: "예산을" = "예산" + object particle) give overlapping character
 *   bigrams instead, so "예산" matches inside "예산을" and a Chinese sentence needs no segmenter.
 *   A lone character of such a script gives itself (a one-syllable word must stay searchable).
 */

/**
 * Scripts whose runs are split into bigrams instead of being taken as whole words. Script
 * extensions, not Script: the prolonged sound mark "ー" and the iteration mark "々" are
 * Script=Common but belong to kana/Han words ("コーヒー" must stay one run).
 */
const SEGMENTED = '\\p{scx=Hangul}\\p{scx=Han}\\p{scx=Hiragana}\\p{scx=Katakana}\\p{scx=Thai}';
const SEGMENTED_SCRIPT = new RegExp(`[${SEGMENTED}]`, 'u');

/**
 * A word: letters, digits and combining marks. The marks matter: Devanagari and Thai vowel
 * signs are \p{M}, and with \p{L}\p{N} alone words would be cut in the middle.
 */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** Splits a word into maximal runs that are either all segmented-script or all not. */
const SCRIPT_RUNS = new RegExp(`[${SEGMENTED}\\p{M}]+|[^${SEGMENTED}]+`, 'gu');

/**
 * Small English stopword list. Used for scoring AND for the hashing embedder: without IDF
 * weights, function words dominate the overlap between unrelated English texts. Both drop them
 * only when something else is left, so a query like "to be or not to be" still has terms.
 */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be been but by can did do does for from had has have he her his i if in ' +
    'into is it its me my no not of on or our she so than that the their them then there these ' +
    'they this to too was we were what when where which who will with would you your um uh'
  ).split(' '),
);

/** NFKC (full-width forms, ligatures and compatibility jamo fold together) + lowercase. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Words of the normalised text in order of appearance (segmented scripts not yet split). */
export function words(text: string): string[] {
  return normalizeText(text).match(WORD) ?? [];
}

/** True when the term comes from a segmented script (a bigram or a lone character). */
export function isSegmentedScriptTerm(term: string): boolean {
  return SEGMENTED_SCRIPT.test(term);
}

/** A base character with the combining marks that follow it (Thai vowel and tone marks). */
const CLUSTER = /\P{M}\p{M}*|\p{M}+/gu;

/**
 * Overlapping bigrams of a run of segmented-script characters, or the character itself.
 * Characters are code points (Han extension B is astral) grouped with their combining marks,
 * so a Thai bigram is two written letters, not a letter and a lone tone mark.
 */
function bigrams(run: string): string[] {
  const chars = run.match(CLUSTER) ?? [];
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/**
 * All terms of a text in order of appearance (see the file comment), stopwords included.
 * Order matters: segment scoring gives a bonus to query terms that are adjacent in the segment.
 */
export function allTerms(text: string): string[] {
  const out: string[] = [];
  for (const word of words(text)) {
    if (!SEGMENTED_SCRIPT.test(word)) {
      out.push(word);
      continue;
    }
    // Mixed words such as "ai기반" keep their Latin part as a word and bigram the rest. A run
    // of only combining marks (possible after a script switch) carries nothing on its own.
    for (const run of word.match(SCRIPT_RUNS) ?? []) {
      if (SEGMENTED_SCRIPT.test(run)) out.push(...bigrams(run));
      else if (/[\p{L}\p{N}]/u.test(run)) out.push(run);
    }
  }
  return out;
}

/** Terms without English stopwords, unless that would leave none (then all terms). */
export function contentTerms(text: string): string[] {
  const all = allTerms(text);
  const content = all.filter((term) => !ENGLISH_STOPWORDS.has(term));
  return content.length > 0 ? content : all;
}

/**
 * What to store in a full-text column (e.g. `to_tsvector('simple', ...)`): the terms joined by
 * spaces. Postgres's parser takes "예산을" or a whole Chinese sentence as one lexeme, so a
 * tsvector of the raw text never matches "예산"; of this document it does, through bigrams.
 */
export function fullTextDocument(text: string): string {
  return allTerms(text).join(' ');
}

/**
 * The query's terms for an OR tsquery against fullTextDocument columns: distinct, in order,
 * stopwords dropped (see contentTerms). Terms are letters, digits and marks only, so they need
 * no tsquery escaping.
 */
export function fullTextQueryTerms(query: string): string[] {
  return [...new Set(contentTerms(query))];
}

/**
 * Distinct adjacent pairs of terms ("a b"): an exact phrase of n terms holds its n-1 pairs, so
 * an index of pairs narrows phrase candidates far more than an index of single terms can when
 * the words are common. Terms never contain spaces (see words()), so the space joins safely.
 */
export function termPairs(terms: readonly string[]): string[] {
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < terms.length; i++) pairs.add(`${terms[i]} ${terms[i + 1]}`);
  return [...pairs];
}
