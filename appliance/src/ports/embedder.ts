/** Dimensions of every stored embedding (the pgvector column is vector(384)). */
export const EMBEDDING_DIMENSIONS = 384;

/** Turns texts into unit-length vectors of EMBEDDING_DIMENSIONS for cosine search. */
export interface Embedder {
  /** What /healthz shows, e.g. "hashing" or "transformers (all-MiniLM-L6-v2)". */
  readonly engine: string;
  /**
   * Cosine distance beyond which a neighbour is noise rather than a match for this engine's
   * vectors (search drops those). Defaults to DEFAULT_NOISE_DISTANCE.
   */
  readonly noiseDistance?: number;
  embed(texts: readonly string[]): Promise<number[][]>;
}

export const DEFAULT_NOISE_DISTANCE = 0.85;
