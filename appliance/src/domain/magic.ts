/**
 * What the first bytes of a file say it is. Names, extensions and declared MIME types are never
 * trusted; this and ffprobe decide. Returns undefined for anything that is not a container we
 * accept (executables, archives, documents, random bytes).
 */
export type SniffedContainer =
  | 'mp4' // ISO BMFF: mp4, m4a, m4v, 3gp
  | 'mov'
  | 'matroska' // mkv and webm (EBML)
  | 'avi'
  | 'wav'
  | 'mp3'
  | 'aac' // ADTS
  | 'flac'
  | 'ogg';

export const SNIFF_BYTES = 64;

const ascii = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));

export function sniffContainer(head: Uint8Array): SniffedContainer | undefined {
  if (head.length < 12) return undefined;
  if (ascii(head, 4, 8) === 'ftyp') {
    return ascii(head, 8, 12) === 'qt  ' ? 'mov' : 'mp4';
  }
  // QuickTime files without ftyp start with a moov/mdat/wide/free atom.
  if (['moov', 'mdat', 'wide', 'free', 'skip'].includes(ascii(head, 4, 8))) return 'mov';
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return 'matroska';
  if (ascii(head, 0, 4) === 'RIFF') {
    const form = ascii(head, 8, 12);
    if (form === 'AVI ') return 'avi';
    if (form === 'WAVE') return 'wav';
    return undefined;
  }
  if (ascii(head, 0, 4) === 'fLaC') return 'flac';
  if (ascii(head, 0, 4) === 'OggS') return 'ogg';
  if (ascii(head, 0, 3) === 'ID3') return 'mp3';
  // MPEG audio frame sync: 11 set bits. Layer bits distinguish MP3 (layer III) from ADTS AAC (layer 0).
  if (head[0] === 0xff && (head[1]! & 0xe0) === 0xe0) {
    const layer = (head[1]! >> 1) & 0x03;
    if (layer === 0x00 && (head[1]! & 0xf6) === 0xf0) return 'aac';
    if (layer !== 0x00) return 'mp3';
  }
  return undefined;
}
