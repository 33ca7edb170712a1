import { rm } from 'node:fs/promises';
import net from 'node:net';
import type { QueueItem } from '@biblio/shared';
import { api, createUser, removeApplianceData, startAppliance, storedUploadFile, tempDir as makeTempDir, type ApplianceProcess } from '@biblio/test-support';
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
  const token = await createUser(app.dataDir, user);
  const me = (await api(app.url, token, '/api/me')).json as { id: string };
  return {
    app,
    token,
    ownerId: me.id,
    async stop() {
      await app.stop();
      await removeApplianceData(app.dataDir);
    },
  };
}

const made: string[] = [];

/** A temp dir removed by removeTempDirs() at the end of the test file. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await makeTempDir(prefix);
  made.push(dir);
  return dir;
}

/** Removes every dir tempDir() made in this test file (state dirs, fixtures). */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** What the appliance stored for a media (filesystem store). */
export function storedFile(t: TestAppliance, mediaId: string): string {
  return storedUploadFile(t.app.dataDir, t.ownerId, mediaId);
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
