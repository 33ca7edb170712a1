import { parentPort, workerData } from 'node:worker_threads';
import type { PGlite } from '@electric-sql/pglite';
import { openPgliteWithVector } from './pglite-open.js';
import type { PgliteReply, PgliteRequest } from './pglite-thread-protocol.js';

/**
 * The embedded database's own thread: PGlite (Postgres compiled to WebAssembly) and its ~200 MB
 * of WebAssembly memory live here, away from the thread that streams uploads. In the main thread
 * that memory counted against V8's external-memory budget, so every few MiB of upload buffers set
 * off a full garbage collection, and every query blocked the event loop for its whole duration.
 */
const port = parentPort;
if (!port) throw new Error('pglite-worker runs as a worker thread');
const { dataDir } = workerData as { dataDir: string };

let pglite: PGlite;
try {
  pglite = await openPgliteWithVector(dataDir);
  port.postMessage({ kind: 'ready' } satisfies PgliteReply);
} catch (error) {
  port.postMessage({ kind: 'failed', error: describeError(error) } satisfies PgliteReply);
  process.exit(1);
}

port.on('message', (request: PgliteRequest) => {
  if (request.kind === 'close') {
    pglite.close().then(
      () => port.postMessage({ kind: 'closed' } satisfies PgliteReply),
      (error: unknown) => port.postMessage({ kind: 'closed', error: describeError(error) } satisfies PgliteReply),
    );
    return;
  }
  pglite.query(request.sql, request.params).then(
    (result) => port.postMessage({ kind: 'result', id: request.id, rows: result.rows, affectedRows: result.affectedRows } satisfies PgliteReply),
    (error: unknown) => port.postMessage({ kind: 'result', id: request.id, error: describeError(error) } satisfies PgliteReply),
  );
});

/** Postgres errors carry their SQLSTATE `code`, `detail`, `constraint`...: keep every plain field. */
function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields: Record<string, unknown> = { name: error.name, message: error.message };
  for (const [key, value] of Object.entries(error)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
  }
  return fields;
}
