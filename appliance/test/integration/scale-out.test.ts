import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ADMIN_TOKEN, api, type ApplianceProcess, createUpload, freePort, headOffset, patch, randomData, sha256, slowPatch, startAppliance, waitFor } from '@biblio/test-support';
import { freshPostgresDatabase, postgresMissing, postgresUrl, redactUrl } from './harness/database-targets.js';
import { TestRedis } from './harness/redis-server.js';
import { probeStorage, storedSha256 } from './harness/storage-probe.js';

/**
 * Two api replicas behind "one URL": they share Redis (locks and tus upload info), the S3
 * server and a Postgres-protocol database: PGlite served over the wire by pglite-socket, and
 * the real Postgres 17 + pgvector of scripts/pg-test-server. An upload started on A resumes on
 * B; two PATCHes racing on one upload cannot corrupt it. (Workers sharing real work:
 * scale-workers.test.ts.)
 */
const s3 = inject('s3');
const s3Skip = 'missing' in s3 ? `SKIPPED, ${s3.missing}` : undefined;
const MiB = 1024 * 1024;

/** A Postgres-protocol server several processes can share, and how to take it down. */
interface SharedDatabase {
  url: string;
  stop(): Promise<void>;
}

async function pgliteOverSocket(): Promise<SharedDatabase> {
  const dbDir = await mkdtemp(path.join(tmpdir(), 'biblio-pgsocket-'));
  const pglite = await PGlite.create(path.join(dbDir, 'db'), { extensions: { vector } });
  const port = await freePort();
  // Every pooled connection of both replicas (pg pools open up to 10 each) shares PGlite's one session.
  const pgServer = new PGLiteSocketServer({ db: pglite, port, host: '127.0.0.1', maxConnections: 100 });
  await pgServer.start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await pgServer.stop();
      await pglite.close();
      await rm(dbDir, { recursive: true, force: true });
    },
  };
}

async function realPostgres(): Promise<SharedDatabase> {
  const db = await freshPostgresDatabase();
  return { url: db.url, stop: db.dispose };
}

const pgUrl = postgresUrl();
const databases: { name: string; start: () => Promise<SharedDatabase>; skip: string | undefined }[] = [
  { name: 'PGlite over pglite-socket', start: pgliteOverSocket, skip: s3Skip },
  {
    name: pgUrl ? `Postgres + pgvector (${redactUrl(pgUrl)})` : 'Postgres + pgvector',
    start: realPostgres,
    skip: s3Skip ?? (postgresMissing() ? `SKIPPED, ${postgresMissing()}` : undefined),
  },
];

for (const { name, start, skip } of databases) describe.skipIf(skip !== undefined)(`two api replicas on ${name}${skip ? `: ${skip}` : ''}`, () => {
  let redis: TestRedis;
  let database: SharedDatabase | undefined;
  let a: ApplianceProcess;
  let b: ApplianceProcess;
  const workers: ApplianceProcess[] = [];
  let databaseUrl = '';

  beforeAll(async () => {
    if (skip || !('env' in s3)) return;
    redis = await TestRedis.create();
    await redis.start();
    database = await start();
    const env = { ...s3.env, DATABASE_URL: database.url, REDIS_URL: redis.url };
    a = await startAppliance({ env, args: ['--role', 'api'] });
    b = await startAppliance({ env, args: ['--role', 'api'] });
    databaseUrl = env.DATABASE_URL;
  });

  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await a?.stop();
    await b?.stop();
    await database?.stop();
    await redis?.stop();
    for (const dir of [a?.dataDir, b?.dataDir, redis?.dir, ...workers.map((w) => w.dataDir)]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('resumes on replica B an upload started on replica A', async () => {
    const data = randomData(18 * MiB);
    const id = (await createUpload(a.url, ADMIN_TOKEN, data.length)).mediaId!;
    expect((await patch(a.url, ADMIN_TOKEN, id, 0, data.subarray(0, 9 * MiB))).status).toBe(204);
    const head = await headOffset(b.url, ADMIN_TOKEN, id);
    expect(head.status).toBe(200);
    expect(head.offset).toBe(9 * MiB);
    expect((await patch(b.url, ADMIN_TOKEN, id, head.offset!, data.subarray(head.offset))).status).toBe(204);
    expect((await headOffset(a.url, ADMIN_TOKEN, id)).offset).toBe(data.length);
    const ownerId = (await api(a.url, ADMIN_TOKEN, '/api/me')).json.id as string;
    expect(await storedSha256(probeStorage('', 'env' in s3 ? s3.env : undefined), `uploads/${ownerId}/${id}`)).toBe(sha256(data));
    expect((await api(b.url, ADMIN_TOKEN, `/api/media/${id}`)).json.uploadedBytes).toBe(data.length);
    // The receive-time hash lives in replica A's memory (a native hash: see
    // services/upload-digests.ts), so B counts a broken chain and leaves the digest to the
    // validate stage (no worker runs here; upload-sha256.test.ts shows validate filling it in).
    expect((await api(b.url, ADMIN_TOKEN, '/metrics')).text).toContain('biblio_upload_hash_chain_breaks_total{reason="no_state"} 1');
    expect((await api(b.url, ADMIN_TOKEN, `/api/media/${id}`)).json.sha256).toBeNull();
  });

  it('lets only one of two racing PATCHes write, and the upload stays intact', async () => {
    const data = randomData(12 * MiB);
    const id = (await createUpload(a.url, ADMIN_TOKEN, data.length)).mediaId!;
    // A slow PATCH holds the lock on A while B tries the same offset.
    let slowDone: Promise<number> | undefined;
    const holding = new Promise<void>((resolve) => {
      slowDone = slowPatch(a.url, ADMIN_TOKEN, id, 0, data, {
        sliceBytes: 256 * 1024,
        pauseMs: 20,
        afterBytes: 6 * MiB,
        interrupt: () => resolve(),
      });
    });
    await holding;
    const racing = await patch(b.url, ADMIN_TOKEN, id, 0, data.subarray(0, 3 * MiB));
    expect([409, 423]).toContain(racing.status);
    await slowDone;
    // Whatever survived is a prefix of the data: finish from the stored offset.
    const offset = await waitFor('a settled offset', async () => (await headOffset(b.url, ADMIN_TOKEN, id)).offset);
    expect((await patch(b.url, ADMIN_TOKEN, id, offset, data.subarray(offset))).status).toBe(204);
    const ownerId = (await api(a.url, ADMIN_TOKEN, '/api/me')).json.id as string;
    expect(await storedSha256(probeStorage('', 'env' in s3 ? s3.env : undefined), `uploads/${ownerId}/${id}`)).toBe(sha256(data));
    // The refused PATCH never reached the store, so no hash saw its bytes: A's hash stands where
    // A's own request ended, and the rest went through B (a broken chain there, counted).
    expect((await api(b.url, ADMIN_TOKEN, '/metrics')).text).toMatch(/biblio_upload_hash_chain_breaks_total\{reason="no_state"\} [12]/);
  });

  it('runs a worker-only process that answers /healthz and, for admins, /metrics', async () => {
    // Idle here: PGlite over the socket gives every process one shared session, which
    // concurrent stage transactions would trample. Workers sharing real work on Postgres +
    // pgvector: scale-workers.test.ts.
    const env = { ...('env' in s3 ? s3.env : {}), DATABASE_URL: databaseUrl, REDIS_URL: redis.url };
    const worker = await startAppliance({ env, args: ['--role', 'worker'] });
    workers.push(worker);
    const health = await api(worker.url, undefined, '/healthz');
    expect(health.status).toBe(200);
    expect(Object.keys(health.json.components).sort()).toEqual(['database', 'queue', 'storage']);
    expect((await api(worker.url, undefined, '/metrics')).status).toBe(401);
    const metrics = await api(worker.url, ADMIN_TOKEN, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('# TYPE biblio_stage_duration_seconds histogram');
  });
});
