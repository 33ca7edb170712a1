import type { ProbeReport } from '../domain/media-probe.js';

/** One FFmpeg invocation as plain data. */
export interface FfmpegCommand {
  /** Arguments after `ffmpeg`; inputs and outputs are paths or URLs. */
  args: string[];
  /** Media duration the progress is measured against, when known. */
  durationSec?: number;
}

export interface RunOptions {
  /** Called with 0-100 as FFmpeg reports its position (needs the command's durationSec). */
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
}

/** FFmpeg and ffprobe, run as child processes so long work never blocks the event loop. */
export interface MediaTool {
  readonly version: string;
  /** Rejects with a ToolFailedError (domain/tool-failure) when ffprobe does not succeed. */
  probe(input: string, options?: { signal?: AbortSignal }): Promise<ProbeReport>;
  /** Rejects with a ToolFailedError when ffmpeg does not succeed. */
  run(command: FfmpegCommand, options?: RunOptions): Promise<void>;
}
