import path from 'node:path';

/**
 * File extension -> MIME type for the tus `filetype` metadata. This is only a first filter: the
 * appliance sniffs the bytes and runs ffprobe, so a wrong extension ends REJECTED there, not here.
 */
const TYPES: Readonly<Record<string, string>> = {
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  qt: 'video/quicktime',
  mkv: 'video/x-matroska',
  webm: 'video/webm',
  avi: 'video/x-msvideo',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  wav: 'audio/wav',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  opus: 'audio/opus',
};

/** What the appliance is told when the extension is unknown; it answers 415, which names the type. */
export const UNKNOWN_TYPE = 'application/octet-stream';

function extensionOf(file: string): string {
  return path.extname(file).slice(1).toLowerCase();
}

export function mimeTypeForPath(file: string): string {
  return TYPES[extensionOf(file)] ?? UNKNOWN_TYPE;
}

/** Whether a folder walk should pick this file up (explicitly added files are always kept). */
export function isMediaPath(file: string): boolean {
  return extensionOf(file) in TYPES;
}

export function isVideoType(mimeType: string): boolean {
  return mimeType.startsWith('video/');
}

/** The title the appliance shows: the file name without its extension. */
export function titleForPath(file: string): string {
  const base = path.basename(file).normalize('NFC');
  const ext = path.extname(base);
  return (ext && ext !== base ? base.slice(0, -ext.length) : base).trim() || base;
}
