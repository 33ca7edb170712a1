import { isAllowedMediaType, normaliseMimeType, UPLOAD_METADATA_LIMITS } from '@biblio/shared';

export interface UploadRequest {
  filename: string;
  filetype: string;
  title: string | null;
  language: string | null;
}

export interface UploadRejection {
  status: 400 | 413 | 415;
  code: string;
  field: string;
  message: string;
}

export type UploadValidation = { ok: true; value: UploadRequest } | { ok: false; rejection: UploadRejection };

const reject = (rejection: UploadRejection): UploadValidation => ({ ok: false, rejection });

/**
 * Checks tus Upload-Metadata and Upload-Length before anything is stored. The declared type is
 * only a first filter (415 early saves a wasted upload); the validate stage decides from bytes.
 */
export function validateUploadRequest(
  metadata: Record<string, string | null | undefined>,
  uploadLength: number | undefined,
  maxBytes: number,
): UploadValidation {
  // NFC: macOS sends names decomposed (NFD); stored, shown, searched and downloaded as NFC. The
  // bytes the client sent stay in the upload's own tus metadata.
  const filename = metadata['filename']?.trim().normalize('NFC');
  if (!filename) {
    return reject({ status: 400, code: 'missing_metadata', field: 'filename', message: 'Upload-Metadata must include filename' });
  }
  if (filename.length > UPLOAD_METADATA_LIMITS.filenameMaxLength || /[\u0000-\u001f\u007f]/.test(filename)) {
    return reject({
      status: 400,
      code: 'invalid_metadata',
      field: 'filename',
      message: `filename must be at most ${UPLOAD_METADATA_LIMITS.filenameMaxLength} characters without control characters`,
    });
  }
  const declaredType = metadata['filetype']?.trim();
  if (!declaredType) {
    return reject({ status: 400, code: 'missing_metadata', field: 'filetype', message: 'Upload-Metadata must include filetype' });
  }
  if (!isAllowedMediaType(declaredType)) {
    return reject({
      status: 415,
      code: 'unsupported_media_type',
      field: 'filetype',
      message: `${normaliseMimeType(declaredType)} is not an accepted video or audio type`,
    });
  }
  if (uploadLength === undefined) {
    return reject({
      status: 400,
      code: 'missing_length',
      field: 'Upload-Length',
      message: 'Upload-Length is required (deferred lengths are not supported)',
    });
  }
  if (uploadLength > maxBytes) {
    return reject({
      status: 413,
      code: 'too_large',
      field: 'Upload-Length',
      message: `upload of ${uploadLength} bytes exceeds the limit of ${maxBytes} bytes`,
    });
  }
  const title = metadata['title']?.trim().normalize('NFC') || null;
  if (title !== null && (title.length > UPLOAD_METADATA_LIMITS.titleMaxLength || /[\u0000-\u001f\u007f]/.test(title))) {
    return reject({
      status: 400,
      code: 'invalid_metadata',
      field: 'title',
      message: `title must be at most ${UPLOAD_METADATA_LIMITS.titleMaxLength} characters without control characters`,
    });
  }
  const language = metadata['language']?.trim() || null;
  if (language !== null && !UPLOAD_METADATA_LIMITS.languagePattern.test(language)) {
    return reject({
      status: 400,
      code: 'invalid_metadata',
      field: 'language',
      message: 'language must be an ISO 639 code such as "en", "ko" or "pt-BR"',
    });
  }
  return { ok: true, value: { filename, filetype: normaliseMimeType(declaredType), title, language } };
}
