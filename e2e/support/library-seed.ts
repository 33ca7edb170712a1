import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { api, createUpload, ffmpeg, sha256, talkingVideo, waitFor, type SpokenLine } from '@biblio/test-support';

/** One media as the seed made it. */
export interface SeededMedia {
  id: string;
  filename: string;
  title: string | null;
  language: string;
  kind: 'audio' | 'video';
}

export interface SeededLibrary {
  /** The talking video, uploaded first: the oldest, so the bottom card of "newest first". */
  talk: SeededMedia & { file: string; sha256: string; lines: SpokenLine[] };
  all: SeededMedia[];
}

export const TALK_LINES: SpokenLine[] = [
  { text: 'The river flows past the old library.', atSec: 1 },
  { text: 'Students read books about mountains and oceans.', atSec: 7 },
  { text: 'The museum opens every morning at nine.', atSec: 13 },
];

async function upload(base: string, token: string, file: string, metadata: Record<string, string>): Promise<string> {
  const body = await readFile(file);
  const res = await createUpload(base, token, body.length, metadata, {}, body);
  if (res.status !== 201 || !res.mediaId) throw new Error(`upload of ${metadata['filename']} answered ${res.status}: ${res.body}`);
  return res.mediaId;
}

/** The talking video alone, through the API, resolved once it is READY (for specs that need one recording). */
export async function seedTalk(base: string, token: string, dir: string): Promise<SeededLibrary['talk']> {
  const video = await talkingVideo(dir, TALK_LINES, { seconds: 18, name: 'harbour-talk.mp4' });
  const id = await upload(base, token, video.file, { filename: 'harbour-talk.mp4', filetype: 'video/mp4', language: 'en' });
  await waitFor(
    'the talk READY',
    async () => {
      const { status } = (await api(base, token, `/api/media/${id}`)).json as { status: string };
      if (status === 'FAILED' || status === 'REJECTED') throw new Error(`the talk is ${status}`);
      return status === 'READY';
    },
    240_000,
    1_000,
  );
  return { id, filename: 'harbour-talk.mp4', title: null, language: 'en', kind: 'video', file: video.file, sha256: sha256(video.bytes), lines: video.lines };
}

/**
 * A library of 31 recordings made in seconds straight through the API (tus creation-with-upload):
 * the talking video, 10 two-second tones as MP3, then 20 two-second clips (every fifth titled
 * "Interview N", even ones English, odd ones French). Resolves once every one of them is READY.
 */
export async function seedLibrary(base: string, token: string, dir: string): Promise<SeededLibrary> {
  const video = await talkingVideo(dir, TALK_LINES, { seconds: 18, name: 'harbour-talk.mp4' });
  const talkId = await upload(base, token, video.file, { filename: 'harbour-talk.mp4', filetype: 'video/mp4', language: 'en' });
  const all: SeededMedia[] = [{ id: talkId, filename: 'harbour-talk.mp4', title: null, language: 'en', kind: 'video' }];

  for (let i = 1; i <= 10; i += 1) {
    const filename = `note-${String(i).padStart(2, '0')}.mp3`;
    const file = path.join(dir, filename);
    ffmpeg(['-f', 'lavfi', '-i', `sine=frequency=${300 + i * 40}:duration=2`, '-c:a', 'libmp3lame', '-q:a', '6', file]);
    const id = await upload(base, token, file, { filename, filetype: 'audio/mpeg', language: 'en' });
    all.push({ id, filename, title: null, language: 'en', kind: 'audio' });
  }

  for (let i = 1; i <= 20; i += 1) {
    const filename = `clip-${String(i).padStart(2, '0')}.mp4`;
    const file = path.join(dir, filename);
    ffmpeg([
      '-f', 'lavfi', '-i', `testsrc2=size=192x108:rate=12:duration=2`,
      '-f', 'lavfi', '-i', `sine=frequency=${200 + i * 20}:duration=2`,
      '-vf', `hue=h=${i * 17}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest', file,
    ]);
    const title = i % 5 === 0 ? `Interview ${i / 5}` : null;
    const language = i % 2 === 0 ? 'en' : 'fr';
    const id = await upload(base, token, file, { filename, filetype: 'video/mp4', language, ...(title ? { title } : {}) });
    all.push({ id, filename, title, language, kind: 'video' });
  }
  await waitFor(
    'all 31 media READY',
    async () => {
      const { media } = (await api(base, token, '/api/media?limit=100')).json as { media: { status: string }[] };
      const bad = media.filter((m) => m.status === 'FAILED' || m.status === 'REJECTED');
      if (bad.length > 0) throw new Error(`${bad.length} media failed processing`);
      return media.length === all.length && media.every((m) => m.status === 'READY');
    },
    420_000,
    1_000,
  );
  const talk = { ...all[0]!, file: video.file, sha256: sha256(video.bytes), lines: video.lines };
  return { talk, all };
}
