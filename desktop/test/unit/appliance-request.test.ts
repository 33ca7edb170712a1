import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, routePath } from '@biblio/shared';
import { ApplianceError, requestApi } from '../../src/core/appliance-request.js';

/** A stand-in appliance: answers each path with a canned status and body. */
const answers = new Map<string, [number, unknown]>();
let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const [status, body] = answers.get(req.url ?? '') ?? [404, { error: { code: 'not_found', message: 'no route' } }];
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('requestApi (the desktop side of the shared HTTP contract)', () => {
  it('builds the path from the contract entry, encoding parameters', () => {
    expect(routePath(API.getMedia, { id: 'a/b c' })).toBe('/api/media/a%2Fb%20c');
    expect(routePath(API.search, {}, { q: 'hello world', limit: '50' })).toBe('/api/search?q=hello+world&limit=50');
    expect(() => routePath(API.getMedia)).toThrow(/id/);
  });

  it('returns the answer parsed by the shared response schema', async () => {
    answers.set('/api/media/m1/playback', [200, { url: 'http://x/play', expiresAt: '2026-01-01T00:00:00Z', extra: 1 }]);
    await expect(requestApi(url, API.playback, { token: 't', params: { id: 'm1' } })).resolves.toEqual({ url: 'http://x/play', expiresAt: '2026-01-01T00:00:00Z' });
  });

  it('refuses an answer that does not fit the contract', async () => {
    answers.set('/api/search?q=a', [200, { results: [{ mediaId: 'm1' }] }]);
    await expect(requestApi(url, API.search, { token: 't', query: { q: 'a' } })).rejects.toMatchObject({ code: 'bad_response', field: 'serverUrl' });
  });

  it("turns the contract's JSON error into an ApplianceError naming the field", async () => {
    answers.set('/api/search?q=', [400, { error: { code: 'missing_query', message: 'q is required', field: 'q' } }]);
    const error = await requestApi(url, API.search, { token: 't', query: { q: '' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplianceError);
    expect(error).toMatchObject({ status: 400, code: 'missing_query', field: 'q', message: 'q is required' });
  });

  it('answers undefined for a route without a JSON body', async () => {
    answers.set('/api/media/m1', [204, null]);
    await expect(requestApi(url, API.deleteMedia, { token: 't', params: { id: 'm1' } })).resolves.toBeUndefined();
  });
});
