import type { IncomingMessage, ServerResponse } from 'node:http';
import type { User } from '../domain/media.js';
import { HttpError } from './respond.js';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
  user: User;
  /** The bearer token the request authenticated with (long-lived streams re-check it). */
  token: string;
}

export type RouteHandler = (ctx: RouteContext) => Promise<void> | void;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: RouteHandler;
  adminOnly: boolean;
}

/** A deliberately small router: method + path pattern (":name" segments) -> handler. */
export class Router {
  private readonly routes: Route[] = [];

  on(method: string, path: string, handler: RouteHandler, options: { adminOnly?: boolean } = {}): this {
    const keys: string[] = [];
    const pattern = new RegExp(
      `^${path.replace(/:([a-zA-Z]+)/g, (_m, key: string) => {
        keys.push(key);
        return '([^/]+)';
      })}$`,
    );
    this.routes.push({ method, pattern, keys, handler, adminOnly: options.adminOnly ?? false });
    return this;
  }

  /** Finds the route; throws 404/405 as the contract's JSON errors. */
  match(method: string, pathname: string): { route: Route; params: Record<string, string> } {
    let pathMatched = false;
    for (const route of this.routes) {
      const match = route.pattern.exec(pathname);
      if (!match) continue;
      pathMatched = true;
      if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) continue;
      const params: Record<string, string> = {};
      for (const [i, key] of route.keys.entries()) {
        const decoded = safeDecode(match[i + 1]!);
        // A malformed escape (%E0%A4, %zz) cannot name anything we hold: answer as for an unknown id.
        if (decoded === undefined) throw new HttpError(404, 'not_found', `no such ${key}`, key);
        params[key] = decoded;
      }
      return { route, params };
    }
    if (pathMatched) throw new HttpError(405, 'method_not_allowed', `${method} is not allowed on ${pathname}`);
    throw new HttpError(404, 'not_found', `no route for ${pathname}`);
  }

  async handle(ctx: Omit<RouteContext, 'params'>): Promise<void> {
    const { route, params } = this.match(ctx.req.method ?? 'GET', ctx.url.pathname);
    if (route.adminOnly && !ctx.user.isAdmin) {
      throw new HttpError(403, 'forbidden', 'this route needs an admin token');
    }
    await route.handler({ ...ctx, params });
  }
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);
