import { createReadStream } from 'node:fs';
import { access, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import type { ByteRange, UploadStorage } from '../../ports/upload-storage.js';

/**
 * Embedded default: uploads as plain files under the data dir. @tus/file-store keeps the offset
 * as the file's size, so a SIGKILL mid-PATCH loses at most the bytes not yet flushed.
 */
export class FilesystemUploadStorage implements UploadStorage {
  readonly engine = 'filesystem' as const;
  readonly datastore: FileStore;

  /** `expirationMs` enables the tus expiration extension (the Upload-Expires header). */
  constructor(
    private readonly directory: string,
    expirationMs: number,
  ) {
    this.datastore = new FileStore({ directory, expirationPeriodInMilliseconds: expirationMs });
  }

  static async open(directory: string, expirationMs: number): Promise<FilesystemUploadStorage> {
    await mkdir(directory, { recursive: true });
    return new FilesystemUploadStorage(directory, expirationMs);
  }

  private resolve(key: string): string {
    const resolved = path.resolve(this.directory, key);
    if (!resolved.startsWith(path.resolve(this.directory) + path.sep)) {
      throw new Error(`object key escapes the storage directory: ${key}`);
    }
    return resolved;
  }

  async remove(key: string): Promise<void> {
    const file = this.resolve(key);
    // The bytes and @tus/file-store's metadata file; `force` makes a missing file a no-op.
    await rm(file, { force: true });
    await rm(`${file}.json`, { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      await stat(this.resolve(key));
      return true;
    } catch {
      return false;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const file = this.resolve(key);
    await access(file);
    return createReadStream(file, range ? { start: range.start, end: range.end } : {});
  }

  async mediaInput(key: string): Promise<string> {
    const file = this.resolve(key);
    await access(file);
    return file;
  }

  async listMultipartUploads() {
    return [];
  }

  async abortMultipartUpload(): Promise<void> {}

  async ping(): Promise<void> {
    await access(this.directory);
  }
}
