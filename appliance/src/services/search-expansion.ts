import { hasHangulSyllable } from '../domain/hangul.js';
import { deletionKeys, isOneEditAway, stemCandidates, termInitials, typoEligible } from '../domain/search-lexicon.js';
import type { Expansion, ExpansionKind, TextQuery } from '../domain/search-query.js';
import { allTerms } from '../domain/text-tokens.js';
import type { LexiconEntry, SearchIndex } from '../ports/search-index.js';

/** Alternatives per word: enough to find the intended word, few enough to stay precise. */
const INITIALS_EXPANSIONS = 12;
const PREFIX_EXPANSIONS = 5;
const TYPO_CANDIDATES = 50;
const TYPO_EXPANSIONS = 5;
/** Completions only for words this long: "in" would complete to half the lexicon. */
const MIN_PREFIX_LENGTH = 4;

const expansion = (kind: ExpansionKind, term: string): Expansion => ({ kind, term, terms: allTerms(term) });

/**
 * Fills a planned query's alternatives from the owner's lexicon: 초성 words get the words whose
 * initial consonants start with them; a word the owner never said gets its Korean stem (강의에서
 * -> 강의), else its one-edit neighbours (selfsh -> selfish, 감의 -> 강의, jamo-level); longer Latin
 * words also get completions (lectur -> lecture). A word that is in the lexicon keeps only its
 * completions: a real word is never "corrected" into another.
 */
export async function expandQuery(index: Pick<SearchIndex, 'lexicon'>, ownerId: string, query: TextQuery): Promise<TextQuery> {
  const lookups = new Set<string>();
  for (const word of query.words) if (!word.initials) [word.text, ...stemCandidates(word.text)].forEach((t) => lookups.add(t));
  const known = new Set((await index.lexicon(ownerId, { kind: 'exact', terms: [...lookups] }, lookups.size)).map((e) => e.term));
  const expansions = await Promise.all(query.words.map(async (word): Promise<Expansion[]> => {
    if (word.initials) {
      const found = await index.lexicon(ownerId, { kind: 'initials', prefix: word.text }, INITIALS_EXPANSIONS);
      // Words whose 초성 are exactly the typed ones (stems included: ㄱㅇ is 강의 of 강의를) are
      // what was meant; longer words that merely start with them only when there are none.
      // Among those, whole words (반응성) beat cuts of longer words (배웠습 of 배웠습니다).
      const exact = found.filter((e) => termInitials(e.term) === word.text);
      const whole = exact.filter((e) => e.wordCount > 0);
      return (whole.length > 0 ? whole : exact.length > 0 ? exact : found).map((e) => expansion('initials', e.term));
    }
    const out: Expansion[] = [];
    if (!hasHangulSyllable(word.text) && [...word.text].length >= MIN_PREFIX_LENGTH) {
      const completions = await index.lexicon(ownerId, { kind: 'prefix', prefix: word.text }, PREFIX_EXPANSIONS);
      out.push(...completions.map((e) => expansion('prefix', e.term)));
    }
    if (known.has(word.text)) return out;
    const stem = stemCandidates(word.text).find((s) => known.has(s));
    if (stem) return [expansion('stem', stem), ...out];
    for (const candidate of [word.text, ...stemCandidates(word.text)]) {
      const typos = await oneEditNeighbours(index, ownerId, candidate);
      if (typos.length > 0) return [...typos.map((e) => expansion('typo', e.term)), ...out];
    }
    return out;
  }));
  return { ...query, expansions };
}

/** Lexicon words one edit (jamo-level for Hangul) from `word`, most frequent first. */
export async function oneEditNeighbours(index: Pick<SearchIndex, 'lexicon'>, ownerId: string, word: string): Promise<LexiconEntry[]> {
  if (!typoEligible(word)) return [];
  const candidates = await index.lexicon(ownerId, { kind: 'keys', keys: deletionKeys(word) }, TYPO_CANDIDATES);
  return candidates.filter((e) => isOneEditAway(word, e.term)).slice(0, TYPO_EXPANSIONS);
}
