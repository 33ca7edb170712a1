import { describe, expect, it } from 'vitest';
import { HttpError } from '../../src/http/respond.js';
import { Router } from '../../src/http/router.js';

describe('Router', () => {
  const router = new Router().on('GET', '/api/media/:id', () => undefined).on('DELETE', '/api/media/:id', () => undefined);

  it('matches a pattern and decodes params', () => {
    expect(router.match('GET', '/api/media/a%20b').params).toEqual({ id: 'a b' });
  });

  it('answers HEAD with the GET route', () => {
    expect(router.match('HEAD', '/api/media/x').route.method).toBe('GET');
  });

  it('distinguishes 404 from 405', () => {
    expect(() => router.match('GET', '/api/nothing')).toThrowError(expect.objectContaining({ status: 404 }) as HttpError);
    expect(() => router.match('POST', '/api/media/x')).toThrowError(expect.objectContaining({ status: 405 }) as HttpError);
  });
});
