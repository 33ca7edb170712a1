import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataStore } from '@tus/utils';
import { describe, expect, it } from 'vitest';
import { HashingDataStore } from '../../../src/http/hashing-datastore.js';
import { UploadDigests, type ChainBreak } from '../../../src/services/upload-digests.js';
import { memoryWorld } from './fixtures.js';

/** A store that keeps the bytes it is given, or only the first `keep` of them (a short write). */
class BytesStore extends DataStore {
  constructor(
    private readonly bytes: Map<string, Buffer>,
    public keep = Infinity,
  ) {
    super();
  }
  override async write(stream: Readable, id: string, offset: number): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).subarray(0, this.keep);
    const before = (this.bytes.get(id) ?? Buffer.alloc(0)).subarray(0, offset);
    this.bytes.set(id, Buffer.concat([before, body]));
    return offset + body.length;
  }
}

function setup() {
  const world = memoryWorld();
  const breaks: ChainBreak[] = [];
  const digests = new UploadDigests(world.db, world.storage, world.log, (reason) => breaks.push(reason));
  const inner = new BytesStore(world.storage.objects);
  const store = new HashingDataStore(inner, digests);
  const data = randomBytes(1000);
  const expected = createHash('sha256').update(data).digest('hex');
  const write = (media: { objectKey: string }, from: number, to: number) => store.write(Readable.from([data.subarray(from, to)]), media.objectKey, from);
  return { world, breaks, inner, write, expected };
}

describe('upload digests (hashing while tus writes)', () => {
  it('hashes across requests and records the digest when the last byte is stored', async () => {
    const { world, breaks, write, expected } = setup();
    const media = await world.newMedia();
    expect(await write(media, 0, 300)).toBe(300);
    expect((await world.db.media.uploadHashState(media.id))?.length).toBe(300);
    expect(await write(media, 300, 1000)).toBe(1000);
    expect((await world.db.media.findById(media.id))?.sha256).toBe(expected);
    expect(await world.db.media.uploadHashState(media.id)).toBeNull();
    expect(breaks).toEqual([]);
  });

  it('catches up from the store when bytes were kept that the saved state never saw', async () => {
    const { world, breaks, write, expected } = setup();
    const media = await world.newMedia();
    await write(media, 0, 200);
    // A process killed mid-request: the store kept bytes 200..600, the state stayed at 200.
    const state = await world.db.media.uploadHashState(media.id);
    await write(media, 200, 600);
    await world.db.media.saveUploadHashState(media.id, state);
    await write(media, 600, 1000);
    expect((await world.db.media.findById(media.id))?.sha256).toBe(expected);
    expect(breaks).toEqual([]);
  });

  it('counts a broken chain and leaves the digest to the validate stage', async () => {
    const { world, breaks, inner, write } = setup();
    const noState = await world.newMedia();
    await world.db.media.saveUploadHashState(noState.id, null);
    world.storage.objects.set(noState.objectKey, Buffer.alloc(0));
    await write(noState, 500, 1000);
    expect((await world.db.media.findById(noState.id))?.sha256).toBeNull();

    const short = await world.newMedia();
    inner.keep = 100;
    expect(await write(short, 0, 400)).toBe(100);
    inner.keep = Infinity;
    // The state saw 400 bytes, the store kept 100: it cannot be continued.
    expect(await world.db.media.uploadHashState(short.id)).toBeNull();
    await write(short, 100, 1000);
    expect((await world.db.media.findById(short.id))?.sha256).toBeNull();
    expect(breaks).toEqual(['no_state', 'short_write', 'no_state']);
  });
});
