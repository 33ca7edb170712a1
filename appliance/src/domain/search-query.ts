/**
 * A search query as the index sees it: its words, each a run of index terms (text-tokens: a
 * Latin word is one term, a Korean word a run of bigrams), plus the alternatives the lexicon
 * offered for each word (초성 completions, typo neighbours, stems, prefixes). Matching a text
 * against it gives the relevance tier, the same rule for Postgres (which only prefilters) and
 * for the memory index. Pure.
 */
import { isInitialConsonantQuery } from './hangul.js';
import { allTerms, ENGLISH_STOPWORDS, normalizeText, words } from './text-tokens.js';

export interface QueryWord {
  /** The word after normalisation (NFKC, lowercase). */
  text: string;
  /** Its index terms in order: the word matches where this run occurs in a text's terms. */
  terms: string[];
  /** Typed as initial consonants (ㄱㅇ): it only matches through its expansions. */
  initials: boolean;
}

/** How an alternative for a word was found; also the order they rank in (first is best). */
export type ExpansionKind = 'stem' | 'initials' | 'prefix' | 'typo';

export interface Expansion {
  kind: ExpansionKind;
  /** The lexicon term. */
  term: string;
  /** Its index terms (see QueryWord.terms). */
  terms: string[];
}

export interface TextQuery {
  /** Every term of the query in order, stopwords included: the exact phrase. */
  phrase: string[];
  /** The words that count (stopwords dropped unless nothing else is left). */
  words: QueryWord[];
  /** Alternatives per word, parallel to `words`; filled from the lexicon. */
  expansions: Expansion[][];
}

/**
 * Relevance tiers, best first: the exact phrase; every word as typed; every word, some through
 * an alternative (typo, 초성, stem); at least half the words.
 */
export const TEXT_TIERS = ['phrase', 'all', 'expanded', 'partial'] as const;
export type TextTier = (typeof TEXT_TIERS)[number];

/** The query's words and phrase, or undefined when it has nothing searchable. */
export function planQuery(query: string): TextQuery | undefined {
  if (isInitialConsonantQuery(query)) {
    const parts = normalizeText(query).split(/\s+/u).filter(Boolean);
    // One 초성 word per space-separated part; its terms are the letters themselves (never in a
    // transcript, which holds syllables), so only the expansions can match.
    const initialsWords = parts.map((text) => ({ text, terms: [text], initials: true }));
    return { phrase: parts, words: initialsWords, expansions: initialsWords.map(() => []) };
  }
  const all = words(query).map((text) => ({ text, terms: allTerms(text), initials: false })).filter((w) => w.terms.length > 0);
  if (all.length === 0) return undefined;
  const content = all.filter((w) => !ENGLISH_STOPWORDS.has(w.text));
  const counted = dedupe(content.length > 0 ? content : all);
  return { phrase: all.flatMap((w) => w.terms), words: counted, expansions: counted.map(() => []) };
}

function dedupe(list: QueryWord[]): QueryWord[] {
  const seen = new Set<string>();
  return list.filter((w) => (seen.has(w.text) ? false : (seen.add(w.text), true)));
}

/** True when `run` occurs as consecutive terms in `terms`. */
export function containsRun(terms: readonly string[], run: readonly string[]): boolean {
  return runStarts(terms, run).length > 0;
}

/** Every index where `run` starts in `terms`. */
export function runStarts(terms: readonly string[], run: readonly string[]): number[] {
  const starts: number[] = [];
  if (run.length === 0) return starts;
  for (let i = 0; i + run.length <= terms.length; i++) {
    let j = 0;
    while (j < run.length && terms[i + j] === run[j]) j++;
    if (j === run.length) starts.push(i);
  }
  return starts;
}

export interface TextMatch {
  tier: TextTier;
  /** Words matched as typed or through an alternative. */
  matchedWords: number;
}

/**
 * The tier a text reaches for the query, or undefined when it is not a match at all (fewer
 * than half the words; for a one-word query, not that word). A typo-tolerant match never
 * outranks an exact one: tiers are compared before any score.
 */
export function matchTier(textTerms: readonly string[], query: TextQuery): TextMatch | undefined {
  let exact = 0;
  let matched = 0;
  query.words.forEach((word, i) => {
    if (!word.initials && containsRun(textTerms, word.terms)) {
      exact++;
      matched++;
    } else if (query.expansions[i]!.some((e) => containsRun(textTerms, e.terms))) matched++;
  });
  const n = query.words.length;
  if (matched === 0) return undefined;
  if (exact === n && containsRun(textTerms, query.phrase)) return { tier: 'phrase', matchedWords: matched };
  if (exact === n) return { tier: 'all', matchedWords: matched };
  if (matched === n) return { tier: 'expanded', matchedWords: matched };
  // Partial matches of a long query are noise unless they cover at least half of it.
  if (n >= 2 && matched * 2 >= n) return { tier: 'partial', matchedWords: matched };
  return undefined;
}

/** Every term run that counts as a hit for highlighting: words, alternatives, the phrase. */
export function matchingRuns(query: TextQuery): string[][] {
  const runs = query.words.filter((w) => !w.initials).map((w) => w.terms);
  for (const list of query.expansions) for (const e of list) runs.push(e.terms);
  return runs;
}

/** The query words plus their alternatives as text, for segment scoring (ranking.bestSegment). */
export function focusText(query: TextQuery): string {
  const parts = query.words.filter((w) => !w.initials).map((w) => w.text);
  for (const list of query.expansions) for (const e of list) parts.push(e.term);
  return parts.join(' ');
}
