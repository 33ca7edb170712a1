import { sql, type Kysely } from 'kysely';
import type { SchemaMigration } from './migration.js';

/**
 * Transcripts people can fix: speakers on segments, named per media; a history of every version
 * (who, when, how made, the whole text) so any one can be viewed, exported or restored; and where
 * the current text came from, so re-running speech-to-text never silently replaces a person's work.
 */
export const transcriptVersions: SchemaMigration = {
  // Touches transcript tables only (002), never 003's pgvector tables.
  independent: true,
  async up(db: Kysely<unknown>) {
    // 'stt', 'imported' or 'edited'; NULL while the media has no transcript.
    await sql`ALTER TABLE media ADD COLUMN transcript_source text CHECK (transcript_source IN ('stt', 'imported', 'edited'))`.execute(db);
    await sql`UPDATE media SET transcript_source = 'stt' WHERE id IN (SELECT DISTINCT media_id FROM transcript_segments)`.execute(db);

    // A speaker id of transcript_speakers (free text kept short by the appliance).
    await sql`ALTER TABLE transcript_segments ADD COLUMN speaker text`.execute(db);

    await sql`CREATE TABLE transcript_speakers (
      media_id    uuid NOT NULL REFERENCES media(id) ON DELETE CASCADE,
      speaker_id  text NOT NULL,
      name        text NOT NULL,
      PRIMARY KEY (media_id, speaker_id)
    )`.execute(db);

    // Whole snapshots rather than diffs: a version is read, exported and restored as one row,
    // and transcripts are small (a 10-hour lecture is about 1 MB of JSON).
    await sql`CREATE TABLE transcript_versions (
      media_id      uuid NOT NULL REFERENCES media(id) ON DELETE CASCADE,
      version       integer NOT NULL CHECK (version > 0),
      source        text NOT NULL CHECK (source IN ('stt', 'imported', 'edited', 'restored')),
      -- Where the text itself came from (a restored version keeps its original's).
      text_source   text NOT NULL CHECK (text_source IN ('stt', 'imported', 'edited')),
      author_id     uuid REFERENCES users(id) ON DELETE SET NULL,
      note          text,
      segments      jsonb NOT NULL,
      speakers      jsonb NOT NULL,
      created_at    timestamptz(3) NOT NULL DEFAULT now(),
      PRIMARY KEY (media_id, version)
    )`.execute(db);
  },
};
