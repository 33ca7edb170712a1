import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createPgliteDatabase } from './pglite-create.js';
import type { PgliteReply, PgliteRequest } from './pglite-thread-protocol.js';

/** What the Kysely dialect needs of PGlite: one session that runs one statement at a time. */
export interface PgliteSession {
  query<R>(sql: string, params: unknown[]): Promise<{ rows: R[]; affectedRows?: number | undefined }>;
  close(): Promise<void>;
}

interface Pending {
  resolve(result: { rows: unknown[]; affectedRows?: number | undefined }): void;
  reject(error: Error): void;
}

/**
 * The thread's JavaScript is PGlite's glue code; its data lives in WebAssembly memory, outside
 * these limits. A small young generation keeps the second isolate's idle footprint down.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4 };

/** How long close() waits for PGlite to checkpoint before the thread is stopped anyway. */
const CLOSE_DEADLINE_MS = 15_000;

/**
 * PGlite in a worker thread (pglite-worker.ts), driven by messages. Measured on 2 cores with the
 * filesystem store: 8 MiB tus PATCHes went from 110-250 MiB/s with PGlite in the main thread
 * (13-84 full garbage collections per 768 MiB, set off by its WebAssembly memory counting as
 * external memory) to the rate of the same appliance on a Postgres server (2 full collections).
 * A long query (a 100k-chunk search) no longer stalls uploads and event streams either.
 */
export class PgliteThread implements PgliteSession {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopped: Error | null = null;
  private closing: Promise<void> | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: PgliteReply) => this.onReply(reply));
    worker.on('error', (error) => this.stop(new Error(`the embedded database thread failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => this.stop(new Error(`the embedded database thread stopped (exit code ${code})`)));
  }

  static async open(dataDir: string): Promise<PgliteThread> {
    await createPgliteDatabase(dataDir);
    const worker = startWorker({ dataDir });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (reply: PgliteReply) => {
        if (reply.kind === 'ready') done(null);
        else if (reply.kind === 'failed') done(rebuildError(reply.error));
      };
      const onExit = (code: number) => done(new Error(`the embedded database thread exited with code ${code} while opening ${dataDir}`));
      const onError = (error: Error) => done(error);
      const done = (error: Error | null) => {
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        worker.off('error', onError);
        if (error) reject(error);
        else resolve();
      };
      worker.on('message', onMessage);
      worker.on('exit', onExit);
      worker.on('error', onError);
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    return new PgliteThread(worker);
  }

  query<R>(sql: string, params: unknown[]): Promise<{ rows: R[]; affectedRows?: number | undefined }> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as Pending['resolve'], reject });
      this.worker.postMessage({ kind: 'query', id, sql, params } satisfies PgliteRequest);
    });
  }

  close(): Promise<void> {
    this.closing ??= this.closeThread();
    return this.closing;
  }

  private async closeThread(): Promise<void> {
    if (this.stopped) return;
    const closed = new Promise<void>((resolve) => {
      this.worker.on('message', (reply: PgliteReply) => reply.kind === 'closed' && resolve());
      this.worker.once('exit', () => resolve());
    });
    this.worker.postMessage({ kind: 'close' } satisfies PgliteRequest);
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_DEADLINE_MS).unref());
    await Promise.race([closed, deadline]);
    this.stop(new Error('the embedded database is closed'));
    await this.worker.terminate();
  }

  private onReply(reply: PgliteReply): void {
    if (reply.kind !== 'result') return;
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if (reply.error) waiting.reject(rebuildError(reply.error));
    else waiting.resolve({ rows: reply.rows ?? [], affectedRows: reply.affectedRows });
  }

  private stop(reason: Error): void {
    if (this.stopped) return;
    this.stopped = reason;
    for (const waiting of this.pending.values()) waiting.reject(reason);
    this.pending.clear();
  }
}

/**
 * The worker beside this file. Compiled, it is pglite-worker.js and inherits the parent's flags
 * (--conditions=biblio-compiled). From sources (tsx, vitest) it is TypeScript: a worker does not
 * take tsx's loader from --import, so a small bootstrap registers it first.
 */
function startWorker(workerData: { dataDir: string }): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./pglite-worker.js', import.meta.url), { workerData, resourceLimits: WORKER_LIMITS });
  // The ESM build of tsx's API (require.resolve finds its CommonJS twin beside it).
  const tsx = createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
  const entry = new URL('./pglite-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(pathToFileURL(tsx).href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { eval: true, workerData, resourceLimits: WORKER_LIMITS });
}

/** A Postgres error from the worker, with its SQLSTATE `code` and other fields intact. */
function rebuildError(fields: Record<string, unknown>): Error {
  const error = new Error(typeof fields['message'] === 'string' ? fields['message'] : 'embedded database error');
  Object.assign(error, fields);
  return error;
}
