import { rm } from 'node:fs/promises';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageJobId } from '@biblio/shared';
import { BullmqPipelineQueue } from '../../src/adapters/queue/bullmq-pipeline-queue.js';
import { ADMIN_TOKEN, api, type ApplianceProcess, createUpload, startAppliance, waitFor } from '@biblio/test-support';
import { TestRedis } from './harness/redis-server.js';

/**
 * The finish hook commits UPLOADED + an outbox row in one transaction; the relay publishes it.
 * With Redis down at finish time the upload must stay UPLOADED and be published when Redis
 * returns, exactly once.
 */
describe('outbox relay with Redis stopped and restarted', () => {
  let redis: TestRedis;
  let app: ApplianceProcess;

  beforeAll(async () => {
    redis = await TestRedis.create();
    await redis.start();
    app = await startAppliance({ env: { REDIS_URL: redis.url } });
  });

  afterAll(async () => {
    await app?.stop();
    await redis?.stop();
    await rm(app.dataDir, { recursive: true, force: true });
    await rm(redis.dir, { recursive: true, force: true });
  });

  it('keeps the upload, reports the queue down, then publishes once Redis is back', async () => {
    const health = await api(app.url, undefined, '/healthz');
    expect(health.json.components.queue).toEqual({ status: 'ok', engine: 'redis' });

    await redis.stop();
    const created = await createUpload(app.url, ADMIN_TOKEN, 5, { filename: 'talk.mp4', filetype: 'video/mp4' }, {}, Buffer.from('hello'));
    expect(created.status).toBe(201);
    const id = created.mediaId!;
    expect((await api(app.url, ADMIN_TOKEN, `/api/media/${id}`)).json.status).toBe('UPLOADED');

    const down = await api(app.url, undefined, '/healthz');
    expect(down.status).toBe(503);
    expect(down.json.status).toBe('down');
    expect(down.json.components.queue.status).toBe('down');
    expect(down.json.components.database.status).toBe('ok');

    await redis.start();
    const validate = new Queue('validate', { connection: { host: '127.0.0.1', port: redis.port } });
    try {
      const job = await waitFor('the validate job to be published', () => validate.getJob(stageJobId('validate', id)), 30_000);
      expect(job.data).toMatchObject({ mediaId: id, objectKey: expect.stringContaining(`/${id}`) as string });
      expect(job.opts.attempts).toBeGreaterThan(1);

      // Publishing the same media again (a relay retry, a second replica) adds nothing.
      const publisher = new BullmqPipelineQueue(redis.url, () => undefined);
      await waitFor('publisher connected', async () => (await publisher.ping().then(() => true).catch(() => false)) || undefined);
      await publisher.publishPipeline(job.data);
      await publisher.close();
      const counts = await validate.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized');
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(1);
      expect((await api(app.url, undefined, '/healthz')).status).toBe(200);
    } finally {
      await validate.close();
    }
  });
});
