import type { SniffedContainer } from './magic.js';

/** The parts of an ffprobe report that decide what a file is. */
export interface ProbeReport {
  formatName: string;
  durationSec: number | null;
  bitRate: number | null;
  streams: ProbeStream[];
}

export interface ProbeStream {
  index: number;
  type: 'video' | 'audio' | 'subtitle' | 'data' | 'attachment' | 'unknown';
  codec: string;
  width?: number;
  height?: number;
  /** Still images inside audio files (cover art) are video streams with this flag. */
  attachedPicture?: boolean;
  sampleRate?: number;
  channels?: number;
}

export interface MediaFacts {
  kind: 'video' | 'audio';
  container: SniffedContainer;
  durationSec: number;
  width: number | null;
  height: number | null;
  videoCodec: string | null;
  audioCodec: string | null;
  hasAudio: boolean;
}

export type ValidationOutcome = { ok: true; facts: MediaFacts } | { ok: false; reason: string };

/** ffprobe's format names that belong to each sniffed container (ffprobe lists aliases joined by commas). */
const FORMATS_OF: Record<SniffedContainer, string[]> = {
  mp4: ['mov', 'mp4', 'm4a', '3gp', '3g2', 'mj2'],
  mov: ['mov', 'mp4', 'm4a'],
  matroska: ['matroska', 'webm'],
  avi: ['avi'],
  wav: ['wav'],
  mp3: ['mp3'],
  aac: ['aac'],
  flac: ['flac'],
  ogg: ['ogg'],
};

/**
 * Decides from the magic bytes and the ffprobe report whether a file is media we accept. Every
 * rejection reason is written for the owner to read.
 */
export function decideMedia(size: number, container: SniffedContainer | undefined, probe: ProbeReport | Error): ValidationOutcome {
  if (size === 0) return { ok: false, reason: 'The file is empty.' };
  if (!container) {
    return { ok: false, reason: 'The file is not a supported video or audio format (its contents do not match any known media container).' };
  }
  if (probe instanceof Error) {
    return { ok: false, reason: `The file looks like ${container} but cannot be read as media; it may be truncated or damaged (${probe.message.split('\n')[0]}).` };
  }
  const probed = probe.formatName.split(',');
  if (!FORMATS_OF[container].some((f) => probed.includes(f))) {
    return { ok: false, reason: `The file's contents (${container}) do not match what the media reader found (${probe.formatName}).` };
  }
  const video = probe.streams.find((s) => s.type === 'video' && !s.attachedPicture);
  const audio = probe.streams.find((s) => s.type === 'audio');
  if (!video && !audio) return { ok: false, reason: 'The file has no audio or video stream.' };
  if (probe.durationSec === null || !(probe.durationSec > 0)) {
    return { ok: false, reason: 'The media has no playable duration; it may be truncated.' };
  }
  return {
    ok: true,
    facts: {
      kind: video ? 'video' : 'audio',
      container,
      durationSec: probe.durationSec,
      width: video?.width ?? null,
      height: video?.height ?? null,
      videoCodec: video?.codec ?? null,
      audioCodec: audio?.codec ?? null,
      hasAudio: audio !== undefined,
    },
  };
}
