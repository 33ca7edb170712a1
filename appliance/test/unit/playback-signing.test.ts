import { describe, expect, it } from 'vitest';
import type { MediaStatus } from '@biblio/shared';
import type { MediaRecord } from '../../src/domain/media.js';
import { PlaybackKeys } from '../../src/services/playback-keys.js';
import { PlaybackService } from '../../src/services/playback.js';
import { speechWindows } from '../../src/pipeline/processors/transcribe.js';

const media = '0b6a3e0e-8f59-4d7a-9a43-1f0d1c6f2a11';
const other = '5a0c1d52-36a3-4d70-b0f4-5bd4d9e0d2f4';
const unused = {} as never;

/** In-memory stand-ins for the media rows, the HLS asset and the settings table. */
function fixture() {
  const rows = new Map<string, { status: MediaStatus; generation: number }>([
    [media, { status: 'READY', generation: 1 }],
    [other, { status: 'READY', generation: 1 }],
  ]);
  const settings = new Map<string, string>();
  const keys = new PlaybackKeys(
    {
      setting: async (key, create) => settings.get(key) ?? (settings.set(key, create()), settings.get(key)!),
      replaceSetting: async (key, value) => void settings.set(key, value),
    },
    0,
  );
  const repo = { findById: async (id: string) => rows.get(id) as MediaRecord | undefined };
  const processing = { getAsset: async (id: string) => ({ kind: 'hls', objectKey: `media/o/${id}/hls`, contentType: '' }) };
  const service = new PlaybackService(repo, processing as never, unused, keys, 3600);
  return { rows, keys, service };
}

describe('playback signatures', () => {
  const now = Date.UTC(2026, 0, 1);

  it('verifies its own signature until it expires', async () => {
    const { service } = fixture();
    const { query, expiresAt } = await service.sign(media, now);
    const params = new URLSearchParams(query);
    expect(expiresAt.getTime()).toBe(now + 3600_000);
    expect(await service.authorize(media, params.get('exp'), params.get('sig'), now)).toBe(`media/o/${media}/hls`);
    expect(await service.authorize(media, params.get('exp'), params.get('sig'), now + 3601_000)).toBeUndefined();
  });

  it('refuses another media, a changed expiry, a forged or missing signature', async () => {
    const { service } = fixture();
    const params = new URLSearchParams((await service.sign(media, now)).query);
    const exp = params.get('exp');
    const sig = params.get('sig');
    expect(await service.authorize(other, exp, sig, now)).toBeUndefined();
    expect(await service.authorize(media, String(Number(exp) + 3600), sig, now)).toBeUndefined();
    expect(await service.authorize(media, exp, 'x'.repeat(sig!.length), now)).toBeUndefined();
    expect(await service.authorize(media, exp, null, now)).toBeUndefined();
    expect(await service.authorize(media, 'soon', sig, now)).toBeUndefined();
  });

  it('refuses after a delete (new generation), for a media that is not playable, and after a key rotation', async () => {
    const { service, rows, keys } = fixture();
    const signed = async () => new URLSearchParams((await service.sign(media, now)).query);
    let params = await signed();
    rows.set(media, { status: 'READY', generation: 2 });
    expect(await service.authorize(media, params.get('exp'), params.get('sig'), now)).toBeUndefined();

    params = await signed();
    rows.set(media, { status: 'REJECTED', generation: 2 });
    expect(await service.authorize(media, params.get('exp'), params.get('sig'), now)).toBeUndefined();
    rows.set(media, { status: 'PROCESSING', generation: 2 });
    expect(await service.authorize(media, params.get('exp'), params.get('sig'), now)).toBeDefined();

    await keys.rotate();
    expect(await service.authorize(media, params.get('exp'), params.get('sig'), now)).toBeUndefined();
    params = await signed();
    expect(await service.authorize(media, params.get('exp'), params.get('sig'), now)).toBeDefined();
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
