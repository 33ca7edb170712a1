import type { Stage } from '@biblio/shared';

export interface StageOptions {
  attempts: number;
  /** Base delay of the exponential backoff between attempts. */
  backoffMs: number;
  concurrency: number;
  timeoutMs: number;
}

/** Retry, concurrency and timeout per stage, as one table (PeerTube-style). */
export const STAGE_OPTIONS: Record<Stage, StageOptions> = {
  validate: { attempts: 3, backoffMs: 2_000, concurrency: 2, timeoutMs: 5 * 60_000 },
  thumbnails: { attempts: 3, backoffMs: 5_000, concurrency: 1, timeoutMs: 15 * 60_000 },
  hls: { attempts: 3, backoffMs: 10_000, concurrency: 1, timeoutMs: 6 * 3_600_000 },
  audio: { attempts: 3, backoffMs: 5_000, concurrency: 1, timeoutMs: 60 * 60_000 },
  transcribe: { attempts: 3, backoffMs: 10_000, concurrency: 1, timeoutMs: 6 * 3_600_000 },
  index: { attempts: 5, backoffMs: 5_000, concurrency: 2, timeoutMs: 30 * 60_000 },
};

/** The queue that holds housekeeping jobs (sweeper). */
export const MAINTENANCE_QUEUE = 'maintenance';
