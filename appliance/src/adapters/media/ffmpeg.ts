import { spawn } from 'node:child_process';
import type { ProbeReport, ProbeStream } from '../../domain/media-probe.js';
import type { FfmpegCommand, MediaTool, RunOptions } from '../../ports/media-tool.js';
import { requireTool } from '../system/tools.js';
import { ToolFailedError, type ToolExit } from '../../domain/tool-failure.js';

/**
 * FFmpeg through child processes (spawn rather than fluent-ffmpeg: the commands are already
 * plain data, and we need exact control of -progress parsing, signals and stderr).
 */
export class FfmpegMediaTool implements MediaTool {
  readonly version: string;

  constructor() {
    const line = requireTool('ffmpeg', ['-version']);
    requireTool('ffprobe', ['-version']);
    this.version = /ffmpeg version (\S+)/.exec(line)?.[1] ?? line;
  }

  async probe(input: string, options: { signal?: AbortSignal } = {}): Promise<ProbeReport> {
    const { stdout } = await runProcess('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', input], options.signal);
    return toProbeReport(JSON.parse(stdout) as RawProbe);
  }

  async run(command: FfmpegCommand, options: RunOptions = {}): Promise<void> {
    const args = [...command.args];
    const wantsProgress = options.onProgress && command.durationSec && command.durationSec > 0;
    // -progress writes key=value lines to stdout; out_time_us tells how far the output is.
    if (wantsProgress) args.unshift('-progress', 'pipe:1', '-nostats');
    let lastPercent = -1;
    await runProcess('ffmpeg', args, options.signal, (chunk) => {
      if (!wantsProgress) return;
      for (const match of chunk.matchAll(/out_time_us=(\d+)/g)) {
        const percent = Math.min(99, Math.floor(Number(match[1]) / 1e6 / command.durationSec! * 100));
        if (percent > lastPercent) {
          lastPercent = percent;
          options.onProgress!(percent);
        }
      }
    });
  }
}

interface RawProbe {
  format?: { format_name?: string; duration?: string; bit_rate?: string };
  streams?: {
    index: number;
    codec_type?: string;
    codec_name?: string;
    width?: number;
    height?: number;
    sample_rate?: string;
    channels?: number;
    disposition?: { attached_pic?: number };
  }[];
}

function toProbeReport(raw: RawProbe): ProbeReport {
  const duration = Number(raw.format?.duration);
  const bitRate = Number(raw.format?.bit_rate);
  const known = ['video', 'audio', 'subtitle', 'data', 'attachment'];
  return {
    formatName: raw.format?.format_name ?? '',
    durationSec: Number.isFinite(duration) ? duration : null,
    bitRate: Number.isFinite(bitRate) ? bitRate : null,
    streams: (raw.streams ?? []).map(
      (s): ProbeStream => ({
        index: s.index,
        type: (known.includes(s.codec_type ?? '') ? s.codec_type : 'unknown') as ProbeStream['type'],
        codec: s.codec_name ?? 'unknown',
        ...(s.width ? { width: s.width } : {}),
        ...(s.height ? { height: s.height } : {}),
        ...(s.disposition?.attached_pic ? { attachedPicture: true } : {}),
        ...(s.sample_rate ? { sampleRate: Number(s.sample_rate) } : {}),
        ...(s.channels ? { channels: s.channels } : {}),
      }),
    ),
  };
}

/**
 * Runs a tool to completion; rejects with a ToolFailedError that records how it ended (exit
 * code, signal, abort, stderr tail), so a stage can tell a verdict on the file from an interruption.
 */
function runProcess(
  tool: string,
  args: string[],
  signal?: AbortSignal,
  onStdout?: (chunk: string) => void,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const fail = (exit: Omit<ToolExit, 'tool'>) => reject(new ToolFailedError({ tool, ...exit }));
    if (signal?.aborted) {
      fail({ code: null, signal: null, stderr: '', aborted: true });
      return;
    }
    const child = spawn(tool, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (onStdout) onStdout(chunk);
      else stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-8000);
    });
    const abort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', abort, { once: true });
    let spawnError: string | undefined;
    child.on('error', (error) => {
      spawnError = error.message;
    });
    child.on('close', (code, sig) => {
      signal?.removeEventListener('abort', abort);
      if (code === 0 && spawnError === undefined) {
        resolve({ stdout, stderr });
        return;
      }
      fail({ code, signal: sig, stderr, aborted: signal?.aborted ?? false, ...(spawnError !== undefined ? { spawnError } : {}) });
    });
  });
}
