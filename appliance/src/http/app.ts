import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Accounts } from '../services/accounts.js';
import { DiskFullError } from '../services/disk-guard.js';
import type { HealthCheck } from '../services/health.js';
import { withLogContext } from '../services/log-context.js';
import type { MediaService } from '../services/media-service.js';
import type { EventBus } from '../ports/event-bus.js';
import type { AuthGuard } from './auth.js';
import type { Quotas } from '../services/quotas.js';
import { HttpError, sendError } from './respond.js';
import { applyCors, applySecurityHeaders } from './security-headers.js';
import { Router } from './router.js';
import { registerRoutes, type ProcessingRouteDeps } from './routes/index.js';
import { TUS_PATH, type TusHandler } from './tus-server.js';

export interface AppDeps {
  accounts: Accounts;
  media: MediaService;
  events: EventBus;
  tus: TusHandler;
  healthChecks: HealthCheck[];
  metrics: Registry;
  processing: ProcessingRouteDeps;
  auth: AuthGuard;
  quotas?: Quotas;
  /** Browser origins allowed by CORS (none by default). */
  corsOrigins: readonly string[];
  version: string;
  log: Logger;
  /** Throws DiskFullError when writing this many more bytes would cross the free-space threshold. */
  ensureRoom?: (incomingBytes: number) => Promise<void>;
}

/**
 * The appliance's HTTP surface: tus at /files/, and the REST routes of the shared contract, each
 * with its access (/healthz open, /play signed, the rest behind a bearer token).
 */
export function createApp(deps: AppDeps) {
  const router = new Router();
  const closeEventStreams = registerRoutes(router, {
    ...deps,
    tokenIsLive: async (token) => (await deps.accounts.authenticate(token)) !== undefined,
  });

  const handle = (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = randomUUID();
    return withLogContext({ requestId }, () => handleRequest(req, res, requestId));
  };

  const handleRequest = async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> => {
    res.setHeader('X-Request-Id', requestId);
    applySecurityHeaders(res);
    const log = deps.log.child({ method: req.method, path: req.url?.split('?')[0] });
    const started = performance.now();
    res.on('finish', () => {
      log.debug({ status: res.statusCode, ms: Math.round(performance.now() - started) }, 'request');
    });
    try {
      // A path only: an absolute-form or "//host" request target must not pick another origin.
      const target = req.url ?? '/';
      if (!target.startsWith('/') || target.startsWith('//')) throw new HttpError(400, 'invalid_target', 'the request target must be a path');
      const url = new URL(target, 'http://appliance.invalid');
      const found = router.match(req.method ?? 'GET', url.pathname);
      // Signed playback is for any player on any page (the signature, not the origin, is checked).
      if (found.access === 'signature') res.setHeader('Access-Control-Allow-Origin', '*');
      else if (applyCors(req, res, deps.corsOrigins)) return;
      const isTus = url.pathname === TUS_PATH || url.pathname.startsWith(`${TUS_PATH}/`);
      if (isTus && req.method === 'OPTIONS') {
        // tus discovery (and CORS preflight) carries no credentials by design.
        await deps.tus(req, res, { id: '', name: '', isAdmin: false, createdAt: new Date(0) });
        return;
      }
      if (isTus) {
        const { user } = await deps.auth.authenticate(req, TUS_PATH);
        if (req.method === 'POST' || req.method === 'PATCH') await refuseWhenDiskFull(req, deps.ensureRoom);
        await deps.tus(req, res, user);
        return;
      }
      // The token is checked before a 404/405 too, so probing without one learns nothing.
      const needsToken = found.access === 'bearer' || found.access === 'admin';
      const identity = needsToken ? await deps.auth.authenticate(req, url.pathname) : undefined;
      await router.dispatch(found, { req, res, url, ...(identity ? { identity } : {}) });
    } catch (error) {
      if (error instanceof HttpError) {
        sendError(res, error);
        return;
      }
      log.error({ err: error }, 'request failed');
      sendError(res, new HttpError(500, 'internal', 'internal error (a server-side problem, not your request); see the appliance log'));
    }
  };

  return { handle, closeEventStreams };
}

/** 507 before a single byte is written, so a full disk never leaves a half-written chunk. */
async function refuseWhenDiskFull(req: IncomingMessage, ensureRoom: AppDeps['ensureRoom']): Promise<void> {
  if (!ensureRoom) return;
  const incoming = Number(req.headers['content-length'] ?? 0);
  try {
    await ensureRoom(Number.isSafeInteger(incoming) && incoming > 0 ? incoming : 0);
  } catch (error) {
    if (!(error instanceof DiskFullError)) throw error;
    throw new HttpError(507, 'insufficient_storage', error.message, undefined, { 'Retry-After': '60', Connection: 'close' });
  }
}
