/**
 * The per-owner lexicon: the distinct words of an owner's transcripts, titles and filenames,
 * with their 초성 (initial consonant) form and the keys that find one-edit neighbours. Search
 * expands a query word through it (초성, typos, Korean stems, completions) before the full-text
 * query, so that all this fuzziness costs indexed lookups in a small table instead of scans of
 * the chunks. Pure rules only; the tables live in the adapters.
 */
import { boundedEditDistance } from './edit-distance.js';
import { hasHangulSyllable, initialConsonants, toJamo } from './hangul.js';
import { ENGLISH_STOPWORDS, words } from './text-tokens.js';

/** Longer "words" are ids, hashes or URLs: never worth completing or correcting. */
export const MAX_TERM_LENGTH = 40;
/** A typo is only assumed in words at least this long, counted in letters (jamo for Hangul). */
export const MIN_TYPO_LETTERS = 3;
/** Korean stems are prefixes of at least two syllables (강의를 -> 강의). */
const MIN_STEM_SYLLABLES = 2;

const HANGUL_OR_OTHER = /[\p{scx=Hangul}]+|[^\p{scx=Hangul}]+/gu;
const HANGUL = /\p{scx=Hangul}/u;
/** Scripts without word boundaries: their runs are not words, so they stay out of the lexicon. */
const UNSEGMENTABLE = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}]/u;

/**
 * Lexicon terms of a text: each word (NFKC, lowercase, English stopwords and one-letter words
 * dropped); a Korean word also gives its prefixes of two syllables or more, because a Korean
 * word is a stem with particles and endings glued on (강의에서 gives 강의 and 강의에), so a
 * query's stem, its 초성 and its typos can all be looked up as whole entries. Mixed words are
 * split by script ("ai강의" gives "ai" and "강의").
 */
export function lexiconTerms(text: string): Set<string> {
  const out = new Set<string>();
  for (const word of words(text)) {
    for (const run of word.match(HANGUL_OR_OTHER) ?? []) {
      const chars = [...run];
      if (chars.length > MAX_TERM_LENGTH || UNSEGMENTABLE.test(run)) continue;
      if (!HANGUL.test(run)) {
        if (chars.length >= 2 && !ENGLISH_STOPWORDS.has(run) && /[\p{L}\p{N}]/u.test(run)) out.add(run);
        continue;
      }
      if (chars.length < MIN_STEM_SYLLABLES) out.add(run);
      for (let end = MIN_STEM_SYLLABLES; end <= chars.length; end++) out.add(chars.slice(0, end).join(''));
    }
  }
  return out;
}

/** Lexicon terms of several texts together. */
export function lexiconTermsOf(texts: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const text of texts) for (const term of lexiconTerms(text)) out.add(term);
  return out;
}

/**
 * The lexicon terms that are whole written words (not only a Korean prefix): 반응성 in "반응성
 * 높은" is one, 배웠습 of 배웠습니다 is not. Search prefers them when a 초성 query fits both.
 */
export function wholeWordsOf(texts: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const text of texts) {
    for (const word of words(text)) for (const run of word.match(HANGUL_OR_OTHER) ?? []) out.add(run);
  }
  return out;
}

/** What a media contributes to the lexicon: every term, and which of them are whole words. */
export interface LexiconContribution {
  terms: Set<string>;
  words: Set<string>;
}

export function lexiconContribution(texts: readonly string[]): LexiconContribution {
  const terms = lexiconTermsOf(texts);
  const words = new Set([...wholeWordsOf(texts)].filter((w) => terms.has(w)));
  return { terms, words };
}

/** The stored 초성 form of a term (conjoining lead consonants), or null without Hangul. */
export function termInitials(term: string): string | null {
  return hasHangulSyllable(term) ? initialConsonants(term) : null;
}

/** Letters of a term for typo distance: jamo for Hangul ("감의" and "강의" differ in one). */
export function spellingOf(term: string): string[] {
  return toJamo(term);
}

/** True when a word is long enough (in letters) for a one-edit typo to be assumed. */
export function typoEligible(word: string): boolean {
  return spellingOf(word).length >= MIN_TYPO_LETTERS;
}

/**
 * Deletion keys (after SymSpell): the spelling itself and the spelling with each one letter
 * removed. Two words within one edit (insert, delete, substitute, swap) always share a key, so
 * the lexicon stores these keys per term and a typo finds its candidates with one indexed
 * `key IN (...)` lookup; candidates are then verified with the real distance.
 */
export function deletionKeys(term: string): string[] {
  const letters = spellingOf(term);
  const keys = new Set([letters.join('')]);
  if (letters.length < MIN_TYPO_LETTERS) return [...keys];
  for (let i = 0; i < letters.length; i++) keys.add([...letters.slice(0, i), ...letters.slice(i + 1)].join(''));
  return [...keys];
}

/** True when the two terms differ by exactly one edit at the letter (jamo) level. */
export function isOneEditAway(a: string, b: string): boolean {
  return a !== b && boundedEditDistance(spellingOf(a), spellingOf(b), 1) === 1;
}

/** The Korean stems a query word could be looked up by: its prefixes, longest first. */
export function stemCandidates(word: string): string[] {
  if (!hasHangulSyllable(word) || UNSEGMENTABLE.test(word)) return [];
  const chars = [...word];
  const out: string[] = [];
  for (let end = chars.length - 1; end >= MIN_STEM_SYLLABLES; end--) out.push(chars.slice(0, end).join(''));
  return out;
}

/**
 * Which Korean completions are worth offering: whole words, and cuts of words only where they
 * are a stem several whole words share (강의 of 강의를 and 강의에서). A cut of one long word
 * (데이터베 of 데이터베이스) is how the lexicon finds stems, not something anyone types. Shortest
 * first, so the stem comes before its forms. Pure.
 */
export function koreanCompletions(entries: readonly { term: string; wordCount: number }[]): string[] {
  const whole = entries.filter((e) => e.wordCount > 0).map((e) => e.term);
  const sharedStems = entries.filter((e) => e.wordCount === 0 && whole.filter((w) => w.startsWith(e.term)).length >= 2).map((e) => e.term);
  return [...new Set([...sharedStems, ...whole])].sort((a, b) => [...a].length - [...b].length);
}
