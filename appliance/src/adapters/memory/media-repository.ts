import type { MediaStatus, Stage, StageStatus } from '@biblio/shared';
import type { MediaRecord, NewMedia, StageRecord } from '../../domain/media.js';
import { statusesLeadingTo } from '../../domain/media-state.js';
import { comparePositions, matchesFilter, positionOf, sortTitleOf, type MediaPageRequest } from '../../domain/media-listing.js';
import type { Clock } from '../../ports/clock.js';
import type { MediaRepository, TransitionOptions } from '../../ports/database.js';
import { copy, type MemoryTables } from './memory-state.js';

const byTime = (a: Date, b: Date) => a.getTime() - b.getTime();

/** MediaRepository over maps, with the same rules as the SQL one (see its conformance suite). */
export class MemoryMediaRepository implements MediaRepository {
  constructor(
    private readonly tables: () => MemoryTables,
    private readonly clock: Clock,
  ) {}

  private get media() {
    return this.tables().media;
  }

  async create(media: NewMedia): Promise<MediaRecord> {
    if (this.media.has(media.id)) throw new Error(`duplicate key: media ${media.id}`);
    const now = this.clock.now();
    const record: MediaRecord = {
      ...media,
      status: 'UPLOADING',
      uploadedBytes: 0,
      durationSec: null,
      facts: null,
      error: null,
      createdAt: now,
      updatedAt: now,
      uploadedAt: null,
      deletedAt: null,
      generation: 0,
      sortTitle: sortTitleOf(media.title, media.filename),
      sha256: null,
      transcriptSource: null,
    };
    this.media.set(media.id, record);
    return copy(record);
  }

  async findById(id: string): Promise<MediaRecord | undefined> {
    const found = this.media.get(id);
    return found && copy(found);
  }

  async findForOwner(id: string, ownerId: string): Promise<MediaRecord | undefined> {
    const found = this.media.get(id);
    return found && found.ownerId === ownerId && found.status !== 'DELETED' ? copy(found) : undefined;
  }

  async listForOwner(ownerId: string): Promise<MediaRecord[]> {
    return [...this.media.values()]
      .filter((m) => m.ownerId === ownerId && m.status !== 'DELETED')
      .sort((a, b) => byTime(b.createdAt, a.createdAt) || a.id.localeCompare(b.id))
      .map(copy);
  }

  async listPage(ownerId: string, request: MediaPageRequest): Promise<MediaRecord[]> {
    const { sort, after } = request;
    return [...this.media.values()]
      .filter((m) => m.ownerId === ownerId && m.status !== 'DELETED' && matchesFilter(m, request.filter))
      .filter((m) => !after || comparePositions(positionOf(m, sort), after, sort) > 0)
      .sort((a, b) => comparePositions(positionOf(a, sort), positionOf(b, sort), sort))
      .slice(0, request.limit)
      .map(copy);
  }

  async rename(id: string, ownerId: string, names: { title: string | null; filename: string; sortTitle: string }): Promise<MediaRecord | undefined> {
    const found = this.media.get(id);
    if (!found || found.ownerId !== ownerId || found.status === 'DELETED') return undefined;
    found.title = names.title;
    found.filename = names.filename;
    found.sortTitle = names.sortTitle;
    found.updatedAt = this.clock.now();
    return copy(found);
  }

  async recordSha256(id: string, sha256: string): Promise<void> {
    const found = this.media.get(id);
    if (!found) return;
    found.sha256 = sha256;
  }

  async recordUploadProgress(id: string, uploadedBytes: number): Promise<void> {
    const found = this.media.get(id);
    if (found?.status !== 'UPLOADING') return;
    found.uploadedBytes = uploadedBytes;
    found.updatedAt = this.clock.now();
  }

  async transition(id: string, to: MediaStatus, options: TransitionOptions = {}): Promise<MediaRecord | undefined> {
    const found = this.media.get(id);
    // The same compare-and-set as the SQL UPDATE ... WHERE status IN (statuses leading to `to`).
    if (!found || !statusesLeadingTo(to).includes(found.status)) return undefined;
    const now = this.clock.now();
    found.status = to;
    found.updatedAt = now;
    if (options.error !== undefined) found.error = options.error;
    if (options.uploadedBytes !== undefined) found.uploadedBytes = options.uploadedBytes;
    if (to === 'UPLOADED') found.uploadedAt = now;
    if (to === 'DELETED') {
      found.deletedAt = now;
      found.generation += 1;
    }
    return copy(found);
  }

  async listUnfinishedCreatedBefore(before: Date, limit: number): Promise<MediaRecord[]> {
    return [...this.media.values()]
      .filter((m) => m.status === 'UPLOADING' && m.createdAt < before)
      .sort((a, b) => byTime(a.createdAt, b.createdAt))
      .slice(0, limit)
      .map(copy);
  }

  async listInStatusSince(statuses: readonly MediaStatus[], before: Date, limit: number): Promise<MediaRecord[]> {
    return [...this.media.values()]
      .filter((m) => statuses.includes(m.status) && m.updatedAt < before)
      .sort((a, b) => byTime(a.updatedAt, b.updatedAt))
      .slice(0, limit)
      .map(copy);
  }

  async purge(id: string): Promise<void> {
    const tables = this.tables();
    for (const [key, row] of tables.outbox) if (row.mediaId === id) tables.outbox.delete(key);
    for (const [key, row] of tables.stages) if (row.mediaId === id) tables.stages.delete(key);
    tables.media.delete(id);
  }

  async stagesOf(mediaIds: readonly string[]): Promise<StageRecord[]> {
    return [...this.tables().stages.values()]
      .filter((s) => mediaIds.includes(s.mediaId))
      .sort((a, b) => a.mediaId.localeCompare(b.mediaId))
      .map(copy);
  }

  async listStuckStages(before: Date, limit: number): Promise<StageRecord[]> {
    return [...this.tables().stages.values()]
      .filter((s) => s.status === 'running' && s.updatedAt < before)
      .filter((s) => ['UPLOADED', 'PROCESSING'].includes(this.media.get(s.mediaId)?.status ?? ''))
      .sort((a, b) => byTime(a.updatedAt, b.updatedAt))
      .slice(0, limit)
      .map(copy);
  }

  async upsertStage(mediaId: string, stage: Stage, update: { status: StageStatus; progress?: number; error?: string | null }): Promise<void> {
    const stages = this.tables().stages;
    const key = `${mediaId}/${stage}`;
    const now = this.clock.now();
    const found = stages.get(key);
    if (!found) {
      if (!this.media.has(mediaId)) throw new Error(`foreign key: no media ${mediaId}`);
      // A first record of `running` is the first attempt, as every later move to running counts.
      const attempts = update.status === 'running' ? 1 : 0;
      stages.set(key, { mediaId, stage, status: update.status, progress: update.progress ?? 0, error: update.error ?? null, attempts, updatedAt: now });
      return;
    }
    found.status = update.status;
    if (update.progress !== undefined) found.progress = update.progress;
    if (update.error !== undefined) found.error = update.error;
    if (update.status === 'running') found.attempts += 1;
    found.updatedAt = now;
  }
}
