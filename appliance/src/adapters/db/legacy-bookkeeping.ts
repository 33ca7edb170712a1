import { sql, type Kysely } from 'kysely';
import type { DbSchema } from './schema.js';

/** The lock the hand-written migrator took: an old process still migrating serialises with us. */
const LEGACY_MIGRATION_LOCK_ID = 7_246_001;

/**
 * Databases created before Kysely's Migrator recorded their migrations in `schema_migrations`
 * (version, applied_at). Moves those rows into Kysely's `kysely_migration` (name, timestamp, the
 * table the Migrator would create) and drops the old table, in one transaction, so the Migrator
 * sees them as done and never re-runs a migration whose tables already exist. Runs before the
 * Migrator on every open; after the first upgrade it is one catalog lookup.
 */
export async function adoptLegacyMigrations(db: Kysely<DbSchema>): Promise<number> {
  if (!(await legacyTableExists(db))) return 0;
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${LEGACY_MIGRATION_LOCK_ID})`.execute(trx);
    // Another process may have adopted them while we waited for the lock.
    if (!(await legacyTableExists(trx))) return 0;
    await sql`CREATE TABLE IF NOT EXISTS kysely_migration (
      name       varchar(255) NOT NULL PRIMARY KEY,
      timestamp  varchar(255) NOT NULL
    )`.execute(trx);
    const rows = await sql<{ version: string; applied_at: Date }>`SELECT version, applied_at FROM schema_migrations`.execute(trx);
    for (const row of rows.rows) {
      await sql`INSERT INTO kysely_migration (name, timestamp)
        VALUES (${row.version}, ${new Date(row.applied_at).toISOString()})
        ON CONFLICT (name) DO NOTHING`.execute(trx);
    }
    await sql`DROP TABLE schema_migrations`.execute(trx);
    return rows.rows.length;
  });
}

/**
 * Asks the catalog with a query (a fresh snapshot per statement), not to_regclass(): that reads
 * the session's catalog cache, which still shows a table another session has just dropped.
 */
async function legacyTableExists(db: Kysely<DbSchema>): Promise<boolean> {
  const result = await sql<{ found: boolean }>`SELECT EXISTS (
    SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = 'schema_migrations'
  ) AS found`.execute(db);
  return result.rows[0]?.found === true;
}
