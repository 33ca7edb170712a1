/**
 * FFmpeg/ffprobe arguments for previews, built as plain data (and unit-tested) apart from the
 * code that runs them.
 */

export const PEAK_SAMPLE_RATE = 8000;

export function probeArgs(file: string): string[] {
  return ['-v', 'error', '-print_format', 'json', '-show_entries', 'format=duration,format_name:stream=codec_type:stream_disposition=attached_pic', file];
}

/** Seek-based: `-ss` before `-i` jumps by keyframe index instead of decoding up to the moment. */
export function thumbnailArgs(file: string, atSec: number): string[] {
  return [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    '-ss', atSec.toFixed(2), '-i', file,
    '-frames:v', '1', '-vf', 'scale=320:-2', '-f', 'image2pipe', '-c:v', 'mjpeg', '-q:v', '5', '-',
  ];
}

/** Mono 8 kHz signed 16-bit PCM on stdout; `limitSec` makes the quick coarse pass. */
export function pcmArgs(file: string, limitSec?: number): string[] {
  return [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    ...(limitSec ? ['-t', String(limitSec)] : []),
    '-i', file, '-vn', '-sn', '-dn', '-ac', '1', '-ar', String(PEAK_SAMPLE_RATE), '-f', 's16le', '-',
  ];
}

/** A frame 10% in (past black intros and fades), at most 10 s in. */
export function thumbnailMoment(durationSec: number | null): number {
  if (!durationSec || durationSec <= 0) return 0;
  return Math.min(10, durationSec * 0.1);
}

export interface ProbeResult {
  durationSec: number | null;
  hasVideo: boolean;
  hasAudio: boolean;
  /** FFmpeg's demuxer name(s), comma-separated ("mov,mp4,m4a,3gp,3g2,mj2"); null when not reported. */
  formatName?: string | null;
}

export function parseProbe(json: string): ProbeResult {
  const parsed = JSON.parse(json) as {
    format?: { duration?: string; format_name?: string };
    streams?: { codec_type?: string; disposition?: { attached_pic?: number } }[];
  };
  const streams = parsed.streams ?? [];
  const duration = Number(parsed.format?.duration);
  return {
    durationSec: Number.isFinite(duration) && duration > 0 ? duration : null,
    // Cover art in an MP3 is a one-frame "video" stream; it is not a video.
    hasVideo: streams.some((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1),
    hasAudio: streams.some((s) => s.codec_type === 'audio'),
    formatName: parsed.format?.format_name ?? null,
  };
}
