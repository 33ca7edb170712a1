import { ERRORS } from '@tus/utils';
import { HttpError } from './respond.js';

/**
 * @tus/server's own errors (plain text, some 5xx for what is really a client mistake) mapped
 * onto the contract's JSON errors with a fitting 4xx. Anything unknown stays a 500, worded
 * without "try again": a server fault is not something the client can fix by repeating.
 */
const KNOWN: [{ status_code: number; body: string }, HttpError][] = [
  [ERRORS.MISSING_OFFSET, new HttpError(400, 'missing_offset', 'Upload-Offset is required', 'Upload-Offset')],
  [ERRORS.ABORTED, new HttpError(400, 'aborted', 'the request was aborted: another request took over this upload')],
  [ERRORS.INVALID_TERMINATION, new HttpError(400, 'already_finished', 'a finished upload cannot be terminated over tus; use DELETE /api/media/:id')],
  [ERRORS.ERR_LOCK_TIMEOUT, new HttpError(423, 'locked', 'another request is writing this upload right now; retry in a moment')],
  [ERRORS.INVALID_CONTENT_TYPE, new HttpError(415, 'unsupported_media_type', 'PATCH needs Content-Type: application/offset+octet-stream', 'Content-Type')],
  [ERRORS.FILE_NOT_FOUND, new HttpError(404, 'not_found', 'no such upload')],
  [ERRORS.INVALID_OFFSET, new HttpError(409, 'offset_conflict', 'Upload-Offset does not match the bytes stored; HEAD the upload for its offset', 'Upload-Offset')],
  [ERRORS.FILE_NO_LONGER_EXISTS, new HttpError(410, 'gone', 'this upload no longer exists')],
  [ERRORS.ERR_SIZE_EXCEEDED, new HttpError(413, 'too_large', 'the body is longer than the upload\'s declared Upload-Length', 'Upload-Length')],
  [ERRORS.ERR_MAX_SIZE_EXCEEDED, new HttpError(413, 'too_large', 'the upload exceeds the size limit', 'Upload-Length')],
  [ERRORS.INVALID_LENGTH, new HttpError(400, 'invalid_length', 'Upload-Length is required and must not change', 'Upload-Length')],
  [ERRORS.INVALID_METADATA, new HttpError(400, 'invalid_metadata', 'Upload-Metadata is not valid', 'Upload-Metadata')],
  [ERRORS.UNSUPPORTED_CONCATENATION_EXTENSION, new HttpError(400, 'unsupported_extension', 'concatenation is not supported', 'Upload-Concat')],
  [ERRORS.UNSUPPORTED_CREATION_DEFER_LENGTH_EXTENSION, new HttpError(400, 'unsupported_extension', 'deferred lengths are not supported', 'Upload-Defer-Length')],
];

const HEADER_NAMES: Record<string, string> = {
  'upload-length': 'Upload-Length',
  'upload-offset': 'Upload-Offset',
  'upload-metadata': 'Upload-Metadata',
  'upload-defer-length': 'Upload-Defer-Length',
  'upload-concat': 'Upload-Concat',
  'tus-resumable': 'Tus-Resumable',
  'content-type': 'Content-Type',
  'x-forwarded-proto': 'X-Forwarded-Proto',
};

export const internalUploadError = () => new HttpError(500, 'internal', 'the upload could not be stored because of a server-side problem; see the appliance log');

/** The JSON error for a status + body @tus/server produced (or a hook threw). */
export function tusErrorAsJson(status: number, body: string): HttpError {
  if (body.trimStart().startsWith('{')) {
    try {
      const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown; field?: unknown } };
      const e = parsed.error;
      if (e && typeof e.code === 'string' && typeof e.message === 'string') {
        return new HttpError(status, e.code, e.message, typeof e.field === 'string' ? e.field : undefined);
      }
    } catch {
      // not ours: fall through
    }
  }
  const known = KNOWN.find(([tus]) => tus.body === body && tus.status_code === status)?.[1];
  if (known) return known;
  const invalid = /^Invalid (.+)\n?$/.exec(body);
  if (status === 400 && invalid) {
    const first = invalid[1]!.split(' ')[0]!.toLowerCase();
    return new HttpError(400, 'invalid_header', `the ${HEADER_NAMES[first] ?? first} header is not valid`, HEADER_NAMES[first] ?? first);
  }
  if (status === 412) return new HttpError(412, 'unsupported_tus_version', 'Tus-Resumable must be 1.0.0', 'Tus-Resumable');
  if (status === 404) return new HttpError(404, 'not_found', 'no such upload');
  if (status >= 500) return internalUploadError();
  return new HttpError(status, 'tus_error', body.trim() || 'the tus request was refused');
}
