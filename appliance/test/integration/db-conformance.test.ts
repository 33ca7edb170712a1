import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MEDIA_STATUSES, type MediaStatus } from '@biblio/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/adapters/db/migrate.js';
import type { SqlDatabase } from '../../src/adapters/db/sql-database.js';
import { uploadObjectKey, type NewMedia } from '../../src/domain/media.js';
import { canTransition } from '../../src/domain/media-state.js';
import type { DatabaseEngine } from '../../src/ports/database.js';
import { pgliteTarget, postgresMissing, postgresTarget, postgresUrl, redactUrl, type Target } from './harness/database-targets.js';

/**
 * ONE conformance suite for the data-access layer, run on every engine it supports: embedded
 * PGlite (always) and a real Postgres with pgvector (from the global setup). The repositories are the
 * same Kysely code on both, so any difference found here is a dialect/driver difference
 * (bigint parsing, jsonb, affected-row counts, transaction handling on PGlite's one session).
 */

const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/adapters/db/migrations');
const GiB = 1024 ** 3;

function describeDatabaseConformance(name: string, engine: DatabaseEngine, createTarget: () => Promise<Target>, skip?: string) {
  describe.skipIf(skip !== undefined)(name, () => {
    let target: Target | undefined;
    let db: SqlDatabase;
    const migrationRows = (on: SqlDatabase) => on.kysely.selectFrom('kysely_migration').selectAll().orderBy('name').execute();
    let migrationsAfterFirstOpen: Awaited<ReturnType<typeof migrationRows>> = [];
    const unique = (prefix: string) => `${prefix}-${randomUUID()}`;
    const userInput = (prefix: string, id = randomUUID()) => ({ id, name: unique(prefix), isAdmin: false });
    const mediaInput = (ownerId: string, over: Partial<NewMedia> = {}, id = randomUUID()): NewMedia => {
      const base = { filename: 'talk.mp4', filetype: 'video/mp4', title: null, language: null, size: 1000 };
      return { id, ownerId, ...base, objectKey: uploadObjectKey(ownerId, id), ...over };
    };
    const newUser = (prefix = 'user') => db.users.create(userInput(prefix));
    const newMedia = (ownerId: string, over: Partial<NewMedia> = {}) => db.media.create(mediaInput(ownerId, over));
    const fourMedia = (ownerId: string) => Promise.all([newMedia(ownerId), newMedia(ownerId), newMedia(ownerId), newMedia(ownerId)]);
    // Puts a row into a state the repositories can't reach directly (an old date, any status):
    // test set-up only. Dates far in the past keep each test's rows out of the others' queries.
    const force = (id: string, set: { status?: MediaStatus; created_at?: Date; updated_at?: Date }) =>
      db.kysely.updateTable('media').set(set).where('id', '=', id).execute();
    const outboxRow = (id: number) =>
      db.kysely
        .selectFrom('outbox')
        .select(['attempts', 'last_error', 'published_at', sql<string>`jsonb_typeof(payload)`.as('json_type')])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    const outboxCount = async (mediaId: string) =>
      (await db.kysely.selectFrom('outbox').select('id').where('media_id', '=', mediaId).execute()).length;

    beforeAll(async () => {
      target = await createTarget();
      // Open, close, open again: the second open must find every migration already applied.
      const first = await target.open();
      migrationsAfterFirstOpen = await migrationRows(first);
      await first.close();
      db = await target.open();
    });

    afterAll(async () => {
      await db?.close();
      await target?.dispose();
    });

    it('migrations are applied once: reopening and migrating again (even concurrently) applies nothing', async () => {
      expect(db.engine).toBe(engine);
      await db.ping();
      // Every NNN_name.ts file in the folder must be registered in migrations/index.ts.
      const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d+_.+\.ts$/.test(f)).sort();
      const versions = files.map((f) => f.replace(/\.ts$/, ''));
      expect(await migrationRows(db)).toEqual(migrationsAfterFirstOpen);
      const again = await migrate(db.kysely);
      expect(again).toMatchObject({ applied: [], total: files.length });
      // Every migration is recorded, in order: both engines have pgvector here (PGlite ships it,
      // the Postgres test server is built with it), so nothing may be held back.
      const recorded = migrationsAfterFirstOpen.map((r) => r.name);
      expect(recorded).toEqual(versions);
      expect(again.pending).toEqual([]);
      expect(db.missingExtensions).toEqual([]);
      const both = await Promise.all([migrate(db.kysely), migrate(db.kysely)]);
      expect(both.map((r) => r.applied)).toEqual([[], []]);
      expect(await migrationRows(db)).toEqual(migrationsAfterFirstOpen);
      expect(await db.users.count()).toBe(0); // a fresh database per run
    });

    it('users: create, find by id and name, list oldest first, count; names are unique', async () => {
      const before = await db.users.count();
      const alice = await db.users.create({ id: randomUUID(), name: unique('alice'), isAdmin: true });
      expect(alice).toMatchObject({ isAdmin: true, name: expect.stringMatching(/^alice-/) });
      expect(alice.createdAt).toBeInstanceOf(Date);
      const bob = await newUser('bob');
      expect(bob.isAdmin).toBe(false);
      expect(await db.users.count()).toBe(before + 2);
      expect(await db.users.findByName(alice.name)).toEqual(alice);
      expect(await db.users.findById(bob.id)).toEqual(bob);
      expect(await db.users.findByName(unique('nobody'))).toBeUndefined();
      expect(await db.users.findById(randomUUID())).toBeUndefined();
      const listed = (await db.users.list()).map((u) => u.id).filter((id) => id === alice.id || id === bob.id);
      expect(listed).toEqual([alice.id, bob.id]);
      await expect(db.users.create({ id: randomUUID(), name: alice.name, isAdmin: false })).rejects.toThrow(/duplicate|unique/i);
      expect(await db.users.count()).toBe(before + 2);
    });

    it('tokens: a live token finds its user, a revoked one no longer does, revoking twice is false', async () => {
      const user = await newUser();
      const [a, b] = [unique('hash-a'), unique('hash-b')];
      await db.tokens.insert(user.id, a);
      await db.tokens.insert(user.id, b);
      expect(await db.tokens.findUser(a)).toEqual(user);
      expect(await db.tokens.revoke(a)).toBe(true);
      expect(await db.tokens.findUser(a)).toBeUndefined();
      expect(await db.tokens.revoke(a)).toBe(false);
      expect(await db.tokens.findUser(b)).toEqual(user); // the user's other token still works
      expect(await db.tokens.revoke(unique('never-issued'))).toBe(false);
      expect(await db.tokens.findUser(unique('never-issued'))).toBeUndefined();
      await expect(db.tokens.insert(user.id, b)).rejects.toThrow(); // the hash is the key
      await expect(db.tokens.insert(randomUUID(), unique('orphan'))).rejects.toThrow(); // no such user
    });

    it('media: create, findById, findForOwner; another owner and DELETED media get undefined', async () => {
      const [owner, other] = [await newUser(), await newUser()];
      const media = await newMedia(owner.id, { title: 'Lecture 1', language: 'en' });
      expect(media).toMatchObject({ ownerId: owner.id, status: 'UPLOADING', filename: 'talk.mp4', filetype: 'video/mp4' });
      expect(media).toMatchObject({ title: 'Lecture 1', language: 'en', size: 1000, uploadedBytes: 0, durationSec: null });
      expect(media).toMatchObject({ objectKey: uploadObjectKey(owner.id, media.id), error: null, uploadedAt: null, deletedAt: null });
      expect(media.createdAt).toBeInstanceOf(Date);
      expect(await db.media.findById(media.id)).toEqual(media);
      expect(await db.media.findForOwner(media.id, owner.id)).toEqual(media);
      expect(await db.media.findForOwner(media.id, other.id)).toBeUndefined();
      expect(await db.media.findById(randomUUID())).toBeUndefined();
      await expect(newMedia(owner.id, { objectKey: media.objectKey })).rejects.toThrow(); // keys are unique

      const deleted = await db.media.transition(media.id, 'DELETED');
      expect(deleted?.status).toBe('DELETED');
      expect(deleted?.deletedAt).toBeInstanceOf(Date);
      expect(await db.media.findForOwner(media.id, owner.id)).toBeUndefined();
      expect((await db.media.findById(media.id))?.status).toBe('DELETED'); // the sweeper still sees it
    });

    it('listForOwner: newest first, only that owner, without DELETED media', async () => {
      const [owner, other] = [await newUser(), await newUser()];
      const [m1, m2, m3, gone] = await fourMedia(owner.id);
      await newMedia(other.id);
      await force(m1.id, { created_at: new Date('2010-01-01T00:00:00Z') });
      await force(m2.id, { created_at: new Date('2010-01-02T00:00:00Z') });
      await force(m3.id, { created_at: new Date('2010-01-03T00:00:00Z') });
      await db.media.transition(gone.id, 'DELETED');
      expect((await db.media.listForOwner(owner.id)).map((m) => m.id)).toEqual([m3.id, m2.id, m1.id]);
      expect(await db.media.listForOwner(randomUUID())).toEqual([]);
    });

    it('recordUploadProgress only moves the offset while the media is UPLOADING', async () => {
      const owner = await newUser();
      const media = await newMedia(owner.id, { size: 5000 });
      await db.media.recordUploadProgress(media.id, 1234);
      const progressed = await db.media.findById(media.id);
      expect(progressed?.uploadedBytes).toBe(1234);
      expect(progressed!.updatedAt.getTime()).toBeGreaterThanOrEqual(media.updatedAt.getTime());
      await db.media.transition(media.id, 'UPLOADED', { uploadedBytes: 5000 });
      await db.media.recordUploadProgress(media.id, 10); // a late PATCH after the finish hook
      expect((await db.media.findById(media.id))?.uploadedBytes).toBe(5000);
    });

    it('a delete moves the generation on (it ends playback URLs); other moves keep it', async () => {
      const owner = await newUser();
      const media = await newMedia(owner.id, { size: 5000 });
      expect(media.generation).toBe(1);
      expect((await db.media.transition(media.id, 'UPLOADED', { uploadedBytes: 5000 }))?.generation).toBe(1);
      expect((await db.media.transition(media.id, 'DELETED'))?.generation).toBe(2);
      expect((await db.media.findById(media.id))?.generation).toBe(2);
    });

    it('forgetDerived drops asset records, transcript and search rows of one media only', async (ctx) => {
      // search_chunks comes with pgvector; the appliance refuses to start without it.
      if (db.missingExtensions.length > 0) ctx.skip(`the server lacks ${db.missingExtensions.join(', ')}: no search tables to clear`);
      const owner = await newUser();
      const gone = await newMedia(owner.id, { size: 5000 });
      const kept = await newMedia(owner.id, { size: 5000 });
      for (const m of [gone, kept]) {
        await db.processing.setAsset(m.id, { kind: 'hls', objectKey: `media/${owner.id}/${m.id}/hls`, contentType: 'application/vnd.apple.mpegurl' });
        await db.processing.saveWindow(m.id, 0, 'test', [{ start: 0, end: 1, text: 'hello there' }]);
      }
      await db.processing.forgetDerived(gone.id);
      expect(await db.processing.listAssets(gone.id)).toEqual([]);
      expect(await db.processing.transcript(gone.id)).toEqual([]);
      expect(await db.processing.finishedWindows(gone.id)).toEqual([]);
      expect(await db.processing.listAssets(kept.id)).toHaveLength(1);
      expect(await db.processing.transcript(kept.id)).toHaveLength(1);
    });

    it('transition: UPLOADING -> UPLOADED sets uploadedAt; a move the state machine forbids returns undefined', async () => {
      const owner = await newUser();
      const media = await newMedia(owner.id, { size: 5000 });
      const uploaded = await db.media.transition(media.id, 'UPLOADED', { uploadedBytes: 5000 });
      expect(uploaded).toMatchObject({ status: 'UPLOADED', uploadedBytes: 5000, deletedAt: null });
      expect(uploaded?.uploadedAt).toBeInstanceOf(Date);
      expect(await db.media.transition(media.id, 'UPLOADING')).toBeUndefined();
      expect(await db.media.transition(media.id, 'UPLOADED')).toBeUndefined(); // a duplicated finish hook
      expect(await db.media.findById(media.id)).toEqual(uploaded); // refused moves change nothing
      const failed = await db.media.transition(media.id, 'FAILED', { error: 'hls: ffmpeg exit 1' });
      expect(failed).toMatchObject({ status: 'FAILED', error: 'hls: ffmpeg exit 1' });
      expect(await db.media.transition(media.id, 'PROCESSING', { error: null })).toMatchObject({ status: 'PROCESSING', error: null });
      const deleted = await db.media.transition(media.id, 'DELETED');
      expect(deleted?.deletedAt).toBeInstanceOf(Date);
      expect(deleted?.uploadedAt).toEqual(uploaded?.uploadedAt);
      expect(await db.media.transition(randomUUID(), 'UPLOADED')).toBeUndefined();
    });

    it('transition agrees with the domain state machine for every pair of statuses', async () => {
      const owner = await newUser();
      const mismatches: string[] = [];
      for (const from of MEDIA_STATUSES) {
        for (const to of MEDIA_STATUSES) {
          const media = await newMedia(owner.id);
          await force(media.id, { status: from });
          const result = await db.media.transition(media.id, to);
          const stored = (await db.media.findById(media.id))?.status;
          const expected = canTransition(from, to);
          if ((result !== undefined) !== expected || stored !== (expected ? to : from)) {
            mismatches.push(`${from}->${to}: returned ${result?.status ?? 'undefined'}, stored ${stored}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
    });

    it('transition is a compare-and-set: of two racing moves out of UPLOADING exactly one wins', async () => {
      const owner = await newUser();
      for (let i = 0; i < 5; i++) {
        const media = await newMedia(owner.id);
        const results = await Promise.all([db.media.transition(media.id, 'UPLOADED'), db.media.transition(media.id, 'EXPIRED')]);
        const winners = results.filter((r) => r !== undefined);
        expect(winners).toHaveLength(1);
        expect((await db.media.findById(media.id))?.status).toBe(winners[0]!.status);
      }
    });

    it('listUnfinishedCreatedBefore: UPLOADING media created before the cutoff, oldest first, limited', async () => {
      const owner = await newUser();
      const [older, old, oldButDone, recent] = await fourMedia(owner.id);
      await force(older.id, { created_at: new Date('2001-01-01T00:00:00Z') });
      await force(old.id, { created_at: new Date('2001-01-02T00:00:00Z') });
      await force(oldButDone.id, { created_at: new Date('2001-01-01T00:00:00Z'), status: 'UPLOADED' });
      const cutoff = new Date('2001-02-01T00:00:00Z');
      expect((await db.media.listUnfinishedCreatedBefore(cutoff, 10)).map((m) => m.id)).toEqual([older.id, old.id]);
      expect((await db.media.listUnfinishedCreatedBefore(cutoff, 1)).map((m) => m.id)).toEqual([older.id]);
      const now = await db.media.listUnfinishedCreatedBefore(new Date(Date.now() + 60_000), 10_000);
      expect(now.map((m) => m.id)).toContain(recent.id);
    });

    it('listInStatusSince: media in the given statuses unchanged since the cutoff, oldest change first', async () => {
      const owner = await newUser();
      const [ready, failed, readyRecent, processing] = await fourMedia(owner.id);
      await force(ready.id, { status: 'READY', updated_at: new Date('2002-01-02T00:00:00Z') });
      await force(failed.id, { status: 'FAILED', updated_at: new Date('2002-01-01T00:00:00Z') });
      await force(readyRecent.id, { status: 'READY' });
      await force(processing.id, { status: 'PROCESSING', updated_at: new Date('2002-01-01T00:00:00Z') });
      const cutoff = new Date('2002-02-01T00:00:00Z');
      const ids = async (statuses: MediaStatus[], limit: number) =>
        (await db.media.listInStatusSince(statuses, cutoff, limit)).map((m) => m.id);
      expect(await ids(['READY', 'FAILED'], 10)).toEqual([failed.id, ready.id]);
      expect(await ids(['READY', 'FAILED'], 1)).toEqual([failed.id]);
      expect(await ids(['PROCESSING'], 10)).toEqual([processing.id]);
      expect(await ids([], 10)).toEqual([]);
    });

    it('stagesOf/upsertStage: insert then update; attempts count every move to running', async () => {
      const owner = await newUser();
      const [media, other] = await fourMedia(owner.id);
      const stage = async (name: string) => (await db.media.stagesOf([media.id])).find((s) => s.stage === name);
      await db.media.upsertStage(media.id, 'validate', { status: 'pending' });
      expect(await stage('validate')).toMatchObject({ mediaId: media.id, status: 'pending', progress: 0, error: null, attempts: 0 });
      await db.media.upsertStage(media.id, 'validate', { status: 'running' });
      expect(await stage('validate')).toMatchObject({ status: 'running', attempts: 1 });
      await db.media.upsertStage(media.id, 'validate', { status: 'running', progress: 0.5 });
      expect(await stage('validate')).toMatchObject({ progress: 0.5, attempts: 2 });
      await db.media.upsertStage(media.id, 'validate', { status: 'failed', error: 'ffprobe: not media' });
      expect(await stage('validate')).toMatchObject({ status: 'failed', progress: 0.5, error: 'ffprobe: not media', attempts: 2 });
      await db.media.upsertStage(media.id, 'validate', { status: 'running', error: null });
      await db.media.upsertStage(media.id, 'validate', { status: 'done', progress: 1 });
      expect(await stage('validate')).toMatchObject({ status: 'done', progress: 1, error: null, attempts: 3 });
      // A stage whose first record is `running` (no pending row written first) is on attempt 1.
      await db.media.upsertStage(media.id, 'hls', { status: 'running' });
      expect(await stage('hls')).toMatchObject({ status: 'running', attempts: 1 });
      await db.media.upsertStage(other.id, 'validate', { status: 'pending' });
      const both = await db.media.stagesOf([media.id, other.id]);
      const names = both.map((s) => `${s.mediaId === media.id ? 'media' : 'other'}:${s.stage}`).sort();
      expect(names).toEqual(['media:hls', 'media:validate', 'other:validate']);
      expect(both.every((s) => s.updatedAt instanceof Date)).toBe(true);
      expect(await db.media.stagesOf([])).toEqual([]);
      expect(await db.media.stagesOf([randomUUID()])).toEqual([]);
    });

    it('purge removes the media with its stages and outbox rows, and nothing else', async () => {
      const owner = await newUser();
      const [doomed, kept] = await fourMedia(owner.id);
      for (const media of [doomed, kept]) {
        await db.media.upsertStage(media.id, 'validate', { status: 'done', progress: 1 });
        await db.outbox.add('pipeline', media.id, { mediaId: media.id });
      }
      await db.media.purge(doomed.id);
      expect(await db.media.findById(doomed.id)).toBeUndefined();
      expect(await db.media.stagesOf([doomed.id])).toEqual([]);
      expect(await outboxCount(doomed.id)).toBe(0);
      expect(await db.media.findById(kept.id)).toBeDefined();
      expect(await db.media.stagesOf([kept.id])).toHaveLength(1);
      expect(await outboxCount(kept.id)).toBe(1);
      await db.media.purge(doomed.id); // purging twice is harmless (sweeper retries)
    });

    it('outbox: pending in insertion order, payloads round-trip as JSON, markFailed and markPublished', async () => {
      const owner = await newUser();
      const media = await newMedia(owner.id);
      const payloads: unknown[] = [{ mediaId: media.id, stages: ['validate'], nested: { ok: true, text: 'žluťoučký' } }, 'plain text', [1, 2, 3]];
      for (const payload of payloads) await db.outbox.add('pipeline', media.id, payload);
      const mine = async () => (await db.outbox.pending(10_000)).filter((m) => m.mediaId === media.id);
      const pending = await mine();
      expect(pending.map((m) => m.payload)).toEqual(payloads);
      expect(pending.map((m) => m.id)).toEqual([...pending.map((m) => m.id)].sort((a, b) => a - b));
      expect(pending.every((m) => typeof m.id === 'number' && m.attempts === 0 && m.topic === 'pipeline')).toBe(true);
      expect(pending[0]!.createdAt).toBeInstanceOf(Date);
      // Stored as a JSON object, not as a JSON string that happens to hold JSON.
      expect((await outboxRow(pending[0]!.id)).json_type).toBe('object');
      expect(await db.outbox.pending(1)).toHaveLength(1);

      const [a, b] = [pending[0]!, pending[1]!];
      await db.outbox.markFailed(a.id, 'redis: ECONNREFUSED');
      await db.outbox.markFailed(a.id, 'redis: ECONNREFUSED again');
      expect(await outboxRow(a.id)).toMatchObject({ attempts: 2, last_error: 'redis: ECONNREFUSED again', published_at: null });
      expect((await mine()).find((m) => m.id === a.id)?.attempts).toBe(2); // still pending, to retry
      await db.outbox.markFailed(b.id, 'x'.repeat(5000));
      expect((await outboxRow(b.id)).last_error).toHaveLength(2000); // errors are capped
      await db.outbox.markPublished(a.id);
      expect(await outboxRow(a.id)).toMatchObject({ last_error: null, published_at: expect.any(Date) });
      expect((await mine()).map((m) => m.id)).toEqual(pending.slice(1).map((m) => m.id));
    });

    it('bigint sizes above 2^32 (a 50 GiB upload) round-trip as JS numbers', async () => {
      const owner = await newUser();
      const size = 50 * GiB;
      const media = await newMedia(owner.id, { size });
      expect(media.size).toBe(size);
      await db.media.recordUploadProgress(media.id, size - 1);
      expect((await db.media.findById(media.id))?.uploadedBytes).toBe(size - 1);
      await db.media.transition(media.id, 'UPLOADED', { uploadedBytes: size });
      const listed = (await db.media.listForOwner(owner.id))[0]!;
      expect([listed.size, listed.uploadedBytes]).toStrictEqual([size, size]); // numbers, not strings or bigints
      const largest = await newMedia(owner.id, { size: Number.MAX_SAFE_INTEGER });
      expect((await db.media.findById(largest.id))?.size).toBe(Number.MAX_SAFE_INTEGER);
    });
  });
}

describeDatabaseConformance('pglite (fresh temp dir)', 'pglite', pgliteTarget);

// The real Postgres WITH pgvector from the global setup (scripts/pg-test-server: Postgres 17 +
// pgvector from a Debian trixie rootfs, or TEST_DATABASE_URL): every migration must apply there.
const adminUrl = postgresUrl();
const missing = postgresMissing();
describeDatabaseConformance(
  adminUrl ? `postgres + pgvector (fresh database on ${redactUrl(adminUrl)})` : `postgres: SKIPPED, ${missing}`,
  'postgres',
  () => postgresTarget(adminUrl!),
  missing,
);
