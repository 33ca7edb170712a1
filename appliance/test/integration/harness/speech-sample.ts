import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Real speech made at test time: FFmpeg's flite source (voice "rms"), two sentences with a
 * 1.5 s pause between them, as the 16 kHz mono WAV the pipeline gives the engines.
 */
export const SENTENCES = [
  'The river flows past the old library.',
  'Students read books about history and science in the quiet reading room.',
];
export const CONTENT_WORDS = ['river', 'flows', 'past', 'old', 'library', 'students', 'read', 'books', 'history', 'science', 'quiet', 'reading', 'room'];

export interface SpeechSample {
  dir: string;
  wav: string;
  durationSec: number;
  dispose(): void;
}

export function makeSpeechSample(): SpeechSample {
  const dir = mkdtempSync(path.join(tmpdir(), 'biblio-stt-'));
  const wav = path.join(dir, 'speech.wav');
  const [first, second] = SENTENCES.map((text) => `flite=text='${text}':voice=rms`);
  // sentence, 1.5 s of silence, sentence; resampled to what the pipeline produces.
  execFileSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', first!,
    '-f', 'lavfi', '-t', '1.5', '-i', 'anullsrc=r=8000:cl=mono',
    '-f', 'lavfi', '-i', second!,
    '-filter_complex', '[0][1][2]concat=n=3:v=0:a=1',
    '-ar', '16000', '-ac', '1', '-c:a', 'pcm_s16le', wav,
  ]);
  const durationSec = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', wav], { encoding: 'utf8' }));
  return { dir, wav, durationSec, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Lowercase words without punctuation, as both a reference and a hypothesis are compared. */
export function normalise(text: string): string[] {
  return text.toLowerCase().replace(/[^a-z0-9' ]+/g, ' ').split(/\s+/).filter(Boolean);
}

/** 1 - word error rate (Levenshtein over words), the usual "word accuracy". */
export function wordAccuracy(reference: string[], hypothesis: string[]): number {
  let previous = Array.from({ length: hypothesis.length + 1 }, (_, j) => j);
  for (let i = 1; i <= reference.length; i++) {
    const row = [i];
    for (let j = 1; j <= hypothesis.length; j++) {
      const substitution = previous[j - 1]! + (reference[i - 1] === hypothesis[j - 1] ? 0 : 1);
      row.push(Math.min(substitution, previous[j]! + 1, row[j - 1]! + 1));
    }
    previous = row;
  }
  return 1 - previous[hypothesis.length]! / reference.length;
}
