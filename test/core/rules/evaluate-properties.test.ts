import fc from 'fast-check';
import { FORMAT_2021, cellSpec } from '../../../src/core/format';
import { evaluate } from '../../../src/core/rules/evaluate';
import { damage, generatedReport, seeded, validReport, type Damage } from '../../support/reports';

const seeds = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const runs = { numRuns: 150 };

/** A valid generated report with one kind of damage, and the one cell that changed. */
function damagedOnce(seed: number, kind: Damage) {
  const random = seeded(seed);
  const before = validReport(random);
  const after = damage(before, kind, random);
  const changed = Object.keys(after.cells).filter((id) => after.cells[id] !== before.cells[id]);
  return { before, after, changed };
}

describe('evaluate on generated reports', () => {
  it('finds nothing in a valid report', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        expect(evaluate(validReport(seeded(seed))).findings).toEqual([]);
      }),
      runs,
    );
  });

  it('reports one blanked input cell once, as cell.blank, and nothing else', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const { after, changed } = damagedOnce(seed, 'blank');

        expect(evaluate(after).findings.map((f) => [f.rule, f.cells])).toEqual([['cell.blank', changed]]);
      }),
      runs,
    );
  });

  it('reports one blanked total once, proposing the value it had', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const { before, after, changed } = damagedOnce(seed, 'blankTotal');

        expect(evaluate(after).findings.map((f) => [f.rule, f.cells, f.expected])).toEqual([
          ['cell.blank', changed, before.cells[changed[0] ?? '']],
        ]);
      }),
      runs,
    );
  });

  it('reports a cell with an obvious number in text once, as cell.notNumber with that number as fix', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const { before, after, changed } = damagedOnce(seed, 'cleanText');
        const id = changed[0] ?? '';

        expect(changed).toHaveLength(1);
        expect(evaluate(after).findings.map((f) => [f.rule, f.cells, f.fix])).toEqual([
          ['cell.notNumber', [id], { cell: id, value: before.cells[id] }],
        ]);
      }),
      runs,
    );
  });

  it('reports a cell with unusable text once, as cell.notNumber without a fix', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const { after, changed } = damagedOnce(seed, 'unusableText');

        expect(evaluate(after).findings.map((f) => [f.rule, f.cells, f.fix])).toEqual([['cell.notNumber', changed, undefined]]);
      }),
      runs,
    );
  });

  it('finds each kind of damage under its own rule', () => {
    const ruleOf: Record<Damage, string> = {
      blank: 'cell.blank',
      blankTotal: 'cell.blank',
      unusableText: 'cell.notNumber',
      cleanText: 'cell.notNumber',
      negative: 'cell.negative',
      fraction: 'cell.notInteger',
      rowTotal: 'T3.rowTotal',
      resultTotal: 'T3.resultTotal',
      balance: 'T3.balance',
      groupTotal: 'T4.groupTotal',
      regulationLevel: 'T2.regulationLevel',
      inForceBelowIssued: 'T2.inForceBelowIssued',
      feeUnit: 'T2.feeUnit',
      precision: 'cell.precision',
      tooLarge: 'cell.notNumber',
    };
    fc.assert(
      fc.property(seeds, fc.constantFrom(...(Object.keys(ruleOf) as Damage[])), (seed, kind) => {
        const { after } = damagedOnce(seed, kind);

        expect(evaluate(after).findings.map((f) => f.rule)).toContain(ruleOf[kind]);
      }),
      { numRuns: 400 },
    );
  });

  it('counts every finding but F.extra under the table of its first cell, and marks only cells of the format', () => {
    for (let seed = 0; seed < 300; seed++) {
      const { findings, counts } = evaluate(generatedReport(seed).data);
      const tally = {
        T2: { errors: 0, warnings: 0, blanks: 0 },
        T3: { errors: 0, warnings: 0, blanks: 0 },
        T4: { errors: 0, warnings: 0, blanks: 0 },
      };
      for (const f of findings) {
        expect(f.cells.every((id) => cellSpec(FORMAT_2021, id))).toBe(f.rule !== 'F.extra');
        if (f.rule === 'F.extra') continue;
        const t = tally[cellSpec(FORMAT_2021, f.cells[0] ?? '')!.table];
        if (f.severity === 'error') t.errors++;
        else t.warnings++;
        if (f.rule === 'cell.blank') t.blanks++;
      }
      expect(counts).toEqual(tally);
    }
  });
});
