import type { MediaFacts } from '../domain/media-probe.js';
import type { TranscriptSegment } from './speech-to-text.js';

export type AssetKind = 'poster_320' | 'poster_1280' | 'sprite' | 'waveform' | 'hls' | 'audio_wav';

export interface AssetRecord {
  kind: AssetKind;
  /** A file key, or for `hls` the prefix holding master.m3u8 and its renditions. */
  objectKey: string;
  contentType: string;
}

export interface StoredSegment extends TranscriptSegment {
  windowIdx: number;
}

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

/** Processing results of media: facts, assets, transcript, search index, shared settings. */
export interface ProcessingStore {
  recordFacts(mediaId: string, facts: MediaFacts): Promise<void>;
  /** Points `kind` at a new object; returns the key it pointed at before (to delete), if any. */
  setAsset(mediaId: string, asset: AssetRecord): Promise<string | undefined>;
  getAsset(mediaId: string, kind: AssetKind): Promise<AssetRecord | undefined>;
  removeAsset(mediaId: string, kind: AssetKind): Promise<void>;
  listAssets(mediaId: string): Promise<AssetRecord[]>;

  finishedWindows(mediaId: string): Promise<number[]>;
  /** Stores one speech-to-text window's segments and marks it done, atomically. */
  saveWindow(mediaId: string, windowIdx: number, engine: string, segments: TranscriptSegment[]): Promise<void>;
  transcript(mediaId: string): Promise<StoredSegment[]>;

  /** Replaces the search chunks of a media in one transaction (re-index is atomic). */
  replaceChunks(mediaId: string, ownerId: string, chunks: ChunkToIndex[]): Promise<void>;
  /** Owner-scoped nearest chunks by cosine distance, best first. */
  vectorSearch(ownerId: string, embedding: number[], limit: number): Promise<ChunkHit[]>;
  /** Owner-scoped full-text matches, best first. */
  textSearch(ownerId: string, query: string, limit: number): Promise<ChunkHit[]>;

  /** A setting's value, created with `create()` on first use (race-safe across replicas). */
  setting(key: string, create: () => string): Promise<string>;
  /**
   * Forgets every processing result of a deleted media (asset records, transcript, search
   * chunks) at once, rather than when the row is purged after the retention period.
   */
  forgetDerived(mediaId: string): Promise<void>;

  /** Overwrites a setting (key rotation). */
  replaceSetting(key: string, value: string): Promise<void>;
}
