import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { tempDir } from './files.js';

// Media made at test time with FFmpeg (Debian's, with libx264 and the flite speech source).

/** A spoken sentence placed at a known time, so tests know when each phrase is said. */
export interface SpokenLine {
  text: string;
  atSec: number;
  /** Filled in by the fixture: how long flite takes to say it. */
  durationSec?: number;
}

export function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

function durationOf(file: string): number {
  return Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim());
}

export function fixtureDir(): Promise<string> {
  return tempDir('biblio-fixtures-');
}

/** The speech track: each line synthesised by FFmpeg's flite source and delayed to its time. */
function speechFilter(lines: SpokenLine[], firstInput: number, totalSec: number): string {
  const delayed = lines.map((line, i) => `[${firstInput + i}:a]aresample=16000,adelay=${Math.round(line.atSec * 1000)}:all=1[s${i}]`);
  const mix = `${lines.map((_, i) => `[s${i}]`).join('')}amix=inputs=${lines.length}:normalize=0:duration=longest,apad=whole_dur=${totalSec}[speech]`;
  return [...delayed, mix].join(';');
}

/** FFmpeg input arguments for flite saying `text` (quotes dropped: they would end the filter string). */
function fliteInput(text: string): string[] {
  return ['-f', 'lavfi', '-i', `flite=text='${text.replace(/'/g, '')}':voice=rms`];
}

function fliteInputs(lines: SpokenLine[]): string[] {
  return lines.flatMap((line) => fliteInput(line.text));
}

async function measure(dir: string, lines: SpokenLine[]): Promise<SpokenLine[]> {
  return lines.map((line, i) => {
    const file = path.join(dir, `line-${i}.wav`);
    ffmpeg([...fliteInput(line.text), file]);
    return { ...line, durationSec: durationOf(file) };
  });
}

/** A talking video: testsrc2 picture plus flite speech of `lines`, H.264/AAC in MP4. */
export async function talkingVideo(dir: string, lines: SpokenLine[], options: { seconds: number; width?: number; height?: number; name?: string }) {
  const file = path.join(dir, options.name ?? 'talk.mp4');
  const size = `${options.width ?? 640}x${options.height ?? 360}`;
  ffmpeg([
    '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=24:duration=${options.seconds}`,
    ...fliteInputs(lines),
    '-filter_complex', speechFilter(lines, 1, options.seconds),
    '-map', '0:v', '-map', '[speech]', '-c:v', 'libx264', '-preset', 'veryfast', '-c:a', 'aac', '-t', String(options.seconds), file,
  ]);
  return { file, lines: await measure(dir, lines), bytes: await readFile(file) };
}

/** Audio only (MP3): the flite speech of `lines`. */
export async function talkingAudio(dir: string, lines: SpokenLine[], seconds: number) {
  const file = path.join(dir, 'talk.mp3');
  ffmpeg([...fliteInputs(lines), '-filter_complex', speechFilter(lines, 0, seconds), '-map', '[speech]', '-c:a', 'libmp3lame', '-q:a', '4', '-t', String(seconds), file]);
  return { file, lines: await measure(dir, lines), bytes: await readFile(file) };
}

/** Uncompressed video (big for its length, cheap for the appliance to process): ~2.9 MB/s. */
export function rawVideo(dir: string, name: string, seconds: number, seed = 0): string {
  const file = path.join(dir, name);
  ffmpeg(['-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=25:duration=${seconds}`, '-vf', `hue=h=${seed}`, '-c:v', 'rawvideo', '-pix_fmt', 'yuv420p', file]);
  return file;
}
