import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { STAGES, type MediaStatus, type Stage, type StageJob, type StageStatus } from '@biblio/shared';
import pino from 'pino';
import { MemoryAssetStore } from '../../../src/adapters/memory/asset-store.js';
import { MemoryEventBus } from '../../../src/adapters/memory/event-bus.js';
import { MemoryDatabase } from '../../../src/adapters/memory/memory-database.js';
import { MemoryPipelineQueue } from '../../../src/adapters/memory/pipeline-queue.js';
import { MemoryUploadStorage } from '../../../src/adapters/memory/upload-storage.js';
import { uploadObjectKey, type MediaRecord } from '../../../src/domain/media.js';
import { MediaService } from '../../../src/services/media-service.js';
import { STATUS_PATH as PATH } from '../../support/status-paths.js';

/**
 * A clock the test moves by hand (uploads that are a day old, stages stuck for an hour). It starts
 * at the real time because some services still compare with Date.now() (the relay's lag).
 */
export class TestClock {
  private at = Date.now();
  now = () => new Date(this.at);
  advance(ms: number): void {
    this.at += ms;
  }
}


/** Everything a service needs, in memory: no FFmpeg, Redis or database. */
export function memoryWorld() {
  const clock = new TestClock();
  const db = new MemoryDatabase(clock);
  const queue = new MemoryPipelineQueue();
  const storage = new MemoryUploadStorage();
  const assets = new MemoryAssetStore();
  const events = new MemoryEventBus();
  const media = new MediaService(db, storage, assets, events, db.processing);
  const log = pino({ level: 'silent' });

  async function newMedia(status: MediaStatus = 'UPLOADING', stages: Partial<Record<Stage, StageStatus>> = {}): Promise<MediaRecord> {
    const ownerId = randomUUID();
    const id = randomUUID();
    const objectKey = uploadObjectKey(ownerId, id);
    await db.media.create({ id, ownerId, filename: 'talk.mp4', filetype: 'video/mp4', title: null, language: null, size: 1000, objectKey });
    storage.objects.set(objectKey, Buffer.from('bytes'));
    for (const step of PATH[status]) await db.media.transition(id, step);
    for (const [stage, status] of Object.entries(stages)) await db.media.upsertStage(id, stage as Stage, { status });
    return (await db.media.findById(id))!;
  }

  const jobOf = (m: MediaRecord): StageJob => ({ mediaId: m.id, ownerId: m.ownerId, objectKey: m.objectKey });
  const stageStatus = async (mediaId: string, stage: Stage) => (await db.media.stagesOf([mediaId])).find((s) => s.stage === stage);
  const status = async (mediaId: string) => (await db.media.findById(mediaId))?.status;

  return { clock, db, queue, storage, assets, events, media, log, newMedia, jobOf, stageStatus, status };
}

export type MemoryWorld = ReturnType<typeof memoryWorld>;

/** Every stage but `except` recorded as done. */
export function allDoneBut(...except: Stage[]): Partial<Record<Stage, StageStatus>> {
  return Object.fromEntries(STAGES.filter((s) => !except.includes(s)).map((s) => [s, 'done']));
}

export async function tempWorkspace() {
  const root = await mkdtemp(path.join(os.tmpdir(), 'biblio-runner-'));
  let n = 0;
  return {
    root,
    create: async (stage: string) => {
      const dir = path.join(root, `${stage}-${n++}`);
      await mkdir(dir);
      return dir;
    },
    sweepOrphans: async () => 0,
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}
