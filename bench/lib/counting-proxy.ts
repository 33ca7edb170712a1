import net from 'node:net';

/**
 * A loopback TCP proxy in front of the appliance that counts the bytes clients send through
 * it: what an upload really cost on the wire (bodies, headers, re-sent chunks), whatever the
 * client believes it sent.
 */
export interface CountingProxy {
  url: string;
  /** Client-to-server bytes since the last reset. */
  readonly sent: number;
  reset(): void;
  /** Called after each piece of client data with the running count. */
  onSent: ((sent: number) => void) | null;
  close(): Promise<void>;
}

export async function startCountingProxy(upstreamPort: number): Promise<CountingProxy> {
  const sockets = new Set<net.Socket>();
  let sent = 0;
  const proxy: CountingProxy = {
    url: '',
    get sent() {
      return sent;
    },
    reset: () => void (sent = 0),
    onSent: null,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(upstreamPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (data: Buffer) => {
      sent += data.length;
      proxy.onSent?.(sent);
    });
    client.pipe(upstream).on('error', () => client.destroy());
    upstream.pipe(client).on('error', () => upstream.destroy());
    // Either side closing (a killed appliance, a killed client) closes the other, as a real network would.
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', closeBoth).on('error', closeBoth);
    upstream.on('close', closeBoth).on('error', closeBoth);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return proxy;
}
