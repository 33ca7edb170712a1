import { describe, expect, it } from 'vitest';
import { needsAnalyze } from '../../src/domain/planner-statistics.js';

describe('when planner statistics need refreshing (autovacuum rule: 50 rows + 10 %)', () => {
  it('a never-analyzed table needs it after 50 changed rows', () => {
    expect(needsAnalyze(49, 0)).toBe(false);
    expect(needsAnalyze(50, 0)).toBe(true);
  });
  it('a large table only after a tenth of it changed', () => {
    expect(needsAnalyze(9_999, 100_000)).toBe(false);
    expect(needsAnalyze(10_050, 100_000)).toBe(true);
  });
});
