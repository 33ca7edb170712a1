import { embeddingsFor } from '../pipeline/index-chunks.js';
import type { Embedder } from '../ports/embedder.js';
import type { ChunkKey, SearchIndex } from '../ports/search-index.js';
import type { SettingStore } from '../ports/setting-store.js';

/** Chunks read, embedded and written per round: small enough that a shutdown never waits long. */
const BATCH = 64;

/**
 * The engine every chunk was last brought in line with ('' while a refresh is unfinished). A
 * start on the same engine then costs one lookup instead of a walk over every chunk, which on
 * PGlite at 100k chunks held the database for seconds and slowed the first searches.
 */
export const REFRESHED_ENGINE_SETTING = 'search.embeddings_refreshed_for';
const NO_VECTORS = '(no vectors)';

type RefreshStore = Pick<SearchIndex, 'staleEmbeddings' | 'storeEmbeddings'> & SettingStore;

export interface RefreshOptions {
  /** Stops between rounds (shutdown). */
  signal?: AbortSignal;
  /** After each round, with the chunks written so far. */
  onProgress?: (written: number) => void;
  /** When it starts walking the chunks (not when the engine's refresh is recorded as done). */
  onWalk?: () => void;
}

/**
 * Brings every stored chunk vector in line with the running engine: vectors another engine (or
 * model) made are replaced by this engine's, and a lexical-only engine's chunks lose theirs (see
 * migration 010). Runs in the worker after start; new chunks are already written right by the
 * index stage, so this only ever works through older ones, each once (a cursor over the chunk
 * key), and leaves alone a chunk re-indexed after it was read. Once every chunk is in line it
 * records the engine, so later starts on the same engine skip the walk. Returns how many it wrote.
 */
export async function refreshEmbeddings(index: RefreshStore, embedder: Embedder, options: RefreshOptions = {}): Promise<number> {
  const target = embedder.lexicalOnly ? null : embedder.engine;
  const done = target ?? NO_VECTORS;
  if ((await index.setting(REFRESHED_ENGINE_SETTING, () => '')) === done) return 0;
  // Marked unfinished first: a refresh cut short by a switch to a third engine and back must
  // not look complete.
  await index.replaceSetting(REFRESHED_ENGINE_SETTING, '');
  options.onWalk?.();
  let written = 0;
  let after: ChunkKey | undefined;
  while (!options.signal?.aborted) {
    const stale = await index.staleEmbeddings(target, BATCH, after);
    if (stale.length === 0) break;
    const embeddings = await embeddingsFor(embedder, stale.map((c) => c.text));
    written += await index.storeEmbeddings(stale.map((chunk, i) => ({ ...chunk, embedding: embeddings[i]! })));
    const last = stale.at(-1)!;
    after = { mediaId: last.mediaId, seq: last.seq };
    options.onProgress?.(written);
  }
  if (!options.signal?.aborted) await index.replaceSetting(REFRESHED_ENGINE_SETTING, done);
  return written;
}
