import { describe, expect, it } from 'vitest';
import { emptyTextVector, hash32, HashingEmbedder, hashingVector } from '../../src/adapters/embed/hashing.js';
import { EMBEDDING_DIMENSIONS } from '../../src/ports/embedder.js';

const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((sum, v, i) => sum + v * b[i]!, 0);
const norm = (a: readonly number[]): number => Math.sqrt(dot(a, a));

const KOREAN_BUDGET = '오늘 회의에서 예산을 논의했습니다';
const KOREAN_WEATHER = '날씨가 좋아서 공원에 산책을 갔습니다';
const ENGLISH_BUDGET = 'Today we discussed the budget in the meeting';
const ENGLISH_BUDGET_2 = 'The committee reviewed the annual budget during the meeting';
const ENGLISH_UNRELATED = 'The cat sat on the mat and watched the birds outside';

describe('hash32', () => {
  it('is a 32-bit unsigned hash that tells close keys apart', () => {
    expect(hash32('a')).not.toBe(hash32('b'));
    expect(hash32('ab')).not.toBe(hash32('ba'));
    const h = hash32('x');
    expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
  });

  it('pins known values (stored vectors depend on the hash never changing)', () => {
    expect(hash32('')).toBe(SNAPSHOT.empty);
    expect(hash32('w:budget')).toBe(SNAPSHOT.budget);
  });

  it('spreads short keys over the 384 buckets', () => {
    const buckets = new Set<number>();
    for (let i = 0; i < 2000; i++) buckets.add(hash32(`w:${i}`) % EMBEDDING_DIMENSIONS);
    expect(buckets.size).toBeGreaterThan(370);
  });
});

describe('HashingEmbedder', () => {
  const embedder = new HashingEmbedder();

  it('names its engine and keeps the input order', async () => {
    expect(embedder.engine).toBe('hashing');
    const [a, b] = await embedder.embed([ENGLISH_BUDGET, KOREAN_BUDGET]);
    expect(a).toEqual(hashingVector(ENGLISH_BUDGET));
    expect(b).toEqual(hashingVector(KOREAN_BUDGET));
    expect(await embedder.embed([])).toEqual([]);
  });

  it('is deterministic', async () => {
    const first = await embedder.embed([ENGLISH_BUDGET, KOREAN_BUDGET]);
    const second = await new HashingEmbedder().embed([ENGLISH_BUDGET, KOREAN_BUDGET]);
    expect(second).toEqual(first);
  });

  it('returns 384-d unit vectors of finite numbers', async () => {
    for (const v of await embedder.embed([ENGLISH_BUDGET, KOREAN_BUDGET, 'x', '今天的会议讨论了预算'])) {
      expect(v).toHaveLength(EMBEDDING_DIMENSIONS);
      expect(v.every(Number.isFinite)).toBe(true);
      expect(norm(v)).toBeCloseTo(1, 10);
    }
  });

  it('puts similar texts closer than unrelated ones', () => {
    const budget = hashingVector(ENGLISH_BUDGET);
    expect(dot(budget, hashingVector(ENGLISH_BUDGET_2))).toBeGreaterThan(dot(budget, hashingVector(ENGLISH_UNRELATED)) + 0.2);
    const query = hashingVector('budget meeting');
    expect(dot(query, budget)).toBeGreaterThan(0.5);
    expect(dot(query, budget)).toBeGreaterThan(dot(query, hashingVector(ENGLISH_UNRELATED)) + 0.4);
  });

  it('ignores case, punctuation and width (NFKC)', () => {
    expect(hashingVector('BUDGET, Meeting!')).toEqual(hashingVector('budget meeting'));
    expect(hashingVector('ＢＵＤＧＥＴ')).toEqual(hashingVector('budget'));
  });

  it('matches inflections through character trigrams', () => {
    const query = hashingVector('budgets');
    expect(dot(query, hashingVector('the budget'))).toBeGreaterThan(dot(query, hashingVector('the weather')) + 0.3);
  });

  it('puts the Korean query "예산" closer to the Korean budget sentence than to others', () => {
    const query = hashingVector('예산');
    const korean = dot(query, hashingVector(KOREAN_BUDGET));
    expect(korean).toBeGreaterThan(0.2);
    expect(korean).toBeGreaterThan(dot(query, hashingVector(ENGLISH_BUDGET)) + 0.2);
    expect(korean).toBeGreaterThan(dot(query, hashingVector(KOREAN_WEATHER)) + 0.2);
  });

  it('gives text without terms a fixed unit vector, never a zero vector (pgvector cosine would be NaN)', async () => {
    const [empty, blank, symbols] = await embedder.embed(['', '   ', '♪ ... !!!']);
    expect(empty).toEqual(emptyTextVector());
    expect(blank).toEqual(empty);
    expect(symbols).toEqual(empty);
    expect(norm(empty!)).toBe(1);
    const similarity = dot(empty!, hashingVector(ENGLISH_BUDGET));
    expect(Number.isFinite(similarity)).toBe(true);
    expect(Math.abs(similarity)).toBeLessThan(0.5);
  });

  it('damps repeated words (sublinear tf)', () => {
    const once = hashingVector('budget review');
    const many = hashingVector('budget budget budget budget budget budget budget budget review');
    // Linear tf would make "review" vanish (weight 1 of 8); 1 + ln(8) = 3.1 keeps it visible.
    expect(dot(many, hashingVector('review'))).toBeGreaterThan(0.15);
    expect(dot(many, once)).toBeGreaterThan(0.8);
  });
});

/** Values of the hash as first shipped; a change here means every stored vector is stale. */
const SNAPSHOT = { empty: 2872998923, budget: 3914272710 };
