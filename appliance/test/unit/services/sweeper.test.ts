import { describe, expect, it } from 'vitest';
import { Reconciler } from '../../../src/services/reconciler.js';
import { Sweeper, type SweepPolicy } from '../../../src/services/sweeper.js';
import { memoryWorld } from './fixtures.js';

const HOUR = 3_600_000;
const policy: SweepPolicy = { uploadTtlMs: 24 * HOUR, retentionMs: 14 * 24 * HOUR, stuckStageMs: HOUR / 2 };

function setup() {
  const world = memoryWorld();
  const sweeper = new Sweeper(world.db, world.storage, world.media, world.queue, policy, world.clock, world.log);
  return { world, sweeper };
}

describe('Sweeper (in memory)', () => {
  it('expires uploads unfinished after the TTL and removes their bytes; younger ones stay', async () => {
    const { world, sweeper } = setup();
    const old = await world.newMedia('UPLOADING');
    world.clock.advance(23 * HOUR);
    const young = await world.newMedia('UPLOADING');
    world.clock.advance(2 * HOUR);
    expect((await sweeper.sweep()).expired).toBe(1);
    expect(await world.db.media.findById(old.id)).toMatchObject({ status: 'EXPIRED', error: expect.stringContaining('upload expired') });
    expect(world.storage.objects.has(old.objectKey)).toBe(false);
    expect(await world.status(young.id)).toBe('UPLOADING');
    expect(world.storage.objects.has(young.objectKey)).toBe(true);
  });

  it('purges rejected, expired and deleted media after the retention period, not before', async () => {
    const { world, sweeper } = setup();
    const rejected = await world.newMedia('REJECTED');
    const deleted = await world.newMedia('DELETED');
    const ready = await world.newMedia('READY');
    world.clock.advance(13 * 24 * HOUR);
    expect((await sweeper.sweep()).purged).toBe(0);
    world.clock.advance(2 * 24 * HOUR);
    expect((await sweeper.sweep()).purged).toBe(2);
    expect(await world.db.media.findById(rejected.id)).toBeUndefined();
    expect(await world.db.media.findById(deleted.id)).toBeUndefined();
    expect(world.storage.objects.has(rejected.objectKey)).toBe(false);
    expect(await world.status(ready.id)).toBe('READY');
  });

  it('re-enqueues stuck stages by what the queue says: missing -> republish its flow, failed -> retry, active -> leave', async () => {
    const { world, sweeper } = setup();
    const lost = await world.newMedia('PROCESSING', { validate: 'done', hls: 'running' });
    const failed = await world.newMedia('PROCESSING', { validate: 'done', thumbnails: 'running' });
    const active = await world.newMedia('PROCESSING', { validate: 'done', audio: 'running' });
    const validating = await world.newMedia('UPLOADED', { validate: 'running' });
    world.queue.setState('thumbnails', failed.id, 'failed');
    world.queue.setState('audio', active.id, 'active');
    world.clock.advance(HOUR);
    expect((await sweeper.sweep()).requeued).toBe(3);
    // hls runs in a chain published after validate: that flow is published again.
    expect(world.queue.published.map((p) => [p.job.mediaId, p.after])).toEqual([
      [lost.id, 'validate'],
      [validating.id, null],
    ]);
    expect(world.queue.retried).toEqual([{ stage: 'thumbnails', mediaId: failed.id }]);
    expect(await world.stageStatus(lost.id, 'hls')).toMatchObject({ status: 'pending', error: 're-enqueued after 30 min without progress' });
    expect(await world.stageStatus(active.id, 'audio')).toMatchObject({ status: 'running' });
  });

  it('runs the reconciler on its schedule', async () => {
    const world = memoryWorld();
    const reconciler = new Reconciler(world.db, world.queue, world.log);
    const sweeper = new Sweeper(world.db, world.storage, world.media, world.queue, policy, world.clock, world.log, reconciler);
    const m = await world.newMedia('UPLOADED');
    expect((await sweeper.sweep()).reconciled).toBe(1);
    expect(world.queue.published.map((p) => [p.job.mediaId, p.after])).toEqual([[m.id, null]]);
  });

  it('aborts multipart uploads older than the TTL unless their media is still uploading', async () => {
    const { world, sweeper } = setup();
    const uploading = await world.newMedia('UPLOADING');
    const expired = await world.newMedia('REJECTED');
    const initiated = new Date(world.clock.now().getTime() - 25 * HOUR);
    world.storage.multipart.push({ key: uploading.objectKey, uploadId: 'a', initiated }, { key: expired.objectKey, uploadId: 'b', initiated });
    world.clock.advance(HOUR);
    const report = await sweeper.sweep();
    expect(report.abortedMultipart).toBe(1);
    expect(world.storage.aborted.map((u) => u.uploadId)).toEqual(['b']);
    expect(world.storage.multipart.map((u) => u.uploadId)).toEqual(['a']);
  });
});
