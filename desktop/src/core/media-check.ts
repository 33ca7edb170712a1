import path from 'node:path';
import { runTool, ToolFailedError, ToolMissingError, type MediaTools } from './ffmpeg.js';
import { parseProbe, probeArgs, type ProbeResult } from './preview-commands.js';

/**
 * Container formats FFmpeg reads that are not recordings: still images and text shown as a
 * "video" (tty renders any text file as ANSI art). The appliance refuses these, so they are
 * refused here before a byte is sent.
 */
const TEXT_FORMATS = /^tty$/;
const IMAGE_FORMATS = /^(image2|[a-z0-9]+_pipe|gif|apng|webp|svg|bmp|ico)$/;

export type MediaVerdict =
  | { readable: true }
  | { readable: false; reason: string }
  /** The local FFmpeg is missing: no opinion, the appliance decides. */
  | { readable: null };

/**
 * What the local probe says about a file, in words a user understands (no MIME types): readable
 * audio/video, or the reason it is not. `detail` is FFmpeg's own last line when it failed.
 */
export function verdictOfProbe(file: string, probe: ProbeResult | { failed: string }): MediaVerdict {
  const ext = path.extname(file).slice(1).toLowerCase();
  const kind = ext ? `This .${ext} file` : 'This file';
  if ('failed' in probe) {
    return { readable: false, reason: `${kind} is not a video or audio recording Biblio can read (FFmpeg: ${describeFfmpegError(probe.failed)})` };
  }
  const formats = probe.formatName ? probe.formatName.split(',') : [];
  if (formats.length > 0 && formats.every((name) => TEXT_FORMATS.test(name))) {
    return { readable: false, reason: `${kind} is text, not a video or audio recording` };
  }
  if (formats.length > 0 && formats.every((name) => IMAGE_FORMATS.test(name))) {
    return { readable: false, reason: `${kind} is a still image, not a video or audio recording` };
  }
  if (!probe.hasAudio && !probe.hasVideo) return { readable: false, reason: `${kind} has no audio or video in it` };
  return { readable: true };
}

/** FFmpeg prefixes its message with the path: keep only what it says. */
function describeFfmpegError(line: string): string {
  const text = line.replace(/^.*?:\s(?=[A-Z])/, '').trim();
  return text ? text.charAt(0).toLowerCase() + text.slice(1) : 'unreadable';
}

/** Runs ffprobe on the file and judges it; a missing ffprobe gives no verdict. */
export async function checkMedia(tools: MediaTools, file: string, signal?: AbortSignal): Promise<MediaVerdict> {
  let output: Buffer;
  try {
    output = await runTool(tools.ffprobe, probeArgs(file), { timeoutMs: 60_000, ...(signal ? { signal } : {}) });
  } catch (error) {
    if (error instanceof ToolMissingError) return { readable: null };
    if (error instanceof ToolFailedError && !signal?.aborted) return verdictOfProbe(file, { failed: error.message });
    throw error;
  }
  try {
    return verdictOfProbe(file, parseProbe(output.toString('utf8')));
  } catch {
    return verdictOfProbe(file, { failed: 'unexpected probe output' });
  }
}
