/**
 * Knobs of the core that are not user settings. Shells pass them next to DesktopCoreOptions
 * (the CLI exposes some as flags; tests shrink them to keep runs short).
 */
export interface CoreTuning {
  /** Bytes per PATCH. A resume after a crash re-sends at most one chunk. */
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
  chunkSize: 8 * 1024 * 1024,
  requestTimeoutMs: 30_000,
  retryDelays: [0, 1_000, 3_000, 5_000],
  retryBaseMs: 2_000,
  retryMaxMs: 60_000,
  previews: true,
  mediaCheck: true,
  holdRestored: false,
  language: null,
};
