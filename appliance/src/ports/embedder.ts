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
  /**
   * A chunk found ONLY by its embedding (no query word in it) is shown when it is at most this
   * far: the engine's calibrated floor for "means the same". Undefined: never (an engine whose
   * similarity measures word overlap, like hashing, where full text already found every hit
   * worth showing, and nearest neighbours of an unknown word are noise).
   */
  readonly semanticDistance?: number;
  /**
   * Its similarity only restates word overlap (hashing). Search then never asks the vector
   * index: full text already ranks the same evidence, and the nearest-neighbour query was half
   * of every search's time (and, on such sparse vectors, the weakest part of the HNSW index).
   */
  readonly lexicalOnly?: boolean;
  embed(texts: readonly string[]): Promise<number[][]>;
}

export const DEFAULT_NOISE_DISTANCE = 0.85;
