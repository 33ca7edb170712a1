import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { ListPartsCommand, S3Client } from '@aws-sdk/client-s3';
import path from 'node:path';
import { FilesystemUploadStorage } from '../../../src/adapters/storage/filesystem.js';
import { S3UploadStorage } from '../../../src/adapters/storage/s3.js';
import { ADMIN_TOKEN, api, startAppliance, type ApplianceProcess } from '@biblio/test-support';
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

/**
 * Bytes of an unfinished upload that are durably stored: the file size on disk, or the sum of
 * the finished multipart parts on S3 (what a resume can build on).
 */
export async function durableBytes(
  storage: UploadStorage,
  dataDir: string,
  s3Env: Record<string, string> | undefined,
  key: string,
): Promise<number> {
  if (!s3Env) {
    const info = await stat(path.join(dataDir, 'storage', key)).catch(() => undefined);
    return info?.size ?? 0;
  }
  const upload = (await storage.listMultipartUploads()).find((u) => u.key === key);
  if (!upload) return 0;
  const client = new S3Client({
    endpoint: s3Env['S3_ENDPOINT'],
    region: s3Env['S3_REGION'] ?? 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: s3Env['S3_ACCESS_KEY']!, secretAccessKey: s3Env['S3_SECRET_KEY']! },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  try {
    const parts = await client.send(new ListPartsCommand({ Bucket: s3Env['S3_BUCKET'], Key: key, UploadId: upload.uploadId }));
    return (parts.Parts ?? []).reduce((sum, part) => sum + (part.Size ?? 0), 0);
  } finally {
    client.destroy();
  }
}

/**
 * An appliance on the filesystem store (no s3Env) or on the S3 server, with a reader of the
 * same store for checking what it kept, and the admin's owner id (object keys include it).
 */
export async function startOnStore(s3Env: Record<string, string> | undefined): Promise<{ app: ApplianceProcess; storage: UploadStorage; ownerId: string }> {
  const app = await startAppliance({ env: s3Env ?? {} });
  const ownerId = (await api(app.url, ADMIN_TOKEN, '/api/me')).json.id as string;
  return { app, storage: probeStorage(app.dataDir, s3Env), ownerId };
}

/** The stores an upload test runs against: the filesystem, and the S3 server when it started. */
export function storeTargets(s3: { env: Record<string, string> } | { missing: string }) {
  return [
    { name: 'filesystem store', s3Env: undefined as Record<string, string> | undefined, skip: undefined as string | undefined },
    'env' in s3
      ? { name: 's3 store (real S3 server)', s3Env: s3.env, skip: undefined }
      : { name: `s3 store: SKIPPED, ${s3.missing}`, s3Env: undefined, skip: s3.missing },
  ];
}
