import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../../src/adapters/db/sql-database.js';
import { allTerms, termPairs } from '../../src/domain/text-tokens.js';
import { pgliteTarget, postgresMissing, postgresTarget, postgresUrl, type Target } from './harness/database-targets.js';

/**
 * A database written by the hand-written migrator that came before Kysely's Migrator: its
 * bookkeeping was `schema_migrations (version, applied_at)`. Opening it with this version must
 * adopt those rows (never re-running a migration whose tables exist), apply only what is new,
 * and keep the data.
 */

const LEGACY_TIME = '2025-01-02T03:04:05.678Z';
/** A chunk indexed before 009: the migration's index covers it too. */
const CHUNK_TEXT = 'The spice trade, the spice 예산을 trade';

/**
 * Turns a fresh database into one last opened by the old migrator at 003_search: the changes of
 * 004-009 undone, Kysely's tables replaced by the old bookkeeping table.
 */
async function rewindToLegacy(db: SqlDatabase): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    await sql`ALTER TABLE search_chunks DROP COLUMN embedding_engine`.execute(trx);
    await sql`ALTER TABLE search_chunks ALTER COLUMN embedding SET NOT NULL`.execute(trx);
    await sql`DROP INDEX search_chunks_term_pairs_idx`.execute(trx);
    await sql`DROP FUNCTION biblio_term_pairs(text)`.execute(trx);
    for (const index of ['media_owner_sha256_idx', 'media_owner_created_id_idx', 'media_owner_title_idx', 'media_owner_size_idx']) {
      await sql`DROP INDEX ${sql.raw(index)}`.execute(trx);
    }
    for (const column of ['sort_title', 'sha256']) await sql`ALTER TABLE media DROP COLUMN ${sql.raw(column)}`.execute(trx);
    await sql`ALTER TABLE media ALTER COLUMN created_at TYPE timestamptz`.execute(trx);
    await sql`DROP TABLE user_quotas`.execute(trx);
    for (const table of ['search_names', 'search_lexicon', 'search_lexicon_keys']) await sql`DROP TABLE ${sql.table(table)}`.execute(trx);
    await sql`DROP INDEX media_owner_status_idx`.execute(trx);
    await sql`ALTER TABLE media DROP COLUMN generation`.execute(trx);
    for (const table of ['transcript_versions', 'transcript_speakers']) await sql`DROP TABLE ${sql.table(table)}`.execute(trx);
    await sql`ALTER TABLE transcript_segments DROP COLUMN speaker`.execute(trx);
    await sql`ALTER TABLE media DROP COLUMN transcript_source`.execute(trx);
    await sql`DROP TABLE kysely_migration`.execute(trx);
    await sql`DROP TABLE kysely_migration_lock`.execute(trx);
    await sql`CREATE TABLE schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`.execute(trx);
    for (const version of ['001_init', '002_pipeline', '003_search']) {
      await sql`INSERT INTO schema_migrations (version, applied_at) VALUES (${version}, ${LEGACY_TIME})`.execute(trx);
    }
  });
}

async function expectUpgraded(db: SqlDatabase, userId: string): Promise<void> {
  const rows = await db.kysely.selectFrom('kysely_migration').selectAll().orderBy('name').execute();
  expect(rows.map((r) => r.name)).toEqual(['001_init', '002_pipeline', '003_search', '004_generation', '005_quotas', '006_library', '007_search_lexicon', '008_transcript_versions', '009_search_term_pairs', '010_embedding_engine']);
  // The adopted rows keep when they really ran.
  expect(rows.slice(0, 3).map((r) => r.timestamp)).toEqual([LEGACY_TIME, LEGACY_TIME, LEGACY_TIME]);
  const legacy = await sql<{ t: string | null }>`SELECT to_regclass('schema_migrations')::text AS t`.execute(db.kysely);
  expect(legacy.rows[0]?.t).toBeNull();
  expect(await db.users.findById(userId)).toMatchObject({ name: 'kept-through-upgrade' });
  // 004 and 005 ran: media has a generation, quotas have their table.
  expect(await db.quotas.overrides(userId)).toEqual({ storedBytes: null, pendingBytes: null, pendingUploads: null });
  // 009's pairs of a chunk indexed before it are exactly the pairs a query builds (termPairs).
  const chunk = await sql<{ pairs: string[] }>`SELECT biblio_term_pairs(search_text) AS pairs FROM search_chunks WHERE text = ${CHUNK_TEXT}`.execute(db.kysely);
  expect([...chunk.rows[0]!.pairs].sort()).toEqual(termPairs(allTerms(CHUNK_TEXT)).sort());
  // 010: a vector from before engines were recorded is stale for every engine, lexical or not.
  for (const engine of [null, 'before 010']) expect((await db.processing.staleEmbeddings(engine, 10)).map((c) => c.text)).toEqual([CHUNK_TEXT]);
  const generation = await sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'media' AND column_name = 'generation'`.execute(db.kysely);
  expect(generation.rows[0]?.n).toBe(1);
}

function describeUpgrade(name: string, createTarget: () => Promise<Target>, opensAtOnce: number, skip?: string) {
  describe.skipIf(skip !== undefined)(name, () => {
    let target: Target | undefined;
    afterEach(async () => {
      await target?.dispose();
      target = undefined;
    });

    it(`adopts the old schema_migrations rows and applies only the new migrations (${opensAtOnce} open(s) at once)`, async () => {
      target = await createTarget();
      const first = await target.open();
      const userId = randomUUID();
      const mediaId = randomUUID();
      await first.users.create({ id: userId, name: 'kept-through-upgrade', isAdmin: false });
      await first.media.create({ id: mediaId, ownerId: userId, filename: 'a.m4a', filetype: 'audio/mp4', title: null, language: null, size: 1, objectKey: `uploads/${userId}/${mediaId}` });
      await first.processing.replaceChunks(mediaId, userId, [{ seq: 0, start: 0, end: 5, text: CHUNK_TEXT, segments: [], embedding: { engine: 'before 010', vector: new Array<number>(384).fill(0.05) } }]);
      await rewindToLegacy(first);
      await first.close();

      const results = await Promise.allSettled(Array.from({ length: opensAtOnce }, () => target!.open()));
      const opened = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      try {
        expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
        for (const db of opened) await expectUpgraded(db, userId);
      } finally {
        for (const db of opened) await db.close();
      }
      const again = await target.open();
      try {
        await expectUpgraded(again, userId);
      } finally {
        await again.close();
      }
    });
  });
}

// One process owns a PGlite data dir (lockDataDir), so it is opened once; on Postgres, api and
// worker processes start together: three pools race through adoption and migration.
describeUpgrade('upgrade from the old migrator: pglite', pgliteTarget, 1);
const adminUrl = postgresUrl();
describeUpgrade(
  `upgrade from the old migrator: postgres${adminUrl ? '' : `: SKIPPED, ${postgresMissing()}`}`,
  () => postgresTarget(adminUrl!),
  3,
  postgresMissing(),
);
