import type { MediaEvent, QueueItem, UploadState } from '@biblio/shared';
import type { ApplianceClient } from './appliance-client.js';
import { fingerprintFile } from './fingerprint.js';
import { walkPaths } from './folder-walk.js';
import type { MediaTools } from './ffmpeg.js';
import type { PreviewService } from './previews.js';
import { isActive, newEntry, newRecord, noteAfterVerdict, toQueueItem, verdictNote, type Entry } from './queue-entry.js';
import { loadQueueFile } from './queue-store.js';
import type { ServerCredentials } from './settings-store.js';
import { StateWriter } from './state-file.js';
import type { TokenBucket } from './throttle.js';
import type { CoreTuning } from './tuning.js';
import { Terminations } from './terminations.js';
import { UploadRunner } from './upload-runner.js';
import { relationTo, type EarlierCopy } from './upload-precheck.js';

export interface UploadQueueDeps {
  file: string;
  credentials(): ServerCredentials | null;
  parallelUploads(): number;
  tuning: CoreTuning;
  bucket: TokenBucket;
  client: ApplianceClient;
  previews: PreviewService | null;
  /** FFmpeg for the local "is this audio/video" check before upload; null = none. */
  tools: MediaTools | null;
  log(level: 'info' | 'warn' | 'error', message: string, detail?: unknown): void;
  emit(items: QueueItem[]): void;
}

const EMIT_INTERVAL_MS = 250;
const PERSIST_PROGRESS_MS = 2_000;

/**
 * The upload queue: items in the order they were added, at most `parallelUploads` uploading at
 * once (parallelism is across files), every change persisted atomically to queue.json so that
 * after a crash each item resumes from the server's offset.
 */
export class UploadQueue {
  private readonly entries = new Map<string, Entry>();
  private terminations!: Terminations;
  private readonly writer: StateWriter;
  private readonly runner: UploadRunner;
  private emitTimer: NodeJS.Timeout | null = null;
  private lastProgressPersist = 0;
  private closed = false;

  private constructor(private readonly deps: UploadQueueDeps) {
    this.writer = new StateWriter(
      deps.file,
      () => ({ version: 1, items: [...this.entries.values()].map((e) => e.rec), pendingTerminations: this.terminations.list() }),
      (error) => deps.log('error', 'could not save the upload queue', error),
    );
    this.runner = new UploadRunner({
      credentials: deps.credentials,
      tuning: deps.tuning,
      bucket: deps.bucket,
      client: deps.client,
      tools: deps.tools,
      earlierWithContent: (entry, sha256) => this.earlierWithContent(entry, sha256),
      log: deps.log,
      setState: (entry, state) => this.setState(entry, state),
      changed: (_entry, immediate) => this.changed(immediate),
      persistNow: () => this.writer.save(),
      terminate: (url) => void this.terminations.terminate(url),
      released: () => this.pump(),
    });
  }

  static async open(deps: UploadQueueDeps): Promise<UploadQueue> {
    const queue = new UploadQueue(deps);
    const stored = await loadQueueFile(deps.file, deps.tuning.holdRestored, (m) => deps.log('warn', m));
    for (const rec of stored.items) queue.entries.set(rec.id, newEntry(rec));
    queue.terminations = new Terminations(stored.pendingTerminations, deps.credentials, () => queue.writer.save(), (m, d) => deps.log('warn', m, d));
    for (const entry of queue.entries.values()) queue.requestPreview(entry);
    return queue;
  }

  list(): QueueItem[] {
    return [...this.entries.values()].map(toQueueItem);
  }

  /**
   * Adds files and folders. A file already in the queue (same path, size and mtime) is not added
   * twice: its item is returned (and resumed or retried), which is what makes re-running the CLI
   * after a crash continue the same upload instead of creating a second media. A changed file at
   * the same path with an unfinished upload reuses that item: its run sees the new fingerprint,
   * terminates the old upload and starts over.
   */
  async add(paths: string[], options: { language?: string | null; uploadDuplicates?: boolean; uploadUnreadable?: boolean } = {}): Promise<QueueItem[]> {
    // The upload form's language wins over the configured default; null = let the engine detect.
    const language = options.language === undefined ? this.deps.tuning.language : options.language;
    const { files, problems } = await walkPaths(paths);
    const byPath = new Map<string, Entry[]>();
    for (const entry of this.entries.values()) {
      if (entry.rec.state !== 'cancelled') byPath.set(entry.rec.path, [...(byPath.get(entry.rec.path) ?? []), entry]);
    }
    const result: Entry[] = [];
    for (const file of files) {
      const same = (byPath.get(file.path) ?? []).find((e) => e.rec.state !== 'done' || (e.rec.size === file.size && e.rec.mtimeMs === file.mtimeMs));
      if (same) {
        if ((options.uploadDuplicates && same.rec.state === 'duplicate') || (options.uploadUnreadable && same.rec.state === 'refused')) this.uploadAnywayNow(same);
        else if (same.rec.state === 'paused' || (same.rec.state === 'error' && same.rec.canRetry)) this.requeue(same);
        result.push(same);
        continue;
      }
      const created = this.create(file.path, file.size, file.mtimeMs, null, language);
      created.rec.allowDuplicate = options.uploadDuplicates ?? false;
      created.rec.allowUnreadable = options.uploadUnreadable ?? false;
      result.push(created);
    }
    // Explicit paths that do not exist or cannot be read show up as items in error, with the reason.
    for (const problem of problems) result.push(this.create(problem.path, 0, 0, `cannot add ${problem.path}: ${problem.error}`, language));
    await this.writer.save();
    this.changed(true);
    this.pump();
    return result.map(toQueueItem);
  }

  async pause(id: string): Promise<void> {
    const entry = this.get(id);
    if (!isActive(entry)) return;
    this.runner.stop(entry);
    this.setState(entry, 'paused');
    this.pump();
  }

  async resume(id: string): Promise<void> {
    const entry = this.get(id);
    if (entry.rec.state === 'paused') this.requeue(entry);
  }

  /** Stops the upload and terminates it on the server, so no orphan media is left behind. */
  async cancel(id: string): Promise<void> {
    const entry = this.get(id);
    if (entry.rec.state === 'done' || entry.rec.state === 'cancelled') return;
    if (entry.rec.state === 'duplicate' || entry.rec.state === 'refused') {
      // Nothing was sent: dismissing it only takes it off the list of things to decide.
      this.deps.previews?.cancel(id);
      this.setState(entry, 'cancelled');
      return;
    }
    this.runner.stop(entry);
    this.deps.previews?.cancel(id);
    const url = entry.rec.uploadUrl;
    entry.rec.uploadUrl = null;
    entry.rec.mediaId = null;
    this.setState(entry, 'cancelled');
    this.pump();
    if (url) await this.terminations.terminate(url);
  }

  async retry(id: string): Promise<void> {
    const entry = this.get(id);
    if (entry.rec.state === 'error' && !entry.rec.canRetry) throw new Error(`retrying cannot help: ${entry.rec.error ?? 'the appliance refused this file'}`);
    if (entry.rec.state === 'error' || entry.rec.state === 'cancelled' || entry.rec.state === 'retrying') {
      if (entry.rec.state !== 'retrying') entry.rec.attempt = 1;
      this.requeue(entry);
    }
  }

  /** "Upload anyway" for a duplicate or a file the local FFmpeg refused: the appliance decides. */
  async uploadAnyway(id: string): Promise<void> {
    const entry = this.get(id);
    if (entry.rec.state === 'duplicate' || entry.rec.state === 'refused') this.uploadAnywayNow(entry);
  }

  private uploadAnywayNow(entry: Entry): void {
    if (entry.rec.state === 'duplicate') entry.rec.allowDuplicate = true;
    else entry.rec.allowUnreadable = true;
    entry.rec.duplicateOf = null;
    entry.rec.error = null;
    this.requeue(entry);
  }

  async pauseAll(): Promise<void> {
    for (const entry of this.entries.values()) if (isActive(entry)) await this.pause(entry.rec.id);
  }

  async resumeAll(): Promise<void> {
    for (const entry of this.entries.values()) if (entry.rec.state === 'paused') this.requeue(entry);
    this.kickRetries();
  }

  async clearFinished(): Promise<void> {
    for (const entry of [...this.entries.values()]) {
      if (['done', 'cancelled', 'duplicate', 'refused'].includes(entry.rec.state)) {
        this.deps.previews?.cancel(entry.rec.id);
        this.entries.delete(entry.rec.id);
      }
    }
    await this.writer.save();
    this.changed(true);
  }

  /** The appliance is reachable again: retry now instead of waiting out the backoff. */
  onConnected(): void {
    this.kickRetries();
    this.terminations.retryPending();
  }

  /** Processing outcomes come from the appliance (SSE), never from tus responses. */
  onMediaEvent(event: MediaEvent): void {
    const entry = [...this.entries.values()].find((e) => e.rec.mediaId === event.mediaId);
    if (!entry) return;
    if (event.type === 'media.deleted' && isActive(entry)) {
      this.runner.stop(entry);
      entry.rec.uploadUrl = null;
      entry.rec.error = 'The upload was deleted on the appliance.';
      this.setState(entry, 'cancelled');
      this.pump();
      return;
    }
    const verdict = event.media ? verdictNote(event.media.status, event.media.error) : undefined;
    if (verdict === undefined) return;
    entry.serverNote = verdict;
    if (entry.rec.state === 'done') this.setState(entry, 'done');
  }

  /** Settings changed: new limits apply now; new credentials restart running uploads with them. */
  async settingsChanged(credentialsChanged: boolean): Promise<void> {
    if (credentialsChanged) {
      for (const entry of this.entries.values()) {
        if (entry.running || entry.timer) {
          this.runner.stop(entry);
          this.setState(entry, 'queued');
        }
      }
    }
    this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const entry of this.entries.values()) this.runner.stop(entry);
    if (this.emitTimer) clearTimeout(this.emitTimer);
    await this.writer.save();
    await this.writer.idle();
  }

  /**
   * The first item added before `asking` with this content (or, still being hashed, possibly
   * this content: see relationTo) that is still on its way. Finished uploads are not looked at
   * here: the appliance knows their hash, and whether they still count.
   */
  private earlierWithContent(asking: Entry, sha256: string): EarlierCopy | null {
    for (const entry of this.entries.values()) {
      if (entry === asking) return null; // only earlier items: of two copies, the first one uploads
      const { rec } = entry;
      if (!isActive(entry) && !(rec.state === 'paused' && rec.mediaId)) continue;
      const relation = relationTo(rec, asking.rec.size, sha256);
      if (relation === 'other') continue;
      if (relation === 'maybe-copy') return { media: null, name: rec.name, hashing: true };
      const media = rec.mediaId ? { mediaId: rec.mediaId, filename: rec.name, title: null, createdAt: rec.createdAt } : null;
      return { media, name: rec.name };
    }
    return null;
  }

  private pump(): void {
    if (this.closed || !this.deps.credentials()) return;
    let active = [...this.entries.values()].filter((e) => e.running).length;
    for (const entry of this.entries.values()) {
      if (active >= this.deps.parallelUploads()) break;
      const ready = (entry.rec.state === 'queued' || entry.rec.state === 'retrying') && !entry.running && !entry.timer;
      if (!ready) continue;
      active++;
      void this.runner.run(entry).catch((error: unknown) => this.deps.log('error', `upload of ${entry.rec.path} failed unexpectedly`, error));
    }
  }

  private requeue(entry: Entry): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    // Errors are cleared by a new try; notes (why an upload started over) stay.
    if (entry.rec.state === 'error' || entry.rec.state === 'cancelled') entry.rec.error = null;
    entry.rec.canRetry = true;
    this.setState(entry, 'queued');
    this.pump();
  }

  private kickRetries(): void {
    for (const entry of this.entries.values()) {
      if (entry.rec.state === 'retrying' && entry.timer) {
        clearTimeout(entry.timer);
        entry.timer = null;
      }
    }
    this.pump();
  }

  private create(file: string, size: number, mtimeMs: number, error: string | null, language: string | null): Entry {
    const entry = newEntry(newRecord(file, size, mtimeMs, error, language));
    this.entries.set(entry.rec.id, entry);
    this.requestPreview(entry);
    return entry;
  }

  private requestPreview(entry: Entry): void {
    if (!this.deps.previews || entry.rec.state === 'cancelled' || (entry.rec.state === 'error' && entry.rec.size === 0)) return;
    this.deps.previews.request({
      key: entry.rec.id,
      path: entry.rec.path,
      mimeType: entry.rec.mimeType,
      fingerprint: async () => (await fingerprintFile(entry.rec.path)).fingerprint,
      onUpdate: (preview) => {
        entry.preview = preview;
        this.changed(true);
      },
    });
  }

  private setState(entry: Entry, state: UploadState): void {
    entry.rec.state = state;
    // What the appliance made of a finished upload (from SSE) is the item's note once it is done.
    if (state === 'done' && entry.serverNote !== undefined) entry.rec.error = noteAfterVerdict(entry.rec.error, entry.serverNote);
    if (state !== 'retrying') entry.retryReason = null;
    void this.writer.save();
    this.changed(true);
  }

  /** Coalesces events: state changes go out at once, progress at most every 250 ms. */
  private changed(immediate: boolean): void {
    if (this.closed) return;
    const now = performance.now();
    if (!immediate && now - this.lastProgressPersist > PERSIST_PROGRESS_MS) {
      this.lastProgressPersist = now;
      void this.writer.save();
    }
    if (immediate) {
      if (this.emitTimer) clearTimeout(this.emitTimer);
      this.emitTimer = null;
      this.deps.emit(this.list());
      return;
    }
    this.emitTimer ??= setTimeout(() => {
      this.emitTimer = null;
      this.deps.emit(this.list());
    }, EMIT_INTERVAL_MS);
  }

  private get(id: string): Entry {
    const entry = this.entries.get(id);
    if (!entry) throw new Error(`no queue item ${id}`);
    return entry;
  }
}
