import { describe, expect, it } from 'vitest';
import { formatBytes, formatDate, formatDay, formatDuration, formatPercent, formatSpeed } from '../../src/renderer/format.js';
import { en } from '../../src/renderer/i18n/messages/en.js';
import { ko } from '../../src/renderer/i18n/messages/ko.js';
import { interpolate, resolveLocale, translate } from '../../src/renderer/i18n/translate.js';
import type { MessageKey } from '../../src/renderer/i18n/types.js';

const keys = Object.keys(en) as MessageKey[];
const forms = (message: string | Readonly<Record<string, string>>): string[] => (typeof message === 'string' ? [message] : Object.values(message));
const placeholders = (message: string | Readonly<Record<string, string>>) => new Set(forms(message).flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1])));

/** Messages that are only placeholders and punctuation, the same in every language. */
const SAME_IN_BOTH: ReadonlySet<MessageKey> = new Set(['settings.about', 'stage.chipTitle', 'stage.reason']);

describe('the Korean catalogue', () => {
  it('has every English key, no other key, and no empty message', () => {
    expect(Object.keys(ko).sort()).toEqual([...keys].sort());
    for (const key of keys) for (const text of forms(ko[key])) expect(text.trim(), key).not.toBe('');
  });

  it('is translated: only placeholder-only messages read the same as English', () => {
    const same = keys.filter((key) => JSON.stringify(ko[key]) === JSON.stringify(en[key]));
    expect(same.sort()).toEqual([...SAME_IN_BOTH].sort());
  });

  it('fills the same placeholders as English (a lost {error} would hide the reason)', () => {
    for (const key of keys) expect([...placeholders(ko[key])].sort(), key).toEqual([...placeholders(en[key])].sort());
  });

  it('contains no English words besides product names and units', () => {
    // MB/s, file extensions, key names (K, C, Enter, Esc, Shift) and product names stay as they are.
    const allowed = /^(Biblio|URL|HLS|MB|B|s|K|C|Enter|Esc|Shift|vtt|srt|json)$/;
    for (const key of keys) {
      const words = forms(ko[key]).flatMap((text) => text.replace(/\{\w+\}/g, '').match(/[A-Za-z]+/g) ?? []);
      expect(words.filter((word) => !allowed.test(word)), key).toEqual([]);
    }
  });
});

describe('translate', () => {
  it('interpolates values and writes numbers the locale’s way', () => {
    expect(translate('en', 'card.open', { name: 'talk.mp4' })).toBe('Open talk.mp4');
    expect(translate('ko', 'card.open', { name: 'talk.mp4' })).toBe('talk.mp4 열기');
    expect(translate('en', 'transcript.matchOf', { current: 2, total: 1200 })).toBe('2 of 1,200');
    expect(translate('ko', 'transcript.matchOf', { current: 2, total: 1200 })).toBe('1,200개 중 2번째');
  });

  it('chooses plural forms with Intl.PluralRules', () => {
    expect(translate('en', 'library.count', { count: 1 })).toBe('1 recording');
    expect(translate('en', 'library.count', { count: 31 })).toBe('31 recordings');
    expect(translate('en', 'library.count', { count: 0 })).toBe('0 recordings');
    expect(translate('ko', 'library.count', { count: 1 })).toBe('미디어 1개');
    expect(translate('ko', 'library.count', { count: 31 })).toBe('미디어 31개');
    expect(translate('en', 'queue.addingMany', { count: 2 })).toBe('Adding 2 files…');
  });

  it('keeps elements as parts and leaves an unknown placeholder visible', () => {
    const link = { element: 'a' };
    expect(interpolate('en', 'Already as {link} (added {date}).', { link, date: 'Dec 3' })).toEqual(['Already as ', link, ' (added ', 'Dec 3', ').']);
    expect(translate('en', 'card.open')).toBe('Open {name}');
  });

  it('follows the system language unless a language was chosen', () => {
    expect(resolveLocale('auto', 'ko-KR')).toBe('ko');
    expect(resolveLocale('auto', 'ko')).toBe('ko');
    expect(resolveLocale('auto', 'en-US')).toBe('en');
    expect(resolveLocale('auto', 'de-DE')).toBe('en');
    expect(resolveLocale(undefined, undefined)).toBe('en');
    expect(resolveLocale('en', 'ko-KR')).toBe('en');
    expect(resolveLocale('ko', 'en-US')).toBe('ko');
  });
});

describe('localised sizes, speeds, durations and dates', () => {
  it('writes sizes in decimal units', () => {
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(512, 'ko')).toBe('512B');
    expect(formatBytes(1_500_000, 'en')).toBe('1.5 MB');
    expect(formatBytes(1_500_000, 'ko')).toBe('1.5MB');
    expect(formatBytes(250_000_000_000, 'en')).toBe('250 GB');
    expect(formatSpeed(2_400_000, 'en')).toBe('2.4 MB/s');
    expect(formatSpeed(2_400_000, 'ko')).toBe('2.4MB/s');
    expect(formatPercent(42.7, 'en')).toBe('42%');
  });

  it('writes remaining times in words', () => {
    expect(formatDuration(30, 'en')).toBe('30 seconds');
    expect(formatDuration(1, 'en')).toBe('1 second');
    expect(formatDuration(180, 'en')).toBe('3 minutes');
    expect(formatDuration(180, 'ko')).toBe('3분');
    expect(formatDuration(5400, 'ko')).toBe('1.5시간');
    expect(translate('ko', 'row.eta', { duration: formatDuration(180, 'ko') })).toBe('3분 남음');
    expect(formatDuration(null, 'en')).toBe('');
  });

  it('writes dates with the month in words', () => {
    const iso = '2026-12-03T12:05:00Z';
    expect(formatDate(iso, 'en')).toMatch(/Dec 3, 2026/);
    expect(formatDate(iso, 'ko')).toMatch(/2026년 12월 3일/);
    expect(formatDay(iso, 'ko')).toMatch(/2026\. 12\. 3\./);
    expect(formatDate('not a date', 'en')).toBe('');
  });
});
