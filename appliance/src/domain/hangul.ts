/**
 * Hangul arithmetic for search: initial-consonant (초성) forms and jamo decomposition.
 *
 * Letters are returned as CONJOINING jamo (U+1100..U+11FF), not the compatibility letters
 * (U+3131..) a keyboard types alone, because search text passes through NFKC (text-tokens)
 * and NFKC maps a typed "ㄱㅇ" to the conjoining leads "ᄀᄋ". Index and query then meet in
 * one form without a table of our own.
 */

const SYLLABLE_FIRST = 0xac00;
const SYLLABLE_LAST = 0xd7a3;
/** A syllable is (lead * 21 + vowel) * 28 + tail. */
const PER_LEAD = 21 * 28;
const CONJOINING_LEAD_FIRST = 0x1100;
const CONJOINING_LEAD_LAST = 0x1112;

function syllableIndex(char: string): number | undefined {
  const code = char.codePointAt(0)!;
  return code >= SYLLABLE_FIRST && code <= SYLLABLE_LAST ? code - SYLLABLE_FIRST : undefined;
}

/** True for one precomposed Hangul syllable (가..힣). */
export function isHangulSyllable(char: string): boolean {
  return [...char].length === 1 && syllableIndex(char) !== undefined;
}

/** True when the word contains at least one Hangul syllable (worth a 초성 form at all). */
export function hasHangulSyllable(word: string): boolean {
  for (const char of word) if (syllableIndex(char) !== undefined) return true;
  return false;
}

/**
 * The initial consonants of a word's syllables: "강의" -> "ᄀᄋ" (the NFKC form of a typed
 * "ㄱㅇ"). Characters that are not syllables are kept, so "AI강의" -> "AIᄀᄋ" and a word stays
 * matchable by the prefix a user types. Expects NFC/NFKC text.
 */
export function initialConsonants(word: string): string {
  let out = '';
  for (const char of word) {
    const index = syllableIndex(char);
    out += index === undefined ? char : String.fromCodePoint(CONJOINING_LEAD_FIRST + Math.floor(index / PER_LEAD));
  }
  return out;
}

/**
 * True when the text (after NFKC, so typed compatibility letters count) has at least one
 * character and is made only of lead consonants: the shape of a 초성 query. A vowel means a
 * half-typed syllable, not 초성.
 */
export function isInitialConsonantQuery(text: string): boolean {
  const chars = [...text.normalize('NFKC').replace(/\s+/gu, '')];
  return chars.length > 0 && chars.every((c) => {
    const code = c.codePointAt(0)!;
    return code >= CONJOINING_LEAD_FIRST && code <= CONJOINING_LEAD_LAST;
  });
}

/**
 * The word as a sequence of letters: each syllable becomes its lead, vowel and (if any) tail
 * jamo (its canonical decomposition); other characters stay. Edit distance over this sequence is
 * "one keystroke away": 감의 and 강의 differ in one tail letter here, while as syllables they
 * share nothing.
 */
export function toJamo(word: string): string[] {
  const letters: string[] = [];
  for (const char of word) {
    if (syllableIndex(char) === undefined) letters.push(char);
    else letters.push(...char.normalize('NFD'));
  }
  return letters;
}
