import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Figure } from './figures.js';
import type { MachineInfo } from './machine.js';

/** What bench/results/NAME.json holds: one run of one benchmark. */
export interface BenchmarkResult {
  benchmark: string;
  machine: MachineInfo;
  figures: Figure[];
  /** CI-sized run (--quick): smaller inputs, some figures not measured. */
  quick: boolean;
  startedAt: string;
  wallSec: number;
  /** What a reader needs to interpret the figures: sizes, engines, what was left out and why. */
  notes: string[];
}

const REQUIRED_FIGURE_FIELDS = ['name', 'value', 'unit', 'baseline', 'ratio', 'target'] as const;

/** Checks the shape promised by the issue, so a broken suite cannot write a file others misread. */
export function assertResultShape(result: unknown): asserts result is BenchmarkResult {
  const r = result as Partial<BenchmarkResult> | null;
  if (!r || typeof r !== 'object') throw new Error('a benchmark result must be an object');
  if (typeof r.benchmark !== 'string' || r.benchmark === '') throw new Error('result.benchmark must be a non-empty string');
  if (!r.machine || typeof r.machine !== 'object') throw new Error('result.machine must be an object');
  if (!Array.isArray(r.figures)) throw new Error('result.figures must be an array');
  for (const f of r.figures) {
    for (const field of REQUIRED_FIGURE_FIELDS) {
      if (!(field in f)) throw new Error(`figure ${String((f).name)} has no ${field}`);
    }
    for (const field of ['value', 'baseline', 'ratio'] as const) {
      const v = f[field];
      if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) throw new Error(`figure ${f.name}: ${field} must be a finite number or null`);
    }
  }
  const names = r.figures.map((f) => f.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new Error(`figure ${duplicate} appears twice`);
}

export async function writeResult(dir: string, result: BenchmarkResult): Promise<string> {
  assertResultShape(result);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${result.benchmark}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

export async function readResults(dir: string): Promise<BenchmarkResult[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
  const results: BenchmarkResult[] = [];
  for (const name of names) {
    const parsed: unknown = JSON.parse(await readFile(path.join(dir, name), 'utf8'));
    assertResultShape(parsed);
    results.push(parsed);
  }
  return results;
}
