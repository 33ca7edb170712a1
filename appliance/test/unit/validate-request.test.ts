import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { API, type RouteContract } from '@biblio/shared';
import { parseRequest } from '../../src/http/validate-request.js';

const noBody = Readable.from([]) as unknown as IncomingMessage;
const search = (query: string) => parseRequest(API.search, noBody, new URL(`http://x/api/search?${query}`), {});

describe('parseRequest', () => {
  it('answers a bad query with the contract error naming the field', async () => {
    await expect(search('')).rejects.toMatchObject({ status: 400, code: 'missing_query', field: 'q' });
    await expect(search('q=%20')).rejects.toMatchObject({ status: 400, code: 'missing_query', field: 'q' });
    await expect(search(`q=${'a'.repeat(501)}`)).rejects.toMatchObject({ status: 400, code: 'invalid_query', field: 'q', message: 'q must be at most 500 characters' });
    await expect(search('q=a%00b')).rejects.toMatchObject({ status: 400, code: 'invalid_query', field: 'q' });
    await expect(search('q=a&limit=1e2')).rejects.toMatchObject({ status: 400, code: 'invalid_limit', field: 'limit' });
  });

  it('gives the handler the parsed values (first of repeated names, defaults filled)', async () => {
    await expect(search('q=%20hi%20&q=other')).resolves.toMatchObject({ query: { q: 'hi', limit: 10 } });
    await expect(search('q=hi&limit=100')).resolves.toMatchObject({ query: { q: 'hi', limit: 100 } });
  });

  it('answers params that do not fit as an unknown media (404), never a 400', async () => {
    await expect(parseRequest(API.getMedia, noBody, new URL('http://x/'), { id: 'not-a-uuid' })).rejects.toMatchObject({ status: 404, code: 'not_found' });
    const id = '00000000-0000-4000-8000-000000000000';
    await expect(parseRequest(API.getMedia, noBody, new URL('http://x/'), { id })).resolves.toMatchObject({ params: { id } });
  });

  it('reads and checks a JSON body when the contract declares one', async () => {
    const contract = { method: 'POST', path: '/x', access: 'bearer', body: z.object({ name: z.string().min(1) }), response: z.object({}) } as const satisfies RouteContract;
    const body = (text: string) => Readable.from([Buffer.from(text)]) as unknown as IncomingMessage;
    await expect(parseRequest(contract, body('{"name":"a"}'), new URL('http://x/x'), {})).resolves.toMatchObject({ body: { name: 'a' } });
    await expect(parseRequest(contract, body('{"name":""}'), new URL('http://x/x'), {})).rejects.toMatchObject({ status: 400, code: 'missing_name', field: 'name' });
    await expect(parseRequest(contract, body('{'), new URL('http://x/x'), {})).rejects.toMatchObject({ status: 400, code: 'invalid_json', field: 'body' });
    // No body is a missing body, for the schema to allow or refuse.
    await expect(parseRequest(contract, body(''), new URL('http://x/x'), {})).rejects.toMatchObject({ status: 400, code: 'missing_body', field: 'body' });
    await expect(parseRequest(contract, body('x'.repeat(70_000)), new URL('http://x/x'), {})).rejects.toMatchObject({ status: 413, field: 'body' });
  });
});
