import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { summaryLines, sumTally } from './tally.js';

describe('hardening tally', () => {
  it('sums counts, keeps the peak memory, and prints the exact summary lines', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tally-'));
    const file = path.join(dir, 't.jsonl');
    writeFileSync(
      file,
      [
        { kind: 'inputs', counts: { tried: 3, handled: 2, server_errors: 1 } },
        { kind: 'inputs', counts: { tried: 2, handled: 2 } },
        { kind: 'load', counts: { uploads: 5, ready: 5, peak_rss_mb: 300 } },
        { kind: 'load', counts: { peak_rss_mb: 250 } },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n') + '\n',
    );
    const lines = summaryLines(sumTally(file));
    rmSync(dir, { recursive: true, force: true });
    expect(lines[0]).toBe('hardening inputs tried=5 handled=4 server_errors=1');
    expect(lines[1]).toBe('hardening authz cells=0 leaks=0');
    expect(lines[4]).toBe('hardening load uploads=5 ready=5 peak_rss_mb=300');
  });
});
