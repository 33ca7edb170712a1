import type { Readable } from 'node:stream';

export class AssetNotFoundError extends Error {}

/** Derived files (thumbnails, HLS, audio) under `media/{ownerId}/{mediaId}/…` keys. */
export interface AssetStore {
  putFile(key: string, localPath: string, contentType: string): Promise<void>;
  /** Uploads every file under localDir to prefix/relative-path. */
  putDirectory(prefix: string, localDir: string): Promise<void>;
  /** Throws AssetNotFoundError when absent. */
  read(key: string): Promise<Readable>;
  readText(key: string): Promise<string>;
  deletePrefix(prefix: string): Promise<void>;
  /** A direct, time-limited GET URL where the store offers one (S3); undefined otherwise. */
  presignedUrl(key: string, expiresSec: number): Promise<string | undefined>;
}

export { derivedPrefix } from '../domain/storage-keys.js';

export function contentTypeOf(name: string): string {
  if (name.endsWith('.m3u8')) return 'application/vnd.apple.mpegurl';
  if (name.endsWith('.ts')) return 'video/mp2t';
  if (name.endsWith('.jpg')) return 'image/jpeg';
  if (name.endsWith('.png')) return 'image/png';
  if (name.endsWith('.wav')) return 'audio/wav';
  return 'application/octet-stream';
}
