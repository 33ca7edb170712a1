import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { requireTool } from '../system/tools.js';

export interface EmbeddedRedis {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * A private redis-server for the embedded defaults: loopback only, a free port, AOF persistence
 * in the data dir (queued jobs survive a restart). It is supervised: if it dies, it is restarted
 * on the same port and the BullMQ clients reconnect by themselves.
 */
export async function startEmbeddedRedis(dataDir: string, log: Logger): Promise<EmbeddedRedis> {
  requireTool('redis-server', ['--version']);
  const dir = path.join(dataDir, 'redis');
  await mkdir(dir, { recursive: true });
  const pidFile = path.join(dir, 'redis.pid');
  await killOrphan(pidFile, log);
  const port = await freePort();
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--protected-mode', 'yes',
    '--dir', dir,
    '--pidfile', pidFile,
    '--appendonly', 'yes',
    '--appendfsync', 'everysec',
    '--save', '300 1',
    // BullMQ must never have its keys evicted.
    '--maxmemory-policy', 'noeviction',
    '--daemonize', 'no',
    '--logfile', path.join(dir, 'redis.log'),
  ];

  let child: ChildProcess;
  let stopping = false;
  const launch = async (): Promise<void> => {
    child = spawn('redis-server', args, { stdio: 'ignore' });
    child.once('exit', (code, signal) => {
      if (stopping) return;
      log.error({ code, signal }, 'embedded redis-server exited; restarting it');
      void sleep(500).then(() => (stopping ? undefined : launch().catch((e: unknown) => log.error({ err: e }, 'restart failed'))));
    });
    await waitForPort(port, child, path.join(dir, 'redis.log'));
  };
  await launch();
  log.info({ port, dir }, 'embedded redis-server started');

  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM'); // redis flushes the AOF on SIGTERM
      const timedOut = await Promise.race([exited.then(() => false), sleep(10_000).then(() => true)]);
      if (timedOut) child.kill('SIGKILL');
    },
  };
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
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
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

async function waitForPort(port: number, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const tail = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-5).join('\n');
      throw new Error(`redis-server exited with code ${child.exitCode} at start:\n${tail}`);
    }
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.write('PING\r\n');
      });
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`redis-server did not answer on port ${port} within 15 s`);
}
