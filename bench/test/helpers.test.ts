import { describe, expect, it } from 'vitest';
import { figure, meetsTarget, notMeasured, parseTarget, ratioOf } from '../lib/figures.js';
import { generatedSections, renderResults, spliceResults, START_MARK, END_MARK } from '../lib/report.js';
import { assertResultShape, type BenchmarkResult } from '../lib/results.js';
import { percentile, seededRandom } from '../lib/stats.js';

const machine = { summary: '2 x test CPU', cpu: 'test CPU', cores: 2, memoryGiB: 24, os: 'Debian', kernel: '6', node: 'v20', ffmpeg: 'ffmpeg 5.1', loadAtStart: 0.5 };

function result(figures = [figure('p95_ms', { value: 60, unit: 'ms', better: 'lower', target: 'value <= 50' })]): BenchmarkResult {
  return { benchmark: 'search-latency', machine, figures, quick: false, startedAt: '2025-01-01T00:00:00.000Z', wallSec: 12, notes: [] };
}

describe('percentile', () => {
  it('interpolates between the ranks that surround p', () => {
    expect(percentile([10, 20, 30, 40], 50)).toBe(25);
    expect(percentile([5, 1, 3], 0)).toBe(1);
    expect(percentile([5, 1, 3], 100)).toBe(5);
    expect(percentile(Array.from({ length: 101 }, (_, i) => i), 95)).toBe(95);
  });

  it('is NaN without samples and refuses p outside 0..100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe('figures', () => {
  it('ratio is value / baseline, null when either is missing or the baseline is 0', () => {
    expect(ratioOf(9, 10)).toBeCloseTo(0.9);
    expect(ratioOf(null, 10)).toBeNull();
    expect(ratioOf(5, null)).toBeNull();
    expect(ratioOf(5, 0)).toBeNull();
    expect(figure('throughput_ratio', { value: 450, baseline: 500, unit: 'MiB/s', better: 'higher', target: 'ratio >= 0.9' }).ratio).toBeCloseTo(0.9);
  });

  it('checks targets on the field they name, and says n/a without a number', () => {
    expect(parseTarget('ratio >= 0.9')).toEqual({ field: 'ratio', op: '>=', bound: 0.9 });
    expect(parseTarget('fast please')).toBeNull();
    expect(meetsTarget(figure('a', { value: 200, unit: 'MB', better: 'lower', target: 'value <= 250' }))).toBe(true);
    expect(meetsTarget(figure('b', { value: 10, baseline: 5, unit: 's', better: 'lower', target: 'ratio <= 1.15' }))).toBe(false);
    expect(meetsTarget(notMeasured('c', 's', 'lower', 'quick run', 'value <= 1'))).toBeNull();
    expect(() => figure('d', { value: 1, unit: 's', better: 'lower', target: 'soon' })).toThrow(/unreadable target/);
  });
});

describe('result JSON', () => {
  it('accepts the shape of the issue and round-trips through JSON', () => {
    const parsed: unknown = JSON.parse(JSON.stringify(result()));
    expect(() => assertResultShape(parsed)).not.toThrow();
    expect(Object.keys((parsed as BenchmarkResult).figures[0]!)).toEqual(expect.arrayContaining(['name', 'value', 'unit', 'baseline', 'ratio', 'target']));
  });

  it('refuses a figure without a field, a non-finite number, or a name used twice', () => {
    const { target: _t, ...noTarget } = figure('x', { value: 1, unit: 's', better: 'lower' });
    expect(() => assertResultShape({ ...result(), figures: [noTarget] })).toThrow(/no target/);
    expect(() => assertResultShape(result([{ ...figure('x', { value: 1, unit: 's', better: 'lower' }), value: Number.NaN }]))).toThrow(/finite/);
    const f = figure('x', { value: 1, unit: 's', better: 'lower' });
    expect(() => assertResultShape(result([f, f]))).toThrow(/twice/);
  });
});

describe('docs report', () => {
  it('lists missed targets and replaces only the generated part of the document', () => {
    const generated = renderResults([result()]);
    expect(generated).toContain('Targets missed: `search-latency.p95_ms` (value <= 50)');
    const doc = `# Benchmarks\n\nhow to run\n\n${START_MARK}\nold numbers\n${END_MARK}\n\nfooter\n`;
    const next = spliceResults(doc, generated);
    expect(next).toContain('how to run');
    expect(next).toContain('footer');
    expect(next).not.toContain('old numbers');
    expect(spliceResults(next, generated)).toBe(next);
  });

  it('keeps the sections (and missed targets) of benchmarks not run this time, replaces the ones that were', () => {
    const old = spliceResults('# Benchmarks\n', renderResults([result(), { ...result([figure('idle_mb', { value: 400, unit: 'MiB', better: 'lower', target: 'value <= 250' })]), benchmark: 'upload-memory' }]));
    expect(old).toContain('| p95_ms | 60.00 |');
    const kept = generatedSections(old);
    expect([...kept.keys()]).toEqual(['search-latency', 'upload-memory']);
    const faster = result([figure('p95_ms', { value: 40, unit: 'ms', better: 'lower', target: 'value <= 50' })]);
    const next = spliceResults(old, renderResults([faster], kept));
    expect(next).toContain('Targets missed: `upload-memory.idle_mb` (value <= 250).');
    expect(next).toContain('| idle_mb | 400.0 |');
    expect(next).toContain('| p95_ms | 40.00 |');
    expect(next).not.toContain('| p95_ms | 60.00 |');
    expect(next.indexOf('### search-latency')).toBeLessThan(next.indexOf('### upload-memory'));
  });
});

describe('seededRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
