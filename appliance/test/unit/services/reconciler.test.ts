import { describe, expect, it } from 'vitest';
import { Reconciler } from '../../../src/services/reconciler.js';
import { memoryWorld } from './fixtures.js';

function setup() {
  const world = memoryWorld();
  return { world, reconciler: new Reconciler(world.db, world.queue, world.log) };
}

describe('Reconciler (in memory)', () => {
  it('republishes what a Redis data loss took: validation of UPLOADED media, the processing flows of PROCESSING media', async () => {
    const { world, reconciler } = setup();
    const uploaded = await world.newMedia('UPLOADED');
    const processing = await world.newMedia('PROCESSING', { validate: 'done', thumbnails: 'done', hls: 'running' });
    const ready = await world.newMedia('READY');
    await world.queue.publishPipeline(world.jobOf(uploaded));
    await world.queue.publishAfter('validate', world.jobOf(processing));
    world.queue.published.length = 0;
    world.queue.loseEverything();

    expect(await reconciler.reconcileAll()).toBe(2);
    expect(world.queue.published.map((p) => [p.job.mediaId, p.after])).toEqual([
      [uploaded.id, null],
      [processing.id, 'validate'],
    ]);
    expect(world.queue.stagesPublishedFor(ready.id)).toEqual([]);
    // Everything has a job again: a second pass finds nothing to do.
    expect(await reconciler.reconcileAll()).toBe(0);
  });

  it('leaves queued, active and waiting jobs alone', async () => {
    const { world, reconciler } = setup();
    const m = await world.newMedia('PROCESSING', { validate: 'done' });
    world.queue.setState('thumbnails', m.id, 'active');
    world.queue.setState('hls', m.id, 'waiting');
    world.queue.setState('audio', m.id, 'delayed');
    world.queue.setState('transcribe', m.id, 'waiting-children');
    world.queue.setState('index', m.id, 'waiting-children');
    expect(await reconciler.reconcile(m)).toBe(false);
    expect(world.queue.published).toEqual([]);
    expect(world.queue.retried).toEqual([]);
  });

  it('retries a failed job the database never saw fail', async () => {
    const { world, reconciler } = setup();
    const m = await world.newMedia('PROCESSING', { validate: 'done', hls: 'running' });
    await world.queue.publishAfter('validate', world.jobOf(m));
    world.queue.published.length = 0;
    world.queue.setState('hls', m.id, 'failed');
    expect(await reconciler.reconcile(m)).toBe(true);
    expect(world.queue.retried).toEqual([{ stage: 'hls', mediaId: m.id }]);
    expect(world.queue.published).toEqual([]);
  });

  it('republishes validation of a PROCESSING media whose validate attempt failed to publish and whose job Redis lost', async () => {
    const { world, reconciler } = setup();
    // validate moved the media on, then its publish failed (Redis dying): validate is pending.
    const m = await world.newMedia('PROCESSING', { validate: 'pending', thumbnails: 'done', hls: 'done', audio: 'done', transcribe: 'done', index: 'done' });
    expect(await reconciler.reconcile(m)).toBe(true);
    expect(world.queue.published.map((p) => p.after)).toEqual([null]);
  });
});
