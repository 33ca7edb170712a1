import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createUser,
  fixtureDir,
  removeApplianceData,
  startAppliance,
  startDesktopHost,
  talkingAudio,
  tempDir,
  type ApplianceProcess,
} from '@biblio/test-support';
import type { DesktopCore } from '../../../src/core/api.js';
import { createDesktopCore } from '../../../src/core/index.js';
import { startHost, type RunningHost } from '../../../src/host/server.js';
import { connect, secretOf, type HostClient } from '../ws-client.js';

/**
 * The browser shell end to end below the UI: a real appliance, the real desktop core, the host's
 * WebSocket and staging upload, driven the way the injected page script drives them.
 */
describe('desktop host with the real core and a real appliance', () => {
  let appliance: ApplianceProcess;
  let token: string;
  let dir: string;
  let core: DesktopCore;
  let host: RunningHost;
  let client: HostClient;

  beforeAll(async () => {
    dir = await tempDir('biblio-host-core-');
    appliance = await startAppliance({ env: { BIBLIO_TRANSCRIBE_WINDOW: '10s' } });
    token = await createUser(appliance.dataDir, 'hana');
    await mkdir(path.join(dir, 'renderer'));
    await writeFile(path.join(dir, 'renderer/index.html'), '<!doctype html><html><head></head><body></body></html>');
    core = await createDesktopCore({ stateDir: path.join(dir, 'state'), appVersion: '0.0.0-test', shell: 'browser' });
    host = await startHost({ core, rendererDir: path.join(dir, 'renderer'), stagingDir: path.join(dir, 'state/staging') });
    client = await connect(host.url, await secretOf(host.url));
  });

  afterAll(async () => {
    client?.close();
    await host?.close();
    await core?.close();
    await appliance?.stop();
    if (appliance) await removeApplianceData(appliance.dataDir);
    await rm(dir, { recursive: true, force: true });
  });

  it('tests a connection field by field before pairing', async () => {
    await expect(client.invoke('connection:get')).resolves.toEqual({ state: 'unpaired' });
    await expect(client.invoke('connection:test', { serverUrl: appliance.url, token: 'bib_wrong_token_123' })).resolves.toMatchObject({ ok: false, field: 'token' });
    await expect(client.invoke('connection:test', { serverUrl: 'http://127.0.0.1:9', token })).resolves.toMatchObject({ ok: false, field: 'serverUrl' });
    await expect(client.invoke('connection:test', { serverUrl: appliance.url, token })).resolves.toMatchObject({ ok: true, user: 'hana' });
  });

  it('pairs, stages a picked file, uploads it and follows its processing to READY', async () => {
    const connected = client.nextEvent('connection:changed', (s) => s.state === 'connected', 30_000);
    const settings = (await client.invoke('settings:set', { serverUrl: appliance.url, token })) as { serverUrl: string; tokenHint: string };
    expect(settings.serverUrl).toBe(appliance.url);
    expect(settings.tokenHint).not.toContain(token);
    await connected;

    const fixtures = await fixtureDir();
    const { file, bytes } = await talkingAudio(fixtures, [{ text: 'the library opens at nine in the morning', atSec: 1 }], 6);
    // What the page script does for a picked File: PUT it to the staging endpoint.
    const res = await fetch(new URL('/__biblio/staging?name=morning.mp3', host.url), {
      method: 'PUT',
      headers: { origin: new URL(host.url).origin, 'x-biblio-secret': await secretOf(host.url) },
      body: await readFile(file),
    });
    expect(res.status).toBe(201);
    const { path: staged } = (await res.json()) as { path: string };

    const [item] = (await client.invoke('queue:add', [staged])) as { id: string; name: string; size: number }[];
    expect(item).toMatchObject({ name: 'morning.mp3', size: bytes.length });
    const done = await client.nextEvent('queue:changed', (items: any[]) => items.some((i) => i.id === item!.id && i.state === 'done'), 60_000);
    const mediaId = done.find((i: any) => i.id === item!.id).mediaId as string;
    expect(mediaId).toMatch(/^[0-9a-f-]{36}$/);

    const ready = await client.nextEvent('media:event', (e) => e.mediaId === mediaId && ['READY', 'FAILED', 'REJECTED'].includes(e.media?.status), 150_000);
    expect(ready.media.status, JSON.stringify(ready.media)).toBe('READY');
    const library = (await client.invoke('library:list')) as { id: string; status: string }[];
    expect(library.find((m) => m.id === mediaId)?.status).toBe('READY');
    const playback = (await client.invoke('library:playback', mediaId)) as { url: string };
    expect((await fetch(playback.url)).status).toBe(200);
    const { results } = (await client.invoke('library:search', 'library opens')) as { results: { mediaId: string; start: number }[] };
    expect(results[0]?.mediaId).toBe(mediaId);
    await rm(fixtures, { recursive: true, force: true });
  });
});

describe('npm run desktop:host (the entry point as a process)', () => {
  let appliance: ApplianceProcess;
  let dir: string;

  beforeAll(async () => {
    dir = await tempDir('biblio-host-process-');
    appliance = await startAppliance();
  });

  afterAll(async () => {
    await appliance?.stop();
    if (appliance) await removeApplianceData(appliance.dataDir);
    await rm(dir, { recursive: true, force: true });
  });

  async function runHost(env: Record<string, string>) {
    await mkdir(path.join(dir, 'renderer'), { recursive: true });
    await writeFile(path.join(dir, 'renderer/index.html'), '<!doctype html><html><head></head><body></body></html>');
    return startDesktopHost(path.join(dir, 'state'), { env: { BIBLIO_RENDERER_DIR: path.join(dir, 'renderer'), ...env } });
  }

  it('prints its URL, pairs from BIBLIO_INITIAL_*, and releases the state on SIGTERM', async () => {
    const token = await createUser(appliance.dataDir, 'ines');
    const first = await runHost({ BIBLIO_INITIAL_SERVER: appliance.url, BIBLIO_INITIAL_TOKEN: token });
    const client = await connect(first.url, await secretOf(first.url));
    await expect(client.invoke('settings:get')).resolves.toMatchObject({ serverUrl: appliance.url });
    await expect.poll(() => client.invoke('connection:get'), { timeout: 30_000 }).toMatchObject({ state: 'connected', user: 'ines' });
    client.close();
    expect(await first.stop(), first.output()).toBe(0);

    // The core's lock on the state dir was released: a second run starts on the same state.
    const second = await runHost({});
    const again = await connect(second.url, await secretOf(second.url));
    await expect(again.invoke('settings:get')).resolves.toMatchObject({ serverUrl: appliance.url });
    again.close();
    expect(await second.stop(), second.output()).toBe(0);
  });
});
