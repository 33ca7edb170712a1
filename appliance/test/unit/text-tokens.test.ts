import { describe, expect, it } from 'vitest';
import {
  allTerms,
  contentTerms,
  fullTextDocument,
  termPairs,
  fullTextQueryTerms,
  isSegmentedScriptTerm,
  normalizeText,
  words,
} from '../../src/domain/text-tokens.js';

describe('normalizeText', () => {
  it('folds compatibility forms (NFKC) and case', () => {
    expect(normalizeText('ＡＢＣ１２３ ﬁle Ⅻ')).toBe('abc123 file xii');
    expect(normalizeText('Straße ÉCOLE')).toBe('straße école');
  });

  it('composes decomposed accents and Hangul jamo', () => {
    expect(normalizeText('e\u0301')).toBe('é');
    expect(normalizeText('\u1112\u1161\u11ab')).toBe('한');
  });
});

describe('words', () => {
  it('splits on punctuation and spaces, keeps letters and digits of any script', () => {
    expect(words("Hello, world! It's 2024 — Привет, Ελλάδα")).toEqual(['hello', 'world', 'it', 's', '2024', 'привет', 'ελλάδα']);
  });

  it('keeps combining marks inside words (Devanagari vowel signs)', () => {
    expect(words('नमस्ते दुनिया')).toEqual(['नमस्ते', 'दुनिया']);
  });
});

describe('allTerms', () => {
  it('turns Hangul words into bigrams so a particle does not hide the stem', () => {
    expect(allTerms('예산을 논의했습니다')).toEqual(['예산', '산을', '논의', '의했', '했습', '습니', '니다']);
    expect(allTerms('예산을')).toContain(allTerms('예산')[0]);
  });

  it('never makes bigrams across a space', () => {
    expect(allTerms('오늘 회의')).toEqual(['오늘', '회의']);
  });

  it('keeps a lone syllable or ideograph as a term', () => {
    expect(allTerms('돈 钱')).toEqual(['돈', '钱']);
  });

  it('bigrams Chinese and Japanese text that has no spaces', () => {
    expect(allTerms('讨论预算')).toEqual(['讨论', '论预', '预算']);
    expect(allTerms('予算について')).toEqual(['予算', '算に', 'につ', 'つい', 'いて']);
    expect(allTerms('コーヒー')).toEqual(['コー', 'ーヒ', 'ヒー']);
    expect(allTerms('時々')).toEqual(['時々']);
  });

  it('keeps Thai tone and vowel marks with their letter', () => {
    expect(allTerms('งบประมาณ')).toEqual(['งบ', 'บป', 'ปร', 'ระ', 'ะม', 'มา', 'าณ']);
    expect(allTerms('นี้')).toEqual(['นี้']);
  });

  it('splits mixed-script words into a word and bigrams', () => {
    expect(allTerms('AI기반 검색')).toEqual(['ai', '기반', '검색']);
  });

  it('returns nothing for text without letters or digits', () => {
    expect(allTerms('  ♪ ... !!! ')).toEqual([]);
    expect(allTerms('')).toEqual([]);
  });
});

describe('contentTerms', () => {
  it('drops English stopwords', () => {
    expect(contentTerms('The budget of the year')).toEqual(['budget', 'year']);
  });

  it('keeps stopwords when nothing else is left', () => {
    expect(contentTerms('to be or not to be')).toEqual(['to', 'be', 'or', 'not', 'to', 'be']);
  });

  it('does not drop anything from other languages', () => {
    expect(contentTerms('오늘 회의에서')).toEqual(['오늘', '회의', '의에', '에서']);
  });
});

describe('isSegmentedScriptTerm', () => {
  it('tells bigram terms from words', () => {
    expect(isSegmentedScriptTerm('예산')).toBe(true);
    expect(isSegmentedScriptTerm('预算')).toBe(true);
    expect(isSegmentedScriptTerm('budget')).toBe(false);
  });
});

describe('full-text helpers', () => {
  it('store terms so a Korean stem matches the word with its particle', () => {
    expect(fullTextDocument('오늘 회의에서 예산을 논의했습니다.')).toBe('오늘 회의 의에 에서 예산 산을 논의 의했 했습 습니 니다');
    expect(fullTextQueryTerms('예산')).toEqual(['예산']);
    expect(fullTextDocument('오늘 회의에서 예산을').split(' ')).toContain(fullTextQueryTerms('예산')[0]);
  });

  it('give distinct query terms without stopwords or tsquery operators', () => {
    expect(fullTextQueryTerms("The budget & the 'budget' | office:*")).toEqual(['budget', 'office']);
    expect(fullTextDocument('Hello, World!')).toBe('hello world');
  });
});

describe('term pairs', () => {
  it('are the distinct adjacent pairs, across Latin words and Korean bigrams alike', () => {
    expect(termPairs(allTerms('the spice trade, the spice'))).toEqual(['the spice', 'spice trade', 'trade the']);
    expect(termPairs(allTerms('예산을 검토'))).toEqual(['예산 산을', '산을 검토']);
    expect(termPairs(['one'])).toEqual([]);
  });
});
