import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lingerOnClose } from '../../src/http/lingering-close.js';

/** The bound on lingering: a client that never stops sending cannot hold a connection open. */
describe('lingering close', () => {
  let server: Server;
  const LINGER_MS = 500;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(413, { 'Content-Type': 'application/json' });
      res.end('{"error":{"code":"body_too_large","message":"too large","field":"body"}}');
    });
    lingerOnClose(server, LINGER_MS);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('answers, keeps reading while the client sends, and closes after the linger', async () => {
    // allowHalfOpen: this client keeps its side open after the server's FIN, as a stuck one would.
    const socket = connect({ port: (server.address() as AddressInfo).port, host: '127.0.0.1', allowHalfOpen: true });
    socket.on('error', () => undefined);
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    const started = Date.now();
    socket.write('PUT /upload HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 1000000000\r\n\r\n');
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const feeder = setInterval(() => socket.writable && socket.write(chunk), 10);
    const end = await closed;
    clearInterval(feeder);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    // Still connected while the linger ran (the client kept sending), closed soon after it.
    expect(end - started).toBeGreaterThanOrEqual(LINGER_MS - 50);
    expect(end - started).toBeLessThan(LINGER_MS + 3_000);
  });

  it('closes at once when the client closes its side', async () => {
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    socket.on('data', () => socket.end());
    const started = Date.now();
    socket.write('PUT /upload HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 1000\r\n\r\nxx');
    const end = await closed;
    expect(end - started).toBeLessThan(LINGER_MS - 100);
  });
});
