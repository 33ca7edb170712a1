import { Upload } from 'tus-js-client';
import type { ServerCredentials } from './settings-store.js';
import { TimeoutHttpStack } from './tus-io.js';

/**
 * Terminates abandoned tus uploads (cancelled, or superseded because the file changed) with a
 * DELETE, so the appliance is not left with orphan media. URLs that cannot be reached now are
 * kept (persisted with the queue) and tried again when the appliance is back.
 */
export class Terminations {
  private pending: string[];

  constructor(
    initial: string[],
    private readonly credentials: () => ServerCredentials | null,
    private readonly saved: () => Promise<void>,
    private readonly warn: (message: string, detail?: unknown) => void,
  ) {
    this.pending = [...initial];
  }

  list(): string[] {
    return [...this.pending];
  }

  async terminate(url: string): Promise<void> {
    const credentials = this.credentials();
    if (!this.pending.includes(url)) this.pending.push(url);
    if (!credentials) return this.saved();
    try {
      // With a timeout: tus-js-client's own stack would wait forever on a dead connection.
      const httpStack = new TimeoutHttpStack(15_000);
      await Upload.terminate(url, { headers: { Authorization: `Bearer ${credentials.token}` }, retryDelays: [0, 1_000], httpStack }).finally(() => httpStack.close());
      this.forget(url);
    } catch (error) {
      const status = (error as { originalResponse?: { getStatus(): number } | null }).originalResponse?.getStatus();
      // Already gone (expired, deleted, another owner's): nothing left to remove.
      if (status === 404 || status === 410) this.forget(url);
      else this.warn(`could not remove an abandoned upload on the appliance yet (${url}); will retry`, error);
    }
    await this.saved();
  }

  retryPending(): void {
    for (const url of [...this.pending]) void this.terminate(url);
  }

  private forget(url: string): void {
    this.pending = this.pending.filter((u) => u !== url);
  }
}
