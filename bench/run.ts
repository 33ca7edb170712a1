import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machineInfo } from './lib/machine.js';
import { writeReport } from './lib/report.js';
import { writeResult, type BenchmarkResult } from './lib/results.js';
import { TestServers } from './lib/servers.js';
import type { Suite } from './lib/suite.js';
import { formatTable } from './lib/table.js';
import { SUITES } from './suites/index.js';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = path.join(BENCH_DIR, 'results');
/** Full (not --quick) results, kept apart so a quick run never replaces what the docs record. */
const FULL_RESULTS_DIR = path.join(RESULTS_DIR, 'full');
const DOCS_FILE = path.join(BENCH_DIR, '..', 'docs', 'benchmarks.md');

const USAGE = `Usage: npm run bench -- [NAME...] [--quick] [--report] [--list]

Runs the benchmarks (all, or the NAMEs given) one after another; each prints a table and writes
bench/results/NAME.json. A full run (no --quick) also updates docs/benchmarks.md.
  --quick   CI-sized inputs (all six finish in under 10 minutes on 2 cores)
  --report  only regenerate docs/benchmarks.md from bench/results/full/*.json
  --list    list the benchmarks`;

async function runSuite(suite: Suite, quick: boolean, servers: TestServers): Promise<BenchmarkResult> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), `biblio-bench-${suite.name}-`));
  const startedAt = new Date();
  // Before the suite, so loadAtStart shows what else was running when it began.
  const machine = machineInfo();
  const start = process.hrtime.bigint();
  const log = (message: string) => process.stderr.write(`[${suite.name} ${((Number(process.hrtime.bigint() - start) / 1e9)).toFixed(0)}s] ${message}\n`);
  log(`starting${quick ? ' (--quick)' : ''}`);
  try {
    const outcome = await suite.run({ quick, workDir, servers, log });
    return {
      benchmark: suite.name,
      machine,
      figures: outcome.figures,
      quick,
      startedAt: startedAt.toISOString(),
      wallSec: Number(process.hrtime.bigint() - start) / 1e9,
      notes: outcome.notes,
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { quick: { type: 'boolean', default: false }, report: { type: 'boolean', default: false }, list: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.list) {
    for (const suite of SUITES) process.stdout.write(`${suite.name.padEnd(20)} ${suite.description}\n`);
    return 0;
  }
  if (values.report) {
    await writeReport(FULL_RESULTS_DIR, DOCS_FILE);
    process.stdout.write(`updated ${path.relative(process.cwd(), DOCS_FILE)}\n`);
    return 0;
  }
  const unknown = positionals.filter((name) => !SUITES.some((s) => s.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark ${unknown.join(', ')}; known: ${SUITES.map((s) => s.name).join(', ')}\n`);
    return 64;
  }
  const selected = positionals.length === 0 ? SUITES : SUITES.filter((s) => positionals.includes(s.name));
  const servers = new TestServers();
  const runStart = process.hrtime.bigint();
  let crashed = 0;
  try {
    for (const suite of selected) {
      let result: BenchmarkResult;
      try {
        result = await runSuite(suite, values.quick, servers);
      } catch (error) {
        // A broken benchmark is reported and the others still run; a slow number never fails.
        crashed += 1;
        process.stderr.write(`${suite.name} FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        continue;
      }
      process.stdout.write(`\n${formatTable(result)}\n`);
      await writeResult(RESULTS_DIR, result);
      if (!values.quick) await writeResult(FULL_RESULTS_DIR, result);
    }
  } finally {
    await servers.stopAll();
  }
  if (!values.quick) {
    await writeReport(FULL_RESULTS_DIR, DOCS_FILE);
    process.stderr.write(`updated ${path.relative(process.cwd(), DOCS_FILE)}\n`);
  }
  process.stdout.write(`\n${selected.length} benchmark(s) in ${(Number(process.hrtime.bigint() - runStart) / 1e9).toFixed(0)} s${crashed ? `, ${crashed} crashed` : ''}\n`);
  return crashed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
