import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createUpload, ffmpeg, waitFor } from '@biblio/test-support';
import { createDesktopCore } from '../../src/core/index.js';
import type { DesktopCore } from '../../src/core/api.js';
import { removeTempDirs, startTestAppliance, tempDir, type TestAppliance } from './helpers.js';

/**
 * The transcript editing channels of the desktop core against a real appliance: subtitles
 * imported from a file path, a line edited, a stale change answered with the current transcript
 * (not thrown), split and merge, a speaker renamed everywhere, the history and a restore, the
 * protected re-run, and the plain-text export.
 */
let t: TestAppliance;
let core: DesktopCore;
let dir: string;
let downloads: string;
let id: string;

const VTT = ['WEBVTT', '', '00:00:01.000 --> 00:00:03.000', '<v Ana>The tide comes in slowly', '', '00:00:04.000 --> 00:00:06.000', 'Gulls circle the pier', ''].join('\n');

beforeAll(async () => {
  t = await startTestAppliance('editor');
  dir = await tempDir('biblio-desk-transcript-');
  downloads = await tempDir('biblio-desk-transcript-downloads-');
  core = await createDesktopCore({ stateDir: await tempDir('biblio-desk-transcript-state-'), appVersion: 'test', shell: 'browser', downloadsDir: downloads, tuning: { previews: false } });
  await core.invoke('settings:set', [{ serverUrl: t.app.url, token: t.token }]);
  const file = path.join(dir, 'pier.mp3');
  ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=330:duration=8', '-c:a', 'libmp3lame', '-q:a', '6', file]);
  const body = await readFile(file);
  const created = await createUpload(t.app.url, t.token, body.length, { filename: 'pier.mp3', filetype: 'audio/mpeg', language: 'en' }, {}, body);
  id = created.mediaId!;
  await waitFor('READY', async () => (await api(t.app.url, t.token, `/api/media/${id}`)).json.status === 'READY', 150_000, 500);
}, 200_000);
afterAll(async () => {
  await core?.close();
  await t?.stop();
  await removeTempDirs();
});

describe('transcript editing through the desktop core', () => {
  it('imports, edits, survives a stale change, splits, merges, renames, restores and exports', async () => {
    const subtitles = path.join(dir, 'pier.vtt');
    await writeFile(subtitles, VTT);
    const imported = await core.invoke('transcript:import', [id, { path: subtitles }]);
    expect(imported.source).toBe('imported');
    expect(imported.segments.map((s) => [s.text, s.speakerName])).toEqual([
      ['The tide comes in slowly', 'Ana'],
      ['Gulls circle the pier', undefined],
    ]);
    const base = imported.version!;

    const edited = await core.invoke('transcript:editSegment', [id, 1, { version: base, text: 'Gulls circle the old pier' }]);
    expect(edited.ok).toBe(true);
    expect(edited.transcript.source).toBe('edited');
    expect(edited.transcript.version).toBe(base + 1);

    // Based on the version before that edit: not saved, and the current text comes back.
    const stale = await core.invoke('transcript:editSegment', [id, 0, { version: base, text: 'lost words' }]);
    expect(stale).toMatchObject({ ok: false, stale: true });
    expect(stale.transcript.version).toBe(base + 1);
    expect(stale.transcript.segments[1]!.text).toBe('Gulls circle the old pier');

    const split = await core.invoke('transcript:splitSegment', [id, 0, { version: base + 1, at: 2, textBefore: 'The tide', textAfter: 'comes in slowly' }]);
    expect(split.transcript.segments.map((s) => s.text)).toEqual(['The tide', 'comes in slowly', 'Gulls circle the old pier']);
    const merged = await core.invoke('transcript:mergeNext', [id, 0, { version: base + 2 }]);
    expect(merged.transcript.segments).toHaveLength(2);

    const { speakers } = await core.invoke('transcript:speakers', [id]);
    const ana = speakers.find((s) => s.name === 'Ana')!;
    const renamed = await core.invoke('transcript:renameSpeakers', [id, { version: merged.transcript.version!, speakers: [{ id: ana.id, name: 'Ana Lima' }] }]);
    expect(renamed.ok).toBe(true);
    expect(renamed.transcript.segments[0]!.speakerName).toBe('Ana Lima');

    const history = await core.invoke('transcript:versions', [id]);
    expect(history.current).toBe(renamed.transcript.version);
    expect(history.versions.map((v) => v.source)).toContain('imported');
    const old = await core.invoke('transcript:version', [id, base]);
    expect(old.segments[1]!.text).toBe('Gulls circle the pier');
    const restored = await core.invoke('transcript:restore', [id, base, { version: history.current }]);
    expect(restored.ok).toBe(true);
    expect(restored.transcript.segments[1]!.text).toBe('Gulls circle the pier');

    // People's text is protected: without overwrite the re-run is refused, as an answer.
    expect(await core.invoke('transcript:retranscribe', [id, { overwrite: false }])).toMatchObject({ ok: false, protected: true });

    const saved = await core.invoke('library:download', [id, 'txt']);
    expect(path.extname(saved.path)).toBe('.txt');
    expect(await readFile(saved.path, 'utf8')).toContain('Gulls circle the pier');
  }, 60_000);
});
