/**
 * Media types the appliance accepts at upload time. The declared type is only a first filter:
 * the validate stage decides what a file really is from its bytes (magic numbers + ffprobe).
 */
export const ALLOWED_VIDEO_TYPES = [
  'video/mp4',
  'video/quicktime',
  'video/x-matroska',
  'video/webm',
  'video/x-msvideo',
  'video/avi',
] as const;

export const ALLOWED_AUDIO_TYPES = [
  'audio/mpeg',
  'audio/mp3',
  'audio/mp4',
  'audio/x-m4a',
  'audio/m4a',
  'audio/aac',
  'audio/wav',
  'audio/x-wav',
  'audio/wave',
  'audio/flac',
  'audio/x-flac',
  'audio/ogg',
  'audio/opus',
  'audio/webm',
] as const;

export const ALLOWED_MEDIA_TYPES: readonly string[] = [...ALLOWED_VIDEO_TYPES, ...ALLOWED_AUDIO_TYPES];

/** Normalises a declared MIME type ("Video/MP4; codecs=avc1" -> "video/mp4"). */
export function normaliseMimeType(declared: string): string {
  return declared.split(';')[0]!.trim().toLowerCase();
}

export function isAllowedMediaType(declared: string): boolean {
  return ALLOWED_MEDIA_TYPES.includes(normaliseMimeType(declared));
}
