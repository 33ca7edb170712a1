import { Transform, type Readable } from 'node:stream';
import { DataStore, type Upload } from '@tus/utils';
import { parseUploadKey } from '../domain/storage-keys.js';
import type { UploadDigests } from '../services/upload-digests.js';

/**
 * A tus DataStore that hashes what it writes: every PATCH body passes through the upload's
 * resumable SHA-256 on its way into the real store (filesystem or S3), and the state is saved at
 * the offset the store reports back. Everything else goes straight to the wrapped store.
 */
export class HashingDataStore extends DataStore {
  constructor(
    private readonly inner: DataStore,
    private readonly digests: UploadDigests,
  ) {
    super();
    this.extensions = inner.extensions;
  }

  override hasExtension(extension: string): boolean {
    return this.inner.hasExtension(extension);
  }

  override create(upload: Upload): Promise<Upload> {
    return this.inner.create(upload);
  }

  override remove(id: string): Promise<void> {
    return this.inner.remove(id);
  }

  override getUpload(id: string): Promise<Upload> {
    return this.inner.getUpload(id);
  }

  override declareUploadLength(id: string, length: number): Promise<void> {
    return this.inner.declareUploadLength(id, length);
  }

  override deleteExpired(): Promise<number> {
    return this.inner.deleteExpired();
  }

  override getExpiration(): number {
    return this.inner.getExpiration();
  }

  override async write(stream: Readable, id: string, offset: number): Promise<number> {
    const mediaId = parseUploadKey(id)?.mediaId;
    const resumed = mediaId ? await this.digests.resume(mediaId, id, offset) : null;
    if (!mediaId || !resumed) return this.inner.write(stream, id, offset);
    const { hash, size } = resumed;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    // pipe() does not carry errors: a failed request body must fail the store's write too.
    stream.on('error', (error) => tap.destroy(error));
    stream.pipe(tap);
    let newOffset: number;
    try {
      newOffset = await this.inner.write(tap, id, offset);
    } catch (error) {
      // What the store kept is unknown here; the saved state still stands at `offset`, and the
      // next request's offset tells whether it can go on (equal) or must catch up (behind).
      stream.unpipe(tap);
      tap.destroy();
      throw error;
    }
    await this.digests.written(mediaId, hash, newOffset, size);
    return newOffset;
  }
}
