import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** FFmpeg with the quiet, non-interactive flags every fixture command needs. */
export async function ffmpeg(args: string[]): Promise<void> {
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args], { maxBuffer: 16 * 1024 * 1024 });
}

export async function durationOf(file: string): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]);
  return Number(stdout.trim());
}

/**
 * `bytes` of incompressible data (a random 16 MiB block repeated): what an upload benchmark
 * needs, written at disk speed instead of at the speed of the random generator.
 */
export async function randomFile(file: string, bytes: number): Promise<string> {
  const block = randomBytes(16 * 1024 * 1024);
  const out = createWriteStream(file);
  for (let written = 0; written < bytes; ) {
    const piece = block.subarray(0, Math.min(block.length, bytes - written));
    if (!out.write(piece)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    written += piece.length;
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return file;
}

/** A video with a test picture and a tone (H.264/AAC in MP4), `seconds` long. */
export async function toneVideo(file: string, seconds: number, size = '640x360'): Promise<string> {
  await ffmpeg([
    '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=24:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-g', '48', '-c:a', 'aac', '-b:a', '128k', '-shortest', file,
  ]);
  return file;
}

/** `times` copies of `clip` back to back, without re-encoding (minutes, not an hour, to make). */
export async function loopedCopy(clip: string, times: number, file: string): Promise<string> {
  await ffmpeg(['-stream_loop', String(times - 1), '-i', clip, '-c', 'copy', '-movflags', '+faststart', file]);
  return file;
}
