import { sql, type Kysely } from 'kysely';
import type { SchemaMigration } from './migration.js';

/** Users, their API tokens (hashed), media, per-stage status and the transactional outbox. */
export const init: SchemaMigration = {
  async up(db: Kysely<unknown>) {
    await sql`CREATE TABLE users (
      id          uuid PRIMARY KEY,
      name        text NOT NULL UNIQUE,
      is_admin    boolean NOT NULL DEFAULT false,
      created_at  timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

    // Only a SHA-256 of each token is stored: a leaked database does not leak credentials.
    await sql`CREATE TABLE api_tokens (
      token_hash  text PRIMARY KEY,
      user_id     uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at  timestamptz NOT NULL DEFAULT now(),
      revoked_at  timestamptz
    )`.execute(db);
    await sql`CREATE INDEX api_tokens_user_idx ON api_tokens(user_id)`.execute(db);

    await sql`CREATE TABLE media (
      id              uuid PRIMARY KEY,
      owner_id        uuid NOT NULL REFERENCES users(id),
      status          text NOT NULL CHECK (status IN
                        ('UPLOADING','UPLOADED','PROCESSING','READY','REJECTED','FAILED','EXPIRED','DELETED')),
      filename        text NOT NULL,
      filetype        text NOT NULL,
      title           text,
      language        text,
      size            bigint NOT NULL CHECK (size >= 0),
      uploaded_bytes  bigint NOT NULL DEFAULT 0,
      object_key      text NOT NULL UNIQUE,
      duration_sec    double precision,
      error           text,
      created_at      timestamptz NOT NULL DEFAULT now(),
      updated_at      timestamptz NOT NULL DEFAULT now(),
      uploaded_at     timestamptz,
      deleted_at      timestamptz
    )`.execute(db);
    await sql`CREATE INDEX media_owner_idx ON media(owner_id, created_at DESC)`.execute(db);
    await sql`CREATE INDEX media_status_idx ON media(status, updated_at)`.execute(db);

    await sql`CREATE TABLE media_stages (
      media_id    uuid NOT NULL REFERENCES media(id) ON DELETE CASCADE,
      stage       text NOT NULL,
      status      text NOT NULL CHECK (status IN ('pending','running','done','failed','skipped')),
      progress    real NOT NULL DEFAULT 0,
      error       text,
      attempts    integer NOT NULL DEFAULT 0,
      updated_at  timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (media_id, stage)
    )`.execute(db);

    // Written in the same transaction as the state change it announces; a relay publishes it to
    // the queue later, so a Redis outage at finish time never loses an upload.
    await sql`CREATE TABLE outbox (
      id            bigserial PRIMARY KEY,
      topic         text NOT NULL,
      media_id      uuid NOT NULL,
      payload       jsonb NOT NULL,
      created_at    timestamptz NOT NULL DEFAULT now(),
      published_at  timestamptz,
      attempts      integer NOT NULL DEFAULT 0,
      last_error    text
    )`.execute(db);
    await sql`CREATE INDEX outbox_pending_idx ON outbox(id) WHERE published_at IS NULL`.execute(db);
  },
};
