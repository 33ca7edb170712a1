import { describe, expect, it } from 'vitest';
import { checkUploadMetadata } from '../../src/http/tus-request-checks.js';
import { tusErrorAsJson } from '../../src/http/tus-errors.js';

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

describe('tus request checks', () => {
  it('accepts well-formed metadata, including non-Latin and odd-but-valid filenames', () => {
    for (const name of ['../../etc/passwd', '강의 녹음.mp4', '강의'.normalize('NFD'), '🎙️ talk.mp3', 'שלום.wav', 'a'.repeat(255)]) {
      expect(checkUploadMetadata(`filename ${b64(name)},filetype ${b64('video/mp4')}`)).toBeUndefined();
    }
    expect(checkUploadMetadata('flag')).toBeUndefined();
  });

  it('names the key with bad base64, bad UTF-8 or control characters', () => {
    expect(checkUploadMetadata('filename %%%')).toMatchObject({ status: 400, field: 'filename' });
    expect(checkUploadMetadata(`filename ${b64(Buffer.from([0xff, 0xfe]))}`)).toMatchObject({ field: 'filename', code: 'invalid_metadata' });
    expect(checkUploadMetadata(`title ${b64('a\u0000b')}`)).toMatchObject({ field: 'title' });
    expect(checkUploadMetadata(`filename ${b64('a\nb')}`)).toMatchObject({ field: 'filename' });
  });

  it('rejects malformed pairs and repeated keys', () => {
    expect(checkUploadMetadata('a b c')).toMatchObject({ field: 'Upload-Metadata' });
    expect(checkUploadMetadata(' ')).toMatchObject({ field: 'Upload-Metadata' });
    expect(checkUploadMetadata(`k ${b64('x')},k ${b64('y')}`)).toMatchObject({ field: 'k' });
  });
});

describe('tus errors as JSON', () => {
  it('maps tus plain-text errors to 4xx JSON errors naming the header', () => {
    expect(tusErrorAsJson(400, 'Invalid upload-length upload-offset\n')).toMatchObject({ status: 400, field: 'Upload-Length' });
    expect(tusErrorAsJson(403, 'Upload-Offset header required\n')).toMatchObject({ status: 400, field: 'Upload-Offset' });
    expect(tusErrorAsJson(501, 'Concatenation extension is not (yet) supported. Disable parallel uploads in the tus client.\n').status).toBe(400);
    expect(tusErrorAsJson(404, 'Not found\n').status).toBe(404);
  });

  it('keeps our own JSON errors and never says "try again" on a 500', () => {
    const ours = tusErrorAsJson(413, JSON.stringify({ error: { code: 'quota_pending_bytes', message: 'm', field: 'Upload-Length' } }));
    expect(ours).toMatchObject({ status: 413, code: 'quota_pending_bytes', field: 'Upload-Length' });
    const internal = tusErrorAsJson(500, 'Something went wrong with that request\n');
    expect(internal.status).toBe(500);
    expect(internal.message).not.toMatch(/try again/i);
  });
});
