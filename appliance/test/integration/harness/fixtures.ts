import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A spoken sentence placed at a known time, so tests know when each phrase is said. */
export interface SpokenLine {
  text: string;
  atSec: number;
  /** Filled in by the fixture: how long flite takes to say it. */
  durationSec?: number;
}

function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

function durationOf(file: string): number {
  return Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim());
}

export async function fixtureDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'biblio-fixtures-'));
}

/** The speech track: each line synthesised by FFmpeg's flite source and delayed to its time. */
function speechFilter(lines: SpokenLine[], firstInput: number, totalSec: number): string {
  const delayed = lines.map((line, i) => `[${firstInput + i}:a]aresample=16000,adelay=${Math.round(line.atSec * 1000)}:all=1[s${i}]`);
  const mix = `${lines.map((_, i) => `[s${i}]`).join('')}amix=inputs=${lines.length}:normalize=0:duration=longest,apad=whole_dur=${totalSec}[speech]`;
  return [...delayed, mix].join(';');
}

function fliteInputs(lines: SpokenLine[]): string[] {
  return lines.flatMap((line) => ['-f', 'lavfi', '-i', `flite=text='${line.text.replace(/'/g, '')}':voice=rms`]);
}

async function measure(dir: string, lines: SpokenLine[]): Promise<SpokenLine[]> {
  return lines.map((line, i) => {
    const file = path.join(dir, `line-${i}.wav`);
    ffmpeg(['-f', 'lavfi', '-i', `flite=text='${line.text.replace(/'/g, '')}':voice=rms`, file]);
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

export async function writeBytes(dir: string, name: string, bytes: Buffer): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return file;
}

/** Share of `words` (lower-case) found in `text`. */
export function recall(words: string[], text: string): number {
  const found = new Set(text.toLowerCase().match(/[a-z']+/g) ?? []);
  return words.filter((w) => found.has(w)).length / words.length;
}
