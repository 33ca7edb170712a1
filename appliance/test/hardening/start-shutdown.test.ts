import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alive, embeddedRedisPid, startEntry, tempDir } from '@biblio/test-support';
import { tally } from './tally.js';

/**
 * `npm start` (the appliance plus the desktop host) stopped the way people stop it: Ctrl-C in
 * the terminal, which sends SIGINT to the whole foreground process group. Everything exits
 * within the deadline, the embedded redis-server included, and the data dir is free again.
 */
describe('npm start, then Ctrl-C', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('stops the appliance, its redis and the desktop host within the shutdown deadline', async () => {
    const dataDir = await tempDir('biblio-start-');
    dirs.push(dataDir);
    const start = await startEntry('scripts/start.ts', {
      env: { ...process.env, BIBLIO_DATA_DIR: dataDir, BIBLIO_PORT: '0', BIBLIO_HOST_PORT: '0', BIBLIO_LOG_LEVEL: 'warn' },
      ready: /open the desktop UI in a browser: (http:\/\/\S+)/,
      ownGroup: true,
      timeoutMs: 180_000,
    });
    const ui = start.url;
    expect((await fetch(ui)).status).toBe(200);
    const redisPid = await embeddedRedisPid(dataDir);
    expect(redisPid).toBeGreaterThan(0);
    expect(alive(redisPid)).toBe(true);

    const started = Date.now();
    start.signalGroup('SIGINT'); // what the terminal does on Ctrl-C
    const code = await start.exited;
    const ms = Date.now() - started;
    await new Promise((r) => setTimeout(r, 300));
    const problems = [
      ...(code === 0 ? [] : [`npm start exited with ${code}`]),
      ...(ms < 30_000 ? [] : [`took ${ms} ms`]),
      ...(alive(redisPid) ? [`redis-server ${redisPid} still runs`] : []),
      ...((await fetch(ui).then(() => true).catch(() => false)) ? ['the desktop host still answers'] : []),
      ...((await readFile(path.join(dataDir, 'biblio.lock'), 'utf8').catch(() => '')) ? ['the data dir is still locked'] : []),
    ];
    tally('faults', { injected: 1, survived: problems.length === 0 ? 1 : 0, lost: 0 });
    expect(problems, start.output().slice(-3000)).toEqual([]);
  });
});
