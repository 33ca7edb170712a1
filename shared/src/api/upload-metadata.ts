/** tus Upload-Metadata keys the appliance understands. */
export const UPLOAD_METADATA_KEYS = {
  required: ['filename', 'filetype'],
  optional: ['title', 'language'],
} as const;

/** Limits on metadata values, shared so clients can validate before they upload. */
export const UPLOAD_METADATA_LIMITS = {
  filenameMaxLength: 255,
  titleMaxLength: 500,
  languagePattern: /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/,
} as const;
