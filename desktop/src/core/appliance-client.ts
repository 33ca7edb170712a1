import { z } from 'zod';
import { apiErrorSchema, healthSchema, mediaListSchema, mediaSchema, meSchema, type IpcResults, type MediaDto } from '@biblio/shared';
import { normaliseServerUrl, type ServerCredentials } from './settings-store.js';

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

const playbackSchema = z.object({ url: z.string(), expiresAt: z.string() });
const transcriptSchema = z.object({ segments: z.array(z.object({ start: z.number(), end: z.number(), text: z.string() })) });
const searchSchema = z.object({
  results: z.array(z.object({ mediaId: z.string(), filename: z.string(), start: z.number(), end: z.number(), text: z.string(), score: z.number() })),
});

const TIMEOUT_MS = 15_000;

/** The appliance REST API with the saved credentials; every call validates its answer's shape. */
export class ApplianceClient {
  constructor(private readonly credentials: () => ServerCredentials | null) {}

  me() {
    return this.call('/api/me', meSchema);
  }
  async listMedia(): Promise<MediaDto[]> {
    return (await this.call('/api/media', mediaListSchema)).media;
  }
  getMedia(id: string) {
    return this.call(`/api/media/${encodeURIComponent(id)}`, mediaSchema);
  }
  playback(id: string) {
    return this.call(`/api/media/${encodeURIComponent(id)}/playback`, playbackSchema);
  }
  async transcript(id: string): Promise<IpcResults['library:transcript']> {
    const { segments } = await this.call(`/api/media/${encodeURIComponent(id)}/transcript.json`, transcriptSchema);
    return { segments: segments.map(({ start, end, text }) => ({ start, end, text })) };
  }
  async search(q: string): Promise<IpcResults['library:search']> {
    const { results } = await this.call(`/api/search?q=${encodeURIComponent(q)}&limit=50`, searchSchema);
    return { results: results.map(({ mediaId, filename, start, end, text, score }) => ({ mediaId, filename, start, end, text, score })) };
  }
  async deleteMedia(id: string): Promise<void> {
    await this.call(`/api/media/${encodeURIComponent(id)}`, null, 'DELETE');
  }
  retryMedia(id: string) {
    return this.call(`/api/media/${encodeURIComponent(id)}/retry`, mediaSchema, 'POST');
  }

  private async call<T>(route: string, schema: z.ZodType<T> | null, method = 'GET'): Promise<T> {
    const credentials = this.credentials();
    if (!credentials) throw new ApplianceError('not paired with an appliance: set the server URL and token first', null, 'unpaired', 'serverUrl');
    return requestJson(credentials.serverUrl, route, credentials.token, schema, method) as Promise<T>;
  }
}

/** One HTTP call with a timeout; maps network failures and JSON error bodies to ApplianceError. */
export async function requestJson<T>(
  serverUrl: string,
  route: string,
  token: string | null,
  schema: z.ZodType<T> | null,
  method = 'GET',
  timeoutMs = TIMEOUT_MS,
): Promise<T | undefined> {
  const url = `${normaliseServerUrl(serverUrl)}${route}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      signal: AbortSignal.timeout(timeoutMs),
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
  if (!schema) return undefined;
  const parsed = schema.safeParse(safeJson(text));
  if (!parsed.success) throw new ApplianceError(`unexpected answer from ${route}: is ${serverUrl} a Biblio appliance?`, res.status, 'bad_response', 'serverUrl');
  return parsed.data;
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

/**
 * `connection:test`: /healthz says whether the URL is a reachable appliance (and its engines),
 * /api/me whether the token is good. Each failure names the field the user has to fix.
 */
export async function testConnection(serverUrl: string, token: string): Promise<IpcResults['connection:test']> {
  let engines: Record<string, string>;
  try {
    const health = await requestJson(serverUrl, '/healthz', null, healthSchema, 'GET', 8_000);
    engines = enginesOf(health!);
  } catch (error) {
    // 503 still means "a Biblio appliance, one component down": the body names it.
    if (error instanceof ApplianceError && error.status === 503) {
      return { ok: false, field: 'serverUrl', error: `the appliance is up but not healthy: ${error.message}` };
    }
    return { ok: false, field: 'serverUrl', error: error instanceof Error ? error.message : String(error) };
  }
  try {
    const me = await requestJson(serverUrl, '/api/me', token, meSchema, 'GET', 8_000);
    return { ok: true, user: me!.name, engines };
  } catch (error) {
    if (error instanceof ApplianceError && (error.status === 401 || error.status === 403)) {
      return { ok: false, field: 'token', error: 'the appliance rejected this token (revoked or mistyped)' };
    }
    return { ok: false, field: 'serverUrl', error: error instanceof Error ? error.message : String(error) };
  }
}

export function enginesOf(health: z.infer<typeof healthSchema>): Record<string, string> {
  return Object.fromEntries(Object.entries(health.components).map(([name, component]) => [name, component.engine]));
}
