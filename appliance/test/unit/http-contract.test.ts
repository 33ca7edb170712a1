import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { API, playParamsSchema, searchQuerySchema, type RouteContract } from '@biblio/shared';
import { Router } from '../../src/http/router.js';
import { registerRoutes, type RouteDeps } from '../../src/http/routes/index.js';

/** Registration only stores closures, so stand-ins are enough to list the routes. */
function registeredContracts(): RouteContract[] {
  const router = new Router();
  const stub = {} as never;
  const deps: RouteDeps = { media: stub, events: stub, healthChecks: [], metrics: stub, processing: {} as never, version: 'test', tokenIsLive: async () => true };
  registerRoutes(router, deps);
  return router.contracts();
}

const keysOf = (path: string) => [...path.matchAll(/[:*]([a-zA-Z]+)/g)].map((m) => m[1]!);
const nameOf = (c: RouteContract) => `${c.method} ${c.path}`;

describe('HTTP contract', () => {
  const contracts = registeredContracts();

  it('registers exactly the routes of the shared table, each once', () => {
    const registered = contracts.map(nameOf).sort();
    expect(registered).toEqual(Object.values(API).map(nameOf).sort());
    expect(new Set(registered).size).toBe(registered.length);
    // The very objects of the table: a hand-made look-alike would drift from what the desktop reads.
    const table = new Set<RouteContract>(Object.values(API));
    for (const contract of contracts) expect(table.has(contract), nameOf(contract)).toBe(true);
  });

  it.each(contracts.map((c) => [nameOf(c), c] as const))('%s declares its request and response schemas', (_name, contract) => {
    expect(contract.response, 'response').toBeDefined();
    if (contract.response instanceof z.ZodType) expect(contract.response.safeParse(undefined).success).toBe(false);
    else expect(['raw', 'empty']).toContain(contract.response.kind);
    expect(['bearer', 'admin', 'signature', 'none']).toContain(contract.access);
    const keys = keysOf(contract.path);
    if (keys.length > 0) {
      expect(contract.params, 'params schema for a path with parameters').toBeInstanceOf(z.ZodType);
      // The schema reads every path parameter: one left out would reach the handler unchecked.
      const sample = Object.fromEntries(keys.map((k) => [k, '\u0000']));
      expect(contract.params!.safeParse(sample).success, 'params schema rejects garbage').toBe(false);
    } else {
      expect(contract.params).toBeUndefined();
    }
  });

  it('declares the search limits once, in shared', () => {
    expect(searchQuerySchema.safeParse({ q: 'a'.repeat(500) }).success).toBe(true);
    expect(searchQuerySchema.safeParse({ q: 'a'.repeat(501) }).success).toBe(false);
    expect(searchQuerySchema.parse({ q: ' hello ' })).toEqual({ q: 'hello', limit: 10 });
    for (const limit of ['0', 'abc', '101', '1.5', '-1', '1e2', '+5']) expect(searchQuerySchema.safeParse({ q: 'a', limit }).success, limit).toBe(false);
  });

  it('accepts a playback path only inside the media folder', () => {
    const id = '0a1b2c3d-0000-4000-8000-000000000000';
    expect(playParamsSchema.parse({ path: `${id}/master.m3u8` })).toEqual({ mediaId: id, file: 'master.m3u8' });
    expect(playParamsSchema.parse({ path: `${id}/720p/seg_001.ts` })).toEqual({ mediaId: id, file: '720p/seg_001.ts' });
    for (const path of [`${id}/../secret.m3u8`, `${id}/../../x.ts`, `${id}/a/b/c.ts`, `${id}/x.mp4`, `${id.toUpperCase()}/master.m3u8`, 'not-a-uuid/master.m3u8']) {
      expect(playParamsSchema.safeParse({ path }).success, path).toBe(false);
    }
  });
});
