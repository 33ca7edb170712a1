import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Fields every log line carries while a request or a job runs (requestId, mediaId, stage).
 * The logger reads them through a pino mixin, so code deep in a call never has to thread a
 * child logger through.
 */
const store = new AsyncLocalStorage<Record<string, string>>();

export function withLogContext<T>(fields: Record<string, string>, work: () => T): T {
  return store.run({ ...(store.getStore() ?? {}), ...fields }, work);
}

/** Adds fields to the current context (e.g. the media id once a tus upload is created). */
export function addLogContext(fields: Record<string, string>): void {
  const current = store.getStore();
  if (current) Object.assign(current, fields);
}

export function currentLogContext(): Record<string, string> {
  return store.getStore() ?? {};
}
