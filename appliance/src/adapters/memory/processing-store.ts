import type { MediaFacts } from '../../domain/media-probe.js';
import type { Clock } from '../../ports/clock.js';
import type { AssetKind, AssetRecord, ChunkHit, ChunkToIndex, ProcessingStore, StoredSegment } from '../../ports/processing-store.js';
import type { TranscriptSegment } from '../../ports/speech-to-text.js';
import { copy, type MemoryTables } from './memory-state.js';

interface StoredChunk extends ChunkToIndex {
  mediaId: string;
  ownerId: string;
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

const terms = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * Processing results in memory. Search is deliberately simple (cosine over every chunk; text
 * search counts matching terms): enough for service tests, not a model of Postgres ranking.
 */
export class MemoryProcessingStore implements ProcessingStore {
  private readonly assets = new Map<string, Map<AssetKind, AssetRecord>>();
  private readonly windows = new Map<string, Map<number, StoredSegment[]>>();
  private readonly chunks = new Map<string, StoredChunk[]>();
  private readonly settings = new Map<string, string>();

  constructor(
    private readonly tables: () => MemoryTables,
    private readonly clock: Clock,
  ) {}

  async recordFacts(mediaId: string, facts: MediaFacts): Promise<void> {
    const media = this.tables().media.get(mediaId);
    if (!media) return;
    media.facts = copy(facts);
    media.durationSec = facts.durationSec;
    media.updatedAt = this.clock.now();
  }

  private assetsOf(mediaId: string): Map<AssetKind, AssetRecord> {
    let found = this.assets.get(mediaId);
    if (!found) this.assets.set(mediaId, (found = new Map()));
    return found;
  }

  async setAsset(mediaId: string, asset: AssetRecord): Promise<string | undefined> {
    const previous = this.assetsOf(mediaId).get(asset.kind)?.objectKey;
    this.assetsOf(mediaId).set(asset.kind, copy(asset));
    return previous !== asset.objectKey ? previous : undefined;
  }

  async getAsset(mediaId: string, kind: AssetKind): Promise<AssetRecord | undefined> {
    const found = this.assets.get(mediaId)?.get(kind);
    return found && copy(found);
  }

  async removeAsset(mediaId: string, kind: AssetKind): Promise<void> {
    this.assets.get(mediaId)?.delete(kind);
  }

  async listAssets(mediaId: string): Promise<AssetRecord[]> {
    return [...(this.assets.get(mediaId)?.values() ?? [])].sort((a, b) => a.kind.localeCompare(b.kind)).map(copy);
  }

  async finishedWindows(mediaId: string): Promise<number[]> {
    return [...(this.windows.get(mediaId)?.keys() ?? [])].sort((a, b) => a - b);
  }

  async saveWindow(mediaId: string, windowIdx: number, _engine: string, segments: TranscriptSegment[]): Promise<void> {
    let windows = this.windows.get(mediaId);
    if (!windows) this.windows.set(mediaId, (windows = new Map()));
    windows.set(windowIdx, segments.map((s) => ({ ...copy(s), windowIdx })));
  }

  async transcript(mediaId: string): Promise<StoredSegment[]> {
    const all = [...(this.windows.get(mediaId)?.values() ?? [])].flat();
    return all.sort((a, b) => a.start - b.start || a.windowIdx - b.windowIdx).map(copy);
  }

  async replaceChunks(mediaId: string, ownerId: string, chunks: ChunkToIndex[]): Promise<void> {
    this.chunks.set(mediaId, chunks.map((c) => ({ ...copy(c), mediaId, ownerId })));
  }

  private searchable(ownerId: string): { chunk: StoredChunk; filename: string }[] {
    const media = this.tables().media;
    return [...this.chunks.values()]
      .flat()
      .filter((c) => c.ownerId === ownerId && media.get(c.mediaId)?.status !== 'DELETED')
      .map((chunk) => ({ chunk, filename: media.get(chunk.mediaId)?.filename ?? '' }));
  }

  private hit(chunk: StoredChunk, filename: string, distance?: number): ChunkHit {
    const { mediaId, seq, start, end, text, segments } = chunk;
    return { mediaId, filename, seq, start, end, text, segments: copy(segments), ...(distance !== undefined ? { distance } : {}) };
  }

  async vectorSearch(ownerId: string, embedding: number[], limit: number): Promise<ChunkHit[]> {
    return this.searchable(ownerId)
      .map(({ chunk, filename }) => this.hit(chunk, filename, cosineDistance(chunk.embedding, embedding)))
      .sort((a, b) => a.distance! - b.distance!)
      .slice(0, limit);
  }

  async textSearch(ownerId: string, query: string, limit: number): Promise<ChunkHit[]> {
    const wanted = new Set(terms(query));
    if (wanted.size === 0) return [];
    return this.searchable(ownerId)
      .map(({ chunk, filename }) => ({ hit: this.hit(chunk, filename), score: terms(chunk.text).filter((t) => wanted.has(t)).length }))
      .filter((scored) => scored.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map((scored) => scored.hit);
  }

  async setting(key: string, create: () => string): Promise<string> {
    if (!this.settings.has(key)) this.settings.set(key, create());
    return this.settings.get(key)!;
  }

  async forgetDerived(mediaId: string): Promise<void> {
    this.assets.delete(mediaId);
    this.windows.delete(mediaId);
    this.chunks.delete(mediaId);
  }

  async replaceSetting(key: string, value: string): Promise<void> {
    this.settings.set(key, value);
  }
}
