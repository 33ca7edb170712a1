import { spawnSync } from 'node:child_process';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, api, createUpload, embeddedRedisPid, fixtureDir, killEmbeddedRedis, startAppliance, talkingAudio, waitFor, type ApplianceProcess } from '@biblio/test-support';
import { tally } from './tally.js';

/**
 * A local account on the same host (here `nobody`) against an appliance on embedded defaults:
 * it must be able to read, list, write or traverse nothing in the data dir, reach neither the
 * admin socket nor the embedded redis, and find the playback signing key nowhere. The data dir
 * sits in a folder nobody can traverse, so only the data dir's own modes protect it.
 */
const NOT_ROOT = 'local-attacker checks skipped: they switch to the unprivileged user nobody with setpriv, which needs root';
const isRoot = process.getuid?.() === 0;
const AS_NOBODY = ['--reuid=nobody', '--regid=nogroup', '--clear-groups'];

interface Entry {
  path: string;
  kind: 'file' | 'dir' | 'socket';
}

interface Attempt {
  what: string;
  exposed: boolean;
  detail?: string;
}

/** Every file, dir and socket under `root` (root included), listed by the owner. */
async function walk(root: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  const visit = async (p: string) => {
    const stats = await lstat(p).catch(() => undefined);
    if (!stats || stats.isSymbolicLink()) return;
    if (stats.isDirectory()) {
      entries.push({ path: p, kind: 'dir' });
      for (const name of await readdir(p).catch(() => [] as string[])) await visit(path.join(p, name));
    } else if (stats.isSocket()) entries.push({ path: p, kind: 'socket' });
    else entries.push({ path: p, kind: 'file' });
  };
  await visit(root);
  return entries;
}

/**
 * Runs as nobody: one attempt per (entry, action), none of them changing anything that exists
 * (writes open for append without writing; a probe file is removed again if it was created).
 */
const PROBE = String.raw`
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { entries, adminSocket, secretMarker } = JSON.parse(fs.readFileSync(0, 'utf8'));
const attempts = [];
const tryIt = (what, run) => {
  try { run(); attempts.push({ what, exposed: true }); }
  catch (e) { attempts.push({ what, exposed: false, detail: e.code }); }
};
const readable = [];
for (const e of entries) {
  if (e.kind === 'file') {
    tryIt('read ' + e.path, () => { fs.closeSync(fs.openSync(e.path, 'r')); readable.push(e.path); });
    tryIt('write ' + e.path, () => fs.closeSync(fs.openSync(e.path, fs.constants.O_WRONLY | fs.constants.O_APPEND)));
  } else if (e.kind === 'dir') {
    tryIt('list ' + e.path, () => fs.readdirSync(e.path));
    tryIt('traverse ' + e.path, () => { const here = process.cwd(); process.chdir(e.path); process.chdir(here); });
    tryIt('create in ' + e.path, () => { const p = path.join(e.path, '.nobody-probe-' + process.pid); fs.closeSync(fs.openSync(p, 'wx')); fs.unlinkSync(p); });
  }
}
// The playback signing key lives in the database files: nobody must find it in any file it can read.
const leaks = readable.filter((p) => { try { return fs.readFileSync(p).includes(secretMarker); } catch { return false; } });
attempts.push({ what: 'find the playback signing key in a readable file', exposed: leaks.length > 0, detail: leaks.join(',') });
const socket = net.connect(adminSocket);
socket.setTimeout(3000);
let reported = false;
const done = (exposed, detail) => { if (reported) return; reported = true; attempts.push({ what: 'connect to the admin socket', exposed, detail }); socket.destroy(); process.stdout.write(JSON.stringify(attempts), () => process.exit(0)); };
socket.on('connect', () => { socket.write(JSON.stringify({ cmd: 'list-users' }) + '\n'); done(true, 'connected'); });
socket.on('error', (e) => done(false, e.code));
socket.on('timeout', () => done(false, 'timeout'));
`;

function asNobody(command: string, args: string[], input?: string): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync('setpriv', [...AS_NOBODY, command, ...args], { input: input ?? '', encoding: 'utf8', cwd: '/', timeout: 120_000 });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

/** Where the embedded redis listens: its process title (`redis-server 127.0.0.1:PORT`), its argv, or a config file. */
async function redisEndpoint(dataDir: string): Promise<{ host: string; port: number } | { socket: string } | undefined> {
  const pid = await embeddedRedisPid(dataDir);
  const cmdline = pid > 0 ? (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0').join(' ') : '';
  const title = /(\d+\.\d+\.\d+\.\d+):(\d+)/.exec(cmdline);
  if (title && Number(title[2]) > 0) return { host: title[1]!, port: Number(title[2]) };
  const argPort = /--port (\d+)/.exec(cmdline);
  if (argPort && Number(argPort[1]) > 0) return { host: '127.0.0.1', port: Number(argPort[1]) };
  const unix = /unixsocket[: ](\S+)/.exec(cmdline);
  if (unix) return { socket: unix[1]! };
  for (const name of await readdir(path.join(dataDir, 'redis')).catch(() => [] as string[])) {
    if (!name.endsWith('.conf')) continue;
    const conf = await readFile(path.join(dataDir, 'redis', name), 'utf8');
    const port = /^port\s+(\d+)/m.exec(conf);
    if (port && Number(port[1]) > 0) return { host: '127.0.0.1', port: Number(port[1]) };
    const sock = /^unixsocket\s+(\S+)/m.exec(conf);
    if (sock) return { socket: sock[1]! };
  }
  return undefined;
}

describe.skipIf(!isRoot)('a local unprivileged user (nobody) against the data dir and the embedded redis', () => {
  let parent: string;
  let dataDir: string;
  let app: ApplianceProcess;
  let fixtures: string;

  beforeAll(async () => {
    parent = await mkdtemp('/tmp/biblio-local-attacker-');
    // Traversable by everyone: only the data dir's own modes stand between nobody and the data.
    await chmod(parent, 0o755);
    dataDir = path.join(parent, 'data');
    // What an older version left behind: an open data dir and a world-readable admin token.
    const previous = process.umask(0);
    try {
      await mkdir(dataDir, { mode: 0o777 });
      await writeFile(path.join(dataDir, 'local-admin-token'), `${ADMIN_TOKEN}\n`, { mode: 0o644 });
    } finally {
      process.umask(previous);
    }
    fixtures = await fixtureDir();
    app = await startAppliance({ dataDir, env: { BIBLIO_TRANSCRIBE_WINDOW: '10s', BIBLIO_STT: 'pocketsphinx' } });
  });

  afterAll(async () => {
    await app?.stop();
    if (dataDir) await killEmbeddedRedis(dataDir);
    if (parent) await rm(parent, { recursive: true, force: true });
    if (fixtures) await rm(fixtures, { recursive: true, force: true });
  });

  it('says how many modes it fixed on start', () => {
    expect(app.output()).toMatch(/fixed permissions of [1-9]\d* files in the data dir/);
  });

  it('can read, list, write or traverse nothing, reach neither socket nor redis, and not find the key', async () => {
    const audio = await talkingAudio(fixtures, [{ text: 'The river flows past the old library.', atSec: 1 }], 5);
    const created = await createUpload(app.url, ADMIN_TOKEN, audio.bytes.length, { filename: 'talk.mp3', filetype: 'audio/mpeg' }, {}, audio.bytes);
    expect(created.status, created.body).toBe(201);
    const media = await waitFor(
      'the recording to be READY',
      async () => {
        const m = (await api(app.url, ADMIN_TOKEN, `/api/media/${created.mediaId}`)).json;
        return ['READY', 'FAILED', 'REJECTED'].includes(m?.status) ? m : undefined;
      },
      180_000,
    );
    expect(media.status, JSON.stringify(media)).toBe('READY');
    // The key exists once a playback URL was signed.
    expect((await api(app.url, ADMIN_TOKEN, `/api/media/${created.mediaId}/playback`)).status).toBe(200);

    const entries = await walk(dataDir);
    expect(entries.filter((e) => e.kind === 'file').length).toBeGreaterThan(10);
    // Beyond what nobody can do: nothing in the data dir grants group or other any access,
    // so a file moved out of it (a backup, say) stays private too.
    const open = [];
    for (const entry of entries) {
      const mode = (await lstat(entry.path)).mode & 0o777;
      if (mode & 0o077) open.push(`${entry.path} ${mode.toString(8)}`);
    }
    expect(open, 'entries of the data dir with group/other permissions').toEqual([]);
    const probe = asNobody(process.execPath, ['-e', PROBE], JSON.stringify({ entries, adminSocket: path.join(dataDir, 'admin.sock'), secretMarker: 'playback_signing_key' }));
    expect(probe.status, probe.stderr).toBe(0);
    const attempts = JSON.parse(probe.stdout) as Attempt[];

    const endpoint = await redisEndpoint(dataDir);
    expect(endpoint, 'the embedded redis-server must be found from data/redis').toBeDefined();
    const target = endpoint && 'socket' in endpoint ? ['-s', endpoint.socket] : ['-h', endpoint!.host, '-p', String(endpoint!.port)];
    // FLUSHALL last: if it works, it empties the queue of the appliance under test.
    for (const command of ['PING', 'FLUSHALL']) {
      const reply = asNobody('redis-cli', [...target, command]);
      const answer = `${reply.stdout}${reply.stderr}`.trim();
      attempts.push({ what: `redis ${command}`, exposed: /^(PONG|OK)$/m.test(answer), detail: answer });
    }

    const exposed = attempts.filter((a) => a.exposed);
    tally('local', { checks: attempts.length, exposed: exposed.length });
    // The attempts really ran: every file twice, every dir three times, plus key, socket and redis.
    const files = entries.filter((e) => e.kind === 'file').length;
    const dirs = entries.filter((e) => e.kind === 'dir').length;
    expect(attempts.length).toBe(files * 2 + dirs * 3 + 4);
    const redisExposed = exposed.filter((a) => a.what.startsWith('redis '));
    const otherExposed = exposed.filter((a) => !a.what.startsWith('redis '));
    expect(otherExposed, `nobody got through: ${JSON.stringify(otherExposed.slice(0, 20))}`).toEqual([]);
    expect(
      redisExposed,
      'the embedded redis-server answered a local user who does not know its password (it must require the password kept in the 0600 redis.conf)',
    ).toEqual([]);
  });
});

describe.runIf(!isRoot)('a local unprivileged user (nobody)', () => {
  it.skip(NOT_ROOT, () => undefined);
});

