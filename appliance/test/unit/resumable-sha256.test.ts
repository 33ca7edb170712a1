import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ResumableSha256 } from '../../src/domain/resumable-sha256.js';

const reference = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('ResumableSha256', () => {
  it('matches node:crypto at every length around the block and padding boundaries', () => {
    for (const length of [0, 1, 3, 55, 56, 57, 63, 64, 65, 111, 112, 119, 120, 127, 128, 129, 1000, 4096]) {
      const data = randomBytes(length);
      expect(new ResumableSha256().update(data).digestHex(), `length ${length}`).toBe(reference(data));
    }
  });

  it('gives the same digest however the bytes are split, saved and restored', () => {
    for (let trial = 0; trial < 40; trial++) {
      const data = randomBytes(1 + Math.floor(Math.random() * 300_000));
      let hash = new ResumableSha256();
      let at = 0;
      while (at < data.length) {
        const step = 1 + Math.floor(Math.random() * (trial % 2 === 0 ? 200 : 70_000));
        hash.update(data.subarray(at, at + step));
        at += step;
        // Half the time the state goes through JSON, as it does through the database.
        if (Math.random() < 0.5) hash = new ResumableSha256(JSON.parse(JSON.stringify(hash.save())));
      }
      expect(hash.length).toBe(data.length);
      expect(hash.digestHex(), `trial ${trial}, ${data.length} bytes`).toBe(reference(data));
    }
  });

  it('digests without ending the hash: more bytes may follow', () => {
    const first = randomBytes(100);
    const second = randomBytes(30);
    const hash = new ResumableSha256().update(first);
    expect(hash.digestHex()).toBe(reference(first));
    expect(hash.update(second).digestHex()).toBe(reference(Buffer.concat([first, second])));
  });

  it('saves a small state: eight words, a tail under one block, and the length', () => {
    const state = new ResumableSha256().update(randomBytes(1000)).save();
    expect(state.words).toHaveLength(8);
    expect(state.tail).toHaveLength((1000 % 64) * 2);
    expect(state.length).toBe(1000);
  });

  it('refuses a state that cannot be one', () => {
    const good = new ResumableSha256().update(randomBytes(70)).save();
    for (const bad of [
      { ...good, words: good.words.slice(1) },
      { ...good, words: [...good.words.slice(1), -1] },
      { ...good, tail: 'zz' },
      { ...good, length: good.length + 1 },
      { ...good, length: -6 },
    ]) {
      expect(() => new ResumableSha256(bad)).toThrow(/not a saved SHA-256 state/);
    }
  });
});
