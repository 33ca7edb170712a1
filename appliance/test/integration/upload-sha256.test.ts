import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { UploadStorage } from '../../src/ports/upload-storage.js';
import { durableBytes, startOnStore, storeTargets } from './harness/storage-probe.js';
import { ADMIN_TOKEN, api, type ApplianceProcess, createUpload, disposeAppliance, headOffset, patch, randomData, sha256, slowPatch, startAppliance, waitFor } from '@biblio/test-support';

/**
 * The sha256 of every finished upload is computed while the bytes arrive (a native hash kept in
 * the process between PATCH requests), on the filesystem store and on a real S3 server: across
 * several requests and an aborted request; after a SIGKILL mid-request the chain is broken and
 * the validate stage reads the file once, so the digest is right in every case.
 */
const s3 = inject('s3');
const targets = storeTargets(s3);

const MiB = 1024 * 1024;

describe.each(targets)('upload sha256 on the $name', ({ s3Env, skip }) => {
  const env = s3Env ?? {};
  let app: ApplianceProcess;
  let storage: UploadStorage;
  let ownerId: string;
  const keyOf = (mediaId: string) => `uploads/${ownerId}/${mediaId}`;
  const mediaOf = async (id: string) => (await api(app.url, ADMIN_TOKEN, `/api/media/${id}`)).json;
  /** Chain breaks counted by this appliance process (the re-read fallback), by reason. */
  const chainBreaks = async (): Promise<Record<string, number>> => {
    const text = (await api(app.url, ADMIN_TOKEN, '/metrics')).text;
    const found: Record<string, number> = {};
    for (const m of text.matchAll(/^biblio_upload_hash_chain_breaks_total\{reason="(\w+)"\} (\d+)$/gm)) found[m[1]!] = Number(m[2]);
    return found;
  };

  beforeAll(async () => {
    if (!skip) ({ app, storage, ownerId } = await startOnStore(s3Env));
  });

  afterAll(async () => {
    if (!skip) await disposeAppliance(app);
  });

  it.skipIf(skip)('hashes a multi-request upload as it arrives and finds it by sha256', async () => {
    const data = randomData(11 * MiB);
    const id = (await createUpload(app.url, ADMIN_TOKEN, data.length)).mediaId!;
    let offset = 0;
    for (const size of [5 * MiB, 1, 3 * MiB - 1, 3 * MiB]) {
      expect((await patch(app.url, ADMIN_TOKEN, id, offset, data.subarray(offset, offset + size))).status).toBe(204);
      offset += size;
      if (offset < data.length) expect((await mediaOf(id)).sha256).toBeNull();
    }
    // Set before the finish hook ran: no second read of the file was needed.
    expect((await mediaOf(id)).sha256).toBe(sha256(data));
    const found = (await api(app.url, ADMIN_TOKEN, `/api/media?sha256=${sha256(data).toUpperCase()}`)).json;
    expect(found.media.map((m: { id: string }) => m.id)).toEqual([id]);
    expect(await chainBreaks()).toEqual({});
  });

  it.skipIf(skip)('hashes creation-with-upload and a zero-byte upload', async () => {
    const data = randomData(300 * 1024);
    const withBody = await createUpload(app.url, ADMIN_TOKEN, data.length, undefined, {}, data);
    expect(withBody.status).toBe(201);
    expect((await mediaOf(withBody.mediaId!)).sha256).toBe(sha256(data));
    const empty = await createUpload(app.url, ADMIN_TOKEN, 0);
    expect(empty.status).toBe(201);
    expect((await mediaOf(empty.mediaId!)).sha256).toBe(sha256(Buffer.alloc(0)));
  });

  it.skipIf(skip)('an interrupted request resumes and still gets the right sha256, computed while receiving', async () => {
    const data = randomData(14 * MiB);
    const id = (await createUpload(app.url, ADMIN_TOKEN, data.length)).mediaId!;
    await slowPatch(app.url, ADMIN_TOKEN, id, 0, data, { sliceBytes: 256 * 1024, pauseMs: 5, afterBytes: 9 * MiB + 12_345, interrupt: (req) => req.destroy() });
    const offset = await waitFor('a settled offset', async () => {
      const head = await headOffset(app.url, ADMIN_TOKEN, id);
      return head.status === 200 && head.offset! > 0 ? head.offset : undefined;
    });
    expect(offset).toBeLessThan(data.length);
    expect((await patch(app.url, ADMIN_TOKEN, id, offset, data.subarray(offset))).status).toBe(204);
    expect((await mediaOf(id)).sha256).toBe(sha256(data));
    expect(await chainBreaks()).toEqual({});
  });

  it.skipIf(skip)('after a SIGKILL mid-request the resumed upload gets the right sha256', async () => {
    const data = randomData(20 * MiB);
    const id = (await createUpload(app.url, ADMIN_TOKEN, data.length)).mediaId!;
    // A first request that completes: the hash stands at 3 MiB in the process about to die.
    expect((await patch(app.url, ADMIN_TOKEN, id, 0, data.subarray(0, 3 * MiB))).status).toBe(204);
    await slowPatch(app.url, ADMIN_TOKEN, id, 3 * MiB, data, {
      sliceBytes: 256 * 1024,
      pauseMs: 5,
      afterBytes: 9 * MiB,
      interrupt: () => {
        void waitFor('bytes to become durable', async () => (await durableBytes(storage, app.dataDir, s3Env, keyOf(id))) >= 8 * MiB || undefined).finally(() => app.kill());
      },
    });
    await app.kill();
    app = await startAppliance({ dataDir: app.dataDir, env });
    const offset = (await headOffset(app.url, ADMIN_TOKEN, id)).offset!;
    expect(offset).toBeGreaterThan(3 * MiB);
    expect((await patch(app.url, ADMIN_TOKEN, id, offset, data.subarray(offset))).status).toBe(204);
    // The hash died with the process: the new one counts the break, validate reads the file once.
    expect(await chainBreaks()).toEqual({ no_state: 1 });
    const media = await waitFor('the sha256 from the validate stage', async () => (await mediaOf(id)).sha256 ?? undefined, 60_000);
    expect(media).toBe(sha256(data));
  });
});
