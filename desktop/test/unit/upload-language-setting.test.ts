import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIpcArgs } from '@biblio/shared';
import { speechToTextOf } from '../../src/core/appliance-client.js';
import { SettingsStore } from '../../src/core/settings-store.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'biblio-language-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the remembered upload language', () => {
  it('is auto-detect (null) at first, remembered across restarts, and back to auto with null', async () => {
    const stateDir = path.join(dir, 'fresh');
    const store = await SettingsStore.open(stateDir, () => undefined);
    expect(store.get().uploadLanguage).toBeNull();
    expect(await store.set({ uploadLanguage: 'ko' })).toEqual(new Set(['uploadLanguage']));
    expect((await SettingsStore.open(stateDir, () => undefined)).get().uploadLanguage).toBe('ko');
    await store.set({ uploadLanguage: null });
    expect((await SettingsStore.open(stateDir, () => undefined)).get().uploadLanguage).toBeNull();
  });

  it('settings written before the preference existed read as auto-detect, with no warning', async () => {
    const stateDir = path.join(dir, 'older');
    await mkdir(stateDir, { recursive: true });
    await writeFile(path.join(stateDir, 'settings.json'), JSON.stringify({ serverUrl: 'http://127.0.0.1:8080', parallelUploads: 2 }));
    const warnings: string[] = [];
    const store = await SettingsStore.open(stateDir, (m) => warnings.push(m));
    expect(store.get()).toMatchObject({ parallelUploads: 2, uploadLanguage: null });
    expect(warnings).toEqual([]);
  });

  it('the IPC accepts language codes only', () => {
    expect(parseIpcArgs('settings:set', [{ uploadLanguage: 'pt-BR' }])).toEqual([{ uploadLanguage: 'pt-BR' }]);
    expect(() => parseIpcArgs('settings:set', [{ uploadLanguage: 'Korean' }])).toThrow();
  });
});

describe('the speech-to-text engine from /healthz', () => {
  const component = { status: 'ok' as const, engine: 'x' };
  it('names the engine and its languages when the appliance lists them', () => {
    const health = { status: 'ok' as const, version: '1', components: { database: component, stt: { ...component, engine: 'pocketsphinx (en-us)', languages: ['en'] } } };
    expect(speechToTextOf(health)).toEqual({ engine: 'pocketsphinx (en-us)', languages: ['en'] });
  });
  it('says nothing for an appliance without an engine or without a language list', () => {
    expect(speechToTextOf({ status: 'ok', version: '1', components: { database: component } })).toBeUndefined();
    expect(speechToTextOf({ status: 'ok', version: '1', components: { stt: component } })).toBeUndefined();
  });
});
