import { describe, expect, it } from 'vitest';
import { PlaybackService } from '../../src/services/playback.js';
import { speechWindows } from '../../src/pipeline/processors/transcribe.js';

const media = '0b6a3e0e-8f59-4d7a-9a43-1f0d1c6f2a11';
const unused = {} as never;

describe('playback signatures', () => {
  const service = new PlaybackService(unused, unused, 'secret-key', 3600);
  const now = Date.UTC(2026, 0, 1);

  it('verifies its own signature until it expires', () => {
    const { query, expiresAt } = service.sign(media, now);
    const params = new URLSearchParams(query);
    expect(expiresAt.getTime()).toBe(now + 3600_000);
    expect(service.verify(media, params.get('exp'), params.get('sig'), now)).toBe(true);
    expect(service.verify(media, params.get('exp'), params.get('sig'), now + 3601_000)).toBe(false);
  });

  it('refuses another media, a changed expiry, a forged or missing signature, another key', () => {
    const params = new URLSearchParams(service.sign(media, now).query);
    const exp = params.get('exp');
    const sig = params.get('sig');
    expect(service.verify('5a0c1d52-36a3-4d70-b0f4-5bd4d9e0d2f4', exp, sig, now)).toBe(false);
    expect(service.verify(media, String(Number(exp) + 3600), sig, now)).toBe(false);
    expect(service.verify(media, exp, 'x'.repeat(sig!.length), now)).toBe(false);
    expect(service.verify(media, exp, null, now)).toBe(false);
    expect(service.verify(media, 'soon', sig, now)).toBe(false);
    expect(new PlaybackService(unused, unused, 'other-key').verify(media, exp, sig, now)).toBe(false);
  });
});

describe('speech windows', () => {
  it('covers the whole duration in order, the last window shorter', () => {
    expect(speechWindows(130, 60)).toEqual([
      { startSec: 0, durationSec: 60 },
      { startSec: 60, durationSec: 60 },
      { startSec: 120, durationSec: 10 },
    ]);
    expect(speechWindows(60, 60)).toHaveLength(1);
  });
});
