import { rm } from 'node:fs/promises';
import { CreateMultipartUploadCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { UploadStorage } from '../../src/ports/upload-storage.js';
import { ADMIN_TOKEN, api, type ApplianceProcess, createUpload, disposeAppliance, FINISHED_UPLOAD_STATUSES, fixtureDir, headOffset, killEmbeddedRedis, patch, randomData, sha256, slowPatch, startAppliance, talkingAudio, terminate, waitFor } from '@biblio/test-support';
import { durableBytes, probeStorage, startOnStore, storeTargets, storedSha256 } from './harness/storage-probe.js';

/**
 * ONE conformance suite for every upload store: the same tus behaviour (create, patch, resume
 * after an aborted request and after SIGKILL, termination, expiration) on the filesystem store
 * and on a real S3 server (Ceph RGW). On S3, offsets round down to finished parts; the client
 * must still end with identical bytes.
 */
const s3 = inject('s3');
const targets = storeTargets(s3);

const MiB = 1024 * 1024;

describe.each(targets)('$name', ({ s3Env, skip }) => {
  const isS3 = s3Env !== undefined;
  const env = s3Env ?? {};
  let app: ApplianceProcess;
  let storage: UploadStorage;
  let ownerId: string;
  const keyOf = (mediaId: string) => `uploads/${ownerId}/${mediaId}`;

  beforeAll(async () => {
    if (!skip) ({ app, storage, ownerId } = await startOnStore(s3Env));
  });

  afterAll(async () => {
    if (!skip) await disposeAppliance(app);
  });

  it.skipIf(skip)('stores a multi-part upload byte for byte', async () => {
    const data = randomData(12 * MiB);
    const created = await createUpload(app.url, ADMIN_TOKEN, data.length);
    expect(created.status).toBe(201);
    const id = created.mediaId!;
    let offset = 0;
    for (const size of [5 * MiB, 4 * MiB, 3 * MiB]) {
      const res = await patch(app.url, ADMIN_TOKEN, id, offset, data.subarray(offset, offset + size));
      expect(res.status).toBe(204);
      offset += size;
    }
    expect(FINISHED_UPLOAD_STATUSES).toContain((await api(app.url, ADMIN_TOKEN, `/api/media/${id}`)).json.status);
    expect(await storedSha256(storage, keyOf(id))).toBe(sha256(data));
  });

  it.skipIf(skip)('resumes after an aborted request from the stored offset', async () => {
    const data = randomData(14 * MiB);
    const id = (await createUpload(app.url, ADMIN_TOKEN, data.length)).mediaId!;
    const sent = await slowPatch(app.url, ADMIN_TOKEN, id, 0, data, {
      sliceBytes: 256 * 1024,
      pauseMs: 5,
      afterBytes: 10 * MiB,
      interrupt: (req) => req.destroy(),
    });
    const offset = await waitFor('a settled offset', async () => {
      const head = await headOffset(app.url, ADMIN_TOKEN, id);
      return head.status === 200 ? head.offset : undefined;
    });
    expect(offset).toBeLessThanOrEqual(sent);
    if (!isS3) expect(offset).toBeGreaterThan(0);
    const rest = await patch(app.url, ADMIN_TOKEN, id, offset, data.subarray(offset));
    expect(rest.status).toBe(204);
    expect(await storedSha256(storage, keyOf(id))).toBe(sha256(data));
  });

  it.skipIf(skip)('resumes after the appliance is SIGKILLed mid-upload', async () => {
    const data = randomData(20 * MiB);
    const id = (await createUpload(app.url, ADMIN_TOKEN, data.length)).mediaId!;
    // Send 11 MiB, hold the request open until the store has made some of it durable (on S3: a
    // finished 8 MiB part), then pull the plug.
    let durable = 0;
    const sent = await slowPatch(app.url, ADMIN_TOKEN, id, 0, data, {
      sliceBytes: 256 * 1024,
      pauseMs: 5,
      afterBytes: 11 * MiB,
      interrupt: () => {
        void waitFor('bytes to become durable', async () => {
          durable = await durableBytes(storage, app.dataDir, s3Env, keyOf(id));
          return durable >= 5 * MiB || undefined;
        }).finally(() => app.kill());
      },
    });
    await app.kill();
    expect(durable).toBeGreaterThanOrEqual(5 * MiB);
    app = await startAppliance({ dataDir: app.dataDir, env });

    const head = await headOffset(app.url, ADMIN_TOKEN, id);
    expect(head.status).toBe(200);
    const offset = head.offset!;
    // The stored offset is exactly what survived: never more than was sent, never less than
    // what was durable before the kill.
    expect(offset).toBeLessThanOrEqual(sent);
    expect(offset).toBeGreaterThanOrEqual(durable);
    expect((await api(app.url, ADMIN_TOKEN, `/api/media/${id}`)).json.status).toBe('UPLOADING');

    expect((await patch(app.url, ADMIN_TOKEN, id, offset, data.subarray(offset))).status).toBe(204);
    expect(await storedSha256(storage, keyOf(id))).toBe(sha256(data));
    expect(FINISHED_UPLOAD_STATUSES).toContain((await api(app.url, ADMIN_TOKEN, `/api/media/${id}`)).json.status);
  });

  it.skipIf(skip)('terminates an unfinished upload and frees its storage', async () => {
    const data = randomData(10 * MiB);
    const id = (await createUpload(app.url, ADMIN_TOKEN, data.length)).mediaId!;
    expect((await patch(app.url, ADMIN_TOKEN, id, 0, data.subarray(0, 9 * MiB))).status).toBe(204);
    expect(await storage.exists(keyOf(id))).toBe(true);
    if (isS3) expect((await storage.listMultipartUploads()).map((u) => u.key)).toContain(keyOf(id));

    expect((await terminate(app.url, ADMIN_TOKEN, id)).status).toBe(204);
    expect((await headOffset(app.url, ADMIN_TOKEN, id)).status).toBe(404);
    expect(await storage.exists(keyOf(id))).toBe(false);
    expect((await storage.listMultipartUploads()).map((u) => u.key)).not.toContain(keyOf(id));
  });

  it.skipIf(skip)('expires unfinished uploads, aborts orphaned multipart uploads, purges after retention', async () => {
    const short = await startAppliance({
      env: { ...env, BIBLIO_UPLOAD_TTL: '3s', BIBLIO_SWEEP_INTERVAL: '1s', BIBLIO_RETENTION: '6s' },
    });
    try {
      const owner = (await api(short.url, ADMIN_TOKEN, '/api/me')).json.id as string;
      const shortStorage = probeStorage(short.dataDir, s3Env);
      const id = (await createUpload(short.url, ADMIN_TOKEN, 6 * MiB)).mediaId!;
      expect((await patch(short.url, ADMIN_TOKEN, id, 0, randomData(MiB))).status).toBe(204);
      // A real (tiny) recording: it ends READY, which is never expired or purged.
      const fixtures = await fixtureDir();
      const audio = await talkingAudio(fixtures, [{ text: 'Keep me.', atSec: 0.2 }], 2);
      await rm(fixtures, { recursive: true, force: true });
      const finished = (await createUpload(short.url, ADMIN_TOKEN, audio.bytes.length, { filename: 'keep.mp3', filetype: 'audio/mpeg' }, {}, audio.bytes)).mediaId!;

      let orphanKey: string | undefined;
      if (s3Env) {
        orphanKey = `uploads/${owner}/00000000-0000-4000-8000-000000000000`;
        const client = new S3Client({
          endpoint: s3Env['S3_ENDPOINT'],
          region: s3Env['S3_REGION'],
          forcePathStyle: true,
          credentials: { accessKeyId: s3Env['S3_ACCESS_KEY']!, secretAccessKey: s3Env['S3_SECRET_KEY']! },
          requestChecksumCalculation: 'WHEN_REQUIRED',
        });
        await client.send(new CreateMultipartUploadCommand({ Bucket: s3Env['S3_BUCKET'], Key: orphanKey }));
        client.destroy();
      }

      const expired = await waitFor('the upload to expire', async () => {
        const media = (await api(short.url, ADMIN_TOKEN, `/api/media/${id}`)).json;
        return media?.status === 'EXPIRED' ? media : undefined;
      });
      expect(expired.error).toMatch(/expired/);
      // The row turns EXPIRED first (so a racing PATCH cannot revive it), then the bytes go.
      await waitFor('the expired bytes to be removed', async () => !(await shortStorage.exists(`uploads/${owner}/${id}`)));
      // tus allows 404 or 410 Gone for an expired upload.
      expect([404, 410]).toContain((await headOffset(short.url, ADMIN_TOKEN, id)).status);
      if (orphanKey) {
        await waitFor('the orphaned multipart upload to be aborted', async () =>
          (await shortStorage.listMultipartUploads()).every((u) => u.key !== orphanKey),
        );
      }
      // Past the retention period the row is purged too; finished uploads are kept.
      await waitFor('the expired media to be purged', async () => (await api(short.url, ADMIN_TOKEN, `/api/media/${id}`)).status === 404, 30_000);
      await waitFor('the finished upload to be processed', async () => (await api(short.url, ADMIN_TOKEN, `/api/media/${finished}`)).json?.status === 'READY', 60_000);
    } finally {
      await short.stop();
      await killEmbeddedRedis(short.dataDir);
      await rm(short.dataDir, { recursive: true, force: true });
    }
  });
});
