import WebSocket from 'ws';

/** A minimal Node client of the host's WebSocket protocol, as the browser script speaks it. */
export interface HostClient {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  nextEvent(event: string, predicate?: (payload: any) => boolean, timeoutMs?: number): Promise<any>;
  close(): void;
}

export async function secretOf(url: string): Promise<string> {
  const html = await (await fetch(url)).text();
  const secret = /<meta name="biblio-host" content="([^"]+)"/.exec(html)?.[1];
  if (!secret) throw new Error(`no secret in the served page:\n${html}`);
  return secret;
}

export function wsUrl(base: string, secret: string | null): string {
  const url = new URL('/__biblio/ws', base.replace(/^http/, 'ws'));
  if (secret !== null) url.searchParams.set('secret', secret);
  return url.href;
}

/** Resolves with the HTTP status of a refused upgrade, or 101 when the socket opened. */
export function upgradeStatus(url: string, origin: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('error', (error) => reject(error));
  });
}

export async function connect(base: string, secret: string): Promise<HostClient> {
  const socket = new WebSocket(wsUrl(base, secret), { origin: new URL(base).origin });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const events: { event: string; payload: unknown }[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    const message = JSON.parse((data as Buffer).toString('utf8')); // ws's default binaryType: one Buffer
    if (message.type === 'event') {
      events.push(message);
      for (const wake of waiters) wake();
      return;
    }
    const call = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) call?.resolve(message.value);
    else call?.reject(new Error(message.error));
  });
  return {
    invoke(channel, ...args) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify({ type: 'invoke', id, channel, args }));
      });
    },
    nextEvent(event, predicate = () => true, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const index = events.findIndex((e) => e.event === event && predicate(e.payload));
          if (index < 0) return false;
          const [found] = events.splice(0, index + 1).slice(-1);
          waiters.delete(wake);
          clearTimeout(timer);
          resolve(found!.payload);
          return true;
        };
        const wake = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`no ${event} event within ${timeoutMs} ms`));
        }, timeoutMs);
        if (!check()) waiters.add(wake);
      });
    },
    close: () => socket.close(),
  };
}
