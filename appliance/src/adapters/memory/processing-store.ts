import type { MediaFacts } from '../../domain/media-probe.js';
import type { Clock } from '../../ports/clock.js';
import type { AssetKind, AssetRecord, ProcessingStore, StoredSegment } from '../../ports/processing-store.js';
import type { TranscriptSegment } from '../../ports/speech-to-text.js';
import { copy, type MemoryTables } from './memory-state.js';
import { MemorySearchIndex } from './search-index.js';
import { MemoryTranscriptHistory } from './transcript-history.js';

/**
 * Processing results in memory; search lives in MemorySearchIndex.
 */
export class MemoryProcessingStore implements ProcessingStore {
  private readonly assets = new Map<string, Map<AssetKind, AssetRecord>>();
  private readonly windows = new Map<string, Map<number, StoredSegment[]>>();
  private readonly settings = new Map<string, string>();

  constructor(
    private readonly tables: () => MemoryTables,
    private readonly clock: Clock,
  ) {
    const index = (this.searchIndex = new MemorySearchIndex(tables));
    this.replaceChunks = (...args) => index.replaceChunks(...args);
    this.refreshNames = (...args) => index.refreshNames(...args);
    this.vectorSearch = (...args) => index.vectorSearch(...args);
    this.staleEmbeddings = (...args) => index.staleEmbeddings(...args);
    this.storeEmbeddings = (...args) => index.storeEmbeddings(...args);
    this.textSearch = (...args) => index.textSearch(...args);
    this.nameSearch = (...args) => index.nameSearch(...args);
    this.lexicon = (...args) => index.lexicon(...args);
    const history = (this.history = new MemoryTranscriptHistory(tables, clock, this.windows, index));
    this.current = (...args) => history.current(...args);
    this.commit = (...args) => history.commit(...args);
    this.versions = (...args) => history.versions(...args);
    this.version = (...args) => history.version(...args);
    this.recordEngineTranscript = (...args) => history.recordEngineTranscript(...args);
    this.clearForTranscription = (...args) => history.clearForTranscription(...args);
  }

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

  readonly searchIndex: MemorySearchIndex;
  readonly history: MemoryTranscriptHistory;
  current: ProcessingStore['current'];
  commit: ProcessingStore['commit'];
  versions: ProcessingStore['versions'];
  version: ProcessingStore['version'];
  recordEngineTranscript: ProcessingStore['recordEngineTranscript'];
  clearForTranscription: ProcessingStore['clearForTranscription'];
  replaceChunks: ProcessingStore['replaceChunks'];
  refreshNames: ProcessingStore['refreshNames'];
  vectorSearch: ProcessingStore['vectorSearch'];
  staleEmbeddings: ProcessingStore['staleEmbeddings'];
  storeEmbeddings: ProcessingStore['storeEmbeddings'];
  textSearch: ProcessingStore['textSearch'];
  nameSearch: ProcessingStore['nameSearch'];
  lexicon: ProcessingStore['lexicon'];

  async setting(key: string, create: () => string): Promise<string> {
    if (!this.settings.has(key)) this.settings.set(key, create());
    return this.settings.get(key)!;
  }

  async forgetDerived(mediaId: string): Promise<void> {
    this.assets.delete(mediaId);
    this.windows.delete(mediaId);
    this.searchIndex.forget(mediaId);
    this.history.forget(mediaId);
  }

  async replaceSetting(key: string, value: string): Promise<void> {
    this.settings.set(key, value);
  }
}
