import { describe, expect, it } from 'vitest';
import { generateToken, hashToken, parseBearer } from '../../src/domain/tokens.js';

describe('tokens', () => {
  it('generates distinct, prefixed, high-entropy tokens', () => {
    const a = generateToken();
    const b = generateToken();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^bib_[A-Za-z0-9_-]{43}$/);
  });

  it('hashes deterministically and never returns the token', () => {
    const token = generateToken();
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toContain(token);
  });

  it('parses bearer headers', () => {
    expect(parseBearer('Bearer abc')).toBe('abc');
    expect(parseBearer('bearer   abc ')).toBe('abc');
    expect(parseBearer('Basic abc')).toBeUndefined();
    expect(parseBearer('Bearer a b')).toBeUndefined();
    expect(parseBearer(undefined)).toBeUndefined();
  });
});
