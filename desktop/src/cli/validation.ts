import type { MediaDto } from '@biblio/shared';

/**
 * What the appliance decided about a file the CLI uploaded. An upload that arrived whole can
 * still be refused (not media, damaged, spoofed type): the CLI follows the media's status until
 * validation has spoken, so a script learns it from the exit code, not from the web UI later.
 */
export type Verdict =
  | { outcome: 'accepted' }
  | { outcome: 'rejected'; reason: string }
  | { outcome: 'failed'; reason: string }
  /** Validation had not finished when the CLI stopped waiting. */
  | { outcome: 'undecided'; reason: string };

/** The verdict a media state shows, or undefined while validation is still to come. */
export function verdictOf(media: MediaDto): Verdict | undefined {
  switch (media.status) {
    case 'UPLOADING':
    case 'UPLOADED':
      return undefined;
    case 'PROCESSING':
    case 'READY':
      return { outcome: 'accepted' };
    case 'REJECTED':
      return { outcome: 'rejected', reason: media.error ?? media.stages.validate?.error ?? 'the appliance refused the file' };
    case 'FAILED':
      // A later stage failing (transcription, say) is no verdict on the upload itself.
      if (media.stages.validate?.status === 'done') return { outcome: 'accepted' };
      return { outcome: 'failed', reason: media.error ?? media.stages.validate?.error ?? 'validation failed on the appliance' };
    case 'EXPIRED':
    case 'DELETED':
      return { outcome: 'failed', reason: `the media was ${media.status.toLowerCase()} before validation` };
  }
}

export interface WaitOptions {
  intervalMs: number;
  timeoutMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Polls the media until `verdictOf` decides. Read errors (a restarting appliance, a dropped
 * connection) are retried until the deadline; a media that is gone (404) is a failure.
 */
export async function awaitVerdict(read: () => Promise<MediaDto>, options: WaitOptions): Promise<Verdict> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = now() + options.timeoutMs;
  let lastError: string; // set on every pass: '' after a good read, the reason after a failed one
  for (;;) {
    try {
      const verdict = verdictOf(await read());
      if (verdict) return verdict;
      lastError = '';
    } catch (error) {
      const status = (error as { status?: number | null }).status;
      if (status === 404) return { outcome: 'failed', reason: 'the media is no longer on the appliance' };
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (now() >= deadline) {
      const minutes = Math.round(options.timeoutMs / 60_000);
      return { outcome: 'undecided', reason: `not validated within ${minutes} min${lastError ? ` (${lastError})` : ''}; check it in the library` };
    }
    await sleep(options.intervalMs);
  }
}

/**
 * `--no-wait`: end once the bytes are uploaded, without following validation. Taken out of the
 * arguments here (before the general parser sees them) and documented by NO_WAIT_USAGE.
 */
export function takeNoWaitFlag(argv: string[]): { argv: string[]; noWait: boolean } {
  const end = argv.indexOf('--');
  const options = end === -1 ? argv : argv.slice(0, end);
  const rest = end === -1 ? [] : argv.slice(end);
  const kept = options.filter((arg) => arg !== '--no-wait');
  return { argv: [...kept, ...rest], noWait: kept.length !== options.length };
}

export const NO_WAIT_USAGE = `
After uploading, the CLI waits until the appliance has validated each file; a file it rejects
is reported as "FILE: rejected: REASON" and the exit code is 1.
  --no-wait               end once the bytes are uploaded, without waiting for validation`;
