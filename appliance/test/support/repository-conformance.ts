import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { MEDIA_STATUSES, type MediaStatus } from '@biblio/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadObjectKey, type MediaRecord, type NewMedia } from '../../src/domain/media.js';
import { canTransition } from '../../src/domain/media-state.js';
import type { Database } from '../../src/ports/database.js';
import type { ProcessingStore } from '../../src/ports/processing-store.js';
import { libraryConformanceCases } from './library-conformance.js';
import type { ChunkEmbedding, LexiconLookup } from '../../src/ports/search-index.js';
import { deletionKeys } from '../../src/domain/search-lexicon.js';
import { planQuery } from '../../src/domain/search-query.js';
import { STATUS_PATH as PATH } from './status-paths.js';

export interface RepositoryTarget {
  db: Database;
  processing: ProcessingStore;
  dispose(): Promise<void>;
}


/**
 * The repository behaviour services rely on, run against every Database adapter: memory (unit
 * project), PGlite and Postgres (integration project). Unlike db-conformance.test.ts it uses the
 * port only (no SQL to force old dates or peek at columns), so the memory adapter can run it;
 * time-based queries are checked with cutoffs around "now" and filtered to this test's own rows.
 */
export function describeRepositoryConformance(name: string, open: () => Promise<RepositoryTarget>, skip?: string) {
  describe.skipIf(skip !== undefined)(`repository conformance: ${name}`, () => {
    let target: RepositoryTarget;
    let db: Database;
    const future = () => new Date(Date.now() + 60_000);
    const newUser = () => db.users.create({ id: randomUUID(), name: `user-${randomUUID()}`, isAdmin: false });
    async function newMedia(ownerId: string, status: MediaStatus = 'UPLOADING', over: Partial<NewMedia> = {}): Promise<MediaRecord> {
      const id = randomUUID();
      const base = { filename: 'talk.mp4', filetype: 'video/mp4', title: null, language: null, size: 1000 };
      await db.media.create({ id, ownerId, ...base, objectKey: uploadObjectKey(ownerId, id), ...over });
      for (const step of PATH[status]) expect(await db.media.transition(id, step)).toBeDefined();
      return (await db.media.findById(id))!;
    }
    const ids = (rows: { id: string }[], mine: string[]) => rows.map((r) => r.id).filter((id) => mine.includes(id));

    beforeAll(async () => {
      target = await open();
      db = target.db;
    });
    afterAll(async () => {
      await target?.dispose();
    });

    libraryConformanceCases({ db: () => db, processing: () => target.processing, newUser, newMedia });

    it('users and tokens: find by id and name, unique names, a revoked token finds nobody', async () => {
      const user = await newUser();
      expect(await db.users.findById(user.id)).toEqual(user);
      expect(await db.users.findByName(user.name)).toEqual(user);
      await expect(db.users.create({ id: randomUUID(), name: user.name, isAdmin: true })).rejects.toThrow();
      const hash = `hash-${randomUUID()}`;
      await db.tokens.insert(user.id, hash);
      expect((await db.tokens.findUser(hash))?.id).toBe(user.id);
      expect(await db.tokens.revoke(hash)).toBe(true);
      expect(await db.tokens.revoke(hash)).toBe(false);
      expect(await db.tokens.findUser(hash)).toBeUndefined();
    });

    it('media: findForOwner hides other owners and DELETED media; listForOwner is newest first', async () => {
      const owner = await newUser();
      const other = await newUser();
      const first = await newMedia(owner.id);
      await sleep(5);
      const second = await newMedia(owner.id);
      const deleted = await newMedia(owner.id, 'DELETED');
      expect((await db.media.findForOwner(first.id, owner.id))?.id).toBe(first.id);
      expect(await db.media.findForOwner(first.id, other.id)).toBeUndefined();
      expect(await db.media.findForOwner(deleted.id, owner.id)).toBeUndefined();
      expect((await db.media.listForOwner(owner.id)).map((m) => m.id)).toEqual([second.id, first.id]);
    });

    it('transition agrees with the domain state machine for every pair, sets uploadedAt, and DELETE moves the generation on', async () => {
      const owner = await newUser();
      for (const from of MEDIA_STATUSES) {
        for (const to of MEDIA_STATUSES) {
          const media = await newMedia(owner.id, from);
          const moved = await db.media.transition(media.id, to, { error: 'why' });
          expect([from, to, moved !== undefined]).toEqual([from, to, canTransition(from, to)]);
          if (!moved) continue;
          expect(moved).toMatchObject({ status: to, error: 'why' });
          if (to === 'UPLOADED') expect(moved.uploadedAt).toBeInstanceOf(Date);
          expect(moved.generation).toBe(media.generation + (to === 'DELETED' ? 1 : 0));
        }
      }
    });

    it('recordUploadProgress moves the offset only while UPLOADING', async () => {
      const owner = await newUser();
      const uploading = await newMedia(owner.id);
      const uploaded = await newMedia(owner.id, 'UPLOADED');
      await db.media.recordUploadProgress(uploading.id, 500);
      await db.media.recordUploadProgress(uploaded.id, 500);
      expect((await db.media.findById(uploading.id))?.uploadedBytes).toBe(500);
      expect((await db.media.findById(uploaded.id))?.uploadedBytes).toBe(0);
    });

    it('listUnfinishedCreatedBefore and listInStatusSince: status, cutoff, oldest first', async () => {
      const owner = await newUser();
      const a = await newMedia(owner.id);
      await sleep(5);
      const b = await newMedia(owner.id);
      const ready = await newMedia(owner.id, 'READY');
      const failed = await newMedia(owner.id, 'FAILED');
      const mine = [a.id, b.id, ready.id, failed.id];
      expect(ids(await db.media.listUnfinishedCreatedBefore(future(), 10_000), mine)).toEqual([a.id, b.id]);
      expect(ids(await db.media.listUnfinishedCreatedBefore(new Date(a.createdAt.getTime() - 1_000), 10_000), mine)).toEqual([]);
      expect(ids(await db.media.listInStatusSince(['READY', 'FAILED'], future(), 10_000), mine)).toEqual([ready.id, failed.id]);
      expect(ids(await db.media.listInStatusSince(['READY'], new Date(ready.createdAt.getTime() - 1_000), 10_000), mine)).toEqual([]);
      expect(await db.media.listInStatusSince([], future(), 10)).toEqual([]);
    });

    it('upsertStage inserts then updates; attempts count every move to running; stuck stages are running ones of media in flight', async () => {
      const owner = await newUser();
      const media = await newMedia(owner.id, 'PROCESSING');
      const ready = await newMedia(owner.id, 'READY');
      await db.media.upsertStage(media.id, 'hls', { status: 'running' });
      await db.media.upsertStage(media.id, 'hls', { status: 'running', progress: 40 });
      await db.media.upsertStage(media.id, 'hls', { status: 'pending', error: 'retrying' });
      await db.media.upsertStage(media.id, 'audio', { status: 'running' });
      await db.media.upsertStage(ready.id, 'audio', { status: 'running' });
      const [hls] = (await db.media.stagesOf([media.id])).filter((s) => s.stage === 'hls');
      expect(hls).toMatchObject({ status: 'pending', progress: 40, error: 'retrying', attempts: 2 });
      const stuck = (await db.media.listStuckStages(future(), 10_000)).filter((s) => [media.id, ready.id].includes(s.mediaId));
      expect(stuck.map((s) => [s.mediaId, s.stage])).toEqual([[media.id, 'audio']]);
      expect(await db.media.stagesOf([])).toEqual([]);
    });

    it('purge removes the media with its stages and outbox rows, and nothing else', async () => {
      const owner = await newUser();
      const gone = await newMedia(owner.id, 'UPLOADED');
      const kept = await newMedia(owner.id, 'UPLOADED');
      for (const m of [gone, kept]) {
        await db.media.upsertStage(m.id, 'validate', { status: 'running' });
        await db.outbox.add('topic', m.id, { mediaId: m.id });
      }
      await db.media.purge(gone.id);
      expect(await db.media.findById(gone.id)).toBeUndefined();
      expect(await db.media.stagesOf([gone.id])).toEqual([]);
      const pending = (await db.outbox.pending(10_000)).map((p) => p.mediaId);
      expect(pending).not.toContain(gone.id);
      expect(pending).toContain(kept.id);
      expect(await db.media.stagesOf([kept.id])).toHaveLength(1);
    });

    it('outbox: pending in insertion order, payloads round-trip as JSON, markFailed counts, markPublished removes', async () => {
      const owner = await newUser();
      const m = await newMedia(owner.id, 'UPLOADED');
      await db.outbox.add('t', m.id, { mediaId: m.id, n: 1 });
      await db.outbox.add('t', m.id, 'a string payload');
      const mine = () => db.outbox.pending(10_000).then((rows) => rows.filter((r) => r.mediaId === m.id));
      const [first, second] = await mine();
      expect([first?.payload, second?.payload]).toEqual([{ mediaId: m.id, n: 1 }, 'a string payload']);
      expect(first!.id).toBeLessThan(second!.id);
      await db.outbox.markFailed(first!.id, 'redis down');
      expect((await mine())[0]?.attempts).toBe(1);
      await db.outbox.markPublished(first!.id);
      expect((await mine()).map((r) => r.id)).toEqual([second!.id]);
    });

    it('transaction: a throw after writing leaves nothing behind; a commit keeps every write', async () => {
      const owner = await newUser();
      const id = randomUUID();
      const fail = db.transaction(async (repos) => {
        await repos.media.create({ id, ownerId: owner.id, filename: 'x', filetype: 'video/mp4', title: null, language: null, size: 1, objectKey: uploadObjectKey(owner.id, id) });
        await repos.outbox.add('t', id, {});
        throw new Error('rolled back');
      });
      await expect(fail).rejects.toThrow('rolled back');
      expect(await db.media.findById(id)).toBeUndefined();
      const m = await newMedia(owner.id);
      await db.transaction(async (repos) => {
        await repos.media.transition(m.id, 'UPLOADED');
        await repos.outbox.add('t', m.id, { ok: true });
      });
      expect((await db.media.findById(m.id))?.status).toBe('UPLOADED');
      expect((await db.outbox.pending(10_000)).some((r) => r.mediaId === m.id)).toBe(true);
    });

    it('processing store: setAsset returns the key it replaced; forgetDerived drops one media only', async () => {
      const owner = await newUser();
      const a = await newMedia(owner.id, 'PROCESSING');
      const b = await newMedia(owner.id, 'PROCESSING');
      const store = target.processing;
      expect(await store.setAsset(a.id, { kind: 'poster_320', objectKey: 'k1', contentType: 'image/jpeg' })).toBeUndefined();
      expect(await store.setAsset(a.id, { kind: 'poster_320', objectKey: 'k2', contentType: 'image/jpeg' })).toBe('k1');
      await store.setAsset(b.id, { kind: 'poster_320', objectKey: 'k3', contentType: 'image/jpeg' });
      await store.saveWindow(a.id, 0, 'test', [{ start: 0, end: 1, text: 'hello' }]);
      expect(await store.finishedWindows(a.id)).toEqual([0]);
      await store.forgetDerived(a.id);
      expect(await store.listAssets(a.id)).toEqual([]);
      expect(await store.transcript(a.id)).toEqual([]);
      expect((await store.getAsset(b.id, 'poster_320'))?.objectKey).toBe('k3');
      expect(await store.setting(`key-${a.id}`, () => 'first')).toBe('first');
      expect(await store.setting(`key-${a.id}`, () => 'second')).toBe('first');
    });

    it('search index: phrase first, names, owner-scoped lexicon (초성, keys, prefixes) that forgetDerived shrinks', async () => {
      const owner = await newUser();
      const other = await newUser();
      const lecture = await newMedia(owner.id, 'PROCESSING', { title: '데이터베이스 강의', filename: 'db.mp4' });
      const hidden = await newMedia(other.id, 'PROCESSING', { title: 'secret', filename: 'secret.mp4' });
      const chunk = (seq: number, text: string) => ({ seq, start: seq * 10, end: seq * 10 + 9, text, segments: [{ start: seq * 10, end: seq * 10 + 9, text }], embedding: null });
      const store = target.processing;
      await store.replaceChunks(lecture.id, owner.id, [chunk(0, 'a gene can be selfish'), chunk(1, 'the selfish gene 강의를 들었다')]);
      await store.replaceChunks(hidden.id, other.id, [chunk(0, 'selfish zeppelin')]);
      const query = planQuery('selfish gene')!;
      expect((await store.textSearch(owner.id, query, 10)).map((h) => h.seq)).toEqual([1, 0]);
      expect((await store.nameSearch(owner.id, planQuery('강의')!, 10)).map((h) => h.mediaId)).toEqual([lecture.id]);
      expect(await store.nameSearch(owner.id, planQuery('secret')!, 10)).toEqual([]);
      const terms = async (lookup: LexiconLookup) => (await store.lexicon(owner.id, lookup, 10)).map((e) => e.term);
      expect(await terms({ kind: 'initials', prefix: 'ㄱㅇ'.normalize('NFKC') })).toContain('강의');
      expect(await terms({ kind: 'keys', keys: deletionKeys('selfsh') })).toContain('selfish');
      expect(await terms({ kind: 'prefix', prefix: '데이터' })).toContain('데이터베이스');
      expect(await terms({ kind: 'exact', terms: ['zeppelin', 'gene'] })).toEqual(['gene']);
      await store.forgetDerived(lecture.id);
      expect(await terms({ kind: 'exact', terms: ['gene', '강의'] })).toEqual([]);
      expect(await store.textSearch(owner.id, query, 10)).toEqual([]);
    });

    it("embeddings: search compares one engine's vectors; stale ones are found and replaced, unless re-indexed meanwhile", async () => {
      const owner = await newUser();
      const media = await newMedia(owner.id, 'PROCESSING');
      const store = target.processing;
      const unit = (axis: number) => Array.from({ length: 384 }, (_, i) => (i === axis ? 1 : 0));
      const chunk = (seq: number, text: string, embedding: ChunkEmbedding | null) => ({ seq, start: seq, end: seq + 1, text, segments: [], embedding });
      const indexed = (third: string, thirdEmbedding: ChunkEmbedding | null) =>
        store.replaceChunks(media.id, owner.id, [chunk(0, 'first words', { engine: 'model-a', vector: unit(0) }), chunk(1, 'second words', null), chunk(2, third, thirdEmbedding)]);
      // Other tests' chunks share the store: look at this media's only.
      const staleTexts = async (engine: string | null) => (await store.staleEmbeddings(engine, 10_000)).filter((c) => c.mediaId === media.id).map((c) => c.text).sort();
      const nearest = async (vector: number[]) => (await store.vectorSearch(owner.id, { engine: 'model-a', vector }, 10)).map((h) => h.text);

      await indexed('third words', { engine: 'model-b', vector: unit(0) });
      expect(await staleTexts('model-a')).toEqual(['second words', 'third words']);
      expect(await staleTexts(null)).toEqual(['first words', 'third words']);
      expect(await nearest(unit(0))).toEqual(['first words']);

      const stale = (await store.staleEmbeddings('model-a', 10_000)).filter((c) => c.mediaId === media.id);
      await indexed('third words, corrected', null);
      // The corrected chunk was re-indexed after it was read: its new row is left alone.
      expect(await store.storeEmbeddings(stale.map((c) => ({ ...c, embedding: { engine: 'model-a', vector: unit(1) } })))).toBe(1);
      expect(await staleTexts('model-a')).toEqual(['third words, corrected']);
      expect(await nearest(unit(1))).toEqual(['second words', 'first words']);
      expect(await store.storeEmbeddings([{ mediaId: media.id, seq: 0, text: 'first words', embedding: null }])).toBe(1);
      expect(await nearest(unit(1))).toEqual(['second words']);
    });

    it('transcript history: the engine text becomes version 1, a stale base loses, versions keep who and what; speakers filter search', async () => {
      const owner = await newUser();
      const media = await newMedia(owner.id, 'PROCESSING');
      const store = target.processing;
      const embedding = { engine: 'test', vector: Array.from({ length: 384 }, (_, i) => (i === 1 ? 1 : 0)) };
      await store.saveWindow(media.id, 0, 'test', [{ start: 0, end: 2, text: 'engine words' }]);
      await store.recordEngineTranscript(media.id, 'test');
      await store.recordEngineTranscript(media.id, 'test');
      expect(await store.current(media.id)).toMatchObject({ version: 1, source: 'stt', speakers: [] });
      expect((await db.media.findById(media.id))?.transcriptSource).toBe('stt');

      const draft = { segments: [{ start: 0, end: 2, text: 'edited words', speaker: 'S1' }], speakers: [{ id: 'S1', name: 'Alice' }] };
      const chunks = [{ seq: 0, start: 0, end: 2, text: 'edited words', segments: [{ ...draft.segments[0]!, speakerName: 'Alice' }], embedding }];
      const change = { mediaId: media.id, ownerId: owner.id, source: 'edited' as const, textSource: 'edited' as const, authorId: owner.id, note: 'fix', draft, chunks };
      expect(await store.commit({ ...change, baseVersion: 1 })).toEqual({ committed: true, version: 2 });
      expect(await store.commit({ ...change, baseVersion: 1 })).toEqual({ committed: false, current: 2 });
      expect(await store.current(media.id)).toEqual({ version: 2, source: 'edited', ...draft });
      expect((await db.media.findById(media.id))?.transcriptSource).toBe('edited');

      const versions = await store.versions(media.id);
      expect(versions.map((v) => [v.version, v.source, v.authorName, v.segmentCount])).toEqual([
        [1, 'stt', null, 1],
        [2, 'edited', owner.name, 1],
      ]);
      expect((await store.version(media.id, 1))?.segments).toEqual([{ start: 0, end: 2, text: 'engine words' }]);
      expect(await store.version(media.id, 3)).toBeUndefined();

      const words = planQuery('edited words')!;
      expect((await store.textSearch(owner.id, words, 10, { speaker: 'alice' })).map((h) => h.mediaId)).toEqual([media.id]);
      expect(await store.textSearch(owner.id, words, 10, { speaker: 'Bob' })).toEqual([]);
      expect(await store.textSearch(owner.id, planQuery('engine')!, 10)).toEqual([]);

      await store.clearForTranscription(media.id);
      expect(await store.current(media.id)).toMatchObject({ version: 2, segments: [], speakers: [] });
      expect(await store.finishedWindows(media.id)).toEqual([]);
    });

    it('transcript history: a transcript without engine text starts at version 1', async () => {
      const owner = await newUser();
      const media = await newMedia(owner.id, 'PROCESSING');
      const draft = { segments: [{ start: 1, end: 2, text: '가져온 자막' }], speakers: [] };
      const result = await target.processing.commit({ mediaId: media.id, ownerId: owner.id, source: 'imported', textSource: 'imported', authorId: owner.id, draft, chunks: [] });
      expect(result).toEqual({ committed: true, version: 1 });
      expect((await target.processing.versions(media.id)).map((v) => v.source)).toEqual(['imported']);
    });
  });
}
