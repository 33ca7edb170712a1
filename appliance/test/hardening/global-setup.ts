import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import integrationSetup from '../integration/global-setup.js';
import { summaryLines, sumTally, TALLY_ENV } from './tally.js';

/**
 * The hardening suite runs on the same real components as the integration suite (Redis, FFmpeg,
 * Postgres, the S3 server) and prints its summary lines once every file has run.
 */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), 'biblio-hardening-'));
  const file = path.join(dir, 'tally.jsonl');
  writeFileSync(file, '');
  process.env[TALLY_ENV] = file;
  const stopComponents = integrationSetup(project);
  return () => {
    stopComponents();
    const lines = summaryLines(sumTally(file));
    process.stdout.write(`\n${lines.join('\n')}\n`);
    rmSync(dir, { recursive: true, force: true });
  };
}
