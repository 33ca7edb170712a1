import { sql, type Kysely } from 'kysely';
import type { SchemaMigration } from './migration.js';

/**
 * Per-user quota overrides set with `npm run admin -- set-quota`. A NULL column means "the
 * configured default" (BIBLIO_QUOTA_*), -1 means "unlimited". Users without a row use the
 * defaults for everything.
 */
export const quotas: SchemaMigration = {
  async up(db: Kysely<unknown>) {
    await sql`CREATE TABLE IF NOT EXISTS user_quotas (
      user_id              uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
      max_stored_bytes     bigint CHECK (max_stored_bytes >= -1),
      max_pending_bytes    bigint CHECK (max_pending_bytes >= -1),
      max_pending_uploads  integer CHECK (max_pending_uploads >= -1),
      updated_at           timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

    // Quota checks sum one owner's media by status on every upload creation.
    await sql`CREATE INDEX IF NOT EXISTS media_owner_status_idx ON media(owner_id, status)`.execute(db);
  },
};
