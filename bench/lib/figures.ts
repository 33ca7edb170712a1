/**
 * One measured number of a benchmark, as bench/results/NAME.json stores it. `ratio` is always
 * value ÷ baseline (both measured in the same run); `better` says which direction is good, so a
 * reader never has to guess whether 1.3 is a win or a loss. `target` is a condition on one field,
 * e.g. "ratio >= 0.9" or "value <= 250": reported as met or missed, never a failure.
 */
export type Better = 'higher' | 'lower';

export interface Figure {
  name: string;
  /** null: not measured in this run (quick mode, a missing server); `note` says why. */
  value: number | null;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  target: string | null;
  better: Better;
  note?: string;
}

export interface FigureInput {
  value: number | null;
  unit: string;
  baseline?: number | null;
  better: Better;
  target?: string;
  note?: string;
}

export function ratioOf(value: number | null, baseline: number | null | undefined): number | null {
  if (value === null || baseline === null || baseline === undefined || !Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return null;
  return value / baseline;
}

export function figure(name: string, input: FigureInput): Figure {
  if (input.target !== undefined && parseTarget(input.target) === null) throw new Error(`figure ${name}: unreadable target "${input.target}"`);
  const baseline = input.baseline ?? null;
  return {
    name,
    value: input.value,
    unit: input.unit,
    baseline,
    ratio: ratioOf(input.value, baseline),
    target: input.target ?? null,
    better: input.better,
    ...(input.note !== undefined ? { note: input.note } : {}),
  };
}

/** A figure that could not be measured in this run, with the reason. */
export function notMeasured(name: string, unit: string, better: Better, note: string, target?: string): Figure {
  return figure(name, { value: null, unit, better, note, ...(target !== undefined ? { target } : {}) });
}

export interface Target {
  field: 'value' | 'ratio';
  op: '<=' | '>=';
  bound: number;
}

export function parseTarget(text: string): Target | null {
  const match = /^\s*(value|ratio)\s*(<=|>=)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!match) return null;
  return { field: match[1] as Target['field'], op: match[2] as Target['op'], bound: Number(match[3]) };
}

/** true/false when the target could be checked, null when there is no target or no number. */
export function meetsTarget(f: Pick<Figure, 'value' | 'ratio' | 'target'>): boolean | null {
  const target = f.target === null ? null : parseTarget(f.target);
  if (!target) return null;
  const actual = f[target.field];
  if (actual === null) return null;
  return target.op === '<=' ? actual <= target.bound : actual >= target.bound;
}
