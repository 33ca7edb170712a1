import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDataDir } from '../integration/harness/appliance-process.js';
import { alive } from './fault-lab.js';
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
    const dataDir = await tempDataDir('biblio-start-');
    dirs.push(dataDir);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/start.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, BIBLIO_DATA_DIR: dataDir, BIBLIO_PORT: '0', BIBLIO_HOST_PORT: '0', BIBLIO_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const ui = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start did not serve the UI within 180 s:\n${output}`)), 180_000);
      const poll = setInterval(() => {
        const match = /open the desktop UI in a browser: (http:\/\/\S+)/.exec(output);
        if (match) {
          clearInterval(poll);
          clearTimeout(timer);
          resolve(match[1]!);
        }
      }, 100);
    });
    expect((await fetch(ui)).status).toBe(200);
    const redisPid = Number((await readFile(path.join(dataDir, 'redis', 'redis.pid'), 'utf8')).trim());
    expect(alive(redisPid)).toBe(true);

    const started = Date.now();
    process.kill(-child.pid!, 'SIGINT'); // what the terminal does on Ctrl-C
    const code = await exited;
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
    expect(problems, output.slice(-3000)).toEqual([]);
  });
});
