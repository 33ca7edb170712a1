/** Messages between the appliance and its PGlite worker thread (pglite-worker.ts). */
export type PgliteRequest = { kind: 'query'; id: number; sql: string; params: unknown[] } | { kind: 'close' };

export type PgliteReply =
  | { kind: 'ready' }
  | { kind: 'failed'; error: Record<string, unknown> }
  | { kind: 'result'; id: number; rows?: unknown[]; affectedRows?: number | undefined; error?: Record<string, unknown> }
  | { kind: 'closed'; error?: Record<string, unknown> };
