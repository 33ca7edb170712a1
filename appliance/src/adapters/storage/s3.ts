import type { Readable } from 'node:stream';
import { S3Store } from '@tus/s3-store';
import type { KvStore } from '@tus/utils';
import * as Minio from 'minio';
import type { ByteRange, MultipartUploadInfo, UploadStorage } from '../../ports/upload-storage.js';
import { UPLOADS_PREFIX as UPLOAD_PREFIX } from '../../domain/storage-keys.js';

export interface S3Settings {
  endpoint: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  region: string;
  /** The endpoint presigned playback URLs point at, when players reach S3 by another name. */
  publicEndpoint?: string | undefined;
}

/** Bounds on one request to the object store (connecting; no bytes moving either way). */
const S3_CONNECT_TIMEOUT_MS = 10_000;
const S3_IDLE_TIMEOUT_MS = 60_000;

/** S3 allows 10,000 parts; @tus/s3-store grows the part size from Upload-Length to fit. */
const PREFERRED_PART_SIZE = 8 * 1024 * 1024;

/**
 * Production object store: MinIO or any S3 server. tus writes through @tus/s3-store (multipart
 * uploads, resumable at part granularity); housekeeping uses the minio client.
 */
export class S3UploadStorage implements UploadStorage {
  readonly engine = 's3' as const;
  readonly datastore: S3Store;
  private readonly client: Minio.Client;

  /** `expirationMs` enables the tus expiration extension (the Upload-Expires header). */
  /** `cache` holds tus upload info; a shared one (Redis) lets api replicas agree on offsets. */
  constructor(
    private readonly settings: S3Settings,
    expirationMs: number,
    cache?: KvStore<never>,
  ) {
    this.datastore = new S3Store({
      ...(cache ? { cache } : {}),
      partSize: PREFERRED_PART_SIZE,
      expirationPeriodInMilliseconds: expirationMs,
      s3ClientConfig: {
        bucket: settings.bucket,
        region: settings.region,
        endpoint: settings.endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: settings.accessKey, secretAccessKey: settings.secretKey },
        // Non-AWS servers (MinIO, Ceph RGW) reject or mangle the SDK's default streaming checksums.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        // The SDK waits forever by default. A part upload that stalls would keep its PATCH, and
        // with it the upload's lock (renewed while held), alive: every resume then gets 423.
        // Failing it after a minute without socket activity ends the PATCH; the client resumes.
        requestHandler: { connectionTimeout: S3_CONNECT_TIMEOUT_MS, socketTimeout: S3_IDLE_TIMEOUT_MS },
      },
    });
    this.client = minioClient(settings);
  }

  /** A presigned URL FFmpeg reads with HTTP range requests: no full download first. */
  mediaInput(key: string, expiresSec: number): Promise<string> {
    return this.client.presignedGetObject(this.settings.bucket, key, expiresSec);
  }

  async remove(key: string): Promise<void> {
    try {
      await this.datastore.remove(key);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    // A finished upload's object and its .info are not always both removed by the store.
    await this.client.removeObjects(this.settings.bucket, [key, `${key}.info`, `${key}.part`]);
  }

  async exists(key: string): Promise<boolean> {
    for (const candidate of [key, `${key}.info`]) {
      try {
        await this.client.statObject(this.settings.bucket, candidate);
        return true;
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    return false;
  }

  read(key: string, range?: ByteRange): Promise<Readable> {
    if (range) return this.client.getPartialObject(this.settings.bucket, key, range.start, range.end - range.start + 1);
    return this.client.getObject(this.settings.bucket, key);
  }

  async listMultipartUploads(): Promise<MultipartUploadInfo[]> {
    const found: MultipartUploadInfo[] = [];
    let keyMarker = '';
    let uploadIdMarker = '';
    for (;;) {
      const page = await this.client.listIncompleteUploadsQuery(
        this.settings.bucket,
        UPLOAD_PREFIX,
        keyMarker,
        uploadIdMarker,
        '',
      );
      for (const upload of page.uploads) {
        found.push({ key: upload.key, uploadId: upload.uploadId, initiated: new Date(upload.initiated) });
      }
      if (!page.isTruncated) return found;
      keyMarker = page.nextKeyMarker;
      uploadIdMarker = page.nextUploadIdMarker;
    }
  }

  async abortMultipartUpload(upload: MultipartUploadInfo): Promise<void> {
    await this.client.abortMultipartUpload(this.settings.bucket, upload.key, upload.uploadId);
  }

  async ping(): Promise<void> {
    const exists = await this.client.bucketExists(this.settings.bucket);
    if (!exists) throw new Error(`bucket ${this.settings.bucket} does not exist`);
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { code?: string; status_code?: number; name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    e?.code === 'NotFound' ||
    e?.code === 'NoSuchKey' ||
    e?.code === 'NoSuchUpload' ||
    e?.name === 'NoSuchKey' ||
    e?.status_code === 404 ||
    e?.$metadata?.httpStatusCode === 404
  );
}

export function minioClient(settings: S3Settings): Minio.Client {
  const url = new URL(settings.endpoint);
  return new Minio.Client({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
    useSSL: url.protocol === 'https:',
    accessKey: settings.accessKey,
    secretKey: settings.secretKey,
    region: settings.region,
    pathStyle: true,
  });
}
