/**
 * Settings every database session gets for search. They live in the session (not per query)
 * so a search is one statement, not a transaction around SET LOCAL.
 */
export const SEARCH_SESSION_SETTINGS: readonly string[] = [
  // An HNSW scan yields at most ef_search candidates. The default (40) is below the 50 the
  // hybrid search asks for, which capped recall@10 at 0.32 against an exact scan at 100k chunks.
  'SET hnsw.ef_search = 200',
  // pgvector 0.8+: when the owner filter removes candidates, keep walking the graph instead of
  // returning fewer rows (results come back nearly in order; the repository sorts them).
  'SET hnsw.iterative_scan = relaxed_order',
];

/**
 * Applies SEARCH_SESSION_SETTINGS through `run`. A server whose pgvector predates a setting
 * refuses it; search then runs with that server's defaults, which is slower, not wrong.
 */
export async function applySearchSessionSettings(run: (statement: string) => Promise<unknown>): Promise<void> {
  for (const statement of SEARCH_SESSION_SETTINGS) {
    try {
      await run(statement);
    } catch {
      // See above: an older pgvector, or none (Postgres waiting for the extension).
    }
  }
}
