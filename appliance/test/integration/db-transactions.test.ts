import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../../src/adapters/db/sql-database.js';
import { uploadObjectKey, type NewMedia } from '../../src/domain/media.js';
import { pgliteTarget, postgresMissing, postgresTarget, postgresUrl, redactUrl, type Target } from './harness/database-targets.js';

/**
 * Transactions on every engine (split from db-conformance.test.ts): rollbacks leave nothing,
 * and on PGlite's single session, work issued while a transaction is open waits for it instead
 * of running inside it.
 */
function describeTransactions(name: string, createTarget: () => Promise<Target>, skip?: string) {
  describe.skipIf(skip !== undefined)(name, () => {
    let target: Target | undefined;
    let db: SqlDatabase;
    const unique = (prefix: string) => `${prefix}-${randomUUID()}`;
    const userInput = (prefix: string, id = randomUUID()) => ({ id, name: unique(prefix), isAdmin: false });
    const mediaInput = (ownerId: string, id = randomUUID()): NewMedia => {
      const base = { filename: 'talk.mp4', filetype: 'video/mp4', title: null, language: null, size: 1000 };
      return { id, ownerId, ...base, objectKey: uploadObjectKey(ownerId, id) };
    };
    const newUser = (prefix = 'user') => db.users.create(userInput(prefix));
    const outboxCount = async (mediaId: string) =>
      (await db.kysely.selectFrom('outbox').select('id').where('media_id', '=', mediaId).execute()).length;

    beforeAll(async () => {
      target = await createTarget();
      db = await target.open();
    });

    afterAll(async () => {
      await db?.close();
      await target?.dispose();
    });

    it('transaction: a throw after writing leaves nothing behind, and the database stays usable', async () => {
      const userId = randomUUID();
      const input = mediaInput(userId);
      const boom = new Error('boom after writes');
      await expect(
        db.transaction(async (repos) => {
          await repos.users.create(userInput('tx', userId));
          await repos.media.create(input);
          await repos.outbox.add('pipeline', input.id, {});
          expect(await repos.media.findById(input.id)).toBeDefined(); // visible inside
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await db.users.findById(userId)).toBeUndefined();
      expect(await db.media.findById(input.id)).toBeUndefined();
      expect(await outboxCount(input.id)).toBe(0);
      // A failing statement rolls back the statements before it too.
      const name = (await newUser()).name;
      const fresh = randomUUID();
      await expect(
        db.transaction(async (repos) => {
          await repos.users.create(userInput('tx', fresh));
          await repos.users.create({ id: randomUUID(), name, isAdmin: false });
        }),
      ).rejects.toThrow(/duplicate|unique/i);
      expect(await db.users.findById(fresh)).toBeUndefined();
      await db.ping();
    });

    it('concurrent transactions do not interleave: one rolling back does not take the others\' writes', async () => {
      const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
      let opened!: () => void;
      const isOpen = new Promise<void>((resolve) => (opened = resolve));
      // Settled into a value at once, so its rejection is never briefly unhandled.
      const failing = db
        .transaction(async (repos) => {
          await repos.users.create(userInput('a', a));
          opened();
          await sleep(50);
          throw new Error('rollback a');
        })
        .then(() => 'committed', (error: Error) => error.message);
      await isOpen;
      // Issued while a's transaction is open. On PGlite (one session) they must wait for it,
      // not run inside it, where a's ROLLBACK would silently undo them.
      const [plain, inTx] = await Promise.all([
        db.users.create(userInput('b', b)),
        db.transaction(async (repos) => {
          await repos.users.create(userInput('c', c));
          await sleep(10);
          return repos.users.findById(c);
        }),
      ]);
      expect(await failing).toBe('rollback a');
      expect(plain.id).toBe(b);
      expect(inTx?.id).toBe(c);
      const found = await Promise.all([a, b, c].map((id) => db.users.findById(id)));
      expect(found.map((u) => u?.id)).toEqual([undefined, b, c]);
    });

    it('parallel transactions each see exactly their own writes, return their result and all commit', async () => {
      const results = await Promise.all(
        [0, 1, 2, 3].map((i) =>
          db.transaction(async (repos) => {
            const owner = await repos.users.create(userInput(`p${i}`));
            const media = await repos.media.create(mediaInput(owner.id));
            await sleep(5);
            await repos.media.transition(media.id, 'UPLOADED'); // the finish hook's pattern: state + outbox
            await repos.outbox.add('pipeline', media.id, { i });
            return { ownerId: owner.id, mediaId: media.id, listed: (await repos.media.listForOwner(owner.id)).map((m) => m.id) };
          }),
        ),
      );
      for (const r of results) {
        expect(r.listed).toEqual([r.mediaId]);
        expect((await db.media.findForOwner(r.mediaId, r.ownerId))?.status).toBe('UPLOADED');
        expect(await outboxCount(r.mediaId)).toBe(1);
      }
    });
  });
}

describeTransactions('transactions on pglite (fresh temp dir)', pgliteTarget);
const adminUrl = postgresUrl();
const missing = postgresMissing();
describeTransactions(
  adminUrl ? `transactions on postgres (fresh database on ${redactUrl(adminUrl)})` : `transactions on postgres: SKIPPED, ${missing}`,
  () => postgresTarget(adminUrl!),
  missing,
);
