import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { TextQuery } from '../../../domain/search-query.js';
import { termPairs } from '../../../domain/text-tokens.js';
import { TERM_PAIRS_EXPRESSION } from '../migrations/009_search_term_pairs.js';
import type { DbSchema } from '../schema.js';
import { tsQueries } from './tsquery.js';

/** Rows one full-text tier may contribute before ranking. */
const TIER_POOL = 200;

/** A chunk found by full text, with the best tier it was found at (3 phrase, 2 every word, 1 any). */
export interface TextCandidate {
  media_id: string;
  seq: number;
  tier: number;
}

/**
 * Full-text candidates, best tier first: the exact phrase, then every word, then any word. Each
 * tier is a bounded pool (TIER_POOL rows found through the GIN indexes, in no particular order):
 * ranking every chunk that holds a common word ("the", "a") made one query read and score most
 * of the table. A tier runs only while the better ones have found fewer than `limit` chunks:
 * the caller orders by tier first, so a worse tier could not reach the answer (a query of common
 * words, "it a an", had its phrase pool full and still paid 55 ms for the other two).
 * Runs inside the caller's transaction (it changes planner settings with SET LOCAL).
 */
export async function textCandidates(trx: Kysely<DbSchema>, ownerId: string, query: TextQuery, limit: number, spokenBy: RawBuilder<boolean>): Promise<TextCandidate[] | undefined> {
  const q = tsQueries(query);
  if (!q) return undefined;
  const matches = (tsquery: string) => sql`tsv @@ to_tsquery('simple', ${tsquery})`;
  const pool = (condition: RawBuilder<unknown>) => sql<{ media_id: string; seq: number }>`
    SELECT media_id, seq FROM search_chunks
     WHERE owner_id = ${ownerId} AND ${condition} AND ${spokenBy}
     LIMIT ${sql.lit(TIER_POOL)}`;
  // A phrase's candidates come from the index of adjacent term pairs alone, and the tsquery then
  // checks the whole run in order on those rows. Left to itself the planner also ANDs in the
  // tsvector index (68k rows for "as an a") and rechecks every candidate against both
  // conditions, recomputing each row's pairs from its text: 30-50 ms at 100k chunks. OFFSET 0
  // keeps the phrase check out of the index scan.
  const pairs = query.phrase.length > 1 ? termPairs(query.phrase) : [];
  const phrasePool = (phrase: string) =>
    pairs.length === 0
      ? pool(matches(phrase))
      : sql<{ media_id: string; seq: number }>`
    SELECT media_id, seq FROM (
      SELECT media_id, seq, tsv FROM search_chunks
       WHERE owner_id = ${ownerId} AND ${TERM_PAIRS_EXPRESSION} @> ${sql.val(pairs)}::text[] AND ${spokenBy}
      OFFSET 0) AS paired
     WHERE ${matches(phrase)}
     LIMIT ${sql.lit(TIER_POOL)}`;
  const tiers = [
    ...(q.phrase ? [{ tier: 3, text: q.phrase, statement: phrasePool(q.phrase) }] : []),
    ...(q.every ? [{ tier: 2, text: q.every, statement: pool(matches(q.every)) }] : []),
    { tier: 1, text: q.any, statement: pool(matches(q.any)) },
  ];
  // With a LIMIT the planner prefers walking the table, or the owner index, until enough rows
  // match: it prices the @@ check far below its cost, so a common word was found by reading
  // 7,000-10,000 rows (a tenth of them in another language came first). The GIN indexes answer
  // these in milliseconds, so only bitmap scans are left to it here.
  await sql`SET LOCAL enable_seqscan = off`.execute(trx);
  await sql`SET LOCAL enable_indexscan = off`.execute(trx);
  const found = new Map<string, TextCandidate>();
  const seen = new Set<string>();
  for (const { tier, text, statement } of tiers) {
    // A one-word query is its own phrase and "every": one pool, at its best tier.
    if (seen.has(text)) continue;
    seen.add(text);
    if (found.size >= limit) break;
    const rows = await statement.execute(trx);
    for (const row of rows.rows) {
      const key = `${row.media_id}#${row.seq}`;
      if (!found.has(key)) found.set(key, { media_id: row.media_id, seq: row.seq, tier });
    }
  }
  // The caller's join of the candidates wants its primary-key lookups back. (An error ends the
  // transaction, and SET LOCAL with it.)
  await sql`SET LOCAL enable_seqscan = on`.execute(trx);
  await sql`SET LOCAL enable_indexscan = on`.execute(trx);
  return [...found.values()];
}
