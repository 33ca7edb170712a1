import { sql, type Kysely } from 'kysely';
import type { SchemaMigration } from './migration.js';

/** The library view (GET /api/media with sort, filter and cursor paging) and content-hash dedupe. */
export const library: SchemaMigration = {
  // Needs nothing from 003's pgvector tables.
  independent: true,
  async up(db: Kysely<unknown>) {
    // Keyset cursors carry created_at as a JavaScript millisecond timestamp; Postgres keeps
    // microseconds, so a cursor value would fall between rows of the same millisecond and skip
    // them. Storing milliseconds makes the value the API sees the value the database compares.
    await sql`ALTER TABLE media ALTER COLUMN created_at TYPE timestamptz(3)`.execute(db);

    // The key the library sorts titles by: the title, else the filename, case-folded by the
    // appliance (sortTitleOf) so every engine orders the same text; compared under COLLATE "C".
    await sql`ALTER TABLE media ADD COLUMN sort_title text`.execute(db);
    await sql`UPDATE media SET sort_title = lower(coalesce(title, filename))`.execute(db);
    await sql`ALTER TABLE media ALTER COLUMN sort_title SET NOT NULL`.execute(db);

    // Hex SHA-256 of the uploaded bytes, computed while they were received (or, when the chain
    // of requests broke, by the validate stage reading the file once: services/upload-digests.ts).
    await sql`ALTER TABLE media ADD COLUMN sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$')`.execute(db);

    // "Does this owner already have this file?" before every upload.
    await sql`CREATE INDEX IF NOT EXISTS media_owner_sha256_idx ON media(owner_id, sha256) WHERE sha256 IS NOT NULL`.execute(db);
    // The library sorts, each ending in the id tiebreaker the cursor compares (duration sorts an
    // expression that puts unknown durations last, so an owner's rows are sorted in memory there).
    await sql`CREATE INDEX IF NOT EXISTS media_owner_created_id_idx ON media(owner_id, created_at, id)`.execute(db);
    await sql`CREATE INDEX IF NOT EXISTS media_owner_title_idx ON media(owner_id, sort_title COLLATE "C", id)`.execute(db);
    await sql`CREATE INDEX IF NOT EXISTS media_owner_size_idx ON media(owner_id, size, id)`.execute(db);
  },
};
