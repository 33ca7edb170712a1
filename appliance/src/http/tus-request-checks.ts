import type { IncomingMessage } from 'node:http';
import { HttpError } from './respond.js';

/**
 * Checks of tus request headers made before @tus/server sees the request, so each mistake gets
 * the contract's JSON error naming its header (tus itself answers "Invalid upload-length" in
 * plain text, or 403/501 where a 400 fits).
 */

const INTEGER = /^\d{1,16}$/;
const KEY = /^[A-Za-z0-9._~-]{1,64}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const CONTROL = /[\u0000-\u001f\u007f]/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

const bad = (field: string, message: string, code = 'invalid_header') => new HttpError(400, code, message, field);

function nonNegativeInteger(req: IncomingMessage, header: string, field: string): HttpError | undefined {
  const value = req.headers[header];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !INTEGER.test(value) || !Number.isSafeInteger(Number(value))) {
    return bad(field, `${field} must be a non-negative integer number of bytes`);
  }
  return undefined;
}

/** Upload-Metadata: unique keys, strict base64 values that decode to UTF-8 without control characters. */
export function checkUploadMetadata(header: string | undefined): HttpError | undefined {
  if (header === undefined) return undefined;
  // Every field at its longest (255-character filename, 500-character title) fits in 5 KiB.
  if (header.length > 8_192) return bad('Upload-Metadata', 'Upload-Metadata must be at most 8 KiB', 'invalid_metadata');
  const seen = new Set<string>();
  for (const pair of header.split(',')) {
    const parts = pair.trim().split(' ');
    const [key, value] = parts;
    if (parts.length > 2 || !key || !KEY.test(key)) {
      return bad('Upload-Metadata', 'Upload-Metadata must be comma-separated "key base64value" pairs with keys of letters, digits, ".", "_", "~" or "-"', 'invalid_metadata');
    }
    if (seen.has(key)) return bad(key, `Upload-Metadata repeats the key ${key}`, 'invalid_metadata');
    seen.add(key);
    if (value === undefined) continue;
    if (!BASE64.test(value)) return bad(key, `the ${key} value of Upload-Metadata is not valid base64`, 'invalid_metadata');
    let text: string;
    try {
      text = utf8.decode(Buffer.from(value, 'base64'));
    } catch {
      return bad(key, `the ${key} value of Upload-Metadata is not UTF-8 text`, 'invalid_metadata');
    }
    if (CONTROL.test(text)) return bad(key, `the ${key} value of Upload-Metadata contains control characters (NUL, newline, ...)`, 'invalid_metadata');
  }
  return undefined;
}

export function checkTusRequest(req: IncomingMessage): HttpError | undefined {
  const method = req.method ?? 'GET';
  if (req.headers['x-http-method-override'] !== undefined) {
    return bad('X-HTTP-Method-Override', 'X-HTTP-Method-Override is not supported; send the real method');
  }
  if (req.headers['upload-concat'] !== undefined) {
    return bad('Upload-Concat', 'concatenation (parallel uploads) is not supported; disable parallel uploads in the tus client', 'unsupported_extension');
  }
  if (req.headers['upload-defer-length'] !== undefined) {
    return bad('Upload-Defer-Length', 'deferred upload lengths are not supported; send Upload-Length', 'unsupported_extension');
  }
  const lengthError = nonNegativeInteger(req, 'upload-length', 'Upload-Length');
  if (lengthError) return lengthError;
  const offsetError = nonNegativeInteger(req, 'upload-offset', 'Upload-Offset');
  if (offsetError) return offsetError;
  if (method === 'POST') {
    if (req.headers['upload-length'] === undefined) {
      return bad('Upload-Length', 'Upload-Length is required (deferred lengths are not supported)', 'missing_length');
    }
    const metadata = req.headers['upload-metadata'];
    const metadataError = checkUploadMetadata(Array.isArray(metadata) ? metadata.join(',') : metadata);
    if (metadataError) return metadataError;
    const type = req.headers['content-type'];
    if (type !== undefined && type !== 'application/offset+octet-stream' && Number(req.headers['content-length'] ?? 0) > 0) {
      return new HttpError(415, 'unsupported_media_type', 'an upload body needs Content-Type: application/offset+octet-stream', 'Content-Type');
    }
  }
  if (method === 'PATCH') {
    if (req.headers['content-type'] !== 'application/offset+octet-stream') {
      return new HttpError(415, 'unsupported_media_type', 'PATCH needs Content-Type: application/offset+octet-stream', 'Content-Type');
    }
    if (req.headers['upload-offset'] === undefined) return bad('Upload-Offset', 'PATCH needs Upload-Offset', 'missing_offset');
  }
  const proto = req.headers['x-forwarded-proto'];
  if (proto !== undefined && proto !== 'http' && proto !== 'https') {
    return bad('X-Forwarded-Proto', 'X-Forwarded-Proto must be http or https');
  }
  return undefined;
}
