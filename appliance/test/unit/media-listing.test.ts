import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { MediaRecord } from '../../src/domain/media.js';
import {
  comparePositions,
  decodeCursor,
  encodeCursor,
  kindOf,
  matchesFilter,
  pageOf,
  positionOf,
  sortSpecOf,
  sortTitleOf,
  type MediaFilter,
  type MediaPageRequest,
  type SortSpec,
} from '../../src/domain/media-listing.js';

let clock = Date.parse('2026-01-01T00:00:00Z');
function media(overrides: Partial<MediaRecord> = {}): MediaRecord {
  const filename = overrides.filename ?? `clip-${Math.random().toString(36).slice(2, 8)}.mp4`;
  const title = overrides.title ?? null;
  return {
    id: randomUUID(),
    ownerId: 'owner',
    status: 'READY',
    filename,
    filetype: 'video/mp4',
    title,
    language: null,
    size: 1000,
    uploadedBytes: 1000,
    objectKey: 'k',
    durationSec: null,
    facts: null,
    error: null,
    createdAt: new Date((clock += 1000)),
    updatedAt: new Date(clock),
    uploadedAt: null,
    deletedAt: null,
    generation: 1,
    sortTitle: sortTitleOf(title, filename),
    sha256: null,
    transcriptSource: null,
    ...overrides,
  };
}

/** The memory repository's page, built from the same pure rules. */
function page(all: MediaRecord[], request: MediaPageRequest): MediaRecord[] {
  return all
    .filter((m) => matchesFilter(m, request.filter))
    .filter((m) => !request.after || comparePositions(positionOf(m, request.sort), request.after, request.sort) > 0)
    .sort((a, b) => comparePositions(positionOf(a, request.sort), positionOf(b, request.sort), request.sort))
    .slice(0, request.limit);
}

/** Walks every page with cursors, calling `between` after each page (to change the data). */
function walk(all: MediaRecord[], sort: SortSpec, limit: number, between: (pageNo: number) => void = () => undefined, filter: MediaFilter = {}): MediaRecord[] {
  const seen: MediaRecord[] = [];
  let cursor: string | null = null;
  for (let pageNo = 0; pageNo < 1000; pageNo++) {
    const request: MediaPageRequest = { filter, sort, limit };
    if (cursor) {
      const decoded = decodeCursor(cursor, sort, filter);
      if (!decoded.ok) throw new Error(decoded.reason);
      request.after = decoded.position;
    }
    const result = pageOf(page(all, { ...request, limit: limit + 1 }), request);
    seen.push(...result.media);
    between(pageNo);
    cursor = result.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error('paging never ended');
}

describe('library sorting', () => {
  it('maps each sort to its key and default direction, and order overrides it', () => {
    expect(sortSpecOf('newest')).toEqual({ key: 'created', order: 'desc' });
    expect(sortSpecOf('oldest')).toEqual({ key: 'created', order: 'asc' });
    expect(sortSpecOf('title')).toEqual({ key: 'title', order: 'asc' });
    expect(sortSpecOf('duration')).toEqual({ key: 'duration', order: 'desc' });
    expect(sortSpecOf('size', 'asc')).toEqual({ key: 'size', order: 'asc' });
  });

  it('sorts titles case-insensitively, by the filename when there is no title', () => {
    const list = [media({ title: 'banana' }), media({ filename: 'Apple.mp4' }), media({ title: 'Cherry' })];
    const sorted = walk(list, sortSpecOf('title'), 10).map((m) => m.title ?? m.filename);
    expect(sorted).toEqual(['Apple.mp4', 'banana', 'Cherry']);
  });

  it('puts unknown durations last in both directions', () => {
    const list = [media({ durationSec: 5 }), media({ durationSec: null }), media({ durationSec: 60 })];
    expect(walk(list, sortSpecOf('duration'), 1).map((m) => m.durationSec)).toEqual([60, 5, null]);
    expect(walk(list, sortSpecOf('duration', 'asc'), 1).map((m) => m.durationSec)).toEqual([5, 60, null]);
  });

  it('breaks ties by id, so equal values page without repeats or gaps', () => {
    const sameTime = new Date('2026-02-01T00:00:00Z');
    const list = Array.from({ length: 25 }, () => media({ createdAt: sameTime, size: 7 }));
    for (const sort of [sortSpecOf('newest'), sortSpecOf('oldest'), sortSpecOf('size'), sortSpecOf('size', 'asc')]) {
      const ids = walk(list, sort, 4).map((m) => m.id);
      expect(new Set(ids).size).toBe(25);
      expect(ids).toEqual(page(list, { filter: {}, sort, limit: 100 }).map((m) => m.id));
    }
  });
});

describe('paging is stable under inserts and deletes', () => {
  it.each(['newest', 'oldest', 'title', 'duration', 'size'] as const)('sort=%s: every row that existed throughout is seen exactly once', (sortName) => {
    const sort = sortSpecOf(sortName);
    const all = Array.from({ length: 40 }, (_, i) =>
      media({ title: i % 3 === 0 ? null : `T${i % 7}`, durationSec: i % 4 === 0 ? null : i % 5, size: (i % 6) * 100 }),
    );
    const original = new Set(all.map((m) => m.id));
    const removed = new Set<string>();
    const seen = walk(all, sort, 6, (pageNo) => {
      // Between pages: new uploads arrive (anywhere in the order) and one row goes away.
      for (let i = 0; i < 3; i++) all.push(media({ title: `New ${pageNo}-${i}`, durationSec: i, size: i * 150 }));
      const victim = all.findIndex((m) => original.has(m.id) && !removed.has(m.id) && Math.random() < 0.2);
      if (victim >= 0) removed.add(all.splice(victim, 1)[0]!.id);
    });
    const ids = seen.map((m) => m.id);
    expect(new Set(ids).size, 'no row twice').toBe(ids.length);
    for (const id of original) if (!removed.has(id)) expect(ids, 'no surviving row skipped').toContain(id);
  });
});

describe('filters', () => {
  it('combines status, kind, language, dates, text and sha256', () => {
    const a = media({ status: 'READY', facts: { kind: 'audio' } as MediaRecord['facts'], language: 'en', title: 'Weekly Podcast', sha256: 'a'.repeat(64) });
    const b = media({ status: 'UPLOADING', filetype: 'audio/mpeg', language: 'de', filename: 'interview.mp3' });
    const c = media({ status: 'FAILED', filetype: 'video/mp4', filename: '50%_off.mp4' });
    const all = [a, b, c];
    const ids = (filter: MediaFilter) => all.filter((m) => matchesFilter(m, filter)).map((m) => m.id);
    expect(ids({ statuses: ['READY', 'FAILED'] })).toEqual([a.id, c.id]);
    expect(ids({ kind: 'audio' })).toEqual([a.id, b.id]);
    expect(ids({ kind: 'video' })).toEqual([c.id]);
    expect(ids({ language: 'EN' })).toEqual([a.id]);
    expect(ids({ from: b.createdAt })).toEqual([b.id, c.id]);
    expect(ids({ to: b.createdAt })).toEqual([a.id]);
    expect(ids({ text: 'podcast' })).toEqual([a.id]);
    expect(ids({ text: 'INTER' })).toEqual([b.id]);
    expect(ids({ text: '50%' })).toEqual([c.id]);
    expect(ids({ sha256: 'a'.repeat(64) })).toEqual([a.id]);
    expect(ids({ kind: 'audio', statuses: ['UPLOADING'] })).toEqual([b.id]);
  });

  it('knows the kind from validation first, then from the declared type', () => {
    expect(kindOf({ facts: { kind: 'audio' } as MediaRecord['facts'], filetype: 'video/mp4' })).toBe('audio');
    expect(kindOf({ facts: null, filetype: 'video/webm' })).toBe('video');
    expect(kindOf({ facts: null, filetype: 'application/octet-stream' })).toBeNull();
  });
});

describe('cursors', () => {
  const sort = sortSpecOf('newest');
  const position = { value: 1_767_225_600_000, id: randomUUID() };

  it('round-trips a position', () => {
    expect(decodeCursor(encodeCursor(position, sort, {}), sort, {})).toEqual({ ok: true, position });
    const title = sortSpecOf('title');
    const p = { value: 'über 🎵', id: randomUUID() };
    expect(decodeCursor(encodeCursor(p, title, { text: 'x' }), title, { text: 'x' })).toEqual({ ok: true, position: p });
  });

  it('refuses a cursor used with another sort or filter', () => {
    const cursor = encodeCursor(position, sort, { statuses: ['READY'] });
    expect(decodeCursor(cursor, sortSpecOf('oldest'), { statuses: ['READY'] })).toMatchObject({ ok: false, reason: /another sort or filter/ });
    expect(decodeCursor(cursor, sort, {})).toMatchObject({ ok: false });
    expect(decodeCursor(cursor, sort, { statuses: ['READY'] }).ok).toBe(true);
  });

  it('refuses garbage and tampered cursors with a reason, never a throw', () => {
    const good = encodeCursor(position, sort, {});
    const body = JSON.parse(Buffer.from(good, 'base64url').toString()) as Record<string, unknown>;
    const forge = (changes: Record<string, unknown>) => Buffer.from(JSON.stringify({ ...body, ...changes })).toString('base64url');
    for (const cursor of [
      'garbage!',
      'bm90IGpzb24',
      Buffer.from('null').toString('base64url'),
      Buffer.from('[1,2]').toString('base64url'),
      forge({ v: 2 }),
      forge({ i: 'not-a-uuid' }),
      forge({ k: 'a string where a number belongs' }),
      forge({ k: 1.5 }),
      forge({ k: null }),
      good.slice(0, -3),
    ]) {
      const decoded = decodeCursor(cursor, sort, {});
      expect(decoded.ok, cursor).toBe(false);
    }
  });

  it('hands out a next cursor only when another page exists', () => {
    const list = [media(), media(), media()];
    const request: MediaPageRequest = { filter: {}, sort, limit: 3 };
    expect(pageOf(list, request).nextCursor).toBeNull();
    expect(pageOf([...list, media()], request).nextCursor).not.toBeNull();
    expect(pageOf([], request)).toEqual({ media: [], nextCursor: null });
  });
});
