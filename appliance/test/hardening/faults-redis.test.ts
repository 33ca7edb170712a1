import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, api, waitFor } from '@biblio/test-support';
import { randomInt, REPEATS, sleep, useFaultLab } from './fault-lab.js';
import { tally } from './tally.js';

/** The embedded redis-server's address and password, read as its owner (the test runs as root). */
async function embeddedRedis(dataDir: string): Promise<{ port: number; password: string }> {
  const conf = await readFile(path.join(dataDir, 'redis', 'redis.conf'), 'utf8');
  return { port: Number(/^port (\d+)$/m.exec(conf)![1]), password: /^requirepass (\S+)$/m.exec(conf)![1]! };
}

/**
 * The queue's data vanishes while media are processing: FLUSHALL, or redis-server dying and
 * coming back without its AOF. The database is the source of truth: every media still reaches
 * READY without anyone touching it, /healthz says the queue is degraded meanwhile, and the
 * sweeper's schedule comes back.
 */
describe('Redis loses its data during processing', () => {
  const faults = useFaultLab();

  it(`${REPEATS} times, FLUSHALL and restart-without-AOF alternating: every media reaches READY with no manual action`, async () => {
    const ids: string[] = [];
    const degradedSeen: boolean[] = [];
    for (let round = 0; round < REPEATS; round += 1) {
      const batch = [await faults.lab.upload(faults.clips.video, `redis-${round}-a.mp4`), await faults.lab.upload(faults.clips.audio, `redis-${round}-b.mp3`)];
      ids.push(...batch);
      await faults.lab.waitStage(batch[0]!, 'processing to be under way', (s) => Object.entries(s).some(([name, st]) => name !== 'validate' && st.status === 'running'), 90_000);
      await sleep(randomInt(0, 800));
      const { port, password } = await embeddedRedis(faults.lab.dataDir);
      if (round % 2 === 0) {
        const client = new Redis({ port, password, lazyConnect: true });
        await client.connect();
        await client.flushall();
        client.disconnect();
      } else {
        // redis-server dies and its AOF is gone: the appliance restarts it empty on the same port.
        const pid = await faults.lab.redisPid();
        process.kill(pid, 'SIGKILL');
        await rm(path.join(faults.lab.dataDir, 'redis', 'appendonlydir'), { recursive: true, force: true });
      }
      const health = await waitFor(
        'the queue to be reported degraded',
        async () => {
          const res = await api(faults.lab.url, undefined, '/healthz');
          return res.json?.components?.queue?.status === 'degraded' ? res : undefined;
        },
        30_000,
      ).catch(() => undefined);
      degradedSeen.push(health !== undefined && health.status === 200);
    }
    const lost = await faults.lab.lost(ids, 240_000);
    const lostIds = new Set(lost.map((l) => l.id));
    const survived = Array.from({ length: REPEATS }, (_, r) => ids.slice(2 * r, 2 * r + 2)).filter((pair) => pair.every((id) => !lostIds.has(id))).length;
    tally('faults', { injected: REPEATS, survived, lost: lost.length });
    expect(lost).toEqual([]);
    expect(degradedSeen).toEqual(Array.from({ length: REPEATS }, () => true));
  });

  it('has the sweeper schedule back, and a stuck media can be retried by hand', async () => {
    const { port, password } = await embeddedRedis(faults.lab.dataDir);
    const maintenance = new Queue('maintenance', { connection: { port, password } });
    try {
      await waitFor('the sweeper schedule to be re-created', async () => (await maintenance.getJobSchedulersCount()) > 0, 30_000);
    } finally {
      await maintenance.close();
    }
    // A media whose jobs vanished and that the watchdog has not repaired yet: /retry restarts it.
    const id = await faults.lab.upload(faults.clips.audio, 'retry-stuck.mp3');
    await faults.lab.waitStage(id, 'processing to start', (s) => s['validate']?.status === 'done', 60_000);
    const client = new Redis({ port, password });
    await client.flushall();
    client.disconnect();
    const retried = await api(faults.lab.url, ADMIN_TOKEN, `/api/media/${id}/retry`, { method: 'POST' });
    // 202/200 when it re-published what was lost; 409 only if the watchdog was faster.
    expect([200, 202, 409]).toContain(retried.status);
    expect(await faults.lab.lost([id], 120_000)).toEqual([]);
  });

  it('leaves no temp folder, orphan object or stuck media behind', async () => {
    expect(await faults.lab.leftovers()).toEqual([]);
  });
});
