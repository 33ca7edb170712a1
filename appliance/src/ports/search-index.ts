import type { TextQuery } from '../domain/search-query.js';
import type { TranscriptSegment } from './speech-to-text.js';

/**
 * A vector and the engine that made it. Vectors of different engines (or models) live in
 * different spaces: only vectors of the same engine are ever compared.
 */
export interface ChunkEmbedding {
  engine: string;
  vector: number[];
}

export interface ChunkToIndex {
  seq: number;
  start: number;
  end: number;
  text: string;
  segments: TranscriptSegment[];
  /** Null for an engine whose similarity is only word overlap (search never asks for it). */
  embedding: ChunkEmbedding | null;
}

export interface ChunkKey {
  mediaId: string;
  seq: number;
}

/** A chunk whose stored vector is not the current engine's (see SearchIndex.staleEmbeddings). */
export interface StaleChunk extends ChunkKey {
  text: string;
}

/** Narrows chunk searches: `speaker` keeps chunks where a speaker of that name (any case) speaks. */
export interface ChunkFilter {
  speaker?: string;
}

export interface ChunkHit {
  mediaId: string;
  filename: string;
  title: string | null;
  /** Cosine distance to the query embedding (vector search only). */
  distance?: number;
  seq: number;
  start: number;
  end: number;
  text: string;
  segments: TranscriptSegment[];
}

/** A media whose title or filename matches (the service decides which field and how well). */
export interface NameHit {
  mediaId: string;
  filename: string;
  title: string | null;
}

/** A word of the owner's lexicon and how many of their media contain it. */
export interface LexiconEntry {
  term: string;
  mediaCount: number;
  /** Media where it is a whole word rather than only a Korean prefix-stem. */
  wordCount: number;
}

/**
 * Lexicon lookups (see domain/search-lexicon): the entries among `terms`; the entries whose
 * 초성 form starts with `prefix` (an exact 초성 match first); the entries that start with
 * `prefix` (completions, the prefix itself excluded); the entries sharing a deletion key.
 * Every kind answers whole words first, then most frequent first.
 */
export type LexiconLookup =
  | { kind: 'exact'; terms: string[] }
  | { kind: 'initials'; prefix: string }
  | { kind: 'prefix'; prefix: string }
  | { kind: 'keys'; keys: string[] };

/**
 * Transcript chunks with embeddings and full text, the searchable names (title, filename) of
 * indexed media, and the per-owner lexicon built from both; searched per owner.
 */
export interface SearchIndex {
  /**
   * Replaces the search chunks of a media in one transaction (re-index is atomic), indexes its
   * current title and filename, and updates the owner's lexicon by the difference.
   */
  replaceChunks(mediaId: string, ownerId: string, chunks: ChunkToIndex[]): Promise<void>;
  /** Re-reads an indexed media's title and filename (after a rename); no-op if never indexed. */
  refreshNames(mediaId: string): Promise<void>;
  /** Owner-scoped nearest chunks by cosine distance among vectors of the query's engine, best first. */
  vectorSearch(ownerId: string, embedding: ChunkEmbedding, limit: number, filter?: ChunkFilter): Promise<ChunkHit[]>;
  /**
   * Up to `limit` chunks whose stored vector is not what `engine` would store: a vector of
   * another engine, or none; with `engine` null (a lexical-only engine), any vector at all.
   * In (mediaId, seq) order, after `after` when given (a cursor: each chunk is seen once).
   */
  staleEmbeddings(engine: string | null, limit: number, after?: ChunkKey): Promise<StaleChunk[]>;
  /**
   * Stores each chunk's new vector (null: none), unless the chunk was re-indexed meanwhile (its
   * text changed, or it is gone). Returns how many chunks were written.
   */
  storeEmbeddings(chunks: readonly (StaleChunk & { embedding: ChunkEmbedding | null })[]): Promise<number>;
  /**
   * Owner-scoped chunks where any query word or one of its alternatives occurs; the exact phrase
   * first, then every word, then full-text rank. The caller decides the final tier.
   */
  textSearch(ownerId: string, query: TextQuery, limit: number, filter?: ChunkFilter): Promise<ChunkHit[]>;
  /** Owner-scoped media whose title or filename holds any query word or alternative, best first. */
  nameSearch(ownerId: string, query: TextQuery, limit: number): Promise<NameHit[]>;
  lexicon(ownerId: string, lookup: LexiconLookup, limit: number): Promise<LexiconEntry[]>;
}
