import { describe, expect, it } from 'vitest';
import { boundedEditDistance, codePoints } from '../../src/domain/edit-distance.js';
import { hasHangulSyllable, initialConsonants, isHangulSyllable, isInitialConsonantQuery, toJamo } from '../../src/domain/hangul.js';

describe('initial consonants (초성)', () => {
  // What a typed query becomes after the search normalisation (NFKC): conjoining leads.
  const typed = (letters: string) => letters.normalize('NFKC');

  it('maps each syllable to its lead consonant, in the form a typed query takes', () => {
    expect(initialConsonants('강의')).toBe(typed('ㄱㅇ'));
    expect(initialConsonants('반응성')).toBe(typed('ㅂㅇㅅ'));
    expect(initialConsonants('쌍떡잎')).toBe(typed('ㅆㄸㅇ'));
    expect(initialConsonants('가')).toBe(typed('ㄱ'));
    expect(initialConsonants('힣')).toBe(typed('ㅎ'));
  });

  it('keeps what is not a syllable, so mixed words stay matchable', () => {
    expect(initialConsonants('AI강의')).toBe(`AI${typed('ㄱㅇ')}`);
    expect(initialConsonants('2024년')).toBe(`2024${typed('ㄴ')}`);
  });

  it('recognises queries typed as consonants only, before or after NFKC', () => {
    expect(isInitialConsonantQuery('ㄱㅇ')).toBe(true);
    expect(isInitialConsonantQuery(typed('ㄱㅇ'))).toBe(true);
    expect(isInitialConsonantQuery('ㅂㅇㅅ')).toBe(true);
    expect(isInitialConsonantQuery('ㄱ ㅇ')).toBe(true);
    expect(isInitialConsonantQuery('ㄱㅏ')).toBe(false); // a vowel: a half-typed syllable, not 초성
    expect(isInitialConsonantQuery('ㄳ')).toBe(false); // a tail-only cluster cannot start a syllable
    expect(isInitialConsonantQuery('강')).toBe(false);
    expect(isInitialConsonantQuery('')).toBe(false);
    expect(isInitialConsonantQuery('g')).toBe(false);
  });

  it('tells syllables from other characters', () => {
    expect(isHangulSyllable('강')).toBe(true);
    expect(isHangulSyllable('ㄱ')).toBe(false);
    expect(isHangulSyllable('강의')).toBe(false);
    expect(hasHangulSyllable('AI강의')).toBe(true);
    expect(hasHangulSyllable('ㄱㅇ')).toBe(false);
  });

  it('agrees with the canonical decomposition for every syllable', () => {
    for (let code = 0xac00; code <= 0xd7a3; code++) {
      const syllable = String.fromCodePoint(code);
      expect(initialConsonants(syllable)).toBe(syllable.normalize('NFD')[0]);
    }
  });
});

describe('jamo decomposition', () => {
  it('splits syllables into lead, vowel and tail letters and keeps other characters', () => {
    expect(toJamo('강의')).toEqual([...'강의'.normalize('NFD')]);
    expect(toJamo('강의')).toHaveLength(5);
    expect(toJamo('닭')).toHaveLength(3);
    expect(toJamo('a가')).toEqual(['a', ...'가'.normalize('NFD')]);
    expect(toJamo('é')).toEqual(['é']);
  });
});

describe('bounded edit distance', () => {
  const d = (a: string, b: string, max = 2) => boundedEditDistance(codePoints(a), codePoints(b), max);

  it('counts insertions, deletions, substitutions and swaps as one edit', () => {
    expect(d('selfish', 'selfish')).toBe(0);
    expect(d('selfsh', 'selfish')).toBe(1);
    expect(d('selfish', 'selfsh')).toBe(1);
    expect(d('selfash', 'selfish')).toBe(1);
    expect(d('slefish', 'selfish')).toBe(1);
    expect(d('', 'ab')).toBe(2);
  });

  it('stops at max + 1', () => {
    expect(d('kitten', 'sitting', 1)).toBe(2);
    expect(d('abc', 'xyzabc', 1)).toBe(2);
    expect(d('completely', 'different', 1)).toBe(2);
    expect(d('', 'abcdef', 1)).toBe(2);
  });

  it('makes 감의 one letter away from 강의 over jamo, while as syllables they differ more', () => {
    expect(boundedEditDistance(toJamo('감의'), toJamo('강의'), 1)).toBe(1);
    expect(boundedEditDistance(toJamo('강의'), toJamo('강의'), 1)).toBe(0);
    expect(boundedEditDistance(toJamo('공원'), toJamo('강의'), 1)).toBe(2);
  });

  it('matches a full dynamic programme on random pairs (within the bound)', () => {
    const full = (a: string[], b: string[]) => {
      const m = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++) {
          m[i]![j] = Math.min(m[i - 1]![j]! + 1, m[i]![j - 1]! + 1, m[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) m[i]![j] = Math.min(m[i]![j]!, m[i - 2]![j - 2]! + 1);
        }
      return m[a.length]![b.length]!;
    };
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
    const word = () => Array.from({ length: Math.floor(random() * 6) }, () => 'abc'[Math.floor(random() * 3)]!);
    for (let n = 0; n < 500; n++) {
      const a = word();
      const b = word();
      const expected = full(a, b);
      expect(boundedEditDistance(a, b, 2)).toBe(Math.min(expected, 3));
    }
  });
});
