import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type ApplianceProcess, createUpload, createUser, fixtureDir, killEmbeddedRedis, startAppliance, talkingAudio, waitFor } from '@biblio/test-support';
import { databaseEngineCases, type DatabaseEngineCase } from './harness/database-targets.js';

/**
 * Transcripts people can fix, against a real appliance (PGlite, then Postgres + pgvector): a
 * subtitle import replaces what speech-to-text wrote and search follows at once; segment edits
 * with If-Match (stale: 409); speakers from VTT voice tags in exports and as a search filter;
 * versions that restore search too; exports that are exactly the edited text.
 */
const SRT = [
  '1\n00:00:01,000 --> 00:00:03,000\n오늘 회의에서 예산을 논의했습니다\n',
  '2\n00:00:04,000 --> 00:00:06,500\nThe harbour bridge needs new paint\n',
  '3\n00:00:07,000 --> 00:00:09,000\n다음 분기 계획을 검토합니다\n',
].join('\n');

const VTT = 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Minji Park>the orchard harvest was early\n\n00:00:04.000 --> 00:00:06.000\n<v Tom>the orchard needs more water\n';

for (const engine of databaseEngineCases()) describe.skipIf(engine.skip !== undefined)(`editable transcripts on ${engine.label}`, () => {
  let database: Awaited<ReturnType<DatabaseEngineCase['create']>> | undefined;
  let app: ApplianceProcess;
  let dir: string;
  let alice: string;
  let bob: string;
  let id: string;

  const call = (route: string, init: RequestInit = {}, token = alice) => api(app.url, token, route, init);
  const put = (body: string | Uint8Array, type: string, token = alice, headers: Record<string, string> = {}) =>
    call(`/api/media/${id}/transcript`, { method: 'PUT', body, headers: { 'Content-Type': type, ...headers } }, token);
  const json = (method: string, route: string, body: unknown, headers: Record<string, string> = {}) =>
    call(route, { method, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers } });
  const search = async (q: string, extra = '') => (await call(`/api/search?q=${encodeURIComponent(q)}${extra}`)).json.results as { mediaId: string; start: number; text: string; speaker?: string | null }[];
  const etag = async () => (await call(`/api/media/${id}/transcript.json`)).headers.get('etag')!;

  beforeAll(async () => {
    dir = await fixtureDir();
    database = await engine.create();
    app = await startAppliance({ env: database.env });
    alice = await createUser(app.dataDir, 'alice', database.env);
    bob = await createUser(app.dataDir, 'bob', database.env);
    const audio = await talkingAudio(dir, [{ text: 'Rivers shape the land.', atSec: 0.5 }], 12);
    const created = await createUpload(app.url, alice, audio.bytes.length, { filename: 'meeting.mp3', filetype: 'audio/mpeg' }, {}, audio.bytes);
    id = created.mediaId!;
    let last: unknown;
    const media = await waitFor(
      'the upload to settle',
      async () => {
        const m = (last = (await call(`/api/media/${id}`)).json);
        return ['READY', 'FAILED', 'REJECTED'].includes(m?.status) ? m : undefined;
      },
      150_000,
      500,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; last seen: ${JSON.stringify(last)}`);
    });
    expect(media.status, JSON.stringify(media)).toBe('READY');
    expect(media.transcriptSource).toBe('stt');
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
    if (app) await killEmbeddedRedis(app.dataDir);
    if (app) await rm(app.dataDir, { recursive: true, force: true });
    await database?.dispose();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('an imported SRT replaces the transcript, and search finds a Korean phrase at its cue', async () => {
    expect((await put(SRT, 'application/x-subrip', bob)).status).toBe(404);
    const res = await put(SRT, 'application/x-subrip; charset=utf-8');
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ source: 'imported', segments: [{ start: 1, end: 3, text: '오늘 회의에서 예산을 논의했습니다' }, {}, {}] });
    expect((await call(`/api/media/${id}`)).json.transcriptSource).toBe('imported');
    const hits = await search('예산을 논의');
    expect(hits[0]).toMatchObject({ mediaId: id, start: 1, text: '오늘 회의에서 예산을 논의했습니다' });
    expect(await search('harbour bridge')).toMatchObject([{ mediaId: id, start: 4 }]);
    // The engine's words are gone from search with the transcript they came from.
    expect((await search('rivers shape')).filter((h) => h.mediaId === id)).toEqual([]);
    expect(await search('예산', '')).not.toEqual([]);
    expect((await api(app.url, bob, `/api/search?q=${encodeURIComponent('예산')}`)).json.results).toEqual([]);
  });

  it('rejects a malformed SRT naming the cue, other types, other encodings, oversized bodies', async () => {
    const broken = SRT.replace('00:00:04,000 --> 00:00:06,500', '00:00:04,000 -> 00:00:06,500');
    const bad = await put(broken, 'application/x-subrip');
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 'invalid_transcript', field: 'cue 2' });
    expect(bad.json.error.message).toMatch(/^cue 2: /);
    const late = await put('1\n00:00:01,000 --> 00:10:00,000\ntoo long\n', 'application/x-subrip');
    expect(late.json.error).toMatchObject({ code: 'invalid_transcript', field: 'cue 1' });
    expect(late.json.error.message).toMatch(/after the end of the media/);
    expect((await put(SRT, 'text/plain')).json.error).toMatchObject({ code: 'unsupported_media_type', field: 'Content-Type' });
    expect((await put(SRT, 'text/plain')).status).toBe(415);
    const latin1 = Buffer.from('1\n00:00:01,000 --> 00:00:02,000\ncaf\xe9\n', 'latin1');
    expect((await put(latin1, 'application/x-subrip')).json.error.message).toMatch(/not UTF-8/);
    const huge = await put('x'.repeat(9 * 1024 * 1024), 'application/x-subrip');
    expect(huge.status).toBe(413);
    expect((await json('PUT', `/api/media/${id}/transcript`, { segments: 'no' })).status).toBe(400);
    // Text Postgres cannot store is refused up front, naming the segment.
    for (const text of ['a\u0000b', 'a\ud800b']) {
      const refused = await json('PUT', `/api/media/${id}/transcript`, { segments: [{ start: 0, end: 1, text: 'ok' }, { start: 1, end: 2, text }] });
      expect(refused.json.error, JSON.stringify(text)).toMatchObject({ code: 'invalid_transcript', field: 'cue 2' });
    }
    // Nothing of that reached the transcript.
    expect((await search('예산을 논의'))[0]).toMatchObject({ mediaId: id, start: 1 });
  });

  it('an edit reaches search at once and the old words never; a stale edit gets 409', async () => {
    const before = await etag();
    const started = Date.now();
    const edited = await json('PATCH', `/api/media/${id}/transcript/segments/1`, { text: 'The lighthouse keeper paints the railings' }, { 'If-Match': before });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.headers.get('etag')).not.toBe(before);
    expect(edited.json.source).toBe('edited');
    expect(await search('lighthouse keeper')).toMatchObject([{ mediaId: id, start: 4, text: 'The lighthouse keeper paints the railings' }]);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await search('harbour bridge')).filter((h) => h.mediaId === id)).toEqual([]);

    const stale = await json('PATCH', `/api/media/${id}/transcript/segments/1`, { text: 'lost update' }, { 'If-Match': before });
    expect(stale.status).toBe(409);
    expect(stale.json.error).toMatchObject({ code: 'stale_version', field: 'version' });
    expect((await json('PATCH', `/api/media/${id}/transcript/segments/1`, { text: 'no base' })).status).toBe(428);
    expect((await json('PATCH', `/api/media/${id}/transcript/segments/99`, { text: 'x' }, { 'If-Match': await etag() })).status).toBe(404);
    expect((await json('PATCH', `/api/media/${id}/transcript/segments/1`, { end: 1 }, { 'If-Match': await etag() })).json.error.field).toBe('end');
    expect((await search('lost update')).filter((h) => h.mediaId === id)).toEqual([]);
  });

  it('split and merge keep search in step', async () => {
    const current = (await call(`/api/media/${id}/transcript.json`)).json;
    const split = await json('POST', `/api/media/${id}/transcript/segments/1/split`, { version: current.version, at: 5, textBefore: 'The lighthouse keeper', textAfter: 'paints the railings' });
    expect(split.status, split.text).toBe(200);
    expect(split.json.segments.map((s: { start: number; text: string }) => [s.start, s.text])).toEqual([
      [1, '오늘 회의에서 예산을 논의했습니다'],
      [4, 'The lighthouse keeper'],
      [5, 'paints the railings'],
      [7, '다음 분기 계획을 검토합니다'],
    ]);
    expect((await search('paints the railings'))[0]).toMatchObject({ mediaId: id, start: 5 });
    const merged = await call(`/api/media/${id}/transcript/segments/1/merge-next`, { method: 'POST', headers: { 'If-Match': split.headers.get('etag')! } });
    expect(merged.status, merged.text).toBe(200);
    expect(merged.json.segments).toHaveLength(3);
    expect((await search('paints the railings'))[0]).toMatchObject({ mediaId: id, start: 4 });
  });

  it('exports are exactly the edited transcript in each format', async () => {
    const srt = await call(`/api/media/${id}/transcript.srt`);
    expect(srt.text).toBe(
      '1\n00:00:01,000 --> 00:00:03,000\n오늘 회의에서 예산을 논의했습니다\n\n' +
        '2\n00:00:04,000 --> 00:00:06,500\nThe lighthouse keeper paints the railings\n\n' +
        '3\n00:00:07,000 --> 00:00:09,000\n다음 분기 계획을 검토합니다\n',
    );
    const vtt = await call(`/api/media/${id}/transcript.vtt`);
    expect(vtt.text).toBe(
      'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n오늘 회의에서 예산을 논의했습니다\n\n' +
        '00:00:04.000 --> 00:00:06.500\nThe lighthouse keeper paints the railings\n\n' +
        '00:00:07.000 --> 00:00:09.000\n다음 분기 계획을 검토합니다\n',
    );
    const txt = await call(`/api/media/${id}/transcript.txt`);
    expect(txt.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(txt.text).toBe('[00:00:01] 오늘 회의에서 예산을 논의했습니다\n[00:00:04] The lighthouse keeper paints the railings\n[00:00:07] 다음 분기 계획을 검토합니다\n');
    const body = (await call(`/api/media/${id}/transcript.json`)).json;
    expect(body.segments.map((s: { text: string }) => s.text)).toEqual(['오늘 회의에서 예산을 논의했습니다', 'The lighthouse keeper paints the railings', '다음 분기 계획을 검토합니다']);
    // An older version exports as it was.
    expect((await call(`/api/media/${id}/transcript.srt?version=2`)).text).toBe(SRT);
  });

  it('restoring an old version restores search too, as a new version', async () => {
    const versions = (await call(`/api/media/${id}/transcript/versions`)).json;
    expect(versions.versions.map((v: { source: string }) => v.source)).toEqual(['stt', 'imported', 'edited', 'edited', 'edited']);
    expect(versions.versions[1]).toMatchObject({ version: 2, author: 'alice', segmentCount: 3 });
    expect(versions.versions[0]).toMatchObject({ version: 1, author: null });
    expect((await call(`/api/media/${id}/transcript/versions/2`)).json.segments[1].text).toBe('The harbour bridge needs new paint');
    expect((await call(`/api/media/${id}/transcript/versions/2`, {}, bob)).status).toBe(404);

    const restored = await call(`/api/media/${id}/transcript/versions/2/restore`, { method: 'POST' });
    expect(restored.status, restored.text).toBe(200);
    expect(restored.json).toMatchObject({ version: 6, source: 'imported' });
    expect(await search('harbour bridge')).toMatchObject([{ mediaId: id, start: 4 }]);
    expect((await search('lighthouse keeper')).filter((h) => h.mediaId === id)).toEqual([]);
    expect((await call(`/api/media/${id}/transcript/versions`)).json.versions.at(-1)).toMatchObject({ version: 6, source: 'restored', note: 'restored version 2' });
    expect((await json('POST', `/api/media/${id}/transcript/versions/99/restore`, {})).status).toBe(404);
  });

  it('speech-to-text never silently replaces a person’s transcript; with overwrite=true it does, as a new version', async () => {
    const refused = await call(`/api/media/${id}/retranscribe`, { method: 'POST' });
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('transcript_protected');
    expect((await call(`/api/media/${id}/retranscribe?overwrite=true`, { method: 'POST' }, bob)).status).toBe(404);
    const before = (await call(`/api/media/${id}/transcript/versions`)).json.current as number;
    const accepted = await call(`/api/media/${id}/retranscribe?overwrite=true`, { method: 'POST' });
    expect(accepted.status, accepted.text).toBe(202);
    const media = await waitFor(
      'speech-to-text to run again',
      async () => {
        const m = (await call(`/api/media/${id}`)).json;
        return m?.status === 'READY' && m.stages.index.status === 'done' ? m : undefined;
      },
      120_000,
      500,
    );
    expect(media.transcriptSource).toBe('stt');
    const versions = (await call(`/api/media/${id}/transcript/versions`)).json;
    expect(versions.versions.at(-1)).toMatchObject({ version: before + 1, source: 'stt', author: null });
    expect((await search('harbour bridge')).filter((h) => h.mediaId === id)).toEqual([]);
    expect((await call(`/api/media/${id}/transcript/versions/${before}`)).json.segments[1].text).toBe('The harbour bridge needs new paint');
  });

  it('speakers from VTT voice tags appear in exports, in results, as a filter, and can be renamed', async () => {
    const res = await put(VTT, 'text/vtt');
    expect(res.status, res.text).toBe(200);
    expect(res.json.speakers).toEqual([{ id: 'S1', name: 'Minji Park' }, { id: 'S2', name: 'Tom' }]);
    const vtt = (await call(`/api/media/${id}/transcript.vtt`)).text;
    expect(vtt).toBe('WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Minji Park>the orchard harvest was early\n\n00:00:04.000 --> 00:00:06.000\n<v Tom>the orchard needs more water\n');
    expect((await call(`/api/media/${id}/transcript.srt`)).text).toContain('Tom: the orchard needs more water');
    expect((await call(`/api/media/${id}/transcript.json`)).json.segments[0]).toMatchObject({ speaker: 'S1', speakerName: 'Minji Park' });

    // Both cues share one search chunk: one moment, naming who speaks at it.
    expect((await search('orchard harvest'))[0]).toMatchObject({ mediaId: id, start: 1, speaker: 'Minji Park' });
    expect(await search('orchard', '&speaker=tom')).toMatchObject([{ mediaId: id, start: 4, speaker: 'Tom' }]);
    expect(await search('orchard', `&speaker=${encodeURIComponent('Minji Park')}`)).toMatchObject([{ start: 1, speaker: 'Minji Park' }]);
    expect(await search('orchard', '&speaker=nobody')).toEqual([]);

    const speakers = await call(`/api/media/${id}/speakers`);
    expect(speakers.json).toMatchObject({ speakers: [{ id: 'S1', name: 'Minji Park' }, { id: 'S2', name: 'Tom' }] });
    const renamed = await json('PATCH', `/api/media/${id}/speakers`, { speakers: [{ id: 'S2', name: 'Thomas' }] }, { 'If-Match': speakers.headers.get('etag')! });
    expect(renamed.status, renamed.text).toBe(200);
    expect(await search('orchard', '&speaker=Thomas')).toMatchObject([{ start: 4, speaker: 'Thomas' }]);
    expect(await search('orchard', '&speaker=Tom')).toEqual([]);
    expect((await call(`/api/media/${id}/transcript.vtt`)).text).toContain('<v Thomas>the orchard needs more water');
    expect((await json('PATCH', `/api/media/${id}/speakers`, { speakers: [{ id: 'S9', name: 'X' }], version: renamed.json.version })).status).toBe(404);
    expect((await call(`/api/search?q=orchard&speaker=`)).status).toBe(400);
  });
});
