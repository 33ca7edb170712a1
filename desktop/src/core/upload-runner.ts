import type { UploadState } from '@biblio/shared';
import type { ApplianceClient } from './appliance-client.js';
import { ApplianceError } from './appliance-request.js';
import { backoffDelay } from './backoff.js';
import { fingerprintFile } from './fingerprint.js';
import { describeFsError } from './folder-walk.js';
import { mediaIdOfUrl, type Entry } from './queue-entry.js';
import type { ServerCredentials } from './settings-store.js';
import type { TokenBucket } from './throttle.js';
import type { CoreTuning } from './tuning.js';
import { UploadTask, type Failure } from './upload-task.js';
import { titleForPath } from './media-types.js';
import type { MediaTools } from './ffmpeg.js';
import { precheckUpload, type EarlierCopy } from './upload-precheck.js';

export const CHANGED_NOTE = 'The file changed on disk after its upload began, so it is uploaded again from the start (the earlier partial upload was removed).';
const EXPIRED_NOTE = 'The unfinished upload expired on the appliance, so it started over.';
/** How often an item whose content is already queued asks again whether that one has a media yet. */
const SIBLING_WAIT_MS = 2_000;
const SERVER_CHANGED_NOTE = 'The appliance address changed, so the upload started over on the new one.';

/** What a run needs from the queue around it. */
export interface RunnerContext {
  credentials(): ServerCredentials | null;
  tuning: CoreTuning;
  bucket: TokenBucket;
  client: ApplianceClient;
  /** FFmpeg for the pre-upload media check; null = no local check (the appliance decides). */
  tools: MediaTools | null;
  /** See PrecheckDeps.earlierWithContent; `entry` is the item asking. */
  earlierWithContent(entry: Entry, sha256: string): EarlierCopy | null;
  log(level: 'info' | 'warn' | 'error', message: string, detail?: unknown): void;
  setState(entry: Entry, state: UploadState): void;
  /** Something changed; `immediate` for state changes, else coalesced (progress). */
  changed(entry: Entry, immediate: boolean): void;
  persistNow(): Promise<void>;
  /** DELETE an upload on the server in the background (remembered if unreachable). */
  terminate(url: string): void;
  /** The run gave its slot back. */
  released(): void;
}

/**
 * Runs one queue item: fingerprint check, one tus upload, and the decision after a failure
 * (quick tus retries, then the queue's own backoff; restart when the file or the server-side
 * upload changed; 'error' only for answers retrying cannot fix).
 */
export class UploadRunner {
  constructor(private readonly ctx: RunnerContext) {}

  async run(entry: Entry): Promise<void> {
    const run = ++entry.run;
    const stale = () => entry.run !== run;
    entry.running = true;
    entry.retryReason = null;
    this.ctx.setState(entry, 'preparing');
    const { rec } = entry;
    let fingerprint;
    try {
      fingerprint = await fingerprintFile(rec.path);
    } catch (error) {
      if (!stale()) this.fail(entry, `cannot read ${rec.path}: ${describeFsError(error)}`);
      return;
    }
    if (stale()) return;
    const credentials = this.ctx.credentials();
    if (!credentials) {
      // Unpaired: wait in the queue; pairing pumps it again.
      entry.running = false;
      this.ctx.setState(entry, 'queued');
      this.ctx.released();
      return;
    }
    if (rec.uploadUrl && rec.fingerprint !== fingerprint.fingerprint) this.startOver(entry, CHANGED_NOTE);
    else if (rec.uploadUrl && !rec.uploadUrl.startsWith(`${credentials.serverUrl}/`)) this.startOver(entry, SERVER_CHANGED_NOTE, false);
    rec.fingerprint = fingerprint.fingerprint;
    rec.size = fingerprint.size;
    rec.mtimeMs = fingerprint.mtimeMs;
    await this.ctx.persistNow();
    if (stale()) return;
    // A resume continues a media that exists already: the checks were made before it was created.
    if (!rec.uploadUrl && !(await this.precheck(entry, fingerprint.fingerprint, stale))) return;

    // Records persisted before names were normalised may hold NFD: send NFC either way.
    const metadata: Record<string, string> = { filename: rec.name.normalize('NFC'), filetype: rec.mimeType, title: titleForPath(rec.name) };
    if (rec.language) metadata['language'] = rec.language;
    const { tuning } = this.ctx;
    entry.task = new UploadTask(
      {
        file: { path: rec.path, size: rec.size, mtimeMs: rec.mtimeMs },
        endpoint: `${credentials.serverUrl}/files/`,
        uploadUrl: rec.uploadUrl,
        token: credentials.token,
        fingerprint: fingerprint.fingerprint,
        metadata,
        chunkSize: tuning.chunkSize,
        requestTimeoutMs: tuning.requestTimeoutMs,
        retryDelays: tuning.retryDelays,
        bucket: this.ctx.bucket,
      },
      {
        url: async (url) => {
          if (stale()) {
            // Created just as the user cancelled or paused: remove it, or keep it for the resume.
            if (rec.state === 'cancelled') this.ctx.terminate(url);
            else if (!rec.uploadUrl) [rec.uploadUrl, rec.mediaId] = [url, mediaIdOfUrl(url)];
            return this.ctx.persistNow();
          }
          rec.uploadUrl = url;
          rec.mediaId = mediaIdOfUrl(url);
          await this.ctx.persistNow();
        },
        started: (offset) => {
          if (stale()) return;
          if (offset > 0) this.ctx.log('info', 'upload resumed from the server offset', { itemId: rec.id, path: rec.path, offset, size: rec.size });
          rec.uploadedBytes = offset;
          entry.meter.reset(offset);
          entry.retryReason = null;
          this.ctx.setState(entry, 'uploading');
        },
        progress: (sent) => {
          if (stale()) return;
          rec.uploadedBytes = sent;
          entry.meter.record(sent);
          this.ctx.changed(entry, false);
        },
        retrying: (reason) => {
          if (stale()) return;
          rec.attempt++;
          entry.retryReason = reason;
          this.ctx.setState(entry, 'retrying');
        },
        success: () => {
          if (stale()) return;
          rec.uploadedBytes = rec.size;
          this.finish(entry, 'done');
        },
        failure: (failure) => {
          if (!stale()) void this.handleFailure(entry, failure, stale);
        },
      },
    );
    this.ctx.setState(entry, 'uploading');
    entry.task.start();
  }

  /**
   * The checks before a new upload (see precheckUpload). False when the item stops here:
   * refused, a duplicate, abandoned, or the appliance could not be asked (retried later).
   */
  private async precheck(entry: Entry, fingerprint: string, stale: () => boolean): Promise<boolean> {
    const { rec } = entry;
    const checks = new AbortController();
    entry.checks = checks;
    let outcome;
    try {
      const deps = { tools: this.ctx.tools, client: this.ctx.client, earlierWithContent: (sha256: string) => this.ctx.earlierWithContent(entry, sha256) };
      outcome = await precheckUpload(deps, rec, fingerprint, checks.signal);
    } catch (error) {
      if (stale()) return false;
      if (error instanceof ApplianceError && !error.unreachable && error.status !== null && error.status < 500) {
        this.fail(entry, `could not check whether this file is already in your library: ${error.message}`);
      } else if (error instanceof ApplianceError) {
        this.retryLater(entry, `could not ask the appliance whether this file is already in the library: ${error.message}`);
      } else {
        this.fail(entry, `cannot read ${rec.path}: ${describeFsError(error)}`);
      }
      return false;
    } finally {
      if (entry.checks === checks) entry.checks = null;
    }
    if (stale()) return false;
    if (outcome.kind === 'upload') return true;
    if (outcome.kind === 'wait') {
      this.retryLater(entry, outcome.reason, SIBLING_WAIT_MS, false);
      return false;
    }
    if (outcome.kind === 'refused') {
      rec.error = outcome.reason;
      this.finish(entry, 'refused');
    } else {
      rec.duplicateOf = outcome.media;
      rec.error = null;
      this.finish(entry, 'duplicate');
    }
    return false;
  }

  /**
   * Stops a run (pause, cancel, close); the server keeps the offset. Synchronous on purpose: the
   * caller sets the new state before anything can schedule this entry again, and pumps itself.
   */
  stop(entry: Entry): void {
    entry.run++;
    entry.checks?.abort();
    entry.checks = null;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    const task = entry.task;
    entry.task = null;
    entry.running = false;
    // tus-js-client's abort() stops the request and marks the upload aborted synchronously.
    task?.abort().catch(() => undefined);
  }

  private async handleFailure(entry: Entry, failure: Failure, stale: () => boolean): Promise<void> {
    const { rec } = entry;
    entry.task = null;
    if (failure.kind === 'transient') return this.retryLater(entry, failure.message, failure.retryAfterMs);
    if (failure.kind === 'changed') {
      // Wait a little: a file being written (a recording in progress) must settle first.
      return this.retryLater(entry, 'the file is changing on disk; waiting for it to settle');
    }
    if (failure.kind === 'gone') {
      let status: string | null = null;
      try {
        status = rec.mediaId ? (await this.ctx.client.getMedia(rec.mediaId)).status : null;
      } catch (error) {
        if (!(error instanceof ApplianceError && error.status === 404)) return stale() ? undefined : this.retryLater(entry, failure.message);
      }
      if (stale()) return;
      if (status === 'EXPIRED') {
        this.startOver(entry, EXPIRED_NOTE, false);
        return this.retryLater(entry, EXPIRED_NOTE, 0);
      }
      rec.uploadUrl = null;
      rec.error = 'The upload was deleted on the appliance.';
      return this.finish(entry, 'cancelled');
    }
    this.fail(entry, describePermanent(failure), failure.status === null || failure.status === 401 || failure.status === 403);
  }

  /** `countAttempt`: false for waiting on another item (nothing failed). */
  private retryLater(entry: Entry, reason: string, delayMs?: number, countAttempt = true): void {
    const { rec } = entry;
    if (countAttempt) rec.attempt++;
    entry.retryReason = reason;
    entry.running = false;
    const delay = delayMs ?? backoffDelay(rec.attempt - 1, { baseMs: this.ctx.tuning.retryBaseMs, maxMs: this.ctx.tuning.retryMaxMs, jitter: 0.2 });
    this.ctx.log('warn', `upload of ${rec.name} will be retried in ${Math.round(delay / 1000)} s: ${reason}`);
    entry.timer = setTimeout(() => {
      entry.timer = null;
      this.ctx.released();
    }, delay);
    this.ctx.setState(entry, 'retrying');
    this.ctx.released();
  }

  /** Forget the server-side upload (terminating it) and begin again from byte 0. */
  private startOver(entry: Entry, note: string, terminate = true): void {
    const { rec } = entry;
    this.ctx.log('warn', `${rec.path}: ${note}`);
    if (rec.uploadUrl && terminate) this.ctx.terminate(rec.uploadUrl);
    rec.uploadUrl = null;
    rec.mediaId = null;
    rec.uploadedBytes = 0;
    rec.error = note;
  }

  /** `canRetry`: false for answers a retry cannot change (a refused type, a file over the limit). */
  private fail(entry: Entry, message: string, canRetry = true): void {
    entry.rec.error = message;
    entry.rec.canRetry = canRetry;
    this.finish(entry, 'error');
  }

  private finish(entry: Entry, state: UploadState): void {
    entry.task = null;
    entry.running = false;
    this.ctx.setState(entry, state);
    this.ctx.released();
  }
}

/** The appliance's refusal of a new upload, without MIME jargon. */
function describePermanent(failure: Extract<Failure, { kind: 'permanent' }>): string {
  if (failure.status === 415) return 'the appliance accepts only video and audio files, and this one is neither';
  if (failure.status === 413) return `the file is larger than the appliance accepts (${failure.message})`;
  return failure.message;
}
