import type { TextQuery } from '../../../domain/search-query.js';

/**
 * TextQuery -> tsquery strings for to_tsquery('simple', ...) over search_text columns, which hold
 * the same terms (domain/text-tokens). Terms are letters, digits and marks only, so quoting is
 * enough; a run of terms (a Korean word's bigrams) must be consecutive: `<->`.
 */
const run = (terms: readonly string[]) => (terms.length === 1 ? `'${terms[0]}'` : `(${terms.map((t) => `'${t}'`).join(' <-> ')})`);

/** One word and its alternatives; undefined when nothing can match it (a 초성 word without any). */
function wordClause(query: TextQuery, index: number): string | undefined {
  const word = query.words[index]!;
  const runs = [...(word.initials ? [] : [word.terms]), ...query.expansions[index]!.map((e) => e.terms)].filter((r) => r.length > 0);
  return runs.length === 0 ? undefined : `(${runs.map(run).join(' | ')})`;
}

export interface TsQueries {
  /** Any word or alternative: the candidate filter (GIN). */
  any: string;
  /** Every word, each as typed or through an alternative; undefined when one word cannot match. */
  every: string | undefined;
  /** The exact phrase; undefined for a 초성 query (its letters are never in a document). */
  phrase: string | undefined;
}

export function tsQueries(query: TextQuery): TsQueries | undefined {
  const clauses = query.words.map((_, i) => wordClause(query, i));
  const present = clauses.filter((c): c is string => c !== undefined);
  if (present.length === 0) return undefined;
  const hasPhrase = query.phrase.length > 0 && !query.words.some((w) => w.initials);
  return {
    any: present.join(' | '),
    every: present.length === clauses.length ? present.join(' & ') : undefined,
    phrase: hasPhrase ? run(query.phrase) : undefined,
  };
}
