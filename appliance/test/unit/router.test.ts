import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RouteContract } from '@biblio/shared';
import { Router } from '../../src/http/router.js';

const params = z.object({ id: z.string() });
const get = { method: 'GET', path: '/api/media/:id', access: 'bearer', params, response: z.object({}) } as const satisfies RouteContract;
const del = { ...get, method: 'DELETE' } as const satisfies RouteContract;
const open = { method: 'GET', path: '/open/*rest', access: 'none', params: z.object({ rest: z.string() }), response: z.object({}) } as const satisfies RouteContract;

describe('Router', () => {
  const router = new Router().on(get, () => undefined).on(del, () => undefined).on(open, () => undefined);

  it('matches a pattern and decodes params', () => {
    expect(router.match('GET', '/api/media/a%20b')).toMatchObject({ params: { id: 'a b' } });
  });

  it('matches the rest of a path with *name', () => {
    expect(router.match('GET', '/open/a/b%2Fc')).toMatchObject({ params: { rest: 'a/b/c' }, access: 'none' });
  });

  it('answers HEAD with the GET route', () => {
    const found = router.match('HEAD', '/api/media/x');
    expect('route' in found && found.route.contract.method).toBe('GET');
  });

  it('distinguishes 404 from 405, and keeps an unknown path behind the token', () => {
    expect(router.match('GET', '/api/nothing')).toMatchObject({ error: { status: 404 }, access: 'bearer' });
    expect(router.match('POST', '/api/media/x')).toMatchObject({ error: { status: 405 }, access: 'bearer' });
    expect(router.match('POST', '/open/x')).toMatchObject({ error: { status: 405 }, access: 'none' });
  });

  it('answers a malformed escape as an unknown id', () => {
    expect(router.match('GET', '/api/media/%zz')).toMatchObject({ error: { status: 404 } });
  });
});
