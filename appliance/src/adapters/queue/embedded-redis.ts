import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessAlive } from '@biblio/node-kit';
import type { Logger } from 'pino';
import { requireTool } from '../system/tools.js';

export interface EmbeddedRedis {
  readonly url: string;
  /** No more restarts from now on: the appliance is shutting down. */
  beginShutdown(): void;
  /** SIGTERM (redis flushes its AOF), SIGKILL after `graceMs`. Never restarts it. */
  stop(graceMs?: number): Promise<void>;
  /** For exits that cannot wait (a second Ctrl-C, the shutdown deadline): SIGTERM, no waiting. */
  stopNow(): void;
}

/**
 * A private redis-server for the embedded defaults: loopback only, a free port, a random
 * password kept in a 0600 config file in the data dir (never on the command line, which every
 * local user can read in /proc), AOF persistence (queued jobs survive a restart).
 *
 * It runs in its own session, so a terminal's Ctrl-C or a signal to the appliance's process
 * group reaches only the appliance, which stops redis last, after its clients are closed. While
 * the appliance runs, a redis that dies is restarted on the same port; never while stopping.
 */
export async function startEmbeddedRedis(dataDir: string, log: Logger): Promise<EmbeddedRedis> {
  requireTool('redis-server', ['--version']);
  const dir = path.join(dataDir, 'redis');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const pidFile = path.join(dir, 'redis.pid');
  await killOrphan(pidFile, log);
  const port = await freePort();
  const password = randomBytes(24).toString('base64url');
  const configFile = path.join(dir, 'redis.conf');
  await writeFile(configFile, redisConfig({ port, dir, pidFile, password }), { mode: 0o600 });
  await chmod(configFile, 0o600);

  let child: ChildProcess | undefined;
  let stopping = false;
  const launch = async (): Promise<void> => {
    const started = spawn('redis-server', [configFile], { stdio: 'ignore', detached: true });
    child = started;
    started.once('exit', (code, signal) => {
      if (stopping) return;
      log.error({ code, signal }, 'embedded redis-server exited; restarting it');
      void sleep(500).then(() => (stopping ? undefined : launch().catch((e: unknown) => log.error({ err: e }, 'restart failed'))));
    });
    try {
      await waitForRedis(port, password, started, path.join(dir, 'redis.log'));
    } catch (error) {
      // Never leave a half-started server behind (it would hold the port and the AOF).
      await terminate(started, 2_000);
      throw error;
    }
  };
  await launch();
  log.info({ port, dir }, 'embedded redis-server started');
  // Any exit of ours that skipped the ordered shutdown still takes redis down with it.
  const onExit = () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', onExit);

  return {
    url: `redis://:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    beginShutdown() {
      stopping = true;
    },
    async stop(graceMs = 10_000) {
      stopping = true;
      process.off('exit', onExit);
      if (child) await terminate(child, graceMs);
    },
    stopNow() {
      stopping = true;
      onExit();
    },
  };
}

function redisConfig(o: { port: number; dir: string; pidFile: string; password: string }): string {
  return [
    `port ${o.port}`,
    'bind 127.0.0.1',
    'protected-mode yes',
    `requirepass ${o.password}`,
    `dir "${o.dir}"`,
    `pidfile "${o.pidFile}"`,
    'appendonly yes',
    'appendfsync everysec',
    // AOF only: with RDB save points, a redis that cannot write its snapshot (full disk)
    // refuses SIGTERM and lingers.
    'save ""',
    // BullMQ must never have its keys evicted.
    'maxmemory-policy noeviction',
    'daemonize no',
    `logfile "${path.join(o.dir, 'redis.log')}"`,
    '',
  ].join('\n');
}

async function terminate(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM'); // redis flushes the AOF on SIGTERM
  const timedOut = await Promise.race([exited.then(() => false), sleep(graceMs).then(() => true)]);
  if (timedOut) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** A previous appliance killed with SIGKILL leaves its redis child behind: stop it first. */
async function killOrphan(pidFile: string, log: Logger): Promise<void> {
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 0) return;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes('redis-server')) {
    await rm(pidFile, { force: true });
    return;
  }
  log.warn({ pid }, 'stopping an orphaned embedded redis-server from a previous run');
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 100; i += 1) {
    if (!isProcessAlive(pid)) return;
    await sleep(100);
  }
  process.kill(pid, 'SIGKILL');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForRedis(port: number, password: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  const logTail = async () => (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-5).join('\n');
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode} at start:\n${await logTail()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      let reply = '';
      const done = (answer: boolean) => {
        socket.destroy();
        resolve(answer);
      };
      // A connection that is accepted but never answered must not stall the start for ever:
      // give up on this probe after a second and let the loop (and its deadline) try again.
      socket.setTimeout(1_000, () => done(false));
      socket.once('connect', () => socket.write(`AUTH ${password}\r\nPING\r\n`));
      socket.on('data', (data) => {
        reply += data.toString();
        if (reply.includes('+PONG') || reply.startsWith('-')) done(reply.includes('+PONG'));
      });
      socket.once('error', () => done(false));
      socket.once('close', () => done(false));
    });
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`redis-server did not answer on port ${port} within 15 s:\n${await logTail()}`);
}
