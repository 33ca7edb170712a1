/**
 * Upload speed over a sliding window (bytes per second over the last few seconds) and the ETA
 * derived from it. A window rather than an average since start: after a resume or a network
 * change the number should reflect now, not the whole history.
 */
export class SpeedMeter {
  private samples: { t: number; bytes: number }[] = [];

  constructor(
    private readonly windowMs = 5_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Forget history, e.g. when an upload (re)starts at a server offset: that jump is not speed. */
  reset(bytes: number): void {
    this.samples = [{ t: this.now(), bytes }];
  }

  record(totalBytes: number): void {
    const t = this.now();
    this.samples.push({ t, bytes: totalBytes });
    // Keep one sample older than the window as the baseline, so the window is always covered.
    while (this.samples.length > 2 && this.samples[1]!.t <= t - this.windowMs) this.samples.shift();
  }

  bytesPerSecond(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last === first) return 0;
    const t = this.now();
    if (t - last.t > this.windowMs) return 0; // stalled: no progress for a whole window
    // Divide by the time up to now, not to the last sample, so a stall makes the speed decay.
    const seconds = Math.max(t - first.t, 1) / 1000;
    return Math.max(0, Math.round((last.bytes - first.bytes) / seconds));
  }
}

/** Seconds left at the given speed, null when unknown (no speed yet). */
export function etaSeconds(remainingBytes: number, bytesPerSecond: number): number | null {
  if (remainingBytes <= 0) return 0;
  if (bytesPerSecond <= 0) return null;
  return Math.ceil(remainingBytes / bytesPerSecond);
}
