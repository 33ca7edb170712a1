import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Read size of the hash stream: memory stays at about this much whatever the file size. */
const HASH_READ_BYTES = 1024 * 1024;

/**
 * SHA-256 of a whole file, streamed in 1 MiB reads (bounded memory for 50 GiB files). It is the
 * same digest the appliance computes while receiving an upload, so `GET /api/media?sha256=` can
 * tell whether the owner already has this content. `onProgress` gets the bytes hashed so far.
 */
export function sha256OfFile(file: string, options: { signal?: AbortSignal; onProgress?: (bytes: number) => void } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const stream = createReadStream(file, { highWaterMark: HASH_READ_BYTES, ...(options.signal ? { signal: options.signal } : {}) });
    let read = 0;
    stream.on('data', (chunk) => {
      hash.update(chunk);
      read += chunk.length;
      options.onProgress?.(read);
    });
    stream.once('error', reject);
    stream.once('end', () => resolve(hash.digest('hex')));
  });
}
