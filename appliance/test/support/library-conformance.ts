import { setTimeout as sleep } from 'node:timers/promises';
import type { MediaStatus } from '@biblio/shared';
import { expect, it } from 'vitest';
import type { MediaRecord, NewMedia, User } from '../../src/domain/media.js';
import type { MediaFacts } from '../../src/domain/media-probe.js';
import { decodeCursor, pageOf, sortSpecOf, sortTitleOf, type MediaFilter, type MediaPageRequest, type SortSpec } from '../../src/domain/media-listing.js';
import type { Database } from '../../src/ports/database.js';
import type { ProcessingStore } from '../../src/ports/processing-store.js';

export interface LibraryContext {
  db: () => Database;
  processing: () => ProcessingStore;
  newUser: () => Promise<User>;
  newMedia: (ownerId: string, status?: MediaStatus, over?: Partial<NewMedia>) => Promise<MediaRecord>;
}

const facts = (kind: 'audio' | 'video', durationSec: number): MediaFacts => ({
  kind,
  container: kind === 'audio' ? 'mp3' : 'mp4',
  durationSec,
  width: null,
  height: null,
  videoCodec: null,
  audioCodec: 'aac',
  hasAudio: true,
});

/**
 * The library list, renames and upload hash state, on every Database adapter (called from the
 * repository conformance suite): the SQL query and the pure rules the memory adapter uses must
 * give the same pages.
 */
export function libraryConformanceCases(ctx: LibraryContext): void {
  /** Every page through cursors, with `between` run after each page (to change the data). */
  async function walk(ownerId: string, sort: SortSpec, limit: number, filter: MediaFilter = {}, between: (n: number) => Promise<void> = async () => undefined) {
    const seen: MediaRecord[] = [];
    let cursor: string | null = null;
    for (let n = 0; n < 200; n++) {
      const request: MediaPageRequest = { filter, sort, limit };
      if (cursor) {
        const decoded = decodeCursor(cursor, sort, filter);
        if (!decoded.ok) throw new Error(decoded.reason);
        request.after = decoded.position;
      }
      const rows = await ctx.db().media.listPage(ownerId, { ...request, limit: limit + 1 });
      const result = pageOf(rows, request);
      seen.push(...result.media);
      await between(n);
      cursor = result.nextCursor;
      if (!cursor) return seen;
    }
    throw new Error('paging never ended');
  }

  it('library pages: owner-scoped, no deleted media, each sort in order with the id tiebreaker', async () => {
    const db = ctx.db();
    const owner = await ctx.newUser();
    const other = await ctx.newUser();
    const made: MediaRecord[] = [];
    // Created back to back: many share a millisecond, which the cursor must still tell apart.
    for (let i = 0; i < 14; i++) {
      const m = await ctx.newMedia(owner.id, i % 5 === 0 ? 'READY' : 'UPLOADING', {
        title: i % 3 === 0 ? null : `Title ${i % 4}`,
        filename: `file-${i % 2}.mp4`,
        size: (i % 3) * 100,
      });
      if (i % 4 !== 0) await ctx.processing().recordFacts(m.id, facts('video', i % 3));
      made.push((await db.media.findById(m.id))!);
    }
    await ctx.newMedia(other.id);
    await ctx.newMedia(owner.id, 'DELETED');
    for (const name of ['newest', 'oldest', 'title', 'duration', 'size'] as const) {
      for (const order of [undefined, 'asc', 'desc'] as const) {
        const sort = sortSpecOf(name, order);
        const all = await walk(owner.id, sort, 100);
        const paged = await walk(owner.id, sort, 3);
        expect(all.map((m) => m.id).sort(), `${name} ${order}: the owner's visible media`).toEqual(made.map((m) => m.id).sort());
        expect(paged.map((m) => m.id), `${name} ${order}: pages of 3 = one page of all`).toEqual(all.map((m) => m.id));
      }
    }
    const byDuration = await walk(owner.id, sortSpecOf('duration'), 4);
    expect(byDuration.map((m) => m.durationSec)).toEqual([...made.map((m) => m.durationSec)].sort((a, b) => (b ?? -1) - (a ?? -1)));
    const byTitle = await walk(owner.id, sortSpecOf('title'), 4);
    expect(byTitle.map((m) => m.sortTitle)).toEqual(made.map((m) => m.sortTitle).sort());
  });

  it('library pages stay stable while uploads arrive between pages', async () => {
    const owner = await ctx.newUser();
    const original: string[] = [];
    for (let i = 0; i < 10; i++) original.push((await ctx.newMedia(owner.id, 'UPLOADING', { title: `T${i}`, size: i * 10 })).id);
    for (const sort of [sortSpecOf('newest'), sortSpecOf('oldest'), sortSpecOf('title'), sortSpecOf('size')]) {
      const seen = await walk(owner.id, sort, 3, {}, async (n) => {
        await ctx.newMedia(owner.id, 'UPLOADING', { title: `T${n}-new`, size: n * 10 + 5 });
      });
      const ids = seen.map((m) => m.id);
      expect(new Set(ids).size, 'no media twice').toBe(ids.length);
      for (const id of original) expect(ids, 'no media skipped').toContain(id);
    }
  });

  it('library filters: status, kind, language, date range, title/filename text, sha256', async () => {
    const db = ctx.db();
    const owner = await ctx.newUser();
    // A few milliseconds apart, so the date range and the oldest-first order tell them apart.
    const podcast = await ctx.newMedia(owner.id, 'READY', { title: 'Weekly Podcast', filename: 'ep1.mp3', filetype: 'audio/mpeg', language: 'en' });
    await sleep(5);
    const interview = await ctx.newMedia(owner.id, 'UPLOADING', { filename: 'Interview_2026.mp3', filetype: 'audio/mpeg', language: 'de' });
    await sleep(5);
    const sale = await ctx.newMedia(owner.id, 'FAILED', { filename: '50%_off.mp4', filetype: 'video/mp4' });
    await ctx.processing().recordFacts(podcast.id, facts('audio', 60));
    await db.media.recordSha256(podcast.id, 'ab'.repeat(32));
    const ids = async (filter: MediaFilter) => (await walk(owner.id, sortSpecOf('oldest'), 2, filter)).map((m) => m.id);
    expect(await ids({ statuses: ['READY', 'FAILED'] })).toEqual([podcast.id, sale.id]);
    expect(await ids({ kind: 'audio' })).toEqual([podcast.id, interview.id]);
    expect(await ids({ kind: 'video' })).toEqual([sale.id]);
    expect(await ids({ language: 'EN' })).toEqual([podcast.id]);
    expect(await ids({ from: interview.createdAt })).toEqual([interview.id, sale.id]);
    expect(await ids({ from: podcast.createdAt, to: new Date(podcast.createdAt.getTime() + 1) })).toEqual([podcast.id]);
    expect(await ids({ text: 'podcast' })).toEqual([podcast.id]);
    expect(await ids({ text: 'EP1' })).toEqual([podcast.id]);
    expect(await ids({ text: 'view_2' })).toEqual([interview.id]);
    expect(await ids({ text: '50%' })).toEqual([sale.id]);
    expect(await ids({ text: '_' })).toEqual([interview.id, sale.id]);
    expect(await ids({ sha256: 'ab'.repeat(32) })).toEqual([podcast.id]);
    expect(await ids({ sha256: 'cd'.repeat(32) })).toEqual([]);
    expect(await ids({ kind: 'audio', statuses: ['UPLOADING'] })).toEqual([interview.id]);
    const stranger = await ctx.newUser();
    expect((await walk(stranger.id, sortSpecOf('newest'), 5, { sha256: 'ab'.repeat(32) })).length).toBe(0);
  });

  it('rename sets title, filename and the sort title for the owner only', async () => {
    const db = ctx.db();
    const owner = await ctx.newUser();
    const other = await ctx.newUser();
    const m = await ctx.newMedia(owner.id, 'READY', { filename: 'raw.mp4' });
    const names = { title: 'Ünits of Work', filename: 'work.mp4', sortTitle: sortTitleOf('Ünits of Work', 'work.mp4') };
    expect(await db.media.rename(m.id, other.id, names)).toBeUndefined();
    const renamed = await db.media.rename(m.id, owner.id, names);
    expect(renamed).toMatchObject({ title: 'Ünits of Work', filename: 'work.mp4', sortTitle: 'ünits of work' });
    expect((await db.media.findById(m.id))?.sortTitle).toBe('ünits of work');
    const deleted = await ctx.newMedia(owner.id, 'DELETED');
    expect(await db.media.rename(deleted.id, owner.id, names)).toBeUndefined();
  });

  it('records the sha256 of a finished upload', async () => {
    const db = ctx.db();
    const owner = await ctx.newUser();
    const m = await ctx.newMedia(owner.id);
    expect((await db.media.findById(m.id))?.sha256).toBeNull();
    await db.media.recordSha256(m.id, 'ef'.repeat(32));
    expect((await db.media.findById(m.id))?.sha256).toBe('ef'.repeat(32));
  });
}
