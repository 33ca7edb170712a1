import { bestSegment, reciprocalRankFusion } from '../domain/ranking.js';
import { DEFAULT_NOISE_DISTANCE, type Embedder } from '../ports/embedder.js';
import type { SearchResultDto } from '@biblio/shared';
import type { ChunkHit, SearchIndex } from '../ports/search-index.js';

/** One hit as GET /api/search answers it (the shared contract owns the shape). */
export type SearchResult = SearchResultDto;

const CANDIDATES = 50;

/**
 * Hybrid transcript search: nearest chunks by embedding and full-text matches, fused with
 * reciprocal rank fusion, each hit narrowed to the segment where the words are spoken.
 */
export class SearchService {
  constructor(
    private readonly index: SearchIndex,
    private readonly embedder: Embedder,
  ) {}

  async search(ownerId: string, query: string, limit: number): Promise<SearchResult[]> {
    const [embedding] = await this.embedder.embed([query]);
    const [byVector, byText] = await Promise.all([
      this.index.vectorSearch(ownerId, embedding!, CANDIDATES),
      this.index.textSearch(ownerId, query, CANDIDATES),
    ]);
    const hits = new Map<string, ChunkHit>();
    const keyOf = (hit: ChunkHit) => `${hit.mediaId}#${hit.seq}`;
    const vectorKeys = byVector.filter((h) => (h.distance ?? 0) <= (this.embedder.noiseDistance ?? DEFAULT_NOISE_DISTANCE)).map((h) => (hits.set(keyOf(h), h), keyOf(h)));
    const textKeys = byText.map((h) => (hits.set(keyOf(h), h), keyOf(h)));
    const results: SearchResult[] = [];
    const seen = new Set<string>();
    for (const { id, score } of reciprocalRankFusion([vectorKeys, textKeys])) {
      const hit = hits.get(id)!;
      const segment = bestSegment(query, hit.segments) ?? { start: hit.start, end: hit.end, text: hit.text };
      // Overlapping chunks can point at the same moment: report it once.
      const moment = `${hit.mediaId}@${segment.start.toFixed(2)}`;
      if (seen.has(moment)) continue;
      seen.add(moment);
      results.push({ mediaId: hit.mediaId, filename: hit.filename, start: segment.start, end: segment.end, text: segment.text, snippet: hit.text, score });
      if (results.length >= limit) break;
    }
    return results;
  }
}
