import type { IncomingMessage } from 'node:http';
import type { RouteContract } from '@biblio/shared';
import type { z } from 'zod';
import { HttpError, notFound } from './respond.js';

/** JSON bodies of the REST API are small settings-like objects; media goes through tus. */
const MAX_JSON_BODY_BYTES = 64 * 1024;

export interface ParsedRequest {
  params: unknown;
  query: unknown;
  body: unknown;
}

/**
 * Checks a request against its contract entry. Params that do not fit name nothing the caller
 * owns (404, as for an unknown id); a query or body that does not fit is a 400 naming the field.
 */
export async function parseRequest(contract: RouteContract, req: IncomingMessage, url: URL, rawParams: Record<string, string>): Promise<ParsedRequest> {
  let params: unknown = {};
  if (contract.params) {
    const parsed = contract.params.safeParse(rawParams);
    if (!parsed.success) throw notFound();
    params = parsed.data;
  }
  let query: unknown = {};
  if (contract.query) {
    const parsed = contract.query.safeParse(firstValues(url.searchParams), { reportInput: true });
    if (!parsed.success) throw badRequest(contract, parsed.error, 'query');
    query = parsed.data;
  }
  let body: unknown;
  if (contract.body) {
    const parsed = contract.body.safeParse(await readJson(req), { reportInput: true });
    if (!parsed.success) throw badRequest(contract, parsed.error, 'body');
    body = parsed.data;
  }
  return { params, query, body };
}

/** The first value of each name, as URLSearchParams.get() reads it (repeats are ignored). */
function firstValues(search: URLSearchParams): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of search) if (!(name in values)) values[name] = value;
  return values;
}

/** The first issue becomes the contract's error: code missing_X / invalid_X, field X. */
function badRequest(contract: RouteContract, error: z.ZodError, part: 'query' | 'body'): HttpError {
  const issue = error.issues[0]!;
  const field = issue.path.map(String).join('.') || part;
  const name = contract.errorNames?.[field] ?? field;
  const missing =
    (issue.code === 'invalid_type' && issue.input === undefined) || (issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1);
  return new HttpError(400, `${missing ? 'missing' : 'invalid'}_${name}`, issue.message, field);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON_BODY_BYTES) throw new HttpError(413, 'body_too_large', `the JSON body must be at most ${MAX_JSON_BODY_BYTES} bytes`, 'body');
    chunks.push(chunk);
  }
  // No body at all is "missing" to the schema, which may allow it (POST .../merge-next with If-Match).
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'invalid_json', 'the body must be JSON', 'body');
  }
}
