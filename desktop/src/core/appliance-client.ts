import { API, MEDIA_PAGE_LIMIT_MAX, type Health, type IpcResults, type MediaDto, type MediaPage, type RouteContract, type SearchHit, type SearchResultDto, type SpeechToTextInfo } from '@biblio/shared';
import { ApplianceError, requestApi, type AnswerOf } from './appliance-request.js';
import type { ServerCredentials } from './settings-store.js';

/** A bound on the whole-library read, so a huge library cannot stall the core. */
const LIBRARY_LIST_MAX = 10_000;

/** The appliance REST API with the saved credentials; every answer is checked by the shared contract. */
export class ApplianceClient {
  constructor(private readonly credentials: () => ServerCredentials | null) {}

  me() {
    return this.call(API.me);
  }
  /**
   * The whole library, newest first, page by page (the library view will page itself with
   * listMediaPage; until then the renderer gets every item, as before paging existed).
   */
  async listMedia(): Promise<MediaDto[]> {
    const all: MediaDto[] = [];
    let cursor: string | null = null;
    do {
      const page: MediaPage = await this.listMediaPage({ limit: String(MEDIA_PAGE_LIMIT_MAX), ...(cursor ? { cursor } : {}) });
      all.push(...page.media);
      cursor = page.nextCursor;
    } while (cursor && all.length < LIBRARY_LIST_MAX);
    return all;
  }
  /** One page of GET /api/media with the contract's query parameters (sort, filters, cursor, sha256). */
  listMediaPage(query: Record<string, string>): Promise<MediaPage> {
    return this.call(API.listMedia, {}, query);
  }
  getMedia(id: string) {
    return this.call(API.getMedia, { id });
  }
  playback(id: string) {
    return this.call(API.playback, { id });
  }
  async transcript(id: string): Promise<IpcResults['library:transcript']> {
    const { segments } = await this.call(API.transcriptJson, { id });
    // The renderer shows sentences; word timings stay on the appliance side of the IPC.
    return { segments: segments.map(({ start, end, text }) => ({ start, end, text })) };
  }
  async search(q: string): Promise<IpcResults['library:search']> {
    const { results, groups, suggestions } = await this.call(API.search, {}, { q, limit: '50' });
    // Snippets and their highlights stay on this side of the IPC: the renderer shows `text`.
    const hit = ({ mediaId, filename, start, end, text, score, title, field, match, highlights }: SearchResultDto): SearchHit => ({
      mediaId, filename, start, end, text, score,
      ...(title !== undefined ? { title } : {}),
      ...(field ? { field } : {}),
      ...(match ? { match } : {}),
      ...(highlights ? { highlights } : {}),
    });
    return {
      results: results.map(hit),
      ...(groups ? { groups: groups.map((g) => ({ mediaId: g.mediaId, filename: g.filename, title: g.title, moments: g.moments.map(hit) })) } : {}),
      ...(suggestions ? { suggestions } : {}),
    };
  }
  suggest(q: string): Promise<IpcResults['library:suggest']> {
    return this.call(API.suggest, {}, { q });
  }
  async deleteMedia(id: string): Promise<void> {
    await this.call(API.deleteMedia, { id });
  }
  retryMedia(id: string) {
    return this.call(API.retryMedia, { id });
  }

  private async call<C extends RouteContract>(contract: C, params?: Record<string, string>, query?: Record<string, string>): Promise<AnswerOf<C>> {
    const credentials = this.credentials();
    if (!credentials) throw new ApplianceError('not paired with an appliance: set the server URL and token first', null, 'unpaired', 'serverUrl');
    return requestApi(credentials.serverUrl, contract, { token: credentials.token, ...(params ? { params } : {}), ...(query ? { query } : {}) });
  }
}

/**
 * `connection:test`: /healthz says whether the URL is a reachable appliance (and its engines),
 * /api/me whether the token is good. Each failure names the field the user has to fix.
 */
export async function testConnection(serverUrl: string, token: string): Promise<IpcResults['connection:test']> {
  let engines: Record<string, string>;
  try {
    engines = enginesOf(await requestApi(serverUrl, API.health, { token: null, timeoutMs: 8_000 }));
  } catch (error) {
    // 503 still means "a Biblio appliance, one component down": the body names it.
    if (error instanceof ApplianceError && error.status === 503) {
      return { ok: false, field: 'serverUrl', error: `the appliance is up but not healthy: ${error.message}` };
    }
    return { ok: false, field: 'serverUrl', error: error instanceof Error ? error.message : String(error) };
  }
  try {
    const me = await requestApi(serverUrl, API.me, { token, timeoutMs: 8_000 });
    return { ok: true, user: me.name, engines };
  } catch (error) {
    if (error instanceof ApplianceError && (error.status === 401 || error.status === 403)) {
      return { ok: false, field: 'token', error: 'the appliance rejected this token (revoked or mistyped)' };
    }
    return { ok: false, field: 'serverUrl', error: error instanceof Error ? error.message : String(error) };
  }
}

/** The speech-to-text component of /healthz, when the appliance names its languages. */
export function speechToTextOf(health: Health): SpeechToTextInfo | undefined {
  const stt = health.components['stt'];
  return stt?.languages ? { engine: stt.engine, languages: stt.languages } : undefined;
}

export function enginesOf(health: Health): Record<string, string> {
  return Object.fromEntries(Object.entries(health.components).map(([name, component]) => [name, component.engine]));
}
