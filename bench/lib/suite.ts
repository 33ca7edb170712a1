import type { Figure } from './figures.js';
import type { TestServers } from './servers.js';

export interface SuiteContext {
  /** CI-sized inputs (--quick). */
  quick: boolean;
  /** A private temporary folder, removed after the suite. */
  workDir: string;
  servers: TestServers;
  /** Progress lines on stderr, so stdout keeps only the tables. */
  log(message: string): void;
}

export interface SuiteOutcome {
  figures: Figure[];
  notes: string[];
}

/** One benchmark: bench/suites/NAME.ts exports one of these. */
export interface Suite {
  name: string;
  /** One line for --list and docs/benchmarks.md. */
  description: string;
  run(ctx: SuiteContext): Promise<SuiteOutcome>;
}
