import { Readable } from 'node:stream';
import { DataStore } from '@tus/utils';
import type { ByteRange, MultipartUploadInfo, UploadStorage } from '../../ports/upload-storage.js';

/**
 * Uploaded bytes in memory. `datastore` is tus's base DataStore (it implements nothing): services
 * never write through it, and the tus server is not part of service tests.
 */
export class MemoryUploadStorage implements UploadStorage {
  readonly engine = 'filesystem' as const;
  readonly datastore = new DataStore();
  readonly objects = new Map<string, Buffer>();
  /** S3's unfinished multipart uploads, for the sweeper's abort step. */
  readonly multipart: MultipartUploadInfo[] = [];
  readonly aborted: MultipartUploadInfo[] = [];

  async remove(key: string): Promise<void> {
    this.objects.delete(key);
  }

  async exists(key: string): Promise<boolean> {
    return this.objects.has(key);
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const bytes = this.objects.get(key);
    if (!bytes) throw new Error(`no upload at ${key}`);
    return Readable.from([range ? bytes.subarray(range.start, range.end + 1) : bytes]);
  }

  async mediaInput(key: string): Promise<string> {
    return `memory://${key}`;
  }

  async listMultipartUploads(): Promise<MultipartUploadInfo[]> {
    return [...this.multipart];
  }

  async abortMultipartUpload(upload: MultipartUploadInfo): Promise<void> {
    this.aborted.push(upload);
    this.multipart.splice(this.multipart.indexOf(upload), 1);
  }

  async ping(): Promise<void> {}
}
