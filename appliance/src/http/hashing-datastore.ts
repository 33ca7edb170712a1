import { Transform, type Readable } from 'node:stream';
import { DataStore, type Upload } from '@tus/utils';
import { parseUploadKey } from '../domain/storage-keys.js';
import type { UploadDigests } from '../services/upload-digests.js';

/**
 * A tus DataStore that hashes what it writes: every PATCH body passes through the upload's
 * SHA-256 on its way into the real store (filesystem or S3), settled against the offset the store
 * reports back (services/upload-digests.ts). Everything else goes straight to the wrapped store.
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

  override remove(id: string): Promise<void> {
    const mediaId = parseUploadKey(id)?.mediaId;
    if (mediaId) this.digests.forget(mediaId);
    return this.inner.remove(id);
  }

  override async write(stream: Readable, id: string, offset: number): Promise<number> {
    const mediaId = parseUploadKey(id)?.mediaId;
    const digest = mediaId ? await this.digests.begin(mediaId, id, offset) : null;
    if (!digest) return this.inner.write(stream, id, offset);
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        digest.update(chunk);
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
      // What the store kept is unknown here: the hash goes back to `offset`, and the next
      // request's offset tells whether it can go on (equal) or must catch up (behind).
      stream.unpipe(tap);
      tap.destroy();
      digest.abandon();
      throw error;
    }
    await digest.finish(newOffset);
    return newOffset;
  }
}
