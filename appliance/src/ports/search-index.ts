import type { TranscriptSegment } from './speech-to-text.js';

export interface ChunkToIndex {
  seq: number;
  start: number;
  end: number;
  text: string;
  segments: TranscriptSegment[];
  embedding: number[];
}

export interface ChunkHit {
  mediaId: string;
  filename: string;
  /** Cosine distance to the query embedding (vector search only). */
  distance?: number;
  seq: number;
  start: number;
  end: number;
  text: string;
  segments: TranscriptSegment[];
}

/** Transcript chunks with embeddings and full text, searched per owner. */
export interface SearchIndex {
  /** Replaces the search chunks of a media in one transaction (re-index is atomic). */
  replaceChunks(mediaId: string, ownerId: string, chunks: ChunkToIndex[]): Promise<void>;
  /** Owner-scoped nearest chunks by cosine distance, best first. */
  vectorSearch(ownerId: string, embedding: number[], limit: number): Promise<ChunkHit[]>;
  /** Owner-scoped full-text matches, best first. */
  textSearch(ownerId: string, query: string, limit: number): Promise<ChunkHit[]>;
}
