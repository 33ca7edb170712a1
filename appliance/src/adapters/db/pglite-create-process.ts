import { Kysely } from 'kysely';
import { migrate } from './migrate.js';
import { PgliteDialect } from './pglite-dialect.js';
import { openPgliteWithVector } from './pglite-open.js';
import type { DbSchema } from './schema.js';

/**
 * `node pglite-create-process.js DIR`: creates an embedded database in DIR (initdb and every
 * migration), then exits. Run by pglite-create.ts as a child process, so that the memory this
 * one-off work leaves behind goes with the process.
 */
const dataDir = process.argv[2];
if (!dataDir) {
  process.stderr.write('usage: pglite-create-process DIR\n');
  process.exit(2);
}
const db = new Kysely<DbSchema>({ dialect: new PgliteDialect(await openPgliteWithVector(dataDir)) });
try {
  await migrate(db);
} finally {
  await db.destroy();
}
