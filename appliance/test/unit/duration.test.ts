import { describe, expect, it } from 'vitest';
import { parseByteSize, parseDuration } from '../../src/domain/duration.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['24h', 86_400_000],
    ['14d', 1_209_600_000],
    ['1.5h', 5_400_000],
    [' 2S ', 2_000],
  ])('%s -> %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '10', 'h', '-5m', '5 weeks', '0s', 'abc'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('parseByteSize', () => {
  it.each([
    ['53687091200', 53_687_091_200],
    ['50GiB', 50 * 1024 ** 3],
    ['500 MB', 500_000_000],
    ['1k', 1024],
  ])('%s -> %d bytes', (text, bytes) => expect(parseByteSize(text)).toBe(bytes));

  it.each(['', 'lots', '5 parsecs', '0', '-1'])('rejects %j', (text) => expect(parseByteSize(text)).toBeUndefined());
});
