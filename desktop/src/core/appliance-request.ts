import type { z } from 'zod';
import { apiErrorSchema, routePath, type RouteContract } from '@biblio/shared';
import { normaliseServerUrl } from './settings-store.js';

/** An appliance error as the renderer should see it: the server's message and field when it sent one. */
export class ApplianceError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string,
    readonly field?: string,
  ) {
    super(message);
  }

  /** No answer at all (refused, DNS, timeout) as opposed to an HTTP error. */
  get unreachable(): boolean {
    return this.status === null;
  }
}

/** What a route answers, parsed by its shared schema; undefined for routes without a JSON body. */
export type AnswerOf<C extends RouteContract> = C['response'] extends z.ZodType ? z.output<C['response']> : undefined;

export interface ApiRequest {
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** Bearer token; null for open routes (/healthz). */
  token: string | null;
  timeoutMs?: number;
  /** A request body: JSON of the route's body schema, or raw text (subtitle import). */
  body?: { contentType: string; data: string };
}

const TIMEOUT_MS = 15_000;

/**
 * One call of a route of the shared HTTP contract, with a timeout. The answer is checked against
 * the route's response schema; network failures and JSON error bodies become ApplianceError.
 */
export async function requestApi<C extends RouteContract>(serverUrl: string, contract: C, request: ApiRequest): Promise<AnswerOf<C>> {
  const route = routePath(contract, request.params, request.query);
  const url = `${normaliseServerUrl(serverUrl)}${route}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: contract.method,
      headers: {
        Accept: 'application/json',
        ...(request.token ? { Authorization: `Bearer ${request.token}` } : {}),
        ...(request.body ? { 'Content-Type': request.body.contentType } : {}),
      },
      ...(request.body ? { body: request.body.data } : {}),
      signal: AbortSignal.timeout(request.timeoutMs ?? TIMEOUT_MS),
    });
  } catch (error) {
    throw new ApplianceError(`cannot reach ${normaliseServerUrl(serverUrl)}: ${networkReason(error)}`, null, 'unreachable', 'serverUrl');
  }
  const text = await res.text().catch(() => '');
  if (!res.ok) {
    const body = apiErrorSchema.safeParse(safeJson(text));
    if (body.success) throw new ApplianceError(body.data.error.message, res.status, body.data.error.code, body.data.error.field);
    throw new ApplianceError(`the appliance answered HTTP ${res.status}`, res.status, 'http_error');
  }
  const schema = contract.response;
  if (!('safeParse' in schema)) return undefined as AnswerOf<C>;
  const parsed = schema.safeParse(safeJson(text));
  if (!parsed.success) throw new ApplianceError(`unexpected answer from ${route}: is ${serverUrl} a Biblio appliance?`, res.status, 'bad_response', 'serverUrl');
  return parsed.data as AnswerOf<C>;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** fetch hides the useful part (ECONNREFUSED, ENOTFOUND, timeout) in error.cause. */
export function networkReason(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'no answer (timed out)';
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused (is the appliance running?)';
  if (cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN') return 'unknown host';
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
