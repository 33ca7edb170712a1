export type AssetKind = 'poster_320' | 'poster_1280' | 'sprite' | 'waveform' | 'hls' | 'audio_wav';

export interface AssetRecord {
  kind: AssetKind;
  /** A file key, or for `hls` the prefix holding master.m3u8 and its renditions. */
  objectKey: string;
  contentType: string;
}

/** Which stored object holds each derived file of a media (posters, waveform, HLS, audio). */
export interface AssetRecords {
  /** Points `kind` at a new object; returns the key it pointed at before (to delete), if any. */
  setAsset(mediaId: string, asset: AssetRecord): Promise<string | undefined>;
  getAsset(mediaId: string, kind: AssetKind): Promise<AssetRecord | undefined>;
  removeAsset(mediaId: string, kind: AssetKind): Promise<void>;
  listAssets(mediaId: string): Promise<AssetRecord[]>;
}
