import { mkdtemp, mkdir, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '@biblio/test-support';
import { startHost, type RunningHost } from '../../src/host/server.js';
import { StagingArea, safeFileName } from '../../src/host/staging.js';
import { defaultStateDir } from '../../src/host/state-dir.js';
import { FakeCore } from './fake-core.js';
import { connect, secretOf, upgradeStatus, wsUrl } from './ws-client.js';

describe('desktop host (fake core)', () => {
  let dir: string;
  let core: FakeCore;
  let host: RunningHost;
  let secret: string;
  let origin: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'biblio-host-'));
    await mkdir(path.join(dir, 'renderer/assets'), { recursive: true });
    await writeFile(path.join(dir, 'renderer/index.html'), '<!doctype html><html><head><title>t</title><script type="module" src="./assets/app.js"></script></head><body></body></html>');
    await writeFile(path.join(dir, 'renderer/assets/app.js'), 'console.log("app")');
    await writeFile(path.join(dir, 'private.txt'), 'not for the web');
    // The real page-side client, built by the real Vite config into this test's folder.
    await build({
      configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
      mode: 'host-client',
      logLevel: 'warn',
      build: { outDir: path.join(dir, 'host-client') },
    });
    core = new FakeCore();
    host = await startHost({ core, rendererDir: path.join(dir, 'renderer'), stagingDir: path.join(dir, 'state/staging'), port: 0 });
    secret = await secretOf(host.url);
    origin = new URL(host.url).origin;
  });

  afterAll(async () => {
    await host.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the renderer with the bridge injected before the app script, and locked-down headers', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(host.url);
    const html = await res.text();
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(html.indexOf('/__biblio/host.js')).toBeGreaterThan(0);
    expect(html.indexOf('/__biblio/host.js')).toBeLessThan(html.indexOf('assets/app.js'));
    expect(secret.length).toBeGreaterThanOrEqual(40);

    const client = await fetch(new URL('/__biblio/host.js', host.url));
    const script = await client.text();
    expect(client.headers.get('content-type')).toMatch(/javascript/);
    expect(script).toContain('"queue:add"');
    expect(script).not.toContain(secret);
    expect(script).not.toMatch(/^\s*(import|export)\s/m); // a classic script, as injected
    expect((await fetch(new URL('/assets/app.js', host.url))).status).toBe(200);
  });

  it('answers a moment link without the # (/m/ID?t=S) with the renderer route that opens it', async () => {
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const res = await fetch(new URL(`/m/${id}?t=42.7`, host.url), { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/#/m/${id}?t=42`);
    const plain = await fetch(new URL(`/m/${id.toUpperCase()}`, host.url), { redirect: 'manual' });
    expect(plain.headers.get('location')).toBe(`/#/m/${id}`);
    expect((await fetch(new URL('/m/not-a-media', host.url), { redirect: 'manual' })).status).toBe(404);
  });

  it('says how to build the client when it is missing', async () => {
    const bare = await startHost({ core, rendererDir: path.join(dir, 'renderer'), clientFile: path.join(dir, 'nowhere/host.js'), stagingDir: path.join(dir, 'state/staging2'), port: 0 });
    try {
      const res = await fetch(new URL('/__biblio/host.js', bare.url));
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run desktop:build');
    } finally {
      await bare.close();
    }
  });

  it('refuses foreign Host headers (DNS rebinding) and paths outside the renderer', async () => {
    // Raw requests: the test controls Host and un-normalised paths (fetch would fix both).
    expect((await rawRequest(host.url, 'GET', '/', { Host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await rawRequest(host.url, 'GET', '/%2e%2e/private.txt')).status).toBe(404);
    expect((await rawRequest(host.url, 'GET', '/..%2fprivate.txt')).status).toBe(404);
    expect((await rawRequest(host.url, 'GET', '/', { Host: `localhost:${host.port}` })).status).toBe(200);
  });

  it('answers invocations by id and validates arguments before the core sees them', async () => {
    const client = await connect(host.url, secret);
    try {
      await expect(client.invoke('app:info')).resolves.toEqual({ version: '9.9.9', platform: 'linux', shell: 'browser' });
      const before = core.calls.length;
      await expect(client.invoke('settings:set', { serverUrl: 'not a url' })).rejects.toThrow(/serverUrl/);
      await expect(client.invoke('queue:pause')).rejects.toThrow(/Invalid arguments/);
      await expect(client.invoke('queue:pause', 'a', 'b')).rejects.toThrow(/Invalid arguments/);
      await expect(client.invoke('shell:exec', 'rm -rf /')).rejects.toThrow(/Unknown channel/);
      expect(core.calls.length).toBe(before);
      // No native dialog in a browser: answered by the host, never by the core.
      await expect(client.invoke('dialog:openFiles')).resolves.toEqual([]);
      expect(core.calls.length).toBe(before);
      await expect(client.invoke('queue:pause', 'item-1')).resolves.toBeNull();
      expect(core.calls.at(-1)).toEqual({ channel: 'queue:pause', args: ['item-1'] });
      await expect(client.invoke('library:get', 'x')).rejects.toThrow(/fake core cannot library:get/);
    } finally {
      client.close();
    }
  });

  it('pushes core events to every connected page and unsubscribes when a page leaves', async () => {
    const a = await connect(host.url, secret);
    const b = await connect(host.url, secret);
    core.emit('connection:changed', { state: 'reconnecting', error: 'ECONNREFUSED', since: new Date(0).toISOString() });
    await expect(a.nextEvent('connection:changed')).resolves.toMatchObject({ state: 'reconnecting' });
    await expect(b.nextEvent('connection:changed')).resolves.toMatchObject({ error: 'ECONNREFUSED' });
    const count = core.listenerCount('queue:changed');
    a.close();
    b.close();
    await expect.poll(() => core.listenerCount('queue:changed')).toBe(count - 2);
  });

  it('refuses WebSockets from other origins, without the secret or with a wrong one', async () => {
    expect(await upgradeStatus(wsUrl(host.url, secret), origin)).toBe(101);
    expect(await upgradeStatus(wsUrl(host.url, secret), 'http://evil.example')).toBe(403);
    expect(await upgradeStatus(wsUrl(host.url, secret), `http://127.0.0.1:${host.port + 1}`)).toBe(403);
    expect(await upgradeStatus(wsUrl(host.url, secret), undefined)).toBe(403);
    expect(await upgradeStatus(wsUrl(host.url, null), origin)).toBe(403);
    expect(await upgradeStatus(wsUrl(host.url, `${secret}x`), origin)).toBe(403);
  });

  it('closes a socket that sends something other than the protocol', async () => {
    const socket = new WebSocket(wsUrl(host.url, secret), { origin });
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    socket.send('{"type":"hello"}');
    expect(await closed).toBe(1008);
  });

  it('stages uploaded files under the state dir with a safe name and the original mtime', async () => {
    const body = Buffer.from('fake media bytes '.repeat(1000));
    const put = (name: string, headers: Record<string, string>) =>
      fetch(new URL(`/__biblio/staging?name=${encodeURIComponent(name)}`, host.url), { method: 'PUT', headers, body });
    const ok = await put('../../etc/talk: 1.mp3', { origin, 'x-biblio-secret': secret, 'x-biblio-last-modified': '1700000000000' });
    expect(ok.status).toBe(201);
    const { path: staged } = (await ok.json()) as { path: string };
    expect(path.dirname(path.dirname(staged))).toBe(path.join(dir, 'state/staging'));
    expect(path.basename(staged)).toBe('talk_ 1.mp3');
    expect(await readFile(staged)).toEqual(body);
    expect((await stat(staged)).mtimeMs).toBe(1_700_000_000_000);

    expect((await put('a.mp3', { origin })).status).toBe(403);
    expect((await put('a.mp3', { origin: 'http://evil.example', 'x-biblio-secret': secret })).status).toBe(403);
    expect((await put('a.mp3', { 'x-biblio-secret': secret })).status).toBe(403);
    expect((await readdir(path.join(dir, 'state/staging'))).length).toBe(1);
  });

  it('confirms a local path only for the same file, only to its page: no copy is made', async () => {
    const file = path.join(dir, 'in place.mp4');
    await writeFile(file, Buffer.alloc(4096, 1));
    await utimes(file, new Date(), new Date(1_700_000_000_000));
    const claim = { path: file, name: 'in place.mp4', size: 4096, lastModified: 1_700_000_000_000 };
    const post = (body: unknown, headers: Record<string, string> = { origin, 'x-biblio-secret': secret }) =>
      fetch(new URL('/__biblio/local-file', host.url), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const ok = await post(claim);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ path: file });

    expect((await post({ ...claim, size: 4095 })).status).toBe(404);
    expect((await post({ ...claim, lastModified: 1_600_000_000_000 })).status).toBe(404);
    expect((await post({ ...claim, name: 'other.mp4' })).status).toBe(404);
    expect((await post({ ...claim, path: path.join(dir, 'missing.mp4'), name: 'missing.mp4' })).status).toBe(404);
    expect((await post({ ...claim, extra: true })).status).toBe(400);
    expect((await post(claim, { origin })).status).toBe(403);
    expect((await post(claim, { origin: 'http://evil.example', 'x-biblio-secret': secret })).status).toBe(403);
    expect((await readdir(path.join(dir, 'state/staging'))).length).toBe(1);
  });
});

describe('staging area', () => {
  it('keeps names readable but harmless', () => {
    expect(safeFileName('lecture 01.mp4')).toBe('lecture 01.mp4');
    expect(safeFileName('C:\\Users\\me\\talk.wav')).toBe('talk.wav');
    expect(safeFileName('..')).toBe('upload.bin');
    expect(safeFileName(null)).toBe('upload.bin');
    expect(safeFileName(`${'x'.repeat(300)}.mkv`)).toMatch(/^x{196}\.mkv$/);
  });

  it('sweeps copies no unfinished upload needs, and keeps fresh ones', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'biblio-staging-'));
    try {
      const item = (folder: string, state: 'uploading' | 'done') => ({
        path: path.join(dir, folder, 'f.mp3'),
        state,
        preview: { thumbnail: null, peaks: null, final: true, error: null },
      });
      for (const folder of ['busy', 'finished', 'orphan']) {
        await mkdir(path.join(dir, folder));
        await writeFile(path.join(dir, folder, 'f.mp3'), 'x');
        await utimes(path.join(dir, folder), new Date(0), new Date(0));
      }
      const area = new StagingArea(dir, 60_000);
      const removed = await area.sweep([item('busy', 'uploading'), item('finished', 'done')] as never);
      expect(removed).toBe(2);
      expect(await readdir(dir)).toEqual(['busy']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('default state dir', () => {
  it('is the folder Electron uses as userData for "Biblio", plus state/', () => {
    expect(defaultStateDir({}, 'linux', '/home/u')).toBe('/home/u/.config/Biblio/state');
    expect(defaultStateDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/u')).toBe('/cfg/Biblio/state');
    expect(defaultStateDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/Biblio/state');
    expect(defaultStateDir({ APPDATA: 'C:/Users/u/AppData/Roaming' }, 'win32', 'C:/Users/u')).toBe(path.join('C:/Users/u/AppData/Roaming', 'Biblio', 'state'));
  });
});
