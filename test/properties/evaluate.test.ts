import fc from 'fast-check';
import { FORMATS, cellSpec } from '../../src/core/format';
import { evaluate } from '../../src/core/rules/evaluate';
import type { TableId } from '../../src/core/format';
import { CHINESE, RUNS, reportArb, shuffledCells } from './arbitraries';

const SEVERITIES = new Set(['error', 'warning', 'info']);

describe('property: evaluate on random reports', () => {
  it('never throws; every finding has a cell, a Chinese message and a valid severity', () => {
    fc.assert(
      fc.property(reportArb(), (data) => {
        const { findings } = evaluate(data);
        for (const f of findings) {
          expect(f.cells.length).toBeGreaterThan(0);
          expect(f.message.trim()).not.toBe('');
          expect(f.message).toMatch(CHINESE);
          expect(SEVERITIES.has(f.severity)).toBe(true);
          // What the clerk typed is quoted (“NaN” may be their text); nothing outside the quotes is a JS artefact.
          expect(f.message.replace(/“[^”]*”/g, '')).not.toMatch(/undefined|NaN/);
        }
      }),
      { numRuns: RUNS.fast },
    );
  });

  it('is deterministic and independent of the key order of the cells', () => {
    fc.assert(
      fc.property(reportArb(), fc.integer(), (data, seed) => {
        const once = evaluate(data);
        expect(evaluate(data)).toEqual(once);
        expect(evaluate(shuffledCells(data, seed)).findings.filter((f) => f.rule !== 'F.extra')).toEqual(
          once.findings.filter((f) => f.rule !== 'F.extra'),
        );
        // Unknown keys are reported whatever their order, each once.
        const extras = (r: ReturnType<typeof evaluate>): string[] =>
          r.findings
            .filter((f) => f.rule === 'F.extra')
            .map((f) => f.cells.join(','))
            .sort();
        expect(extras(evaluate(shuffledCells(data, seed)))).toEqual(extras(once));
      }),
      { numRuns: RUNS.fast },
    );
  });

  it('gives at most one cell.* finding per cell', () => {
    fc.assert(
      fc.property(reportArb(), (data) => {
        const seen = new Set<string>();
        for (const f of evaluate(data).findings) {
          if (!f.rule.startsWith('cell.')) continue;
          expect(f.cells).toHaveLength(1);
          const cell = f.cells[0]!;
          expect(seen.has(cell)).toBe(false);
          seen.add(cell);
        }
      }),
      { numRuns: RUNS.fast },
    );
  });

  it('counts equal the findings per table (F.extra is in no table)', () => {
    fc.assert(
      fc.property(reportArb(), (data) => {
        const { findings, counts } = evaluate(data);
        const format = FORMATS[data.format];
        const expected: Record<TableId, { errors: number; warnings: number; blanks: number }> = {
          T2: { errors: 0, warnings: 0, blanks: 0 },
          T3: { errors: 0, warnings: 0, blanks: 0 },
          T4: { errors: 0, warnings: 0, blanks: 0 },
        };
        for (const f of findings) {
          if (f.rule === 'F.extra') continue;
          const table = cellSpec(format, f.cells[0]!)?.table;
          expect(table).toBeDefined();
          const c = expected[table!];
          if (f.severity === 'error') c.errors++;
          else if (f.severity === 'warning') c.warnings++;
          if (f.rule === 'cell.blank') c.blanks++;
        }
        expect(counts).toEqual(expected);
      }),
      { numRuns: RUNS.fast },
    );
  });
});
