import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { FailureLimiter } from '../domain/failure-limiter.js';
import type { User } from '../domain/media.js';
import { parseBearer } from '../domain/tokens.js';
import type { Clock } from '../ports/clock.js';
import type { Accounts } from '../services/accounts.js';
import { HttpError } from './respond.js';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="biblio"' };

export type AuthFailureReason = 'missing' | 'malformed' | 'invalid';

export interface Authenticated {
  user: User;
  /** Kept so long-lived requests (SSE) can re-check that it was not revoked meanwhile. */
  token: string;
}

export interface AuthGuardDeps {
  accounts: Accounts;
  limiter: FailureLimiter;
  clock: Clock;
  countFailure: (reason: AuthFailureReason) => void;
  log: Logger;
  /** Behind a trusted proxy, charge failures to the client it reports, not to the proxy. */
  trustProxy?: boolean;
}

/**
 * The source a failure is charged to: the peer address; behind a trusted proxy, the last
 * X-Forwarded-For entry (the one our proxy appended; earlier entries are client-supplied).
 */
function sourceOf(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? req.headers['x-forwarded-for'] : undefined;
  const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded)?.split(',').pop()?.trim();
  return last || (req.socket.remoteAddress ?? 'unknown');
}

/**
 * Resolves the bearer token of a request to its user, or throws 401. Failures are counted,
 * logged without the token, and a source that keeps failing gets 429 + Retry-After for a while,
 * which makes guessing tokens (or hammering with a stale one) slow and visible.
 */
export class AuthGuard {
  constructor(private readonly deps: AuthGuardDeps) {}

  async authenticate(req: IncomingMessage, route: string): Promise<Authenticated> {
    const source = sourceOf(req, this.deps.trustProxy ?? false);
    const now = this.deps.clock.now().getTime();
    const decision = this.deps.limiter.check(source, now);
    if (!decision.allowed) {
      throw new HttpError(429, 'too_many_failed_logins', `too many failed authentications from this address; retry in ${decision.retryAfterSec} s`, undefined, {
        'Retry-After': String(decision.retryAfterSec),
      });
    }
    const header = req.headers.authorization;
    const token = parseBearer(header);
    if (!token) {
      this.fail(source, route, header ? 'malformed' : 'missing', now);
      throw new HttpError(401, 'unauthorized', 'missing bearer token: send Authorization: Bearer TOKEN', 'Authorization', CHALLENGE);
    }
    const user = token.length <= 200 ? await this.deps.accounts.authenticate(token) : undefined;
    if (!user) {
      this.fail(source, route, 'invalid', now);
      throw new HttpError(401, 'unauthorized', 'invalid or revoked token', 'Authorization', CHALLENGE);
    }
    return { user, token };
  }

  private fail(source: string, route: string, reason: AuthFailureReason, now: number): void {
    this.deps.countFailure(reason);
    const next = this.deps.limiter.fail(source, now);
    // Never the token itself: logs are read by more people than should hold credentials.
    this.deps.log.warn({ source, route, reason, limited: !next.allowed }, 'authentication failed');
  }
}

/** Plain token check without limiting (the worker role's /metrics-only listener). */
export async function authenticate(req: IncomingMessage, accounts: Accounts): Promise<User> {
  const token = parseBearer(req.headers.authorization);
  const user = token && token.length <= 200 ? await accounts.authenticate(token) : undefined;
  if (!user) throw new HttpError(401, 'unauthorized', token ? 'invalid or revoked token' : 'missing bearer token: send Authorization: Bearer TOKEN', 'Authorization', CHALLENGE);
  return user;
}
