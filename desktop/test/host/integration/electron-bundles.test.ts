import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MediaDto } from '@biblio/shared';
import type { fakeElectron } from '../fake-electron.js';

/**
 * The Electron bundles as they ship (vite builds of main and preload), run without the Electron
 * binary: the preload in a function wrapper whose `require` knows only 'electron', as in a
 * sandboxed renderer; the main bundle with a fake 'electron' module.
 *
 * The test builds what it reads (renderer, preload and main) into a folder of its own, so it
 * neither depends on `npm run desktop:build` having run nor rewrites desktop/dist while the e2e
 * suite or a packaging run reads it. That folder is under desktop/ rather than the system temp
 * dir: main.js keeps its npm dependencies external, and they resolve from the repository's
 * node_modules. Three vite builds take tens of seconds, hence the integration project.
 */
const DESKTOP = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let out: string;
const bundle = (name: string) => path.join(out, 'electron', name);

const fake = vi.hoisted(() => ({ userData: '', record: null as any, electron: null as any }));
vi.mock('electron', async () => {
  const { fakeElectron } = await import('../fake-electron.js');
  const made = fakeElectron(() => fake.userData);
  fake.record = made.record;
  fake.electron = made.electron;
  return made.electron;
});

beforeAll(async () => {
  await mkdir(path.join(DESKTOP, 'dist-test'), { recursive: true });
  out = await mkdtemp(path.join(DESKTOP, 'dist-test', 'electron-bundles-'));
  const configFile = path.join(DESKTOP, 'vite.config.ts');
  // The layout of desktop/dist: main.js finds the renderer at ../renderer from its own folder.
  await build({ configFile, logLevel: 'warn', build: { outDir: path.join(out, 'renderer') } });
  await build({ configFile, mode: 'preload', logLevel: 'warn', build: { outDir: path.join(out, 'electron') } });
  await build({ configFile, mode: 'main', logLevel: 'warn', build: { outDir: path.join(out, 'electron') } });
}, 180_000);

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

describe('preload bundle (sandboxed)', () => {
  const exposed = new Map<string, any>();
  const invoked: unknown[][] = [];
  const subscribed = new Map<string, (...args: unknown[]) => void>();

  beforeAll(async () => {
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => (invoked.push(args), 'answer'),
        on: (event: string, relay: (...args: unknown[]) => void) => subscribed.set(event, relay),
        removeListener: (event: string) => subscribed.delete(event),
      },
      webUtils: { getPathForFile: (file: { path?: string }) => file.path ?? '' },
    };
    const sandboxRequire = (id: string) => {
      if (id === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require ${id}`);
    };
    const code = await readFile(bundle('preload.cjs'), 'utf8');
    const module = { exports: {} };
    vm.runInThisContext(`(function (require, module, exports) {${code}\n})`)(sandboxRequire, module, module.exports);
  });

  it('exposes exactly one object, window.biblio', () => {
    expect([...exposed.keys()]).toEqual(['biblio']);
    expect(Object.keys(exposed.get('biblio')).sort()).toEqual(['invoke', 'on', 'pathsForFiles']);
  });

  it('passes only known channels with valid arguments', async () => {
    const biblio = exposed.get('biblio');
    await expect(biblio.invoke('settings:set', { serverUrl: 'nope' })).rejects.toThrow(/Invalid arguments: serverUrl/);
    await expect(biblio.invoke('settings:set', { evil: true })).rejects.toThrow(/Invalid arguments/);
    await expect(biblio.invoke('fs:read', '/etc/passwd')).rejects.toThrow(/Unknown channel/);
    expect(invoked).toEqual([]);
    await expect(biblio.invoke('queue:pause', 'item-1')).resolves.toBe('answer');
    expect(invoked).toEqual([['queue:pause', 'item-1']]);
  });

  it('relays events without the IpcRendererEvent, and unsubscribes', () => {
    const biblio = exposed.get('biblio');
    const seen: unknown[] = [];
    const off = biblio.on('queue:changed', (payload: unknown) => seen.push(payload));
    subscribed.get('queue:changed')!({ sender: 'secret internals' }, [{ id: 'a' }]);
    expect(seen).toEqual([[{ id: 'a' }]]);
    off();
    expect(subscribed.has('queue:changed')).toBe(false);
    expect(() => biblio.on('app:quit', () => undefined)).toThrow(/Unknown event/);
  });

  it('turns dropped files into their paths', async () => {
    const biblio = exposed.get('biblio');
    await expect(biblio.pathsForFiles([{ name: 'a.mp4', path: '/home/me/a.mp4' }])).resolves.toEqual(['/home/me/a.mp4']);
    await expect(biblio.pathsForFiles([{ name: 'web.mp4' }])).rejects.toThrow(/not a file on this computer/);
  });
});

describe('main bundle (fake electron)', () => {
  let dir: string;
  let record: ReturnType<typeof fakeElectron>['record'];
  const page = { senderFrame: { url: 'app://biblio/index.html' } };
  const call = (channel: string, ...args: unknown[]) => record.handlers.get(channel)!(page, ...args);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'biblio-electron-'));
    fake.userData = dir;
    vi.stubEnv('BIBLIO_CLIENT_STATE_DIR', path.join(dir, 'state'));
    await import(/* @vite-ignore */ bundle('main.js'));
    record = fake.record;
    await vi.waitFor(() => expect(record.windows.length).toBe(1), { timeout: 20_000 });
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await rm(dir, { recursive: true, force: true });
  });

  it('opens one sandboxed, isolated window on the app:// page with the bundled preload', () => {
    const [win] = record.windows;
    expect(win!.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: bundle('preload.cjs') });
    expect(win!.loaded).toEqual(['app://biblio/index.html']);
    expect(record.schemes).toEqual([expect.objectContaining({ scheme: 'app' })]);
  });

  it('serves the renderer build from app://biblio/ and nothing outside it', async () => {
    await writeFile(path.join(dir, 'probe.txt'), 'outside');
    const handler = record.protocolHandler!;
    const index = (await handler({ url: 'app://biblio/index.html' })) as Response;
    expect(await index.text()).toContain('<div id="root">');
    expect(((await handler({ url: 'app://biblio/..%2F..%2Fpackage.json' })) as Response).status).toBe(404);
    expect(((await handler({ url: 'app://elsewhere/index.html' })) as Response).status).toBe(404);
  });

  it('handles every IPC channel, only from its own page, validating again', async () => {
    const { IPC_CHANNELS } = await import('@biblio/shared');
    expect([...record.handlers.keys()].sort()).toEqual([...IPC_CHANNELS].sort());
    await expect(call('app:info')).resolves.toMatchObject({ shell: 'electron', version: '0.1.0-test' });
    await expect(record.handlers.get('app:info')!({ senderFrame: { url: 'https://evil.example/' } })).rejects.toThrow(/refused/);
    await expect(call('settings:set', { serverUrl: 'nope' })).rejects.toThrow();
    await expect(call('dialog:openFiles')).resolves.toEqual(['/picked/a.mp4']);
  });

  it('relays core events to the window, shows queue progress in the tray', async () => {
    const file = path.join(dir, 'talk.mp3');
    await writeFile(file, Buffer.alloc(4096));
    await call('queue:add', [file]);
    await vi.waitFor(() => expect(record.windows[0]!.sent.some(([channel]) => channel === 'queue:changed')).toBe(true));
    expect(record.tooltips.at(-1)).toMatch(/Biblio: 1 file/);
  });

  it('notifies READY and FAILED transitions when notifications are on', async () => {
    const { createMediaNotifier } = await import('../../../src/main/notifications.js');
    const notify = createMediaNotifier(() => true, () => undefined);
    const media = (status: MediaDto['status']) => ({ id: 'm1', status, filename: 'a.mp4', title: null, error: 'boom' }) as MediaDto;
    notify({ type: 'media.updated', mediaId: 'm1', media: media('READY') });
    notify({ type: 'media.updated', mediaId: 'm1', media: media('PROCESSING') });
    notify({ type: 'media.updated', mediaId: 'm1', media: media('FAILED') });
    notify({ type: 'media.updated', mediaId: 'm1', media: media('FAILED') });
    expect(record.notifications).toEqual([{ title: 'a.mp4 failed to process', body: 'boom' }]);
  });

  it('closes the core before quitting', async () => {
    record.quits = 0;
    fake.electron.app.quit();
    await vi.waitFor(() => expect(record.quits).toBe(2));
  });
});
