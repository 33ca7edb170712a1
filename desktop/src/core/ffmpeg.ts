import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface MediaTools {
  ffmpeg: string;
  ffprobe: string;
}

/**
 * Inside a packaged Electron app the installer packages sit in app.asar, which child processes
 * cannot execute; electron-builder unpacks them to app.asar.unpacked (asarUnpack).
 */
export function unpackedAsarPath(binary: string): string {
  return binary.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
}

function installerBinary(pkg: '@ffmpeg-installer/ffmpeg' | '@ffprobe-installer/ffprobe'): string | undefined {
  try {
    // These CommonJS packages throw on unsupported platforms or when the binary is missing.
    const found = (createRequire(import.meta.url)(pkg) as { path?: unknown }).path;
    if (typeof found !== 'string') return undefined;
    const unpacked = unpackedAsarPath(found);
    return existsSync(unpacked) ? unpacked : undefined;
  } catch {
    return undefined;
  }
}

/** Explicit option > the bundled installer binary > whatever `ffmpeg` is on PATH. */
export function resolveMediaTools(options: { ffmpegPath?: string | undefined; ffprobePath?: string | undefined }): MediaTools {
  return {
    ffmpeg: options.ffmpegPath ?? installerBinary('@ffmpeg-installer/ffmpeg') ?? 'ffmpeg',
    ffprobe: options.ffprobePath ?? installerBinary('@ffprobe-installer/ffprobe') ?? 'ffprobe',
  };
}

export class ToolMissingError extends Error {}

export class ToolFailedError extends Error {}

export interface RunOptions {
  /** Called with each stdout chunk instead of collecting stdout (for streamed PCM). */
  onStdout?: (chunk: Buffer) => void;
  /** Cap on collected stdout, so a surprising output cannot fill memory. */
  maxStdoutBytes?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Runs FFmpeg/ffprobe in a child process (never in the event loop) and resolves with its stdout.
 * A missing binary becomes ToolMissingError with a message a user can act on; a failure carries
 * the last line of stderr, which is where FFmpeg says what went wrong.
 */
export function runTool(binary: string, args: string[], options: RunOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    } catch (error) {
      reject(asToolError(binary, error));
      return;
    }
    const chunks: Buffer[] = [];
    let collected = 0;
    let stderr = '';
    let settled = false;
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks));
    };
    const onAbort = () => {
      child.kill('SIGKILL');
      finish(new ToolFailedError('cancelled'));
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new ToolFailedError(`${binary} took longer than ${Math.round((options.timeoutMs ?? 0) / 1000)} s`));
    }, options.timeoutMs ?? 10 * 60_000);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();

    child.stdout!.on('data', (chunk: Buffer) => {
      if (options.onStdout) return options.onStdout(chunk);
      collected += chunk.length;
      if (collected > (options.maxStdoutBytes ?? 32 * 1024 * 1024)) {
        child.kill('SIGKILL');
        finish(new ToolFailedError(`${binary} wrote more output than expected`));
        return;
      }
      chunks.push(chunk);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on('error', (error) => finish(asToolError(binary, error)));
    child.on('close', (code) => {
      if (code === 0) finish(null);
      else finish(new ToolFailedError(lastLine(stderr) || `${binary} exited with code ${code}`));
    });
  });
}

function asToolError(binary: string, error: unknown): Error {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
    return new ToolMissingError(`FFmpeg is not available (${binary} was not found): install FFmpeg or reinstall Biblio to get previews`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

function lastLine(text: string): string {
  return text.trim().split(/\r?\n/).pop()?.trim() ?? '';
}
