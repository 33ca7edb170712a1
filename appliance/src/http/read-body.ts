import type { IncomingMessage } from 'node:http';
import { HttpError } from './respond.js';

/**
 * A request body of at most `maxBytes`, as bytes (files sent whole, like a subtitle import).
 * Stops reading at the limit: 413 naming the body, whatever Content-Length claimed.
 */
export async function readBodyBytes(req: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(req.headers['content-length']);
  const tooLarge = () => new HttpError(413, 'body_too_large', `the body must be at most ${maxBytes} bytes`, 'body');
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
