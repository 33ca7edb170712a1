import { chunkSegments } from '../domain/chunking.js';
import { withSpeakerNames, type TranscriptDraft } from '../domain/transcript-edit.js';
import type { Embedder } from '../ports/embedder.js';
import type { ChunkToIndex } from '../ports/search-index.js';

const EMBED_BATCH = 32;

/**
 * A transcript's search index: overlapping chunks with embeddings, each chunk's segments with
 * their speaker's name (search results show it; ?speaker= filters on it). Shared by the index
 * stage and by transcript changes, so an edit indexes exactly as the pipeline would.
 */
export async function indexChunks(embedder: Embedder, draft: TranscriptDraft, progress: (percent: number) => void = () => undefined): Promise<ChunkToIndex[]> {
  const chunks = chunkSegments(withSpeakerNames(draft));
  const embeddings: number[][] = [];
  for (let i = 0; i < chunks.length; i += EMBED_BATCH) {
    embeddings.push(...(await embedder.embed(chunks.slice(i, i + EMBED_BATCH).map((c) => c.text))));
    progress(((i + EMBED_BATCH) / chunks.length) * 90);
  }
  return chunks.map((c, i) => ({ seq: c.index, start: c.start, end: c.end, text: c.text, segments: c.segments, embedding: embeddings[i]! }));
}
