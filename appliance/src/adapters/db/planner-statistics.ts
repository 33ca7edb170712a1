import { sql, type Kysely } from 'kysely';
import { needsAnalyze } from '../../domain/planner-statistics.js';
import type { DbSchema } from './schema.js';

/**
 * Keeps search_chunks' planner statistics current where nothing else does. Postgres's
 * autovacuum does this on its own; PGlite has no background workers, so the index stage tells
 * this class how many rows it wrote or removed, and it runs ANALYZE by autovacuum's rule
 * (domain/planner-statistics). ANALYZE holds PGlite's only session for a moment (about 0.1 s
 * per 1k chunks here), once per 10 % of growth.
 */
export class PlannerStatistics {
  private changed = 0;
  private rowsAtLastAnalyze: number | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: Kysely<DbSchema>,
    private readonly enabled: boolean,
  ) {}

  /** After a write to search_chunks that added or removed `rows`. */
  async noteChanged(rows: number): Promise<void> {
    if (!this.enabled || rows <= 0) return;
    this.changed += rows;
    this.rowsAtLastAnalyze ??= await this.analyzedRows();
    if (this.running || !needsAnalyze(this.changed, this.rowsAtLastAnalyze)) return;
    this.running = this.analyze().finally(() => (this.running = undefined));
    await this.running;
  }

  /** At start: a table that was never analyzed (or has grown since) is analyzed now. */
  async refreshIfStale(): Promise<void> {
    if (!this.enabled) return;
    const analyzed = await this.analyzedRows();
    const rows = await this.db.selectFrom('search_chunks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    this.rowsAtLastAnalyze = analyzed;
    this.changed = Math.abs(Number(rows.n) - analyzed);
    if (needsAnalyze(this.changed, analyzed)) await this.analyze();
  }

  private async analyze(): Promise<void> {
    this.changed = 0;
    await sql`ANALYZE search_chunks`.execute(this.db);
    this.rowsAtLastAnalyze = await this.analyzedRows();
  }

  /**
   * The row count ANALYZE last saw; 0 for a table never analyzed. pg_class.reltuples alone
   * cannot tell: CREATE INDEX sets it too (an HNSW build over 100k chunks left it right while
   * no column had statistics, and the planner still guessed 500 rows per owner).
   */
  private async analyzedRows(): Promise<number> {
    const result = await sql<{ n: number; columns: number }>`
      SELECT c.reltuples::float8 AS n, (SELECT count(*)::int FROM pg_statistic s WHERE s.starelid = c.oid) AS columns
        FROM pg_class c WHERE c.oid = 'search_chunks'::regclass`.execute(this.db);
    const row = result.rows[0];
    return row && row.columns > 0 ? Math.max(0, Number(row.n)) : 0;
  }
}
