import type { z } from 'zod';

/**
 * Who may call a route: `bearer` any valid token, `admin` an admin token, `signature` a signed
 * URL (players cannot add headers to every HLS request, so the query string is the credential),
 * `none` anyone (/healthz: probes and the desktop's "is this an appliance?" check).
 */
export type RouteAccess = 'bearer' | 'admin' | 'signature' | 'none';

/** A response that is not JSON (media, subtitles, a stream) or no body at all. */
export interface RawResponse {
  readonly kind: 'raw';
  /** The Content-Type family the route answers with; documentation for readers and tests. */
  readonly contentType: string;
}
export interface EmptyResponse {
  readonly kind: 'empty';
}

export const rawResponse = (contentType: string): RawResponse => ({ kind: 'raw', contentType });
export const emptyResponse: EmptyResponse = { kind: 'empty' };

/**
 * One REST route of the appliance: what it accepts and what it answers. The appliance's router
 * registers routes only through these entries and validates requests with them; the desktop
 * validates the answers with the same schemas, so a change to either side is a change here.
 */
export interface RouteContract {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** ":name" is one path segment, "*name" the rest of the path. */
  readonly path: string;
  readonly access: RouteAccess;
  readonly params?: z.ZodType<unknown, Record<string, string>>;
  readonly query?: z.ZodType<unknown, Record<string, string>>;
  readonly body?: z.ZodType;
  /** A JSON schema for JSON answers, or what else the route sends. */
  readonly response: z.ZodType | RawResponse | EmptyResponse;
  /**
   * Error codes name the request part ("missing_query", "invalid_limit"): this maps a field to
   * the word its codes use when that is not the field's own name (q -> query).
   */
  readonly errorNames?: Readonly<Record<string, string>>;
}

/** The JSON body a route answers with (never for raw or empty responses). */
export type ResponseOf<C extends RouteContract> = C['response'] extends z.ZodType ? z.input<C['response']> : never;
export type ParamsOf<C extends RouteContract> = C['params'] extends z.ZodType ? z.output<C['params']> : Record<string, never>;
export type QueryOf<C extends RouteContract> = C['query'] extends z.ZodType ? z.output<C['query']> : Record<string, never>;
export type BodyOf<C extends RouteContract> = C['body'] extends z.ZodType ? z.output<C['body']> : undefined;

/**
 * A route's path with its parameters filled in, each URL-encoded ("*rest" per segment), and an
 * optional query: clients build URLs from the same entry the appliance routes by.
 */
export function routePath(contract: RouteContract, params: Readonly<Record<string, string>> = {}, query?: Readonly<Record<string, string>>): string {
  const value = (key: string) => {
    const v = params[key];
    if (v === undefined) throw new Error(`${contract.path} needs the parameter ${key}`);
    return v;
  };
  const path = contract.path
    .replace(/:([a-zA-Z]+)/g, (_m, key: string) => encodeURIComponent(value(key)))
    .replace(/\*([a-zA-Z]+)$/, (_m, key: string) => value(key).split('/').map(encodeURIComponent).join('/'));
  const search = query ? new URLSearchParams(query).toString() : '';
  return search ? `${path}?${search}` : path;
}
