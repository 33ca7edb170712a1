import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../../src/adapters/db/connect.js';
import type { SqlDatabase } from '../../../src/adapters/db/sql-database.js';

/** A fresh, empty database. `open` may be called again after `close` to reopen the same data. */
export interface Target {
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
    open: () => openDatabase({ kind: 'postgres', url: url.toString() }),
    dispose: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

