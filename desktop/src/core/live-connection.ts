import { API, mediaEventSchema, routePath, type ConnectionState, type MediaEvent } from '@biblio/shared';
import { enginesOf, speechToTextOf } from './appliance-client.js';
import { ApplianceError, networkReason, requestApi } from './appliance-request.js';
import { backoffDelay } from './backoff.js';
import type { ServerCredentials } from './settings-store.js';
import { SseParser } from './sse.js';

/** The server pings every 15 s; this long without a byte means the connection is dead (sleep, NAT). */
const IDLE_MS = 45_000;
const RECONNECT = { baseMs: 1_000, maxMs: 30_000, jitter: 0.2 };

export interface LiveConnectionEvents {
  state: (state: ConnectionState) => void;
  media: (event: MediaEvent) => void;
}

/**
 * The appliance connection: an SSE stream of the owner's media events that reconnects with
 * backoff, and the connection state derived from it. 'connected' once /api/me and /healthz
 * answer and the stream is open; 'reconnecting' while the appliance cannot be reached; 'error'
 * when retrying cannot help (the token was rejected).
 */
export class LiveConnection {
  private state: ConnectionState = { state: 'unpaired' };
  private abort: AbortController | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private generation = 0;

  constructor(
    private readonly on: LiveConnectionEvents,
    private readonly log: (message: string, detail?: unknown) => void,
  ) {}

  current(): ConnectionState {
    return this.state;
  }

  /** (Re)connects with these credentials; null = unpaired. */
  start(credentials: ServerCredentials | null): void {
    this.stop();
    if (!credentials) {
      this.setState({ state: 'unpaired' });
      return;
    }
    const generation = ++this.generation;
    this.failures = 0;
    // New details: nothing is known about them yet, so never keep showing "Connected as …" from
    // the old ones; and never 'unpaired' (the UI would send the user to the pairing form).
    this.setState({ state: 'connecting' });
    void this.connect(credentials, generation);
  }

  stop(): void {
    this.generation++;
    this.abort?.abort();
    this.abort = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async connect(credentials: ServerCredentials, generation: number): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    try {
      const me = await requestApi(credentials.serverUrl, API.me, { token: credentials.token });
      const health = await requestApi(credentials.serverUrl, API.health, { token: null }).catch(() => undefined);
      if (generation !== this.generation) return;
      await this.stream(credentials, abort, generation, () => {
        this.failures = 0;
        const quota = me.usage && me.limits ? { usage: me.usage, limits: me.limits } : undefined;
        const stt = health ? speechToTextOf(health) : undefined;
        this.setState({ state: 'connected', user: me.name, engines: health ? enginesOf(health) : {}, ...(quota ? { quota } : {}), ...(stt ? { stt } : {}) });
      });
      if (generation === this.generation) this.retry(credentials, generation, 'the event stream ended');
    } catch (error) {
      if (generation !== this.generation) return;
      if (error instanceof ApplianceError && (error.status === 401 || error.status === 403)) {
        // A revoked or wrong token does not fix itself: stop until the settings change.
        this.setState({ state: 'error', error: 'the appliance rejected the token; pair again with a valid token' });
        return;
      }
      this.retry(credentials, generation, error instanceof Error ? error.message : String(error));
    }
  }

  private retry(credentials: ServerCredentials, generation: number, reason: string): void {
    this.failures++;
    const since = this.state.state === 'reconnecting' ? this.state.since : new Date().toISOString();
    this.setState({ state: 'reconnecting', error: reason, since });
    const delay = backoffDelay(this.failures, RECONNECT);
    this.timer = setTimeout(() => {
      if (generation === this.generation) void this.connect(credentials, generation);
    }, delay);
  }

  /** Reads the SSE stream until it ends or fails; `opened` runs once the server answered 200. */
  private async stream(credentials: ServerCredentials, abort: AbortController, generation: number, opened: () => void): Promise<void> {
    let res: Response;
    try {
      res = await fetch(`${credentials.serverUrl}${routePath(API.events)}`, {
        headers: { Accept: 'text/event-stream', Authorization: `Bearer ${credentials.token}` },
        signal: abort.signal,
      });
    } catch (error) {
      throw new ApplianceError(`cannot reach ${credentials.serverUrl}: ${networkReason(error)}`, null, 'unreachable');
    }
    if (!res.ok || !res.body) throw new ApplianceError(`the event stream answered HTTP ${res.status}`, res.status, 'http_error');
    opened();
    const parser = new SseParser();
    const decoder = new TextDecoder();
    let idle = setTimeout(() => abort.abort(), IDLE_MS);
    try {
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        clearTimeout(idle);
        idle = setTimeout(() => abort.abort(), IDLE_MS);
        for (const message of parser.push(decoder.decode(chunk, { stream: true }))) {
          if (generation !== this.generation) return;
          this.dispatch(message.data);
        }
      }
    } catch (error) {
      if (generation !== this.generation) return;
      throw new ApplianceError(`lost the event stream: ${networkReason(error)}`, null, 'unreachable');
    } finally {
      clearTimeout(idle);
    }
  }

  private dispatch(data: string): void {
    try {
      const parsed = mediaEventSchema.safeParse(JSON.parse(data));
      if (parsed.success) this.on.media(parsed.data);
      else this.log('ignored an event of unexpected shape', parsed.error.issues[0]);
    } catch {
      this.log('ignored an event that is not JSON');
    }
  }

  private setState(state: ConnectionState): void {
    if (JSON.stringify(state) === JSON.stringify(this.state)) return;
    this.state = state;
    this.on.state(state);
  }
}
