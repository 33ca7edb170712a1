import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { contentDisposition, decideRange } from '../../domain/byte-range.js';
import { ORIGINAL_AVAILABLE_STATUSES, type MediaRecord } from '../../domain/media.js';
import type { MediaService } from '../../services/media-service.js';
import { HttpError, notFound, notReady } from '../respond.js';

/**
 * GET /api/media/:id/original: the uploaded file from the upload store, whole or one byte range
 * (players seek and download managers resume with Range). The ETag is the content hash, so
 * If-Range can tell a resumed download that the file is still the same one.
 */
export async function sendOriginal(req: IncomingMessage, res: ServerResponse, media: MediaService, found: MediaRecord, download: boolean): Promise<void> {
  if (found.status === 'UPLOADING') throw notReady('the original (the upload has not finished)');
  if (!ORIGINAL_AVAILABLE_STATUSES.includes(found.status)) throw notFound();
  const size = found.size;
  const etag = found.sha256 ? `"sha256-${found.sha256}"` : undefined;
  const ifRange = req.headers['if-range'];
  // A Range with an If-Range that names another version asks for the whole (current) file.
  const rangeHeader = ifRange !== undefined && ifRange !== etag ? undefined : req.headers.range;
  const range = decideRange(rangeHeader, size);
  if (range.kind === 'unsatisfiable') {
    throw new HttpError(416, 'range_not_satisfiable', `the range is outside the file (${size} bytes)`, 'Range', { 'Content-Range': `bytes */${size}` });
  }
  // Only media types are served as themselves; anything else is bytes to save, never to render.
  const type = /^(audio|video)\/[\w.+-]+$/.test(found.filetype) ? found.filetype : 'application/octet-stream';
  const headers: Record<string, string | number> = {
    'Content-Type': type,
    'Accept-Ranges': 'bytes',
    'Content-Disposition': contentDisposition(download ? 'attachment' : 'inline', found.filename),
    'Cache-Control': 'private, no-cache',
    ...(etag ? { ETag: etag } : {}),
  };
  const stored = range.kind === 'partial' ? { start: range.start, end: range.end } : size > 0 ? { start: 0, end: size - 1 } : undefined;
  const length = stored ? stored.end - stored.start + 1 : 0;
  if (req.method === 'HEAD' || length === 0) {
    res.writeHead(range.kind === 'partial' ? 206 : 200, {
      ...headers,
      'Content-Length': length,
      ...(range.kind === 'partial' ? { 'Content-Range': `bytes ${range.start}-${range.end}/${size}` } : {}),
    });
    res.end();
    return;
  }
  const stream = await media.readOriginal(found, range.kind === 'partial' ? stored : undefined);
  if (!stream) throw notFound();
  res.writeHead(range.kind === 'partial' ? 206 : 200, {
    ...headers,
    'Content-Length': length,
    ...(range.kind === 'partial' ? { 'Content-Range': `bytes ${range.start}-${range.end}/${size}` } : {}),
  });
  await pipeline(stream, res);
}
