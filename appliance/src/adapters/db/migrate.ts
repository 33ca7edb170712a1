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
  /** Migrations held back because the server lacks an extension they need. */
  pending: { version: string; extension: string }[];
}

/** A first line `-- biblio:requires-extension NAME` marks a migration that needs NAME. */
function requiredExtension(script: string): string | undefined {
  return /^--\s*biblio:requires-extension\s+(\w+)/.exec(script)?.[1];
}

/**
 * A line `-- biblio:independent` marks a migration that needs nothing a migration held back
 * for a missing extension would create: it still runs while that one waits (Postgres without
 * pgvector still gets the rest of the schema it needs to run everything but search).
 */
function isIndependent(script: string): boolean {
  return /^--\s*biblio:independent\b/m.test(script);
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
  const pending: MigrationResult['pending'] = [];
  let heldBack = false;
  for (const file of files) {
    const version = file.replace(/\.sql$/, '');
    const script = await readFile(path.join(MIGRATIONS_DIR, file), 'utf8');
    // Behind a held-back migration, only those marked independent may run (out of order).
    if (heldBack && !isIndependent(script)) continue;
    const extension = requiredExtension(script);
    if (extension && !(await extensionAvailable(db, extension))) {
      // Postgres without pgvector: everything else still works; the caller decides whether
      // that is acceptable. The migration runs on a later start once the extension exists.
      pending.push({ version, extension });
      heldBack = true;
      continue;
    }
    const ran = await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_ID})`.execute(trx);
      const done = await trx
        .selectFrom('schema_migrations')
        .select('version')
        .where('version', '=', version)
        .executeTakeFirst();
      if (done) return false;
      for (const statement of splitSqlStatements(script)) {
        await sql.raw(statement).execute(trx);
      }
      await trx.insertInto('schema_migrations').values({ version }).execute();
      return true;
    });
    if (ran) applied.push(version);
  }
  return { applied, total: files.length, pending };
}

async function extensionAvailable(db: Kysely<DbSchema>, name: string): Promise<boolean> {
  const result = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_available_extensions WHERE name = ${name}`.execute(db);
  return (result.rows[0]?.n ?? 0) > 0;
}
