import { DetailedError, Upload, type UrlStorage } from 'tus-js-client';
import { describeFsError } from './folder-walk.js';
import type { TokenBucket } from './throttle.js';
import { FileChangedError, ThrottledFileReader, TimeoutHttpStack, type FileDescriptor } from './tus-io.js';

export interface UploadTaskOptions {
  file: FileDescriptor;
  /** tus creation endpoint, `${server}/files/`; used only when there is no upload URL yet. */
  endpoint: string;
  /** A URL from an earlier run: resume there (HEAD for the server's offset) instead of creating. */
  uploadUrl: string | null;
  token: string;
  fingerprint: string;
  metadata: Record<string, string>;
  chunkSize: number;
  requestTimeoutMs: number;
  /** tus-js-client's own quick retries; longer outages are the queue's backoff. */
  retryDelays: number[];
  bucket: TokenBucket;
}

export interface UploadTaskEvents {
  /** The upload URL is known. tus-js-client waits for this promise before sending any data, so
   * the URL is on disk before the first byte: a crash after that resumes instead of duplicating. */
  url(url: string): Promise<void>;
  /** Each (re)start: the offset the transfer begins at (0 for a new upload, else the server's). */
  started(offset: number): void;
  progress(bytesSent: number): void;
  /** Inside tus-js-client's quick retries. */
  retrying(reason: string): void;
  success(): void;
  failure(failure: Failure): void;
}

export type Failure =
  /** `retryAfterMs`: the server asked for a pause (507 disk full, 429): no quick retries. */
  | { kind: 'transient'; message: string; retryAfterMs?: number }
  /** The upload URL no longer exists on the server (expired, deleted). */
  | { kind: 'gone'; message: string; status: number }
  | { kind: 'changed'; message: string }
  | { kind: 'permanent'; message: string; status: number | null };

/** One tus upload of one file; the queue decides what happens around it. */
export class UploadTask {
  private readonly upload: Upload;
  private readonly http: TimeoutHttpStack;
  private persistedUrl: string | null;
  private first = true;

  constructor(options: UploadTaskOptions, events: UploadTaskEvents) {
    this.persistedUrl = options.uploadUrl;
    this.http = new TimeoutHttpStack(options.requestTimeoutMs);
    // onUploadUrlAvailable fires just before addUpload: both must wait for the same save.
    let saving: Promise<void> = Promise.resolve();
    const rememberUrl = (url: string | null): Promise<void> => {
      if (!url || url === this.persistedUrl) return saving;
      this.persistedUrl = url;
      saving = events.url(url);
      return saving;
    };
    // Our own persisted queue is the URL storage: tus-js-client awaits addUpload() after
    // creating (or finding) the upload and before the first PATCH.
    const urlStorage: UrlStorage = {
      findAllUploads: async () => [],
      findUploadsByFingerprint: async () => [],
      removeUpload: async () => undefined,
      addUpload: async (_fingerprint, upload) => {
        await rememberUrl(upload.uploadUrl);
        return 'biblio-queue';
      },
    };
    this.upload = new Upload(options.file as unknown as Buffer, {
      // Without an endpoint a vanished upload URL is reported (404) instead of silently replaced
      // by a new upload, so the queue can tell "expired" from "deleted by the user".
      endpoint: options.uploadUrl ? null : options.endpoint,
      uploadUrl: options.uploadUrl,
      uploadSize: options.file.size,
      chunkSize: options.chunkSize,
      metadata: options.metadata,
      headers: { Authorization: `Bearer ${options.token}` },
      retryDelays: options.retryDelays,
      parallelUploads: 1, // tus parallelUploads needs concatenation (not on S3): parallel files instead
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: false,
      fingerprint: async () => options.fingerprint,
      urlStorage,
      fileReader: new ThrottledFileReader(options.bucket),
      httpStack: this.http,
      onUploadUrlAvailable: () => void rememberUrl(this.upload.url).catch(() => undefined),
      onProgress: (sent) => {
        if (this.first) {
          this.first = false;
          events.started(sent);
        }
        events.progress(sent);
      },
      onShouldRetry: (error) => {
        const failure = classifyFailure(error);
        // A paused server (disk full) gets the queue's slow retry, not tus-js-client's quick ones.
        if (failure.kind !== 'transient' || failure.retryAfterMs !== undefined) return false;
        this.first = true;
        events.retrying(failure.message);
        return true;
      },
      onSuccess: () => {
        this.http.close();
        events.success();
      },
      onError: (error) => {
        this.http.close();
        events.failure(classifyFailure(error));
      },
    });
  }

  start(): void {
    this.upload.start();
  }

  /** Stops sending; the server keeps the offset. No termination here: that is cancel's job. */
  async abort(): Promise<void> {
    await this.upload.abort(false);
    this.http.close();
  }

  get url(): string | null {
    return this.upload.url;
  }
}

const TRANSIENT_STATUSES = new Set([408, 409, 423, 425]);

/** How long to wait before trying an appliance that is out of disk space again. */
const OUT_OF_SPACE_RETRY_MS = 60_000;

/** The server's Retry-After (seconds), bounded to 10 s..10 min, else `fallbackMs`. */
function retryAfter(error: DetailedError, fallbackMs: number): number {
  const seconds = Number(error.originalResponse?.getHeader('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(600_000, Math.max(10_000, seconds * 1000)) : fallbackMs;
}

/** Decides whether an upload error is worth retrying; only server answers say "no". */
export function classifyFailure(error: unknown): Failure {
  const cause = error instanceof DetailedError ? error.causingError : error;
  if (cause instanceof FileChangedError) return { kind: 'changed', message: cause.message };
  const code = (cause as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'EISDIR') {
    return { kind: 'permanent', message: `cannot read the file: ${describeFsError(cause)}`, status: null };
  }
  if (!(error instanceof DetailedError)) {
    return { kind: 'permanent', message: error instanceof Error ? error.message : String(error), status: null };
  }
  const status = error.originalResponse?.getStatus() ?? 0;
  if (status === 0) return { kind: 'transient', message: networkMessage(cause) };
  if (status === 507) {
    return { kind: 'transient', message: 'the appliance is out of disk space; retrying once it has room', retryAfterMs: retryAfter(error, OUT_OF_SPACE_RETRY_MS) };
  }
  if (status === 429) return { kind: 'transient', message: 'the appliance asked to slow down', retryAfterMs: retryAfter(error, 30_000) };
  if (status >= 500 || TRANSIENT_STATUSES.has(status)) return { kind: 'transient', message: `the appliance answered HTTP ${status}` };
  const message = serverMessage(error.originalResponse?.getBody()) ?? `the appliance answered HTTP ${status}`;
  if (status === 404 || status === 410) return { kind: 'gone', message, status };
  if (status === 401) return { kind: 'permanent', message: `the appliance rejected the token: ${message}`, status };
  return { kind: 'permanent', message, status };
}

function serverMessage(body: string | undefined): string | undefined {
  try {
    const message = (JSON.parse(body ?? '') as { error?: { message?: unknown } }).error?.message;
    return typeof message === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}

function networkMessage(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException | null)?.code;
  if (code === 'ECONNREFUSED') return 'the appliance is not reachable (connection refused)';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'the connection to the appliance was reset';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the appliance host name does not resolve';
  return cause instanceof Error ? cause.message : 'network error';
}
