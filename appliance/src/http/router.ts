import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BodyOf, ParamsOf, QueryOf, ResponseOf, RouteAccess, RouteContract } from '@biblio/shared';
import type { User } from '../domain/media.js';
import { HttpError, sendJson } from './respond.js';
import { parseRequest } from './validate-request.js';

interface BaseContext<C extends RouteContract> {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: ParamsOf<C>;
  query: QueryOf<C>;
  body: BodyOf<C>;
  /** Answers with the contract's JSON response type (the compiler checks the body's shape). */
  send: (status: number, body: ResponseOf<C>, headers?: Record<string, string>) => void;
}

/** Routes behind a token know who is calling; open and signed routes do not. */
export type RouteContext<C extends RouteContract> = BaseContext<C> &
  (C['access'] extends 'bearer' | 'admin' ? { user: User; /** Long-lived streams re-check it. */ token: string } : unknown);

export type RouteHandler<C extends RouteContract> = (ctx: RouteContext<C>) => Promise<void> | void;

export interface Identity {
  user: User;
  token: string;
}

interface Route {
  contract: RouteContract;
  pattern: RegExp;
  keys: string[];
  handler: (ctx: Record<string, unknown>) => Promise<void> | void;
}

/** The route a request resolved to, or the 404/405 it gets once access allows telling it. */
export type RouteMatch =
  | { route: Route; params: Record<string, string>; access: RouteAccess }
  | { error: HttpError; access: RouteAccess };

/**
 * A deliberately small router: a shared contract entry (method, path, schemas, access) ->
 * handler. Registration takes nothing but contract entries, so every route has its schemas.
 */
export class Router {
  private readonly table: Route[] = [];

  on<C extends RouteContract>(contract: C, handler: RouteHandler<C>): this {
    const keys: string[] = [];
    const source = contract.path
      .replace(/:([a-zA-Z]+)/g, (_m, key: string) => (keys.push(key), '([^/]+)'))
      .replace(/\*([a-zA-Z]+)$/, (_m, key: string) => (keys.push(key), '(.+)'));
    this.table.push({ contract, pattern: new RegExp(`^${source}$`), keys, handler: handler as Route['handler'] });
    return this;
  }

  /** The registered contracts, for the coverage test and for listings. */
  contracts(): RouteContract[] {
    return this.table.map((route) => route.contract);
  }

  /**
   * Finds the route. `access` says what the caller must prove before hearing 404/405: an
   * unknown path stays behind the token, so probing without one learns nothing.
   */
  match(method: string, pathname: string): RouteMatch {
    const onPath: Route[] = [];
    for (const route of this.table) {
      const match = route.pattern.exec(pathname);
      if (!match) continue;
      onPath.push(route);
      if (route.contract.method !== method && !(method === 'HEAD' && route.contract.method === 'GET')) continue;
      const params: Record<string, string> = {};
      for (const [i, key] of route.keys.entries()) {
        const decoded = safeDecode(match[i + 1]!);
        // A malformed escape (%E0%A4, %zz) cannot name anything we hold: answer as for an unknown id.
        if (decoded === undefined) return { error: new HttpError(404, 'not_found', `no such ${key}`, key), access: route.contract.access };
        params[key] = decoded;
      }
      return { route, params, access: route.contract.access };
    }
    if (onPath.length > 0) {
      return { error: new HttpError(405, 'method_not_allowed', `${method} is not allowed on ${pathname}`), access: onPath[0]!.contract.access };
    }
    return { error: new HttpError(404, 'not_found', `no route for ${pathname}`), access: 'bearer' };
  }

  /** Runs the matched route: admin check, request validation against the contract, handler. */
  async dispatch(found: RouteMatch, ctx: { req: IncomingMessage; res: ServerResponse; url: URL; identity?: Identity }): Promise<void> {
    if ('error' in found) throw found.error;
    const { contract, handler } = found.route;
    if (contract.access === 'admin' && !ctx.identity?.user.isAdmin) {
      throw new HttpError(403, 'forbidden', 'this route needs an admin token');
    }
    const request = await parseRequest(contract, ctx.req, ctx.url, found.params);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => sendJson(ctx.res, status, body, headers);
    await handler({ req: ctx.req, res: ctx.res, url: ctx.url, ...request, send, ...(ctx.identity ?? {}) });
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
/** tus ids are media ids too; tus routes are not contract routes, so they check by hand. */
export const isUuid = (value: string): boolean => UUID.test(value);
