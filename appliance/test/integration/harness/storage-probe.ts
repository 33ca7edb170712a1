import { createHash } from 'node:crypto';
import path from 'node:path';
import { FilesystemUploadStorage } from '../../../src/adapters/storage/filesystem.js';
import { S3UploadStorage } from '../../../src/adapters/storage/s3.js';
import type { UploadStorage } from '../../../src/ports/upload-storage.js';

/** Opens the same storage the appliance uses, to check from outside what it really holds. */
export function probeStorage(dataDir: string, s3Env: Record<string, string> | undefined): UploadStorage {
  if (s3Env) {
    return new S3UploadStorage(
      {
        endpoint: s3Env['S3_ENDPOINT']!,
        bucket: s3Env['S3_BUCKET']!,
        accessKey: s3Env['S3_ACCESS_KEY']!,
        secretKey: s3Env['S3_SECRET_KEY']!,
        region: s3Env['S3_REGION'] ?? 'us-east-1',
      },
      0,
    );
  }
  return new FilesystemUploadStorage(path.join(dataDir, 'storage'), 0);
}

export async function storedSha256(storage: UploadStorage, key: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of await storage.read(key)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
