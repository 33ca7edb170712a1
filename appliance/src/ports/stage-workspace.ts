/**
 * Private scratch folders for stage runs. They live under the data dir (not /tmp: a full /tmp
 * must not fail stages, and everything the appliance writes stays in one place it owns) and are
 * removed after each run and, for runs a crash cut short, at the next start.
 */
export interface StageWorkspace {
  /** A new empty folder for one run of `stage`; the caller removes it. */
  create(stage: string): Promise<string>;
  /** At start, before any stage runs: removes folders left by processes that are gone; returns how many. */
  sweepOrphans(): Promise<number>;
  /** The folder everything is created in (for free-space checks). */
  readonly root: string;
}
