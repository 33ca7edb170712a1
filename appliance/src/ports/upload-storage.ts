import type { Readable } from 'node:stream';
import type { DataStore } from '@tus/utils';

/** Inclusive first and last byte positions, as in HTTP's Range header. */
export interface ByteRange {
  start: number;
  end: number;
}

export type StorageEngine = 'filesystem' | 's3';

export interface MultipartUploadInfo {
  key: string;
  uploadId: string;
  initiated: Date;
}

/**
 * Where uploaded bytes live. The tus server writes through `datastore`; everything else
 * (deletion, expiry, reading for processing) goes through the methods here.
 */
export interface UploadStorage {
  readonly engine: StorageEngine;
  readonly datastore: DataStore;
  /** Removes an upload's bytes and tus metadata, finished or not. A missing upload is fine. */
  remove(key: string): Promise<void>;
  /** True when bytes (or an unfinished upload) exist for the key. */
  exists(key: string): Promise<boolean>;
  /**
   * The stored bytes, or only `range` (inclusive byte positions) of them. A finished upload's
   * bytes on every engine; an unfinished one's only on the filesystem (S3 parts cannot be read
   * before the multipart upload is completed).
   */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** Something FFmpeg can open: a local path, or a presigned URL valid for `expiresSec`. */
  mediaInput(key: string, expiresSec: number): Promise<string>;
  /** Unfinished multipart uploads under uploads/ (S3 only; the filesystem has none). */
  listMultipartUploads(): Promise<MultipartUploadInfo[]>;
  abortMultipartUpload(upload: MultipartUploadInfo): Promise<void>;
  ping(): Promise<void>;
}
