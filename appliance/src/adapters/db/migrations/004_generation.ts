import { sql, type Kysely } from 'kysely';
import type { SchemaMigration } from './migration.js';

/**
 * Playback URLs are signed over (media id, generation, expiry). Deleting a media moves its
 * generation on, so every URL issued before the delete stops verifying at once, in every api
 * replica, without a list of revoked URLs. Plain integer with a constant default: the same
 * statement on PGlite and Postgres, and no table rewrite on Postgres 11+.
 */
export const generation: SchemaMigration = {
  // Runs even while 003 waits for pgvector.
  independent: true,
  async up(db: Kysely<unknown>) {
    await sql`ALTER TABLE media ADD COLUMN generation integer NOT NULL DEFAULT 1`.execute(db);
  },
};
