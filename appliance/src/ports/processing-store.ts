import type { MediaFacts } from '../domain/media-probe.js';
import type { AssetRecords } from './asset-records.js';
import type { SearchIndex } from './search-index.js';
import type { SettingStore } from './setting-store.js';
import type { TranscriptHistory } from './transcript-history.js';
import type { TranscriptStore } from './transcript-store.js';

export type { AssetKind, AssetRecord, AssetRecords } from './asset-records.js';
export type { ChunkHit, ChunkToIndex, SearchIndex } from './search-index.js';
export type { SettingStore } from './setting-store.js';
export type { StoredSegment, TranscriptStore } from './transcript-store.js';
export type { CurrentTranscript, TranscriptHistory } from './transcript-history.js';

/**
 * Everything processing records about media: the four concern ports plus the probe facts and
 * the one operation that spans them all. Stage processors get this whole store through their
 * context; services and routes take only the concern they use (AssetRecords, TranscriptStore,
 * TranscriptHistory, SearchIndex, SettingStore).
 */
export interface ProcessingStore extends AssetRecords, TranscriptStore, TranscriptHistory, SearchIndex, SettingStore {
  recordFacts(mediaId: string, facts: MediaFacts): Promise<void>;
  /**
   * Forgets every processing result of a deleted media (asset records, transcript, search
   * chunks) at once, rather than when the row is purged after the retention period.
   */
  forgetDerived(mediaId: string): Promise<void>;
}
