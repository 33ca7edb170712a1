import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { tightenDataDir } from '../system/file-modes.js';
import { PgliteDialect } from './pglite-dialect.js';
import { PgliteThread } from './pglite-thread.js';
import { migrate } from './migrate.js';
import { applySearchSessionSettings } from './session-settings.js';
import type { DbSchema } from './schema.js';
import { SqlDatabase } from './sql-database.js';

const INT8_OID = 20;

export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

/**
 * Opens the database, applies pending migrations and returns the data-access layer.
 * `postgres` for DATABASE_URL (production, with pgvector); `pglite` embedded in the data dir.
 */
export async function openDatabase(target: DatabaseTarget): Promise<SqlDatabase> {
  if (target.kind === 'postgres') {
    const db = new SqlDatabase('postgres', openPostgres(target.url));
    // Pooled Postgres sessions get the search settings on connect (openPostgres).
    await closeOnFailure(db, async () => void (await applyMigrations(db)));
    return db;
  }
  const created = new SqlDatabase('pglite', await openPglite(target.dataDir));
  const applied = await closeOnFailure(created, () => applyMigrations(created));
  // WebAssembly memory never shrinks: what initdb and the migrations touched stays resident for
  // the life of the thread (measured: the all-in-one appliance idled at 517 MiB on a fresh data
  // dir). That work is done once; PGlite reopened in a fresh thread starts from what queries need.
  const db = applied.length === 0 ? created : await reopen(created, target.dataDir);
  // PGlite is one session for the whole process: the settings are set on it once.
  await closeOnFailure(db, async () => {
    await applySearchSessionSettings((statement) => sql.raw(statement).execute(db.kysely));
    await db.plannerStatistics.refreshIfStale();
  });
  return db;
}

/** Applies pending migrations; returns the names of those applied. */
async function applyMigrations(db: SqlDatabase): Promise<string[]> {
  const result = await migrate(db.kysely);
  db.missingExtensions = result.pending.map((p) => p.extension);
  return result.applied;
}

async function reopen(db: SqlDatabase, dataDir: string): Promise<SqlDatabase> {
  await db.close();
  const reopened = new SqlDatabase('pglite', await openPglite(dataDir));
  reopened.missingExtensions = db.missingExtensions;
  return reopened;
}

async function closeOnFailure<T>(db: SqlDatabase, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}

function openPostgres(url: string): Kysely<DbSchema> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // bigint columns (sizes, offsets) fit easily in a JS number; pg would return strings.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle pooled connection closed by the server (a restart, a failover, an admin's
  // pg_terminate_backend) emits 'error' on the pool; unhandled, that would crash the process.
  // The pool drops the dead client and the next query opens a fresh one.
  pool.on('error', () => undefined);
  return new Kysely<DbSchema>({
    dialect: new PostgresDialect({
      pool,
      onCreateConnection: (connection) => applySearchSessionSettings((statement) => connection.executeQuery(CompiledQuery.raw(statement))),
    }),
  });
}

async function openPglite(dataDir: string): Promise<Kysely<DbSchema>> {
  await mkdir(path.dirname(dataDir), { recursive: true });
  // Its own thread: see pglite-thread.ts for what that measured.
  const pglite = await PgliteThread.open(dataDir);
  // PGlite's initdb chmods its files 0666/0777 itself (Emscripten's file system), which the
  // umask cannot prevent: take group/other access away once it has written them.
  await tightenDataDir(dataDir, { create: false }).catch(async (error: unknown) => {
    await pglite.close();
    throw error;
  });
  return new Kysely<DbSchema>({ dialect: new PgliteDialect(pglite) });
}
