import path from 'node:path';
import type { AppConfig } from '../config/config.js';
import { FilesystemUploadStorage } from '../adapters/storage/filesystem.js';
import { S3UploadStorage } from '../adapters/storage/s3.js';
import type { KvStore } from '@tus/utils';
import type { UploadStorage } from '../ports/upload-storage.js';

/** S3/MinIO when S3_* is configured, else files under the data dir. */
export function openStorage(config: AppConfig, sharedCache?: KvStore<never>): Promise<UploadStorage> | UploadStorage {
  if (config.s3) return new S3UploadStorage(config.s3, config.uploadTtlMs, sharedCache);
  return FilesystemUploadStorage.open(path.join(config.dataDir, 'storage'), config.uploadTtlMs);
}
