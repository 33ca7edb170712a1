import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, api, type ApplianceProcess, createUpload, fixtureDir, killEmbeddedRedis, runAdmin, startAppliance, talkingAudio, waitFor } from '@biblio/test-support';

/**
 * Failure handling with an external speech-to-text server that is down (it answers 503, as a
 * real one does when overloaded or misconfigured): retries with backoff, FAILED with the reason,
 * a dead letter for admins, the alert webhook, and a manual retry that really re-runs the stage.
 */
let app: ApplianceProcess;
let engine: Server;
let dir: string;
const transcriptionCalls: number[] = [];
const alerts: Record<string, unknown>[] = [];

beforeAll(async () => {
  dir = await fixtureDir();
  engine = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('latin1')));
    req.on('end', () => {
      if (req.url === '/hook') {
        alerts.push(JSON.parse(body) as Record<string, unknown>);
        res.writeHead(204).end();
        return;
      }
      transcriptionCalls.push(Date.now());
      res.writeHead(503, { 'Content-Type': 'application/json' }).end('{"error":{"message":"model is loading"}}');
    });
  });
  await new Promise<void>((resolve) => engine.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(engine.address() as AddressInfo).port}`;
  app = await startAppliance({
    env: {
      BIBLIO_STT: 'http',
      BIBLIO_STT_URL: base,
      BIBLIO_STT_MODEL: 'whisper-1',
      BIBLIO_ALERT_WEBHOOK: `${base}/hook`,
      BIBLIO_BACKOFF_SCALE: '0.01',
    },
  });
});

afterAll(async () => {
  await app?.stop();
  await killEmbeddedRedis(app.dataDir);
  await rm(app.dataDir, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
  engine?.close();
});

const mediaOf = async (id: string) => (await api(app.url, ADMIN_TOKEN, `/api/media/${id}`)).json;

describe('a stage that keeps failing', () => {
  it('retries, ends FAILED with the reason, alerts, is listed as a dead letter and can be retried', async () => {
    const audio = await talkingAudio(dir, [{ text: 'Hello there.', atSec: 0.5 }], 3);
    const id = (await createUpload(app.url, ADMIN_TOKEN, audio.bytes.length, { filename: 'memo.mp3', filetype: 'audio/mpeg' }, {}, audio.bytes)).mediaId!;

    const failed = await waitFor('the media to fail', async () => ((await mediaOf(id))?.status === 'FAILED' ? mediaOf(id) : undefined), 90_000);
    expect(failed.error).toMatch(/^transcribe failed: .*503/);
    expect(failed.stages.transcribe).toMatchObject({ status: 'failed' });
    expect(failed.stages.transcribe.error).toMatch(/503/);
    expect(failed.stages.hls.status).toBe('done');
    expect(failed.stages.index?.status ?? 'pending').toBe('pending');
    expect(transcriptionCalls).toHaveLength(3); // attempts from the stage table

    await waitFor('the alert webhook', async () => alerts.length >= 1, 10_000);
    expect(alerts[0]).toMatchObject({ event: 'biblio.stage.failed', mediaId: id, stage: 'transcribe', filename: 'memo.mp3' });

    const user = (await runAdmin(app.dataDir, ['create-user', 'viewer'])).stdout.trim().split('\n').pop()!;
    expect((await api(app.url, user, '/api/jobs/failed')).status).toBe(403);
    const dead = (await api(app.url, ADMIN_TOKEN, '/api/jobs/failed')).json.jobs;
    expect(dead).toContainEqual(expect.objectContaining({ stage: 'transcribe', mediaId: id, attempts: 3 }));
    expect((await api(app.url, user, `/api/media/${id}/retry`, { method: 'POST' })).status).toBe(404);

    const retried = await api(app.url, ADMIN_TOKEN, `/api/media/${id}/retry`, { method: 'POST' });
    expect(retried.status).toBe(202);
    expect(retried.json.status).toBe('PROCESSING');
    await waitFor('the retried stage to fail again', async () => transcriptionCalls.length >= 6 && (await mediaOf(id))?.status === 'FAILED', 90_000);
    expect(transcriptionCalls).toHaveLength(6);
    await waitFor('a second alert', async () => alerts.length >= 2, 10_000);

    const metrics = (await api(app.url, ADMIN_TOKEN, '/metrics')).text;
    expect(metrics).toMatch(/^biblio_stage_failures_total\{stage="transcribe",final="true"\} 2$/m);
    expect(metrics).toMatch(/^biblio_stage_duration_seconds_count\{stage="hls",outcome="done"\} 1$/m);
  });

  it('refuses to retry media that has not failed', async () => {
    const created = await createUpload(app.url, ADMIN_TOKEN, 4, undefined, {}, Buffer.from('junk'));
    await waitFor('rejection', async () => (await mediaOf(created.mediaId!))?.status === 'REJECTED');
    const res = await api(app.url, ADMIN_TOKEN, `/api/media/${created.mediaId}/retry`, { method: 'POST' });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('not_retryable');
  });
});
