import { describe, expect, it } from 'vitest';
import { validateUploadRequest } from '../../src/domain/upload-metadata.js';

const MAX = 1000;
const ok = { filename: 'talk.mp4', filetype: 'video/mp4' };

describe('validateUploadRequest', () => {
  it('accepts a video with optional title and language', () => {
    const result = validateUploadRequest({ ...ok, title: ' My talk ', language: 'pt-BR' }, 10, MAX);
    expect(result).toEqual({
      ok: true,
      value: { filename: 'talk.mp4', filetype: 'video/mp4', title: 'My talk', language: 'pt-BR' },
    });
  });

  it('normalises the declared type', () => {
    const result = validateUploadRequest({ filename: 'a.m4a', filetype: 'Audio/MP4; codecs=mp4a' }, 1, MAX);
    expect(result.ok && result.value.filetype).toBe('audio/mp4');
  });

  it.each([
    [{ filetype: 'video/mp4' }, 400, 'filename'],
    [{ filename: '  ', filetype: 'video/mp4' }, 400, 'filename'],
    [{ filename: 'a.mp4' }, 400, 'filetype'],
    [{ filename: 'a.exe', filetype: 'application/x-msdownload' }, 415, 'filetype'],
    [{ filename: 'a.txt', filetype: 'text/plain' }, 415, 'filetype'],
    [{ ...ok, language: 'english please' }, 400, 'language'],
    [{ ...ok, title: 'x'.repeat(501) }, 400, 'title'],
    [{ filename: 'a\u0000.mp4', filetype: 'video/mp4' }, 400, 'filename'],
  ])('rejects %j with %d on %s', (metadata, status, field) => {
    const result = validateUploadRequest(metadata, 10, MAX);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.rejection.status).toBe(status);
      expect(result.rejection.field).toBe(field);
      expect(result.rejection.message.length).toBeGreaterThan(10);
    }
  });

  it('answers 413 above the size limit, and accepts exactly the limit', () => {
    const over = validateUploadRequest(ok, MAX + 1, MAX);
    expect(!over.ok && over.rejection.status).toBe(413);
    expect(validateUploadRequest(ok, MAX, MAX).ok).toBe(true);
  });

  it('needs a length (deferred lengths are not supported)', () => {
    const result = validateUploadRequest(ok, undefined, MAX);
    expect(!result.ok && result.rejection.field).toBe('Upload-Length');
  });

  it('normalises filename and title to NFC (macOS sends NFD)', () => {
    const nfd = '데이터베이스 강의.mp4'.normalize('NFD');
    const result = validateUploadRequest({ filename: nfd, filetype: 'video/mp4', title: '강의'.normalize('NFD') }, 1, MAX);
    expect(result.ok && result.value.filename).toBe('데이터베이스 강의.mp4'.normalize('NFC'));
    expect(result.ok && result.value.title).toBe('강의'.normalize('NFC'));
  });
});
