import { meetsTarget, type Figure } from './figures.js';
import type { BenchmarkResult } from './results.js';

/** A number with about three significant digits, so tables stay readable. */
export function formatNumber(value: number | null): string {
  if (value === null) return '-';
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 1000) return Math.round(value).toString();
  if (abs >= 100) return value.toFixed(1);
  if (abs >= 10) return value.toFixed(2);
  if (abs >= 0.01) return value.toFixed(3);
  return value.toPrecision(2);
}

function verdict(f: Figure): string {
  const met = meetsTarget(f);
  if (f.target === null) return '';
  return met === null ? `${f.target} (n/a)` : `${f.target} ${met ? 'met' : 'MISSED'}`;
}

const HEADERS = ['figure', 'value', 'unit', 'baseline', 'ratio (value/baseline)', 'better', 'target'];

export function figureRows(figures: readonly Figure[]): string[][] {
  return figures.map((f) => [f.name, formatNumber(f.value), f.unit, formatNumber(f.baseline), formatNumber(f.ratio), f.better, verdict(f)]);
}

/** A plain-text table for the terminal. */
export function formatTable(result: BenchmarkResult): string {
  const rows = [HEADERS, ...figureRows(result.figures)];
  const widths = HEADERS.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd();
  const title = `${result.benchmark}${result.quick ? ' (--quick)' : ''}: ${result.wallSec.toFixed(1)} s`;
  const notes = [...result.figures.filter((f) => f.note).map((f) => `${f.name}: ${f.note}`), ...result.notes];
  return [title, line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line), ...notes.map((n) => `  * ${n}`)].join('\n');
}

/** The same table in Markdown (docs/benchmarks.md). */
export function markdownTable(figures: readonly Figure[]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const rows = figureRows(figures).map((r) => `| ${r.map(escape).join(' | ')} |`);
  return [`| ${HEADERS.join(' | ')} |`, `|${HEADERS.map(() => '---').join('|')}|`, ...rows].join('\n');
}
