import { HashingEmbedder } from '../../appliance/src/adapters/embed/hashing.js';
import type { Embedder } from '../../appliance/src/ports/embedder.js';

/**
 * The hashing engine's vectors, stored and searched as a model engine's would be. The product
 * keeps no vectors for the lexical-only hashing engine, and no model can be downloaded here, so
 * this is how the vector half (HNSW build, vector query, recall) is measured: on sparse
 * word-overlap vectors, a worst case for a graph index (see docs/benchmarks.md).
 */
export class VectorStandIn implements Embedder {
  readonly engine = 'hashing vectors (benchmark stand-in for a model)';
  private readonly hashing = new HashingEmbedder();
  readonly noiseDistance = this.hashing.noiseDistance;

  embed(texts: readonly string[]): Promise<number[][]> {
    return this.hashing.embed(texts);
  }
}
