import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase } from '../../../src/adapters/db/connect.js';
import type { SqlDatabase } from '../../../src/adapters/db/sql-database.js';

/** A fresh, empty database. `open` may be called again after `close` to reopen the same data. */
export interface Target {
  /** The database's own URL (Postgres targets only). */
  url?: string;
  open(): Promise<SqlDatabase>;
  dispose(): Promise<void>;
}

export async function pgliteTarget(): Promise<Target> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'biblio-db-conformance-'));
  const dataDir = path.join(dir, 'pglite');
  return { open: () => openDatabase({ kind: 'pglite', dataDir }), dispose: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A uniquely named database per run, created through the admin URL and dropped afterwards.
 * Chosen over `DROP SCHEMA public CASCADE`: that would wipe whatever else lives in the target
 * database (someone's dev data, a concurrent run of this suite), while a private database
 * cannot collide with anything. DROP ... WITH (FORCE) (Postgres 13+) drops it even when a failed
 * test left a pool connection open. Needs CREATEDB, which the test server's superuser has; a run
 * killed before its afterAll leaves one database behind, which `pg-test-server stop` wipes.
 */
export async function postgresTarget(adminUrl: string): Promise<Target> {
  const name = `biblio_conformance_${process.pid}_${randomUUID().slice(0, 8)}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    open: () => openDatabase({ kind: 'postgres', url: url.toString() }),
    dispose: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}


/**
 * The database engines an appliance-level suite runs on: embedded PGlite (always) and the real
 * Postgres with pgvector from the global setup (skipped, with the reason, when there is none).
 * `create` makes a fresh database; `env` is what an appliance process needs to use it.
 */
export interface DatabaseEngineCase {
  engine: 'pglite' | 'postgres';
  /** For test names: the engine and where it runs; never a password. */
  label: string;
  skip?: string;
  create(): Promise<{ env: Record<string, string>; target?: Target; url?: string; dispose(): Promise<void> }>;
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/** Reason there is no Postgres with pgvector, or undefined when there is one. */
export function postgresMissing(): string | undefined {
  const pg = inject('postgres');
  return 'missing' in pg ? `no Postgres with pgvector: ${pg.missing}` : undefined;
}

export function postgresUrl(): string | undefined {
  const pg = inject('postgres');
  return 'url' in pg ? pg.url : undefined;
}

/** A fresh database on the pgvector server, for appliance processes (DATABASE_URL) and direct use. */
export async function freshPostgresDatabase(): Promise<{ url: string; target: Target; dispose(): Promise<void> }> {
  const adminUrl = postgresUrl();
  if (!adminUrl) throw new Error(postgresMissing());
  const target = await postgresTarget(adminUrl);
  return { url: target.url!, target, dispose: () => target.dispose() };
}

export function databaseEngineCases(): DatabaseEngineCase[] {
  const adminUrl = postgresUrl();
  const missing = postgresMissing();
  return [
    {
      engine: 'pglite',
      label: 'PGlite (embedded)',
      async create() {
        return { env: {}, dispose: async () => undefined };
      },
    },
    {
      engine: 'postgres',
      label: adminUrl ? `Postgres + pgvector (${redactUrl(adminUrl)})` : `Postgres + pgvector: SKIPPED, ${missing}`,
      ...(missing ? { skip: missing } : {}),
      async create() {
        const db = await freshPostgresDatabase();
        return { env: { DATABASE_URL: db.url }, target: db.target, url: db.url, dispose: db.dispose };
      },
    },
  ];
}
