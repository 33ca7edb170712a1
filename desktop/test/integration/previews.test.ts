import path from 'node:path';
import type { QueueItem } from '@biblio/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDesktopCore } from '../../src/core/index.js';
import { ffmpeg } from '@biblio/test-support';
import { removeTempDirs, tempDir, waitForQueue } from './helpers.js';

let dir: string;
let video: string;
let audio: string;
let longAudio: string;

beforeAll(async () => {
  dir = await tempDir('biblio-desk-prev-');
  video = path.join(dir, 'clip.mp4');
  audio = path.join(dir, 'tone.mp3');
  longAudio = path.join(dir, 'long.mp3');
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=320x240:duration=5', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', video]);
  ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=5', audio]);
  ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=150', '-b:a', '32k', longAudio]);
});

afterAll(async () => {
  await removeTempDirs();
});

const finalPreview = (name: string) => (items: QueueItem[]) => items.find((i) => i.name === name)?.preview.final === true;

describe('previews (FFmpeg in child processes, cached by fingerprint)', () => {
  it('makes a JPEG thumbnail for video and waveform peaks for audio, before any upload', async () => {
    const stateDir = await tempDir('biblio-desk-prev-state-');
    const core = await createDesktopCore({ stateDir, appVersion: 'test', shell: 'browser' });
    const seen: QueueItem[][] = [];
    core.on('queue:changed', (items) => seen.push(items));
    try {
      await core.invoke('queue:add', [[video, audio, longAudio]]);
      const items = await waitForQueue(core, 'previews', (list) => ['clip.mp4', 'tone.mp3', 'long.mp3'].every((n) => finalPreview(n)(list)), 60_000);
      const clip = items.find((i) => i.name === 'clip.mp4')!.preview;
      expect(clip.error).toBeNull();
      expect(clip.thumbnail).toMatch(/^data:image\/jpeg;base64,\/9j\//);
      const jpeg = Buffer.from(clip.thumbnail!.split(',')[1]!, 'base64');
      expect(jpeg.length).toBeGreaterThan(1000);
      expect(clip.peaks).toEqual([]); // testsrc2 has no audio track
      const tone = items.find((i) => i.name === 'tone.mp3')!.preview;
      expect(tone.thumbnail).toBeNull();
      expect(tone.peaks).toHaveLength(200);
      // FFmpeg's sine source has amplitude 1/8.
      expect(Math.max(...tone.peaks!)).toBeGreaterThan(0.1);
      expect(Math.max(...tone.peaks!)).toBeLessThan(0.2);
      // The long file shows a coarse waveform (its first 60 s) before the refined one.
      const coarse = seen.flat().find((i) => i.name === 'long.mp3' && i.preview.peaks && !i.preview.final);
      expect(coarse?.preview.peaks?.slice(0, 50).every((p) => p > 0.1)).toBe(true);
      expect(coarse?.preview.peaks?.slice(-50).every((p) => p === 0)).toBe(true);
      const long = items.find((i) => i.name === 'long.mp3')!.preview;
      expect(long.peaks!.slice(-50).every((p) => p > 0.1)).toBe(true);
    } finally {
      await core.close();
    }

    // A new core on the same state dir gets them from the cache at once.
    const again = await createDesktopCore({ stateDir, appVersion: 'test', shell: 'browser', ffmpegPath: '/nonexistent/ffmpeg', ffprobePath: '/nonexistent/ffprobe' });
    try {
      const items = await waitForQueue(again, 'cached previews', (list) => list.length === 3 && list.every((i) => i.preview.final), 5_000);
      expect(items.find((i) => i.name === 'clip.mp4')!.preview.thumbnail).toMatch(/^data:image\/jpeg/);
    } finally {
      await again.close();
    }
  });

  it('a missing FFmpeg gives preview.error with a clear message, not a crash', async () => {
    const core = await createDesktopCore({
      stateDir: await tempDir('biblio-desk-prev-state-'),
      appVersion: 'test',
      shell: 'browser',
      ffmpegPath: '/nonexistent/ffmpeg',
      ffprobePath: '/nonexistent/ffprobe',
    });
    try {
      await core.invoke('queue:add', [[video]]);
      const [item] = await waitForQueue(core, 'preview error', (list) => list[0]?.preview.final === true, 10_000);
      expect(item!.preview.error).toMatch(/FFmpeg is not available/);
      expect(item!.state).toBe('queued'); // unpaired: waits for pairing; previews do not block it
    } finally {
      await core.close();
    }
  });
});
