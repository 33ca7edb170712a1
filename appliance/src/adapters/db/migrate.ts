import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import type { DbSchema } from './schema.js';
import { splitSqlStatements } from './sql-script.js';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Arbitrary constant: every appliance process serialises its migrations on this lock. */
const MIGRATION_LOCK_ID = 7_246_001;

export interface MigrationResult {
  applied: string[];
  total: number;
}

/**
 * Applies every migrations/NNN_name.sql not yet recorded, each in its own transaction, in
 * file-name order. An advisory lock makes concurrent starts (api + worker processes) safe.
 */
export async function migrate(db: Kysely<DbSchema>): Promise<MigrationResult> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  const applied: string[] = [];
  for (const file of files) {
    const version = file.replace(/\.sql$/, '');
    const ran = await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_ID})`.execute(trx);
      const done = await trx
        .selectFrom('schema_migrations')
        .select('version')
        .where('version', '=', version)
        .executeTakeFirst();
      if (done) return false;
      const script = await readFile(path.join(MIGRATIONS_DIR, file), 'utf8');
      for (const statement of splitSqlStatements(script)) {
        await sql.raw(statement).execute(trx);
      }
      await trx.insertInto('schema_migrations').values({ version }).execute();
      return true;
    });
    if (ran) applied.push(version);
  }
  return { applied, total: files.length };
}
