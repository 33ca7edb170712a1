import { embeddingsFor } from '../pipeline/index-chunks.js';
import type { Embedder } from '../ports/embedder.js';
import type { ChunkKey, SearchIndex } from '../ports/search-index.js';

/** Chunks read, embedded and written per round: small enough that a shutdown never waits long. */
const BATCH = 64;

export interface RefreshOptions {
  /** Stops between rounds (shutdown). */
  signal?: AbortSignal;
  /** After each round, with the chunks written so far. */
  onProgress?: (written: number) => void;
}

/**
 * Brings every stored chunk vector in line with the running engine: vectors another engine (or
 * model) made are replaced by this engine's, and a lexical-only engine's chunks lose theirs (see
 * migration 010). Runs in the worker after start; new chunks are already written right by the
 * index stage, so this only ever works through older ones, each once (a cursor over the chunk
 * key), and leaves alone a chunk re-indexed after it was read. Returns how many it wrote.
 */
export async function refreshEmbeddings(index: Pick<SearchIndex, 'staleEmbeddings' | 'storeEmbeddings'>, embedder: Embedder, options: RefreshOptions = {}): Promise<number> {
  const target = embedder.lexicalOnly ? null : embedder.engine;
  let written = 0;
  let after: ChunkKey | undefined;
  while (!options.signal?.aborted) {
    const stale = await index.staleEmbeddings(target, BATCH, after);
    if (stale.length === 0) break;
    const embeddings = await embeddingsFor(
      embedder,
      stale.map((c) => c.text),
    );
    written += await index.storeEmbeddings(stale.map((chunk, i) => ({ ...chunk, embedding: embeddings[i]! })));
    const last = stale.at(-1)!;
    after = { mediaId: last.mediaId, seq: last.seq };
    options.onProgress?.(written);
  }
  return written;
}
