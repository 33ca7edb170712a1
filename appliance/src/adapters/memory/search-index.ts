import { deletionKeys, lexiconContribution, termInitials } from '../../domain/search-lexicon.js';
import { containsRun, matchTier, type TextQuery } from '../../domain/search-query.js';
import { allTerms } from '../../domain/text-tokens.js';
import type { ChunkEmbedding, ChunkFilter, ChunkKey, ChunkHit, ChunkToIndex, LexiconEntry, LexiconLookup, NameHit, SearchIndex, StaleChunk } from '../../ports/search-index.js';
import { copy, type MemoryTables } from './memory-state.js';

interface StoredChunk extends ChunkToIndex {
  mediaId: string;
  ownerId: string;
}

interface StoredNames {
  ownerId: string;
  title: string | null;
  filename: string;
}

function cosineDistance(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 1 : 1 - dot / Math.sqrt(na * nb);
}

const TIER_ORDER = ['phrase', 'all', 'expanded', 'partial'];
const tierRank = (terms: string[], query: TextQuery) => {
  const match = matchTier(terms, query);
  if (match) return TIER_ORDER.indexOf(match.tier);
  // Any word or alternative at all: a candidate (the service drops what is below "partial").
  const any = query.words.some((w, i) => (!w.initials && containsRun(terms, w.terms)) || query.expansions[i]!.some((e) => containsRun(terms, e.terms)));
  return any ? TIER_ORDER.length : undefined;
};

/**
 * The search index in memory: the same tiers as the SQL index (domain/search-query decides both)
 * with scans instead of GIN indexes, and a lexicon recomputed per lookup. Enough for service
 * tests, not a model of Postgres ranking inside a tier.
 */
export class MemorySearchIndex implements SearchIndex {
  private readonly chunks = new Map<string, StoredChunk[]>();
  private readonly names = new Map<string, StoredNames>();

  constructor(private readonly tables: () => MemoryTables) {}

  async replaceChunks(mediaId: string, ownerId: string, chunks: ChunkToIndex[]): Promise<void> {
    this.chunks.set(mediaId, chunks.map((c) => ({ ...copy(c), mediaId, ownerId })));
    const media = this.tables().media.get(mediaId);
    if (media) this.names.set(mediaId, { ownerId, title: media.title, filename: media.filename });
  }

  async refreshNames(mediaId: string): Promise<void> {
    const held = this.names.get(mediaId);
    const media = this.tables().media.get(mediaId);
    if (held && media) this.names.set(mediaId, { ownerId: held.ownerId, title: media.title, filename: media.filename });
  }

  forget(mediaId: string): void {
    this.chunks.delete(mediaId);
    this.names.delete(mediaId);
  }

  private visible(mediaId: string, ownerId: string, owner: string): boolean {
    return owner === ownerId && this.tables().media.get(mediaId)?.status !== undefined && this.tables().media.get(mediaId)?.status !== 'DELETED';
  }

  private searchable(ownerId: string, filter: ChunkFilter = {}): StoredChunk[] {
    const speaker = filter.speaker?.toLowerCase();
    return [...this.chunks.values()]
      .flat()
      .filter((c) => this.visible(c.mediaId, ownerId, c.ownerId))
      .filter((c) => speaker === undefined || c.segments.some((s) => s.speakerName?.toLowerCase() === speaker));
  }

  private hit(chunk: StoredChunk, distance?: number): ChunkHit {
    const media = this.tables().media.get(chunk.mediaId);
    const { mediaId, seq, start, end, text, segments } = chunk;
    return { mediaId, filename: media?.filename ?? '', title: media?.title ?? null, seq, start, end, text, segments: copy(segments), ...(distance !== undefined ? { distance } : {}) };
  }

  async vectorSearch(ownerId: string, embedding: ChunkEmbedding, limit: number, filter?: ChunkFilter): Promise<ChunkHit[]> {
    return this.searchable(ownerId, filter)
      .filter((chunk) => chunk.embedding?.engine === embedding.engine)
      .map((chunk) => this.hit(chunk, cosineDistance(chunk.embedding!.vector, embedding.vector)))
      .sort((a, b) => a.distance! - b.distance!)
      .slice(0, limit);
  }

  async staleEmbeddings(engine: string | null, limit: number, after?: ChunkKey): Promise<StaleChunk[]> {
    const isStale = (c: StoredChunk) => (engine === null ? c.embedding !== null : c.embedding?.engine !== engine);
    const order = (a: ChunkKey, b: ChunkKey) => (a.mediaId < b.mediaId ? -1 : a.mediaId > b.mediaId ? 1 : a.seq - b.seq);
    return [...this.chunks.values()]
      .flat()
      .filter((c) => isStale(c) && (after === undefined || order(c, after) > 0))
      .sort(order)
      .slice(0, limit)
      .map(({ mediaId, seq, text }) => ({ mediaId, seq, text }));
  }

  async storeEmbeddings(chunks: readonly (StaleChunk & { embedding: ChunkEmbedding | null })[]): Promise<number> {
    let written = 0;
    for (const update of chunks) {
      const stored = this.chunks.get(update.mediaId)?.find((c) => c.seq === update.seq && c.text === update.text);
      if (!stored) continue;
      stored.embedding = update.embedding ? copy(update.embedding) : null;
      written++;
    }
    return written;
  }

  async textSearch(ownerId: string, query: TextQuery, limit: number, filter?: ChunkFilter): Promise<ChunkHit[]> {
    return this.searchable(ownerId, filter)
      .map((chunk) => ({ chunk, rank: tierRank(allTerms(chunk.text), query) }))
      .filter((c): c is { chunk: StoredChunk; rank: number } => c.rank !== undefined)
      .sort((a, b) => a.rank - b.rank || a.chunk.mediaId.localeCompare(b.chunk.mediaId) || a.chunk.seq - b.chunk.seq)
      .slice(0, limit)
      .map((c) => this.hit(c.chunk));
  }

  async nameSearch(ownerId: string, query: TextQuery, limit: number): Promise<NameHit[]> {
    const hits: { hit: NameHit; rank: number }[] = [];
    for (const [mediaId, names] of this.names) {
      if (!this.visible(mediaId, ownerId, names.ownerId)) continue;
      const media = this.tables().media.get(mediaId)!;
      const rank = tierRank(allTerms(`${names.title ?? ''} ${names.filename}`), query);
      if (rank !== undefined) hits.push({ hit: { mediaId, filename: media.filename, title: media.title }, rank });
    }
    return hits.sort((a, b) => a.rank - b.rank || a.hit.mediaId.localeCompare(b.hit.mediaId)).slice(0, limit).map((h) => h.hit);
  }

  async lexicon(ownerId: string, lookup: LexiconLookup, limit: number): Promise<LexiconEntry[]> {
    const counts = new Map<string, { media: number; words: number }>();
    const mediaIds = new Set([...this.chunks.keys(), ...this.names.keys()]);
    for (const mediaId of mediaIds) {
      const names = this.names.get(mediaId);
      const chunks = this.chunks.get(mediaId) ?? [];
      if ((names?.ownerId ?? chunks[0]?.ownerId) !== ownerId) continue;
      const { terms, words } = lexiconContribution([...chunks.map((c) => c.text), names?.title ?? '', names?.filename ?? '']);
      for (const term of terms) {
        const count = counts.get(term) ?? { media: 0, words: 0 };
        counts.set(term, { media: count.media + 1, words: count.words + Number(words.has(term)) });
      }
    }
    const keys = lookup.kind === 'keys' ? new Set(lookup.keys) : undefined;
    const wanted = (term: string): boolean => {
      switch (lookup.kind) {
        case 'exact':
          return lookup.terms.includes(term);
        case 'initials':
          return termInitials(term)?.startsWith(lookup.prefix) ?? false;
        case 'prefix':
          return term !== lookup.prefix && term.startsWith(lookup.prefix);
        case 'keys':
          return deletionKeys(term).some((k) => keys!.has(k));
      }
    };
    const exactInitials = (term: string) => (lookup.kind === 'initials' && termInitials(term) === lookup.prefix ? 0 : 1);
    return [...counts]
      .filter(([term]) => wanted(term))
      .sort(([a, ca], [b, cb]) => exactInitials(a) - exactInitials(b) || Number(cb.words > 0) - Number(ca.words > 0) || cb.media - ca.media || [...a].length - [...b].length || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, limit)
      .map(([term, count]) => ({ term, mediaCount: count.media, wordCount: count.words }));
  }
}
