import { sql, type Kysely } from 'kysely';
import type { SchemaMigration } from './migration.js';

/**
 * Adjacent term pairs of every chunk ("by been", "been can"), GIN-indexed, so an exact-phrase
 * candidate is found through the pairs it must contain instead of re-checking the positions of
 * every chunk that holds its words. For a phrase of common words ("were and then") the tsvector
 * index alone matches nearly every chunk and Postgres re-read all of them: 2.9 s at 100k chunks.
 *
 * An expression index over search_text (the terms joined by single spaces), not a column: a new
 * column had to be written into every existing row, and on a table with an HNSW index that
 * rewrite took over ten minutes at 100k chunks on PGlite. The query side builds the same pairs
 * with domain/text-tokens' termPairs and must use the same expression (TERM_PAIRS_EXPRESSION).
 *
 * Also, for search latency on either engine:
 * - the GIN indexes stop using a pending list (fastupdate): new chunks went to an unsorted list
 *   that every search scanned until a VACUUM merged it, and PGlite never vacuums on its own
 *   (a one-word lookup took 27-43 ms at 10k chunks instead of 0.2 ms);
 * - columns the planner never filters on (the vector, the JSON segments, the raw texts) are left
 *   out of ANALYZE's sample, which keeps ANALYZE cheap enough to run after indexing on PGlite.
 */
export const searchTermPairs: SchemaMigration = {
  requiresExtension: 'vector',
  async up(db: Kysely<unknown>) {
    await sql`CREATE FUNCTION biblio_term_pairs(document text) RETURNS text[]
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$
        SELECT coalesce(array_agg(DISTINCT t.term || ' ' || t.next), '{}')
          FROM (SELECT term, lead(term) OVER (ORDER BY n) AS next
                  FROM unnest(string_to_array(document, ' ')) WITH ORDINALITY AS u(term, n)) t
         WHERE t.next IS NOT NULL
      $$`.execute(db);
    await sql`CREATE INDEX search_chunks_term_pairs_idx ON search_chunks USING gin (biblio_term_pairs(search_text)) WITH (fastupdate = off)`.execute(db);
    for (const index of ['search_chunks_tsv_idx', 'search_names_tsv_idx']) {
      await sql`ALTER INDEX ${sql.id(index)} SET (fastupdate = off)`.execute(db);
      // Turning it off keeps what is already pending: merge that now.
      await sql`SELECT gin_clean_pending_list(${index}::regclass)`.execute(db);
    }
    for (const column of ['embedding', 'segments', 'text', 'search_text']) {
      await sql`ALTER TABLE search_chunks ALTER COLUMN ${sql.id(column)} SET STATISTICS 0`.execute(db);
    }
  },
};

/** The indexed expression; a query must repeat it exactly for the planner to use the index. */
export const TERM_PAIRS_EXPRESSION = sql`biblio_term_pairs(search_text)`;
