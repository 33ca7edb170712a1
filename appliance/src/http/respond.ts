import type { ServerResponse } from 'node:http';
import type { ApiError } from '@biblio/shared';

/** An error that maps to one HTTP response of the contract's JSON error shape. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): ApiError {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}

export const notFound = () => new HttpError(404, 'not_found', 'no such media');

/** 409 while a stage has not produced what the route serves. */
export const notReady = (what: string) =>
  new HttpError(409, 'not_ready', `${what} is not available yet; watch /api/events or GET /api/media/:id`);

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: HttpError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, error.status, error.body(), error.headers);
}
