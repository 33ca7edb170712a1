import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, api, type ApplianceProcess, createUpload, createUser, disposeAppliance, FINISHED_UPLOAD_STATUSES, headOffset, patch, randomData, startAppliance, terminate, uploadUrl, waitFor } from '@biblio/test-support';

let app: ApplianceProcess;
let alice: string;
let bob: string;

beforeAll(async () => {
  app = await startAppliance({ env: { BIBLIO_MAX_UPLOAD_BYTES: '1MiB' } });
  alice = await createUser(app.dataDir, 'alice');
  bob = await createUser(app.dataDir, 'bob');
});

afterAll(async () => {
  await disposeAppliance(app);
});

describe('health', () => {
  it('answers /healthz without a token, naming each component and its engine', async () => {
    const res = await api(app.url, undefined, '/healthz');
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('ok');
    expect(res.json.components.database).toEqual({ status: 'ok', engine: 'pglite' });
    expect(res.json.components.queue).toEqual({ status: 'ok', engine: 'redis (embedded)' });
    expect(res.json.components.storage).toEqual({ status: 'ok', engine: 'filesystem' });
    expect(res.json.components.ffmpeg.engine).toMatch(/ffmpeg/);
  });
});

describe('authentication', () => {
  it.each([
    ['GET', '/api/media'],
    ['GET', '/api/events'],
    ['GET', '/api/me'],
    ['GET', '/metrics'],
    ['POST', '/files/'],
  ])('%s %s needs a token (401 with a JSON error)', async (method, path) => {
    const none = await api(app.url, undefined, path, { method, headers: { 'Tus-Resumable': '1.0.0' } });
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe('unauthorized');
    const bad = await api(app.url, 'bib_not-a-real-token', path, { method, headers: { 'Tus-Resumable': '1.0.0' } });
    expect(bad.status).toBe(401);
  });

  it('knows who a token belongs to', async () => {
    const me = await api(app.url, alice, '/api/me');
    expect(me.json).toMatchObject({ name: 'alice', isAdmin: false });
  });

  it('keeps /metrics for admins', async () => {
    expect((await api(app.url, alice, '/metrics')).status).toBe(403);
    const metrics = await api(app.url, ADMIN_TOKEN, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('biblio_uploads_created_total');
    expect(metrics.text).toMatch(/^biblio_queue_jobs\{stage="validate",state="waiting"\} \d+$/m);
    expect(metrics.text).toMatch(/^biblio_queue_oldest_waiting_seconds\{stage="hls"\} [\d.]+$/m);
    expect(metrics.text).toContain('biblio_active_uploads');
    expect(metrics.text).toContain('biblio_process_cpu_seconds_total');
  });
});

describe('tus creation validation', () => {
  it('answers 400 naming the missing metadata', async () => {
    const noName = await createUpload(app.url, alice, 10, { filetype: 'video/mp4' });
    expect(noName.status).toBe(400);
    expect(JSON.parse(noName.body).error).toMatchObject({ code: 'missing_metadata', field: 'filename' });
    const noType = await createUpload(app.url, alice, 10, { filename: 'a.mp4' });
    expect(noType.status).toBe(400);
    expect(JSON.parse(noType.body).error.field).toBe('filetype');
  });

  it('answers 415 for a type that is not video or audio', async () => {
    const res = await createUpload(app.url, alice, 10, { filename: 'setup.exe', filetype: 'application/x-msdownload' });
    expect(res.status).toBe(415);
    expect(JSON.parse(res.body).error.field).toBe('filetype');
  });

  it('answers 413 above BIBLIO_MAX_UPLOAD_BYTES', async () => {
    const res = await createUpload(app.url, alice, 1024 * 1024 + 1);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.field).toBe('Upload-Length');
  });

  it('answers 412 for another tus version and 415 for a PATCH without the tus content type', async () => {
    const res = await createUpload(app.url, alice, 10, undefined, { 'Tus-Resumable': '0.2.2' });
    expect(res.status).toBe(412);
    expect(res.headers.get('tus-version')).toBe('1.0.0');
    const created = await createUpload(app.url, alice, 4);
    const wrongType = await patch(app.url, alice, created.mediaId!, 0, Buffer.from('abcd'), { 'Content-Type': 'text/plain' });
    expect(wrongType.status).toBe(415);
  });

  it('stores nothing for a refused upload', async () => {
    const before = (await api(app.url, bob, '/api/media')).json.media.length;
    await createUpload(app.url, bob, 10, { filename: 'a.txt', filetype: 'text/plain' });
    await createUpload(app.url, bob, 10_000_000);
    expect((await api(app.url, bob, '/api/media')).json.media.length).toBe(before);
  });
});

describe('tus lifecycle', () => {
  it('creates, patches in pieces, reports offsets and finishes the upload', async () => {
    const data = randomData(300_000);
    const created = await createUpload(app.url, alice, data.length, {
      filename: 'interview.mov',
      filetype: 'video/quicktime',
      title: 'An interview',
      language: 'en',
    });
    expect(created.status).toBe(201);
    expect(created.mediaId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.headers.get('upload-expires')).toBeTruthy();
    const id = created.mediaId!;

    const first = await patch(app.url, alice, id, 0, data.subarray(0, 100_000));
    expect(first.status).toBe(204);
    expect(first.headers.get('upload-offset')).toBe('100000');
    expect((await headOffset(app.url, alice, id)).offset).toBe(100_000);

    const uploading = await api(app.url, alice, `/api/media/${id}`);
    expect(uploading.json).toMatchObject({ status: 'UPLOADING', filename: 'interview.mov', title: 'An interview', language: 'en', size: 300_000 });

    const wrongOffset = await patch(app.url, alice, id, 0, data.subarray(0, 10));
    expect(wrongOffset.status).toBe(409);

    expect((await patch(app.url, alice, id, 100_000, data.subarray(100_000))).status).toBe(204);
    const done = await api(app.url, alice, `/api/media/${id}`);
    // Processing starts at once (these random bytes are soon REJECTED): any post-upload status.
    expect(done.json).toMatchObject({ id, size: 300_000, uploadedBytes: 300_000, durationSec: null });
    expect(FINISHED_UPLOAD_STATUSES).toContain(done.json.status);
  });

  it('supports creation-with-upload', async () => {
    const data = randomData(5_000);
    const created = await createUpload(app.url, alice, data.length, { filename: 'a.wav', filetype: 'audio/wav' }, {}, data);
    expect(created.status).toBe(201);
    expect(created.headers.get('upload-offset')).toBe('5000');
    expect(FINISHED_UPLOAD_STATUSES).toContain((await api(app.url, alice, `/api/media/${created.mediaId}`)).json.status);
  });

  it('terminates an unfinished upload: bytes gone, media gone', async () => {
    const created = await createUpload(app.url, alice, 1_000);
    await patch(app.url, alice, created.mediaId!, 0, randomData(400));
    expect((await terminate(app.url, alice, created.mediaId!)).status).toBe(204);
    expect((await headOffset(app.url, alice, created.mediaId!)).status).toBe(404);
    await waitFor('media hidden', async () => (await api(app.url, alice, `/api/media/${created.mediaId}`)).status === 404);
  });

  it('deletes a finished media with DELETE /api/media/:id', async () => {
    const created = await createUpload(app.url, alice, 4, undefined, {}, Buffer.from('abcd'));
    const id = created.mediaId!;
    expect((await api(app.url, alice, `/api/media/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(app.url, alice, `/api/media/${id}`)).status).toBe(404);
    expect((await headOffset(app.url, alice, id)).status).toBe(404);
    expect((await api(app.url, alice, '/api/media')).json.media.map((m: { id: string }) => m.id)).not.toContain(id);
    expect((await api(app.url, alice, `/api/media/${id}`, { method: 'DELETE' })).status).toBe(404);
  });
});

describe('owner isolation', () => {
  it("answers 404 for another owner's media everywhere", async () => {
    const created = await createUpload(app.url, alice, 100);
    const id = created.mediaId!;
    await patch(app.url, alice, id, 0, randomData(50));

    expect((await api(app.url, bob, '/api/media')).json.media.map((m: { id: string }) => m.id)).not.toContain(id);
    expect((await api(app.url, bob, `/api/media/${id}`)).status).toBe(404);
    expect((await api(app.url, bob, `/api/media/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await headOffset(app.url, bob, id)).status).toBe(404);
    expect((await patch(app.url, bob, id, 50, randomData(50))).status).toBe(404);
    expect((await terminate(app.url, bob, id)).status).toBe(404);

    // Alice's upload is untouched by all of that.
    expect((await headOffset(app.url, alice, id)).offset).toBe(50);
    expect((await api(app.url, alice, `/api/media/${id}`)).json.status).toBe('UPLOADING');
  });

  it('refuses upload URLs that are not media ids', async () => {
    const res = await fetch(uploadUrl(app.url, '..%2F..%2Fetc%2Fpasswd'), {
      method: 'HEAD',
      headers: { Authorization: `Bearer ${alice}`, 'Tus-Resumable': '1.0.0' },
    });
    expect(res.status).toBe(404);
  });
});

describe('events', () => {
  it("streams the owner's own media changes, and nobody else's", async () => {
    const read = async (token: string, until: (text: string) => boolean) => {
      const controller = new AbortController();
      const res = await fetch(`${app.url}/api/events`, { headers: { Authorization: `Bearer ${token}` }, signal: controller.signal });
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const reader = res.body!.getReader();
      let text = '';
      const done = (async () => {
        for (;;) {
          const { value, done: end } = await reader.read().catch(() => ({ value: undefined, done: true }));
          if (end) return text;
          text += Buffer.from(value).toString();
          if (until(text)) return text;
        }
      })();
      return { text: () => text, done, stop: () => controller.abort() };
    };

    const aliceStream = await read(alice, (t) => t.includes('"status":"UPLOADED"'));
    const bobStream = await read(bob, () => false);
    const created = await createUpload(app.url, alice, 3, { filename: 'e.mp3', filetype: 'audio/mpeg' }, {}, Buffer.from('abc'));
    const text = await aliceStream.done;
    expect(text).toContain('event: media.created');
    expect(text).toContain(`"mediaId":"${created.mediaId}"`);
    expect(text).toContain('event: media.updated');
    aliceStream.stop();
    bobStream.stop();
    expect(bobStream.text()).not.toContain(created.mediaId!);
  });
});
