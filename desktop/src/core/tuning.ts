/**
 * Knobs of the core that are not user settings. Shells pass them next to DesktopCoreOptions
 * (the CLI exposes some as flags; tests shrink them to keep runs short).
 */
export interface CoreTuning {
  /**
   * Bytes per PATCH. The appliance keeps what arrived of a cut PATCH (both stores), so the size
   * hardly changes what a resume re-sends; it bounds one request's length (proxies) and how
   * often the file is checked for changes on disk.
   */
  chunkSize: number;
  /** A request with no socket activity for this long fails and is retried. */
  requestTimeoutMs: number;
  /** tus-js-client's quick retries (ms) before the queue's own backoff takes over. */
  retryDelays: number[];
  /** The queue's backoff after tus-js-client gives up: base and cap (ms). */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Make thumbnails and waveforms (the CLI has no use for them). */
  previews: boolean;
  /** Probe each new file with the local ffprobe and refuse what is not audio/video before upload. */
  mediaCheck: boolean;
  /** Bring restored unfinished items back paused instead of resuming them (the CLI). */
  holdRestored: boolean;
  /** Optional `language` metadata for new uploads (BCP 47 like "en" or "pt-BR"). */
  language: string | null;
}

export const DEFAULT_TUNING: CoreTuning = {
  // 64 MiB: every PATCH pays a fixed cost (a new request, its authentication, the store opening
  // the upload; on the S3 store also listing the parts stored so far). Measured in bench/
  // upload-throughput: 8 MiB chunks reached 0.6-0.67x of a raw PUT on the filesystem store and
  // 41 MiB/s into Ceph RGW; 64 MiB chunks 106 MiB/s there, with the appliance's memory flat.
  // It stays under the 100 MB request body limit of common reverse proxies and CDNs.
  chunkSize: 64 * 1024 * 1024,
  requestTimeoutMs: 30_000,
  retryDelays: [0, 1_000, 3_000, 5_000],
  retryBaseMs: 2_000,
  retryMaxMs: 60_000,
  previews: true,
  mediaCheck: true,
  holdRestored: false,
  language: null,
};
