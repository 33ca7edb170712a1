import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { QueueItem } from '@biblio/shared';
import { killEmbeddedRedis, runAdmin, startAppliance, type ApplianceProcess } from '../../../appliance/test/integration/harness/appliance-process.js';
import type { DesktopCore } from '../../src/core/api.js';

export interface TestAppliance {
  app: ApplianceProcess;
  token: string;
  ownerId: string;
  stop(): Promise<void>;
}

/** A real appliance process plus one user's token (made with the admin CLI). */
export async function startTestAppliance(user = 'desk'): Promise<TestAppliance> {
  const app = await startAppliance();
  const created = await runAdmin(app.dataDir, ['create-user', user]);
  if (created.code !== 0) throw new Error(`create-user failed: ${created.stderr}`);
  const token = created.stdout.trim().split('\n').pop()!;
  const me = (await (await fetch(`${app.url}/api/me`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { id: string };
  return {
    app,
    token,
    ownerId: me.id,
    async stop() {
      await app.stop();
      await killEmbeddedRedis(app.dataDir);
      await rm(app.dataDir, { recursive: true, force: true });
    },
  };
}

const made: string[] = [];

export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every dir tempDir() made in this test file (state dirs, fixtures). */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

export function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Uncompressed video (big for its length, cheap for the appliance to process): ~2.9 MB/s. */
export function rawVideo(dir: string, name: string, seconds: number, seed = 0): string {
  const file = path.join(dir, name);
  ffmpeg(['-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=25:duration=${seconds}`, '-vf', `hue=h=${seed}`, '-c:v', 'rawvideo', '-pix_fmt', 'yuv420p', file]);
  return file;
}

export async function randomFile(dir: string, name: string, bytes: number): Promise<string> {
  const file = path.join(dir, name);
  const { randomBytes } = await import('node:crypto');
  await writeFile(file, randomBytes(bytes));
  return file;
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** What the appliance stored for a media (filesystem store). */
export function storedFile(t: TestAppliance, mediaId: string): string {
  return path.join(t.app.dataDir, 'storage', 'uploads', t.ownerId, mediaId);
}

export async function api<T = unknown>(t: TestAppliance, route: string, init: RequestInit = {}): Promise<{ status: number; json: T }> {
  const res = await fetch(`${t.app.url}${route}`, { ...init, headers: { Authorization: `Bearer ${t.token}`, ...(init.headers ?? {}) } });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : undefined) as T };
}

export async function mediaNamed(t: TestAppliance, filename: string): Promise<{ id: string; status: string }[]> {
  const { json } = await api<{ media: { id: string; filename: string; status: string }[] }>(t, '/api/media');
  return json.media.filter((m) => m.filename === filename);
}

export async function waitFor<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resolves with the queue once `predicate` holds for a queue:changed snapshot (or the current list). */
export function waitForQueue(core: DesktopCore, what: string, predicate: (items: QueueItem[]) => boolean, timeoutMs = 30_000): Promise<QueueItem[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const check = (items: QueueItem[]) => {
      if (!predicate(items)) return;
      clearTimeout(timer);
      off();
      resolve(items);
    };
    const off = core.on('queue:changed', check);
    void core.invoke('queue:list', []).then(check);
  });
}

/**
 * A TCP proxy in front of the appliance that counts the bytes clients send (to measure what a
 * resume re-sends) and can play "appliance unreachable" (refuse and cut every connection).
 */
export class CountingProxy {
  bytesUp = 0;
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target: URL) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(Number(this.target.port), this.target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.on('data', (d: Buffer) => (this.bytesUp += d.length));
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /**
   * A connection that dies silently (sleep, NAT timeout, Wi-Fi switch): open connections stop
   * carrying bytes in both directions but are never closed; new connections work.
   */
  stallOpenConnections(): void {
    for (const s of this.sockets) {
      s.unpipe();
      s.pause();
    }
  }

  /** Appliance "down": new connections are refused and open ones cut. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async stop(): Promise<void> {
    await this.down();
  }
}
