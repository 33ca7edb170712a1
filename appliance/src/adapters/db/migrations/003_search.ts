import { sql, type Kysely } from 'kysely';
import type { SchemaMigration } from './migration.js';

/** Search chunks: embeddings (pgvector, HNSW) and a full-text column, fused at query time. */
export const search: SchemaMigration = {
  requiresExtension: 'vector',
  async up(db: Kysely<unknown>) {
    await sql`CREATE EXTENSION IF NOT EXISTS vector`.execute(db);

    await sql`CREATE TABLE search_chunks (
      media_id    uuid NOT NULL REFERENCES media(id) ON DELETE CASCADE,
      owner_id    uuid NOT NULL,
      seq         integer NOT NULL,
      start_sec   double precision NOT NULL,
      end_sec     double precision NOT NULL,
      text        text NOT NULL,
      -- Terms of "text" as written by domain/text-tokens (Hangul, Han, kana and Thai split into
      -- character bigrams), so full-text search matches inside words like "예산을" too.
      search_text text NOT NULL,
      segments    jsonb NOT NULL,
      embedding   vector(384) NOT NULL,
      -- 'simple' keeps every term (no English stemming), so non-English text is searchable too.
      tsv         tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED,
      PRIMARY KEY (media_id, seq)
    )`.execute(db);
    await sql`CREATE INDEX search_chunks_owner_idx ON search_chunks(owner_id)`.execute(db);
    await sql`CREATE INDEX search_chunks_embedding_idx ON search_chunks USING hnsw (embedding vector_cosine_ops)`.execute(db);
    await sql`CREATE INDEX search_chunks_tsv_idx ON search_chunks USING gin (tsv)`.execute(db);
  },
};
