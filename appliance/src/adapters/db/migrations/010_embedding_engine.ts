import { sql, type Kysely } from 'kysely';
import type { SchemaMigration } from './migration.js';

/**
 * Each chunk's vector now names the engine that made it, and a chunk may have none.
 * - Vectors of different engines (or models) live in different spaces. Until now a change of
 *   engine (a model provisioned later, picked by BIBLIO_EMBEDDER=auto) left the old vectors in
 *   place, and a search compared the new engine's query with them. Search now compares only
 *   vectors of its own engine, and the worker re-embeds the others (services/embedding-refresh).
 * - A lexical-only engine (hashing, the embedded default) stores no vector: search never asks
 *   for one, and keeping the HNSW graph up to date was most of the index stage's time at 100k
 *   chunks on PGlite. pgvector's HNSW index skips NULL vectors.
 * Existing rows keep their vector with no engine named: stale for every engine, so the worker
 * replaces or clears them after the upgrade. Both changes are catalog-only (no table rewrite).
 */
export const embeddingEngine: SchemaMigration = {
  requiresExtension: 'vector',
  async up(db: Kysely<unknown>) {
    await sql`ALTER TABLE search_chunks ALTER COLUMN embedding DROP NOT NULL`.execute(db);
    await sql`ALTER TABLE search_chunks ADD COLUMN embedding_engine text`.execute(db);
  },
};
