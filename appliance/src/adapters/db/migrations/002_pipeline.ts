import { sql, type Kysely } from 'kysely';
import type { SchemaMigration } from './migration.js';

/** Processing results: what a file is, its derived assets, transcript and per-window checkpoints. */
export const pipeline: SchemaMigration = {
  async up(db: Kysely<unknown>) {
    await sql`ALTER TABLE media ADD COLUMN kind text CHECK (kind IN ('video', 'audio'))`.execute(db);
    await sql`ALTER TABLE media ADD COLUMN facts jsonb`.execute(db);

    // One row per derived asset. Stages write new outputs under a fresh prefix and then switch
    // this pointer in one statement, so a retry or a crash never leaves a half-written asset visible.
    await sql`CREATE TABLE media_assets (
      media_id      uuid NOT NULL REFERENCES media(id) ON DELETE CASCADE,
      kind          text NOT NULL,
      object_key    text NOT NULL,
      content_type  text NOT NULL,
      created_at    timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (media_id, kind)
    )`.execute(db);

    await sql`CREATE TABLE transcript_segments (
      media_id    uuid NOT NULL REFERENCES media(id) ON DELETE CASCADE,
      window_idx  integer NOT NULL,
      seq         integer NOT NULL,
      start_sec   double precision NOT NULL,
      end_sec     double precision NOT NULL,
      text        text NOT NULL,
      words       jsonb,
      PRIMARY KEY (media_id, window_idx, seq)
    )`.execute(db);

    // A finished speech-to-text window: a retried transcribe stage resumes after the last one.
    await sql`CREATE TABLE transcript_windows (
      media_id    uuid NOT NULL REFERENCES media(id) ON DELETE CASCADE,
      window_idx  integer NOT NULL,
      engine      text NOT NULL,
      done_at     timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (media_id, window_idx)
    )`.execute(db);

    // Shared secrets (e.g. the playback URL signing key) so every api replica signs alike.
    await sql`CREATE TABLE settings (
      key    text PRIMARY KEY,
      value  text NOT NULL
    )`.execute(db);
  },
};
