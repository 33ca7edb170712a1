/** How a stage run ended without an outcome: the queue puts its job back without counting an attempt. */

/**
 * Thrown by the runner when a shutdown interrupted a stage: no outcome was recorded, and the
 * queue must put the job back without counting an attempt.
 */
export class StageCancelledError extends Error {
  constructor(stage: string) {
    super(`${stage} was interrupted by a shutdown; it runs again on the next start`);
    this.name = 'StageCancelledError';
  }
}

/**
 * Thrown by the runner when a stage cannot run now for a reason outside the file (the disk is
 * full): the queue delays the job by `delayMs` without counting an attempt.
 */
export class StageDeferredError extends Error {
  constructor(
    stage: string,
    readonly reason: string,
    readonly delayMs: number,
  ) {
    super(`${stage} waits: ${reason}`);
    this.name = 'StageDeferredError';
  }
}
