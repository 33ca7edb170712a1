import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HashingEmbedder } from '../../../src/adapters/embed/hashing.js';
import { MemoryDatabase } from '../../../src/adapters/memory/memory-database.js';
import type { Embedder } from '../../../src/ports/embedder.js';
import type { ChunkEmbedding } from '../../../src/ports/search-index.js';
import { refreshEmbeddings } from '../../../src/services/embedding-refresh.js';

/** A model-like engine: one axis per text length, so a test can tell whose vector is stored. */
class LengthEmbedder implements Embedder {
  readonly calls: number[] = [];
  constructor(readonly engine: string) {}
  async embed(texts: readonly string[]): Promise<number[][]> {
    this.calls.push(texts.length);
    return texts.map((t) => Array.from({ length: 384 }, (_, i) => (i === t.length % 384 ? 1 : 0)));
  }
}

async function indexedWorld(chunks: number, embedding: (seq: number) => ChunkEmbedding | null) {
  const db = new MemoryDatabase();
  const ownerId = randomUUID();
  const mediaId = randomUUID();
  await db.media.create({ id: mediaId, ownerId, filename: 'talk.m4a', filetype: 'audio/mp4', title: null, language: null, size: 1, objectKey: `uploads/${ownerId}/${mediaId}` });
  const text = (seq: number) => `words ${'x'.repeat(seq)}`;
  await db.processing.replaceChunks(
    mediaId,
    ownerId,
    Array.from({ length: chunks }, (_, seq) => ({ seq, start: seq, end: seq + 1, text: text(seq), segments: [], embedding: embedding(seq) })),
  );
  return { db, ownerId, mediaId, text };
}

describe('refreshEmbeddings', () => {
  it("replaces another engine's vectors and fills missing ones with the running engine's, in rounds", async () => {
    const { db, ownerId, text } = await indexedWorld(150, (seq) => (seq % 2 ? null : { engine: 'old model', vector: [1, ...new Array<number>(383).fill(0)] }));
    const embedder = new LengthEmbedder('new model');
    const progress: number[] = [];
    expect(await refreshEmbeddings(db.processing, embedder, { onProgress: (n) => progress.push(n) })).toBe(150);
    expect(progress).toEqual([64, 128, 150]);
    expect(await db.processing.staleEmbeddings('new model', 1000)).toEqual([]);
    const [nearest] = await db.processing.vectorSearch(ownerId, { engine: 'new model', vector: (await embedder.embed([text(7)]))[0]! }, 1);
    expect(nearest).toMatchObject({ text: text(7), distance: 0 });
    // Already current: nothing read is rewritten on the next start.
    expect(await refreshEmbeddings(db.processing, embedder)).toBe(0);
  });

  it('a lexical-only engine clears every stored vector without embedding anything', async () => {
    const { db } = await indexedWorld(70, () => ({ engine: 'some model', vector: [1, ...new Array<number>(383).fill(0)] }));
    expect(await refreshEmbeddings(db.processing, new HashingEmbedder())).toBe(70);
    expect(await db.processing.staleEmbeddings(null, 1000)).toEqual([]);
    expect(await db.processing.staleEmbeddings('some model', 1000)).toHaveLength(70);
  });

  it('stops between rounds when aborted (shutdown)', async () => {
    const { db } = await indexedWorld(200, () => null);
    const abort = new AbortController();
    const written = await refreshEmbeddings(db.processing, new LengthEmbedder('m'), { signal: abort.signal, onProgress: () => abort.abort() });
    expect(written).toBe(64);
    expect(await db.processing.staleEmbeddings('m', 1000)).toHaveLength(136);
  });

  it('passes a chunk re-indexed between its read and its write, and reads each chunk once', async () => {
    const { db, ownerId, mediaId } = await indexedWorld(100, () => null);
    const embedder = new LengthEmbedder('m');
    const reads: number[] = [];
    const racing = {
      staleEmbeddings: async (...args: Parameters<typeof db.processing.staleEmbeddings>) => {
        const stale = await db.processing.staleEmbeddings(...args);
        reads.push(...stale.map((c) => c.seq));
        // The index stage re-indexes the media (new text, this engine's vectors) between the
        // first round's read and its write.
        if (reads.length === stale.length) {
          const vector = (await embedder.embed(['new']))[0]!;
          await db.processing.replaceChunks(mediaId, ownerId, Array.from({ length: 64 }, (_, seq) => ({ seq, start: seq, end: seq + 1, text: `new ${seq}`, segments: [], embedding: { engine: 'm', vector } })));
        }
        return stale;
      },
      storeEmbeddings: db.processing.storeEmbeddings,
      setting: db.processing.setting.bind(db.processing),
      replaceSetting: db.processing.replaceSetting.bind(db.processing),
    };
    // The 64 re-indexed chunks keep the index stage's rows; rows 64-99 are gone with the re-index.
    expect(await refreshEmbeddings(racing, embedder)).toBe(0);
    expect(reads).toEqual(Array.from({ length: 64 }, (_, seq) => seq));
    expect(await db.processing.staleEmbeddings('m', 1000)).toEqual([]);
  });

  it('walks the chunks once per engine: a later start skips, a switch and back after a cut-short refresh does not', async () => {
    const { db } = await indexedWorld(100, () => null);
    let walks = 0;
    const counting = {
      staleEmbeddings: async (...args: Parameters<typeof db.processing.staleEmbeddings>) => (walks++, db.processing.staleEmbeddings(...args)),
      storeEmbeddings: db.processing.storeEmbeddings,
      setting: db.processing.setting.bind(db.processing),
      replaceSetting: db.processing.replaceSetting.bind(db.processing),
    };
    expect(await refreshEmbeddings(counting, new LengthEmbedder('a'))).toBe(100);
    const afterFirst = walks;
    expect(await refreshEmbeddings(counting, new LengthEmbedder('a'))).toBe(0);
    expect(walks).toBe(afterFirst);
    // Engine b starts, and is stopped after one round (64 chunks now b's).
    const abort = new AbortController();
    expect(await refreshEmbeddings(counting, new LengthEmbedder('b'), { signal: abort.signal, onProgress: () => abort.abort() })).toBe(64);
    // Back on a: the 64 are a's again.
    expect(await refreshEmbeddings(counting, new LengthEmbedder('a'))).toBe(64);
    expect(await db.processing.staleEmbeddings('a', 1000)).toEqual([]);
  });
});
