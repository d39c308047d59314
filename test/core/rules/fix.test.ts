import type { CellValue, ReportData } from '../../../src/core/report/types';
import { evaluate } from '../../../src/core/rules/evaluate';
import { validReport2021 } from '../../fixtures/rules/reports';
import { damage, seeded, validReport } from '../../support/reports';

function withCells(cells: Record<string, CellValue>): ReportData {
  const data = validReport2021();
  return { ...data, cells: { ...data.cells, ...cells } };
}

describe('suggestFixes (via evaluate)', () => {
  it('names the one input cell that explains two failing totals, with the value that clears both', () => {
    const { suggestions } = evaluate(withCells({ 'T3.disclosed.natural': 11 }));

    expect(suggestions).toEqual([
      {
        cell: 'T3.disclosed.natural',
        value: 10,
        clears: ['T3.rowTotal@disclosed', 'T3.resultTotal@natural'],
        message: '把表三“予以公开”行“自然人”列改为 10，可同时消除 2 条错误。',
      },
    ]);
  });

  it('names an input cell typed as text by the value that clears its totals', () => {
    const { suggestions } = evaluate(withCells({ 'T3.new.natural': '21件' }));

    expect(suggestions.map((s) => [s.cell, s.value, s.clears])).toEqual([
      ['T3.new.natural', 20, ['T3.rowTotal@new', 'T3.balance@natural']],
    ]);
  });

  it('suggests the row total when only a row total is wrong (it breaks its row and the 总计 column)', () => {
    const { suggestions } = evaluate(withCells({ 'T3.disclosed.total': 16 }));

    expect(suggestions.map((s) => [s.cell, s.value, s.clears])).toEqual([
      ['T3.disclosed.total', 14, ['T3.rowTotal@disclosed', 'T3.resultTotal@total']],
    ]);
  });

  it('suggests a （七）总计 cell that breaks three identities, counting all three', () => {
    const { suggestions } = evaluate(withCells({ 'T3.total.natural': 19 }));

    expect(suggestions).toEqual([
      {
        cell: 'T3.total.natural',
        value: 18,
        clears: ['T3.rowTotal@total', 'T3.resultTotal@natural', 'T3.balance@natural'],
        message: '把表三“总计”行“自然人”列改为 18，可同时消除 3 条错误。',
      },
    ]);
  });

  it('makes no guess for a lone broken T4 group: any of its five cells would do, so none is named', () => {
    const data = withCells({ 'T4.review.total': 5 });

    expect(evaluate(data).findings.map((f) => f.rule)).toEqual(['T4.groupTotal']);
    expect(evaluate(data).suggestions).toEqual([]);
  });

  it('proposes only whole values ≥ 0: a group of zeros with total −1 gets its total set to 0', () => {
    const { suggestions } = evaluate(withCells({ 'T4.suitAfterReview.total': -1 }));

    expect(suggestions.map((s) => [s.cell, s.value])).toEqual([['T4.suitAfterReview.total', 0]]);
  });

  it('proposes only whole values: a group of zeros with total 0.5 gets its total set to 0', () => {
    const { suggestions } = evaluate(withCells({ 'T4.suitAfterReview.total': 0.5 }));

    expect(suggestions.map((s) => [s.cell, s.value])).toEqual([['T4.suitAfterReview.total', 0]]);
  });

  it('gives the single best suggestion when there are several independent mistakes', () => {
    const { suggestions } = evaluate(withCells({ 'T3.disclosed.natural': 11, 'T4.review.total': 5 }));

    expect(suggestions.map((s) => [s.cell, s.value, s.clears.length])).toEqual([['T3.disclosed.natural', 10, 2]]);
  });

  it('suggests nothing when two changed cells are needed (no one cell clears more than it breaks)', () => {
    // 商业企业 新收 +1 with the row total adjusted: fixing either cell alone breaks the row.
    const { findings, suggestions } = evaluate(withCells({ 'T3.new.commercial': 6, 'T3.new.total': 30 }));

    expect(findings.map((f) => f.rule)).toEqual(['T3.balance', 'T3.balance']);
    expect(suggestions).toEqual([]);
  });

  it.each([
    ['no rule fails', {}],
    ['only cells are blank or not numbers', { 'T3.new.natural': null, 'T4.review.other': '/', 'T2.fee.amount': '26.55万元' }],
    ['only warnings fail', { 'T2.fee.amount': 150000, 'T2.normative.inForce': 1 }],
    ['only a negative cell fails, its total including it', { 'T4.review.pending': -1, 'T4.review.total': 2 }],
  ] as const)('suggests nothing when %s', (_what, cells: Record<string, CellValue>) => {
    expect(evaluate(withCells(cells)).suggestions).toEqual([]);
  });

  it('after any one damaged total of a generated report, suggests putting that total back', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const random = seeded(seed);
      const before = validReport(random);
      const kind = seed % 2 === 0 ? ('rowTotal' as const) : ('resultTotal' as const);
      const after = damage(before, kind, random);
      const changed = Object.keys(after.cells).filter((id) => after.cells[id] !== before.cells[id]);

      const suggestions = evaluate(after).suggestions;

      expect(changed).toHaveLength(1);
      expect(suggestions.map((s) => [s.cell, s.value])).toEqual([[changed[0], before.cells[changed[0] ?? '']]]);
    }
  });
});
