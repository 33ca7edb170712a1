import { describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../../src/services/outbox-relay.js';
import { PIPELINE_TOPIC } from '../../../src/services/uploads.js';
import { memoryWorld } from './fixtures.js';

async function setup(count: number) {
  const world = memoryWorld();
  const media = [];
  for (let i = 0; i < count; i++) {
    const m = await world.newMedia('UPLOADED');
    await world.db.outbox.add(PIPELINE_TOPIC, m.id, world.jobOf(m));
    media.push(m);
  }
  return { world, media, relay: new OutboxRelay(world.db, world.queue, world.log) };
}

describe('OutboxRelay (in memory)', () => {
  it('publishes pending rows in the order they were written and marks them published', async () => {
    const { world, media, relay } = await setup(3);
    expect(await relay.drain()).toBe(3);
    expect(world.queue.published.map((p) => [p.after, p.job.mediaId])).toEqual(media.map((m) => [null, m.id]));
    expect(await world.db.outbox.pending(10)).toEqual([]);
    expect(await relay.drain()).toBe(0);
  });

  it('keeps a row pending (attempt counted) while the queue throws, and publishes it once the queue is back', async () => {
    const { world, media, relay } = await setup(2);
    world.queue.failPublishWith = new Error('connect ECONNREFUSED 127.0.0.1:6379');
    expect(await relay.drain()).toBe(0);
    const pending = await world.db.outbox.pending(10);
    expect(pending.map((p) => [p.mediaId, p.attempts])).toEqual([
      [media[0]!.id, 1],
      [media[1]!.id, 0],
    ]);
    expect(await relay.lag(60_000)).toBeUndefined();
    world.queue.failPublishWith = undefined;
    expect(await relay.drain()).toBe(2);
    expect(world.queue.published.map((p) => p.job.mediaId)).toEqual(media.map((m) => m.id));
  });

  it('refuses a row of an unknown topic instead of dropping it', async () => {
    const { world, relay } = await setup(0);
    const m = await world.newMedia('UPLOADED');
    await world.db.outbox.add('something.else', m.id, world.jobOf(m));
    expect(await relay.drain()).toBe(0);
    expect((await world.db.outbox.pending(10)).map((p) => p.attempts)).toEqual([1]);
  });
});
