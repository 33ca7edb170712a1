import { describe, expect, it } from 'vitest';
import { highlightRanges } from '../../src/domain/highlight.js';
import { deletionKeys, isOneEditAway, koreanCompletions, lexiconContribution, lexiconTerms, stemCandidates, termInitials } from '../../src/domain/search-lexicon.js';
import { matchTier, planQuery, type TextQuery } from '../../src/domain/search-query.js';
import { allTerms } from '../../src/domain/text-tokens.js';

const plan = (q: string) => planQuery(q)!;
const withAlternative = (query: TextQuery, word: number, term: string): TextQuery => ({
  ...query,
  expansions: query.expansions.map((list, i) => (i === word ? [...list, { kind: 'typo', term, terms: allTerms(term) }] : list)),
});

describe('search lexicon', () => {
  it('keeps words, Korean stems (prefixes of 2+ syllables) and splits mixed scripts', () => {
    expect([...lexiconTerms('The selfish gene')].sort()).toEqual(['gene', 'selfish']);
    expect([...lexiconTerms('강의에서')].sort()).toEqual(['강의', '강의에', '강의에서'].sort());
    expect(lexiconTerms('AI강의를')).toEqual(new Set(['ai', '강의', '강의를']));
    expect(lexiconTerms('東京タワー')).toEqual(new Set());
  });

  it('knows which terms are whole words', () => {
    const { terms, words } = lexiconContribution(['반응성 높은 배웠습니다']);
    expect(terms.has('배웠습')).toBe(true);
    expect(words.has('배웠습')).toBe(false);
    expect(words.has('반응성')).toBe(true);
  });

  it('stores the 초성 form a typed query takes after NFKC', () => {
    expect(termInitials('반응성')).toBe('ㅂㅇㅅ'.normalize('NFKC'));
    expect(termInitials('gene')).toBeNull();
  });

  it('one-edit neighbours share a deletion key; Korean at the jamo level', () => {
    const shares = (a: string, b: string) => deletionKeys(a).some((k) => deletionKeys(b).includes(k));
    for (const [typo, word] of [['selfsh', 'selfish'], ['slefish', 'selfish'], ['감의', '강의'], ['예싼', '예산']]) {
      expect(shares(typo!, word!)).toBe(true);
      expect(isOneEditAway(typo!, word!)).toBe(true);
    }
    expect(isOneEditAway('selfish', 'selfish')).toBe(false);
    expect(isOneEditAway('gene', 'genes')).toBe(true);
    expect(isOneEditAway('강의', '회의')).toBe(false);
    expect(stemCandidates('강의에서')).toEqual(['강의에', '강의']);
  });
});

describe('query tiers', () => {
  const text = (t: string) => allTerms(t);

  it('ranks the exact phrase above all words above alternatives above half the words', () => {
    expect(matchTier(text('the selfish gene is a book'), plan('selfish gene'))?.tier).toBe('phrase');
    expect(matchTier(text('a gene can be selfish'), plan('selfish gene'))?.tier).toBe('all');
    expect(matchTier(text('the selfish gene'), withAlternative(plan('selfsh gene'), 0, 'selfish'))?.tier).toBe('expanded');
    expect(matchTier(text('genes and the gene pool'), plan('selfish gene'))?.tier).toBe('partial');
    expect(matchTier(text('genes and the gene pool'), plan('selfish gene pool cooperation'))?.tier).toBe('partial');
    expect(matchTier(text('only the gene'), plan('selfish gene pool cooperation'))).toBeUndefined();
    expect(matchTier(text('nothing here'), plan('selfish'))).toBeUndefined();
  });

  it('matches Korean stems across particles, and 초성 only through alternatives', () => {
    expect(matchTier(text('오늘 강의를 시작합니다'), plan('강의'))?.tier).toBe('phrase');
    expect(matchTier(text('강의를'), plan('ㄱㅇ'))).toBeUndefined();
    expect(matchTier(text('강의를'), withAlternative(plan('ㄱㅇ'), 0, '강의'))?.tier).toBe('expanded');
  });

  it('keeps stopwords in the phrase but not in the words that must match', () => {
    const q = plan('the origin of species');
    expect(q.words.map((w) => w.text)).toEqual(['origin', 'species']);
    expect(matchTier(text('read about the origin of species'), q)?.tier).toBe('phrase');
    expect(planQuery('   ')).toBeUndefined();
  });
});

describe('highlights', () => {
  it('marks whole written words in original offsets, merging neighbours', () => {
    const source = 'Richard Dawkins wrote THE SELFISH GENE.';
    const ranges = highlightRanges(source, [['selfish'], ['gene']]);
    expect(ranges.map((r) => source.slice(r.start, r.end))).toEqual(['SELFISH GENE']);
    const korean = '지난 강의에서 배웠습니다';
    expect(highlightRanges(korean, [['강의']]).map((r) => korean.slice(r.start, r.end))).toEqual(['강의에서']);
  });
});

describe('Korean completions offered while typing', () => {
  const entry = (term: string, wordCount: number) => ({ term, wordCount });
  it('offer whole words and a stem several words share, not cuts of one long word', () => {
    expect(koreanCompletions([entry('데이터베', 0), entry('데이터베이', 0), entry('데이터베이스', 2)])).toEqual(['데이터베이스']);
    expect(koreanCompletions([entry('강의', 0), entry('강의에', 0), entry('강의를', 1), entry('강의에서', 1)])).toEqual(['강의', '강의를', '강의에서']);
  });
});
