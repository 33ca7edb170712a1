/**
 * When a table's planner statistics are stale enough to refresh: the rule Postgres's
 * autovacuum uses for ANALYZE (50 rows + 10 % of the rows counted last time), for engines that
 * have no autovacuum (PGlite). Without statistics the planner guesses that an owner's chunks
 * are a few dozen rows and never takes the HNSW index. Pure.
 */
export const ANALYZE_BASE_ROWS = 50;
export const ANALYZE_SCALE = 0.1;

export function needsAnalyze(changedRows: number, rowsAtLastAnalyze: number): boolean {
  return changedRows >= ANALYZE_BASE_ROWS + ANALYZE_SCALE * Math.max(0, rowsAtLastAnalyze);
}
