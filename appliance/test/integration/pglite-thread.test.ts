import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { tempDir } from '@biblio/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgliteThread } from '../../src/adapters/db/pglite-thread.js';

/**
 * PGlite runs in its own worker thread (pglite-thread.ts). What must survive the thread
 * boundary: results and their types, Postgres errors with their SQLSTATE, an event loop that
 * stays free while a query runs, and a close that always ends.
 */
describe('PGlite in its own thread', () => {
  let dir: string;
  let db: PgliteThread;

  beforeAll(async () => {
    dir = await tempDir('biblio-pglite-thread-');
    db = await PgliteThread.open(`${dir}/pg`);
    await db.query('CREATE TABLE things (id int PRIMARY KEY, at timestamptz NOT NULL, body bytea, size bigint)', []);
  });

  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('returns rows with their types, and the affected row count', async () => {
    const at = new Date('2026-12-03T10:00:00.123Z');
    const inserted = await db.query('INSERT INTO things VALUES ($1, $2, $3, $4), ($5, $2, NULL, NULL)', [1, at, new Uint8Array([1, 2, 255]), 5_000_000_000, 2]);
    expect(inserted.affectedRows).toBe(2);
    const { rows } = await db.query<{ id: number; at: Date; body: Uint8Array | null }>('SELECT id, at, body FROM things ORDER BY id', []);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.at).toBeInstanceOf(Date);
    expect(rows[0]!.at.toISOString()).toBe(at.toISOString());
    expect(Array.from(rows[0]!.body!)).toEqual([1, 2, 255]);
    expect(rows[1]!.body).toBeNull();
  });

  it('keeps the SQLSTATE and details of a Postgres error', async () => {
    const failure = await db.query('INSERT INTO things VALUES (1, now(), NULL, NULL)', []).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).toMatchObject({ code: '23505', constraint: 'things_pkey' });
    expect((failure as Error).message).toMatch(/duplicate key/);
    // The session is still usable after an error.
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM things', [])).rows[0]!.n).toBe(2);
  });

  it('leaves the event loop free while a slow query runs', async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 10);
    const started = performance.now();
    await db.query('SELECT pg_sleep(0.5)', []);
    clearInterval(timer);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(450);
    // In the main thread this query would block every timer for its whole half second.
    expect(ticks).toBeGreaterThan(10);
  });

  it('closes for good: the thread ends, and a later query says the database is closed', async () => {
    const other = await PgliteThread.open(`${dir}/second`);
    await other.query('SELECT 1', []);
    await other.close();
    await other.close(); // twice is harmless
    await expect(other.query('SELECT 1', [])).rejects.toThrow(/closed/);
  });

  it('fails to open with the reason when the data dir cannot be used', async () => {
    await expect(PgliteThread.open('/proc/biblio-cannot-write-here/pg')).rejects.toThrow();
  });
});
