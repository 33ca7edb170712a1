import { describe, expect, it } from 'vitest';
import { Reconciler } from '../../../src/services/reconciler.js';
import { NotRetryableError, RetryService } from '../../../src/services/retry.js';
import { memoryWorld } from './fixtures.js';

function setup() {
  const world = memoryWorld();
  const retry = new RetryService(world.db, world.queue, world.media, new Reconciler(world.db, world.queue, world.log));
  return { world, retry };
}

describe('RetryService (in memory)', () => {
  it('FAILED: re-runs the failed stage job in place, resets it to pending and moves the media to PROCESSING', async () => {
    const { world, retry } = setup();
    const m = await world.newMedia('FAILED', { validate: 'done', thumbnails: 'done', hls: 'failed' });
    world.queue.setState('hls', m.id, 'failed');
    const updated = await retry.retry(m);
    expect(updated).toMatchObject({ status: 'PROCESSING', error: null });
    expect(world.queue.retried).toEqual([{ stage: 'hls', mediaId: m.id }]);
    expect(world.queue.published).toEqual([]);
    expect(await world.stageStatus(m.id, 'hls')).toMatchObject({ status: 'pending', error: null });
    expect(world.events.published.at(-1)?.event).toMatchObject({ type: 'media.updated', mediaId: m.id });
  });

  it('FAILED whose job record is gone: publishes the flow the stage runs in again', async () => {
    const { world, retry } = setup();
    const failedValidation = await world.newMedia('FAILED', { validate: 'failed' });
    const failedIndex = await world.newMedia('FAILED', { validate: 'done', index: 'failed' });
    await retry.retry(failedValidation);
    await retry.retry(failedIndex);
    expect(world.queue.published.map((p) => [p.job.mediaId, p.after])).toEqual([
      [failedValidation.id, null],
      [failedIndex.id, 'validate'],
    ]);
  });

  it('stuck PROCESSING (its jobs are gone): reconciles instead', async () => {
    const { world, retry } = setup();
    const m = await world.newMedia('PROCESSING', { validate: 'done' });
    expect(await retry.retry(m)).toEqual(m);
    expect(world.queue.published.map((p) => p.after)).toEqual(['validate']);
  });

  it('refuses media that have nothing to retry', async () => {
    const { world, retry } = setup();
    const running = await world.newMedia('PROCESSING', { validate: 'done' });
    await world.queue.publishAfter('validate', world.jobOf(running));
    await expect(retry.retry(running)).rejects.toBeInstanceOf(NotRetryableError);
    for (const status of ['READY', 'REJECTED', 'UPLOADING'] as const) {
      await expect(retry.retry(await world.newMedia(status))).rejects.toBeInstanceOf(NotRetryableError);
    }
  });
});
