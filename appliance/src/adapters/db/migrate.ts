import { Migrator, sql, type Kysely } from 'kysely';
import { adoptLegacyMigrations } from './legacy-bookkeeping.js';
import { planMigrations, requiredExtensions } from './migration-plan.js';
import { MIGRATIONS } from './migrations/index.js';
import type { DbSchema } from './schema.js';

export interface MigrationResult {
  applied: string[];
  total: number;
  /** Migrations held back because the server lacks an extension they need. */
  pending: { version: string; extension: string }[];
}

/**
 * Applies every migration in migrations/ not yet recorded, with Kysely's Migrator: all pending
 * ones in one transaction, under a session advisory lock, so api and worker processes starting
 * at once on one Postgres migrate one after the other (the second finds nothing to do). On
 * PGlite the lock is the same statement in its single session; only one process can open a
 * PGlite data dir anyway (lockDataDir), and within one process the dialect hands its one
 * connection to the Migrator for the whole run.
 */
export async function migrate(db: Kysely<DbSchema>): Promise<MigrationResult> {
  await adoptLegacyMigrations(db);
  const available = await availableExtensions(db, requiredExtensions(MIGRATIONS));
  const plan = planMigrations(MIGRATIONS, (name) => available.has(name));
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => plan.runnable },
    // A migration marked independent may have run while an earlier one waited for its
    // extension; that earlier one then runs after it. planMigrations decides the order.
    allowUnorderedMigrations: true,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : JSON.stringify(error);
    throw new Error(failed ? `database migration ${failed} failed: ${reason}` : `database migrations failed: ${reason}`, { cause: error });
  }
  return {
    applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName),
    total: Object.keys(MIGRATIONS).length,
    pending: plan.pending,
  };
}

async function availableExtensions(db: Kysely<DbSchema>, names: string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const result = await sql<{ name: string }>`SELECT name FROM pg_available_extensions WHERE name IN (${sql.join(names)})`.execute(db);
  return new Set(result.rows.map((r) => r.name));
}
