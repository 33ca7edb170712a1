import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN } from '../integration/harness/appliance-process.js';
import { api, waitFor } from '../integration/harness/tus-client.js';
import { FaultLab, useFaultLab, randomInt, REPEATS, sleep, type Clips } from './fault-lab.js';
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
  const fixture = useFaultLab();
  let lab: FaultLab;
  let clips: Clips;
  beforeAll(() => {
    lab = fixture.lab();
    clips = fixture.clips();
  });

  it(`${REPEATS} times, FLUSHALL and restart-without-AOF alternating: every media reaches READY with no manual action`, async () => {
    const ids: string[] = [];
    const degradedSeen: boolean[] = [];
    for (let round = 0; round < REPEATS; round += 1) {
      const batch = [await lab.upload(clips.video, `redis-${round}-a.mp4`), await lab.upload(clips.audio, `redis-${round}-b.mp3`)];
      ids.push(...batch);
      await lab.waitStage(batch[0]!, 'processing to be under way', (s) => Object.entries(s).some(([name, st]) => name !== 'validate' && st.status === 'running'), 90_000);
      await sleep(randomInt(0, 800));
      const { port, password } = await embeddedRedis(lab.dataDir);
      if (round % 2 === 0) {
        const client = new Redis({ port, password, lazyConnect: true });
        await client.connect();
        await client.flushall();
        client.disconnect();
      } else {
        // redis-server dies and its AOF is gone: the appliance restarts it empty on the same port.
        const pid = await lab.redisPid();
        process.kill(pid, 'SIGKILL');
        await rm(path.join(lab.dataDir, 'redis', 'appendonlydir'), { recursive: true, force: true });
      }
      const health = await waitFor(
        'the queue to be reported degraded',
        async () => {
          const res = await api(lab.url, undefined, '/healthz');
          return res.json?.components?.queue?.status === 'degraded' ? res : undefined;
        },
        30_000,
      ).catch(() => undefined);
      degradedSeen.push(health !== undefined && health.status === 200);
    }
    const lost = await lab.lost(ids, 240_000);
    const lostIds = new Set(lost.map((l) => l.id));
    const survived = Array.from({ length: REPEATS }, (_, r) => ids.slice(2 * r, 2 * r + 2)).filter((pair) => pair.every((id) => !lostIds.has(id))).length;
    tally('faults', { injected: REPEATS, survived, lost: lost.length });
    expect(lost).toEqual([]);
    expect(degradedSeen).toEqual(Array.from({ length: REPEATS }, () => true));
  });

  it('has the sweeper schedule back, and a stuck media can be retried by hand', async () => {
    const { port, password } = await embeddedRedis(lab.dataDir);
    const maintenance = new Queue('maintenance', { connection: { port, password } });
    try {
      await waitFor('the sweeper schedule to be re-created', async () => (await maintenance.getJobSchedulersCount()) > 0, 30_000);
    } finally {
      await maintenance.close();
    }
    // A media whose jobs vanished and that the watchdog has not repaired yet: /retry restarts it.
    const id = await lab.upload(clips.audio, 'retry-stuck.mp3');
    await lab.waitStage(id, 'processing to start', (s) => s['validate']?.status === 'done', 60_000);
    const client = new Redis({ port, password });
    await client.flushall();
    client.disconnect();
    const retried = await api(lab.url, ADMIN_TOKEN, `/api/media/${id}/retry`, { method: 'POST' });
    // 202/200 when it re-published what was lost; 409 only if the watchdog was faster.
    expect([200, 202, 409]).toContain(retried.status);
    expect(await lab.lost([id], 120_000)).toEqual([]);
  });

  it('leaves no temp folder, orphan object or stuck media behind', async () => {
    expect(await lab.leftovers()).toEqual([]);
  });
});
