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
    public failAfterWrite = false,
  ) {
    super();
  }
  override async write(stream: Readable, id: string, offset: number): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).subarray(0, this.keep);
    const before = (this.bytes.get(id) ?? Buffer.alloc(0)).subarray(0, offset);
    this.bytes.set(id, Buffer.concat([before, body]));
    if (this.failAfterWrite) throw new Error('connection reset');
    return offset + body.length;
  }
}

/** An appliance process: its own digests (a restart is a new one) over the same world. */
function setup() {
  const world = memoryWorld();
  const breaks: ChainBreak[] = [];
  const inner = new BytesStore(world.storage.objects);
  const data = randomBytes(1000);
  const expected = createHash('sha256').update(data).digest('hex');
  let store = new HashingDataStore(inner, new UploadDigests(world.db, world.storage, world.log, (reason) => breaks.push(reason)));
  const write = (media: { objectKey: string }, from: number, to: number) => store.write(Readable.from([data.subarray(from, to)]), media.objectKey, from);
  const restart = () => {
    store = new HashingDataStore(inner, new UploadDigests(world.db, world.storage, world.log, (reason) => breaks.push(reason)));
  };
  const sha256Of = async (id: string) => (await world.db.media.findById(id))?.sha256;
  return { world, breaks, inner, write, restart, sha256Of, expected };
}

describe('upload digests (hashing while tus writes)', () => {
  it('hashes across requests and records the digest when the last byte is stored', async () => {
    const { world, breaks, write, sha256Of, expected } = setup();
    const media = await world.newMedia();
    expect(await write(media, 0, 300)).toBe(300);
    expect(await sha256Of(media.id)).toBeNull();
    expect(await write(media, 300, 700)).toBe(700);
    expect(await write(media, 700, 1000)).toBe(1000);
    expect(await sha256Of(media.id)).toBe(expected);
    expect(breaks).toEqual([]);
  });

  it('goes back to its checkpoint when the store keeps less than passed the hash, and catches up from a readable store', async () => {
    const { world, breaks, inner, write, sha256Of, expected } = setup();
    const media = await world.newMedia();
    await write(media, 0, 200);
    // A request cut off: the hash saw 200..600, the store kept only 200..300.
    inner.keep = 100;
    expect(await write(media, 200, 600)).toBe(300);
    inner.keep = Infinity;
    await write(media, 300, 1000);
    expect(await sha256Of(media.id)).toBe(expected);
    expect(breaks).toEqual([]);
  });

  it('a failed write returns to the checkpoint; the next request catches up with what the store kept', async () => {
    const { world, breaks, inner, write, sha256Of, expected } = setup();
    const media = await world.newMedia();
    await write(media, 0, 200);
    // The store kept 200..500, then the request failed before reporting it (a dropped connection).
    inner.keep = 300;
    inner.failAfterWrite = true;
    await expect(write(media, 200, 600)).rejects.toThrow('connection reset');
    inner.keep = Infinity;
    inner.failAfterWrite = false;
    expect(await sha256Of(media.id)).toBeNull();
    await write(media, 500, 1000);
    expect(await sha256Of(media.id)).toBe(expected);
    expect(breaks).toEqual([]);
  });

  it('counts a broken chain after a restart or on an unreadable store, and leaves the digest to the validate stage', async () => {
    const { world, breaks, write, restart, sha256Of } = setup();
    const restarted = await world.newMedia();
    await write(restarted, 0, 400);
    restart();
    await write(restarted, 400, 1000);
    expect(await sha256Of(restarted.id)).toBeNull();

    // The hash is behind the store and the store cannot read an unfinished upload (S3).
    const unreadable = await world.newMedia();
    await write(unreadable, 0, 100);
    const read = world.storage.read.bind(world.storage);
    world.storage.read = () => Promise.reject(new Error('NoSuchKey'));
    await write(unreadable, 300, 1000);
    world.storage.read = read;
    expect(await sha256Of(unreadable.id)).toBeNull();
    expect(breaks).toEqual(['no_state', 'gap_unreadable']);
  });

  it('never hashes an upload that is no longer being received', async () => {
    const { world, breaks, write, sha256Of } = setup();
    const done = await world.newMedia('UPLOADED');
    await write(done, 0, 1000);
    expect(await sha256Of(done.id)).toBeNull();
    expect(breaks).toEqual([]);
  });
});
