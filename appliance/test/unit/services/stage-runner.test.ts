import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Stage } from '@biblio/shared';
import { STAGE_GRAPH } from '../../../src/domain/stage-graph.js';
import { StageCancelledError, StageDeferredError, type StageOutcome, type StageProcessor } from '../../../src/pipeline/stage-context.js';
import type { RegisteredStage } from '../../../src/pipeline/stages.js';
import type { FailureAlert, FailureAlerts } from '../../../src/services/alerts.js';
import { StageRunner } from '../../../src/services/stage-runner.js';
import { allDoneBut, memoryWorld, tempWorkspace, type MemoryWorld } from './fixtures.js';

const stageOf = (stage: Stage, process: StageProcessor): RegisteredStage => ({ stage, after: STAGE_GRAPH[stage].after, process, ...STAGE_GRAPH[stage].options });
const returning = (outcome: StageOutcome): StageProcessor => vi.fn(async () => outcome);

describe('StageRunner (in memory)', () => {
  let world: MemoryWorld;
  let workspace: Awaited<ReturnType<typeof tempWorkspace>>;
  let alerts: FailureAlert[];
  let blocked: string | undefined;
  let runner: StageRunner;

  beforeEach(async () => {
    world = memoryWorld();
    workspace = await tempWorkspace();
    alerts = [];
    blocked = undefined;
    const alertSink = { notify: (alert: FailureAlert) => alerts.push(alert) } as unknown as FailureAlerts;
    runner = new StageRunner(world.db, world.queue, world.media, alertSink, workspace, world.log, undefined, async () => blocked);
  });
  afterEach(() => workspace.dispose());

  it('records running, then done, and publishes the stages that follow validate', async () => {
    const media = await world.newMedia('UPLOADED');
    const seen: (string | undefined)[] = [];
    const process: StageProcessor = async () => {
      seen.push((await world.stageStatus(media.id, 'validate'))?.status);
      return { status: 'done' };
    };
    await runner.run(stageOf('validate', process), world.jobOf(media), 0);
    expect(seen).toEqual(['running']);
    expect(await world.stageStatus(media.id, 'validate')).toMatchObject({ status: 'done', progress: 100, error: null, attempts: 1 });
    expect(world.queue.published.map((p) => p.after)).toEqual(['validate']);
    expect(world.queue.stagesPublishedFor(media.id).sort()).toEqual(['audio', 'hls', 'index', 'thumbnails', 'transcribe']);
  });

  it('does not publish anything after a stage inside a chain (the queue runs the chain)', async () => {
    const media = await world.newMedia('PROCESSING', { validate: 'done' });
    await runner.run(stageOf('audio', returning({ status: 'done' })), world.jobOf(media), 0);
    expect(world.queue.published).toEqual([]);
  });

  it('turns a rejection into REJECTED with the reason, and publishes nothing', async () => {
    const media = await world.newMedia('UPLOADED');
    await runner.run(stageOf('validate', returning({ status: 'rejected', reason: 'not a media file' })), world.jobOf(media), 0);
    expect(await world.db.media.findById(media.id)).toMatchObject({ status: 'REJECTED', error: 'not a media file' });
    expect(await world.stageStatus(media.id, 'validate')).toMatchObject({ status: 'failed', error: 'not a media file' });
    expect(world.queue.published).toEqual([]);
  });

  it('a slow progress write never lands after the verdict (a rejected stage is never left running)', async () => {
    const media = await world.newMedia('UPLOADED');
    // Progress writes take a while, as on a busy Postgres pool; the verdict comes at once.
    const upsert = world.db.media.upsertStage.bind(world.db.media);
    vi.spyOn(world.db.media, 'upsertStage').mockImplementation(async (...args) => {
      if (args[2].status === 'running' && args[2].progress !== 0) await new Promise((resolve) => setTimeout(resolve, 50));
      return upsert(...args);
    });
    const process: StageProcessor = async (ctx) => {
      ctx.progress(40);
      return { status: 'rejected', reason: 'not a media file' };
    };
    await runner.run(stageOf('validate', process), world.jobOf(media), 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await world.stageStatus(media.id, 'validate')).toMatchObject({ status: 'failed', error: 'not a media file' });
  });

  it('a final failure makes the media FAILED with the reason and sends an alert', async () => {
    const media = await world.newMedia('PROCESSING', { validate: 'done' });
    const boom = vi.fn(async (): Promise<StageOutcome> => {
      throw new Error('encoder crashed');
    });
    const hls = stageOf('hls', boom);
    await expect(runner.run(hls, world.jobOf(media), hls.attempts - 1)).rejects.toThrow('encoder crashed');
    expect(await world.db.media.findById(media.id)).toMatchObject({ status: 'FAILED', error: 'hls failed: encoder crashed' });
    expect(await world.stageStatus(media.id, 'hls')).toMatchObject({ status: 'failed', error: 'encoder crashed' });
    expect(alerts).toEqual([expect.objectContaining({ mediaId: media.id, stage: 'hls', error: 'encoder crashed', filename: 'talk.mp4' })]);
  });

  it('a failure with attempts left keeps the stage pending with a retry note', async () => {
    const media = await world.newMedia('PROCESSING', { validate: 'done' });
    const hls = stageOf('hls', async () => {
      throw new Error('network blip');
    });
    await expect(runner.run(hls, world.jobOf(media), 0)).rejects.toThrow('network blip');
    expect(await world.status(media.id)).toBe('PROCESSING');
    expect((await world.stageStatus(media.id, 'hls'))?.error).toBe(`attempt 1 of ${hls.attempts} failed, retrying: network blip`);
    expect((await world.stageStatus(media.id, 'hls'))?.status).toBe('pending');
    expect(alerts).toEqual([]);
  });

  it('cancelAll() interrupts a running stage: no outcome is recorded and StageCancelledError is thrown', async () => {
    const media = await world.newMedia('PROCESSING', { validate: 'done' });
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const hls = stageOf('hls', (ctx) => {
      started();
      return new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('killed by SIGTERM'))));
    });
    const run = runner.run(hls, world.jobOf(media), hls.attempts - 1);
    await running;
    runner.cancelAll();
    await expect(run).rejects.toBeInstanceOf(StageCancelledError);
    expect(await world.status(media.id)).toBe('PROCESSING');
    expect(await world.stageStatus(media.id, 'hls')).toMatchObject({ status: 'pending', error: null });
    expect(alerts).toEqual([]);
    // After the shutdown began, no new stage starts.
    const thumbs = vi.fn(async (): Promise<StageOutcome> => ({ status: 'done' }));
    await expect(runner.run(stageOf('thumbnails', thumbs), world.jobOf(media), 0)).rejects.toBeInstanceOf(StageCancelledError);
    expect(thumbs).not.toHaveBeenCalled();
  });

  it('defers (StageDeferredError) without running the stage while something blocks stages', async () => {
    const media = await world.newMedia('PROCESSING', { validate: 'done' });
    blocked = 'the disk is full';
    const process = returning({ status: 'done' });
    await expect(runner.run(stageOf('hls', process), world.jobOf(media), 0)).rejects.toBeInstanceOf(StageDeferredError);
    expect(process).not.toHaveBeenCalled();
    expect(await world.stageStatus(media.id, 'hls')).toMatchObject({ status: 'pending', error: 'waiting: the disk is full' });
  });

  it('makes the media READY when its last stage finishes, not before', async () => {
    const media = await world.newMedia('PROCESSING', allDoneBut('hls', 'index'));
    await runner.run(stageOf('hls', returning({ status: 'done' })), world.jobOf(media), 0);
    expect(await world.status(media.id)).toBe('PROCESSING');
    await runner.run(stageOf('index', returning({ status: 'skipped', reason: 'no speech' })), world.jobOf(media), 0);
    expect(await world.status(media.id)).toBe('READY');
    expect(await world.stageStatus(media.id, 'index')).toMatchObject({ status: 'skipped', error: 'no speech' });
  });

  it('skips a stage that already finished (a job published again after Redis lost its data)', async () => {
    const media = await world.newMedia('PROCESSING', allDoneBut());
    const process = returning({ status: 'done' });
    await runner.run(stageOf('hls', process), world.jobOf(media), 0);
    expect(process).not.toHaveBeenCalled();
    expect(await world.status(media.id)).toBe('READY');
  });

  it('skips the stage of a media that is gone (deleted, expired, rejected or purged)', async () => {
    const deleted = await world.newMedia('DELETED');
    const process = returning({ status: 'done' });
    await runner.run(stageOf('validate', process), world.jobOf(deleted), 0);
    await runner.run(stageOf('validate', process), { ...world.jobOf(deleted), mediaId: '00000000-0000-4000-8000-000000000000' }, 0);
    expect(process).not.toHaveBeenCalled();
    expect(await world.db.media.stagesOf([deleted.id])).toEqual([]);
  });
});
