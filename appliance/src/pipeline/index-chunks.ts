import { chunkSegments } from '../domain/chunking.js';
import { withSpeakerNames, type TranscriptDraft } from '../domain/transcript-edit.js';
import type { Embedder } from '../ports/embedder.js';
import type { ChunkEmbedding, ChunkToIndex } from '../ports/search-index.js';

const EMBED_BATCH = 32;

/**
 * What the index stores for each text: the engine's vector named by the engine, or nothing for
 * an engine whose similarity is only word overlap (search never asks the vector index then, so
 * its vectors would be written and kept up to date for nobody). Embeds in batches of
 * EMBED_BATCH; `progress` gets the fraction done after each.
 */
export async function embeddingsFor(embedder: Embedder, texts: readonly string[], progress: (fraction: number) => void = () => undefined): Promise<(ChunkEmbedding | null)[]> {
  if (embedder.lexicalOnly) return texts.map(() => null);
  const embeddings: ChunkEmbedding[] = [];
  for (let i = 0; i < texts.length; i += EMBED_BATCH) {
    const vectors = await embedder.embed(texts.slice(i, i + EMBED_BATCH));
    embeddings.push(...vectors.map((vector) => ({ engine: embedder.engine, vector })));
    progress(Math.min(1, (i + EMBED_BATCH) / texts.length));
  }
  return embeddings;
}

/**
 * A transcript's search index: overlapping chunks with embeddings, each chunk's segments with
 * their speaker's name (search results show it; ?speaker= filters on it). Shared by the index
 * stage and by transcript changes, so an edit indexes exactly as the pipeline would.
 */
export async function indexChunks(embedder: Embedder, draft: TranscriptDraft, progress: (percent: number) => void = () => undefined): Promise<ChunkToIndex[]> {
  const chunks = chunkSegments(withSpeakerNames(draft));
  const embeddings = await embeddingsFor(embedder, chunks.map((c) => c.text), (fraction) => progress(fraction * 90));
  return chunks.map((c, i) => ({ seq: c.index, start: c.start, end: c.end, text: c.text, segments: c.segments, embedding: embeddings[i]! }));
}
