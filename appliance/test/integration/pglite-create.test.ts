import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tempDir } from '@biblio/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/db/connect.js';
import { MIGRATIONS } from '../../src/adapters/db/migrations/index.js';
import { createPgliteDatabase } from '../../src/adapters/db/pglite-create.js';
import { PgliteThread } from '../../src/adapters/db/pglite-thread.js';

/**
 * A new embedded database is made (initdb and every migration) in a child process, beside its
 * data dir, and renamed into place (pglite-create.ts): what must hold is a complete database
 * or none, and a clear error where a dir holds something else.
 */
describe('creating the embedded database', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await tempDir('biblio-pglite-create-');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a migrated database in place, with nothing left beside it', async () => {
    const dataDir = `${dir}/fresh/db`;
    await mkdir(`${dir}/fresh`);
    await createPgliteDatabase(dataDir);
    expect(existsSync(`${dataDir}/PG_VERSION`)).toBe(true);
    expect(await readdir(`${dir}/fresh`)).toEqual(['db']);
    const thread = await PgliteThread.open(dataDir);
    try {
      const applied = await thread.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name', []);
      expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(MIGRATIONS).sort());
      // The embedded database's own settings (pglite-open.ts) hold in the thread that serves queries.
      expect((await thread.query<{ shared_buffers: string }>('SHOW shared_buffers', [])).rows[0]!.shared_buffers).toBe('16MB');
    } finally {
      await thread.close();
    }
    // Opening it finds every migration applied and its extensions present.
    const db = await openDatabase({ kind: 'pglite', dataDir });
    expect(db.missingExtensions).toEqual([]);
    await db.close();
  });

  it('replaces what a start killed half-way left beside the data dir', async () => {
    const dataDir = `${dir}/killed/db`;
    await mkdir(`${dataDir}.creating`, { recursive: true });
    await writeFile(`${dataDir}.creating/PG_VERSION`, '17\n');
    await writeFile(`${dataDir}.creating/half-written`, 'x');
    await createPgliteDatabase(dataDir);
    expect(existsSync(`${dataDir}/half-written`)).toBe(false);
    expect(existsSync(`${dataDir}.creating`)).toBe(false);
    const thread = await PgliteThread.open(dataDir);
    expect((await thread.query<{ n: number }>('SELECT count(*)::int AS n FROM kysely_migration', [])).rows[0]!.n).toBe(Object.keys(MIGRATIONS).length);
    await thread.close();
  });

  it('refuses a data dir that holds files but no database, naming it, and touches nothing', async () => {
    const dataDir = `${dir}/occupied/db`;
    await mkdir(dataDir, { recursive: true });
    await writeFile(`${dataDir}/notes.txt`, 'mine');
    await expect(createPgliteDatabase(dataDir)).rejects.toThrow(new RegExp(`cannot create the embedded database in ${dataDir}: it holds files but no database`));
    expect(await readdir(dataDir)).toEqual(['notes.txt']);
    expect(existsSync(`${dataDir}.creating`)).toBe(false);
  });
});
