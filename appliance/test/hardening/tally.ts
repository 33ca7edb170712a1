import { appendFileSync, readFileSync } from 'node:fs';

/**
 * The hardening suite's counters. Test files run in worker processes, so each count is appended
 * as one JSON line to a file the global setup owns; its teardown sums them and prints the
 * summary lines the issues ask for.
 */
export type TallyKind = 'inputs' | 'authz' | 'local' | 'faults' | 'load';

export interface TallyCounts {
  inputs: { tried: number; handled: number; server_errors: number };
  authz: { cells: number; leaks: number };
  local: { checks: number; exposed: number };
  faults: { injected: number; survived: number; lost: number };
  load: { uploads: number; ready: number; peak_rss_mb: number };
}

export const TALLY_ENV = 'BIBLIO_HARDENING_TALLY';

/** Adds counts of one kind (peak_rss_mb takes the maximum, every other field is summed). */
export function tally<K extends TallyKind>(kind: K, counts: Partial<TallyCounts[K]>): void {
  const file = process.env[TALLY_ENV];
  if (!file) throw new Error(`${TALLY_ENV} is unset: run the hardening suite with npm run test:hardening`);
  appendFileSync(file, `${JSON.stringify({ kind, counts })}\n`);
}

export function emptyCounts(): TallyCounts {
  return {
    inputs: { tried: 0, handled: 0, server_errors: 0 },
    authz: { cells: 0, leaks: 0 },
    local: { checks: 0, exposed: 0 },
    faults: { injected: 0, survived: 0, lost: 0 },
    load: { uploads: 0, ready: 0, peak_rss_mb: 0 },
  };
}

export function sumTally(file: string): TallyCounts {
  const totals = emptyCounts();
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  for (const line of lines) {
    const { kind, counts } = JSON.parse(line) as { kind: TallyKind; counts: Record<string, number> };
    const target = totals[kind] as unknown as Record<string, number>;
    for (const [field, value] of Object.entries(counts)) {
      target[field] = field === 'peak_rss_mb' ? Math.max(target[field] ?? 0, value) : (target[field] ?? 0) + value;
    }
  }
  return totals;
}

/** The exact summary lines, in the order the issues list them. */
export function summaryLines(t: TallyCounts): string[] {
  return [
    `hardening inputs tried=${t.inputs.tried} handled=${t.inputs.handled} server_errors=${t.inputs.server_errors}`,
    `hardening authz cells=${t.authz.cells} leaks=${t.authz.leaks}`,
    `hardening local checks=${t.local.checks} exposed=${t.local.exposed}`,
    `hardening faults injected=${t.faults.injected} survived=${t.faults.survived} lost=${t.faults.lost}`,
    `hardening load uploads=${t.load.uploads} ready=${t.load.ready} peak_rss_mb=${t.load.peak_rss_mb}`,
  ];
}
