import { SUGGEST_LIMIT, type SuggestResponseDto } from '@biblio/shared';
import { hasHangulSyllable, isInitialConsonantQuery } from '../domain/hangul.js';
import { koreanCompletions } from '../domain/search-lexicon.js';
import { matchTier, planQuery, type Expansion } from '../domain/search-query.js';
import { allTerms, normalizeText, words } from '../domain/text-tokens.js';
import type { SearchIndex } from '../ports/search-index.js';
import { oneEditNeighbours } from './search-expansion.js';

export type Suggestion = SuggestResponseDto['suggestions'][number];

const TITLE_SUGGESTIONS = 4;
const COMPLETIONS = 12;

/**
 * What the user is probably typing, from their own library only: titles (or filenames) that
 * hold every typed word with the last one completed, then the typed words with the last one
 * completed to a frequent word of their transcripts and titles. A 초성 query completes to words
 * with those initial consonants; a last word the owner never used, to its one-edit neighbours
 * (so the same call answers "did you mean" for an empty result). All lookups are indexed.
 */
export class SearchSuggestions {
  constructor(private readonly index: Pick<SearchIndex, 'lexicon' | 'nameSearch'>) {}

  async suggest(ownerId: string, text: string): Promise<Suggestion[]> {
    const typed = words(text);
    const initials = isInitialConsonantQuery(text);
    const last = initials ? normalizeText(text).replace(/\s+/gu, '') : typed[typed.length - 1];
    if (!last) return [];
    const head = initials ? [] : typed.slice(0, -1);
    const completions = await this.completionsOf(ownerId, last, initials);
    const plan = planQuery(initials ? last : text);
    const out: Suggestion[] = [];
    if (plan) {
      // The last word may be half typed: let its completions match titles too.
      const lastIndex = plan.words.length - 1;
      const extra: Expansion[] = completions.map((term) => ({ kind: 'prefix', term, terms: allTerms(term) }));
      const query = { ...plan, expansions: plan.expansions.map((list, i) => (i === lastIndex ? [...list, ...extra] : list)) };
      for (const hit of await this.index.nameSearch(ownerId, query, TITLE_SUGGESTIONS * 3)) {
        const name = hit.title ?? hit.filename;
        const match = matchTier(allTerms(name), query);
        if (match && match.tier !== 'partial') out.push({ text: name, kind: 'title', mediaId: hit.mediaId });
        if (out.length >= TITLE_SUGGESTIONS) break;
      }
    }
    for (const term of completions) out.push({ text: [...head, term].join(' '), kind: 'words' });
    const seen = new Set<string>();
    return out.filter((s) => (seen.has(s.text) ? false : (seen.add(s.text), true))).slice(0, SUGGEST_LIMIT);
  }

  private async completionsOf(ownerId: string, last: string, initials: boolean): Promise<string[]> {
    if (initials) return (await this.index.lexicon(ownerId, { kind: 'initials', prefix: last }, COMPLETIONS)).map((e) => e.term);
    const found = await this.index.lexicon(ownerId, { kind: 'prefix', prefix: last }, COMPLETIONS);
    const completions = hasHangulSyllable(last) ? koreanCompletions(found) : found.map((e) => e.term);
    if (completions.length > 0) return completions;
    const known = await this.index.lexicon(ownerId, { kind: 'exact', terms: [last] }, 1);
    if (known.length > 0) return [];
    return (await oneEditNeighbours(this.index, ownerId, last)).map((e) => e.term);
  }
}
