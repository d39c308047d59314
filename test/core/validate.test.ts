import type { TemplateReading } from '../../src/core/import/workbook';
import { evaluate, type Finding } from '../../src/core/rules/evaluate';
import { validateReport } from '../../src/core/validate';
import { validReport2021 } from '../fixtures/rules/reports';
import { jiaokou } from '../support/reports';

const missing = (id: string): Finding => ({ rule: 'F.missingRow', severity: 'error', message: `${id} 已不在工作簿中`, cells: [id] });

describe('validateReport', () => {
  it('without a workbook, gives the evaluation and the data', () => {
    const data = jiaokou();

    const result = validateReport(data);

    expect(result).toEqual({ ...evaluate(data), data });
    expect(result.findings.every((f) => f.address === undefined)).toBe(true);
  });

  it('puts the workbook’s problems first and does not report a missing cell again as blank', () => {
    const data = validReport2021();
    delete data.cells['T3.new.natural'];
    data.cells['T4.review.total'] = 5;
    const reading: Pick<TemplateReading, 'addresses' | 'problems'> = { addresses: new Map(), problems: [missing('T3.new.natural')] };

    const result = validateReport(data, reading);

    expect(result.findings.map((f) => [f.rule, f.cells[0]])).toEqual([
      ['F.missingRow', 'T3.new.natural'],
      ['T4.groupTotal', 'T4.review.total'],
    ]);
  });

  it('gives each finding the address of its first cell that has one', () => {
    const data = validReport2021();
    data.cells['T4.review.total'] = 5;
    data.cells['T3.new.research'] = '/';
    const reading = {
      addresses: new Map([
        ['T4.review.upheld', '年报!A60'],
        ['T3.new.research', '年报!K30'],
      ]),
      problems: [],
    };

    const result = validateReport(data, reading);

    expect(result.findings.map((f) => [f.rule, f.address])).toEqual([
      ['cell.notNumber', '年报!K30'],
      ['T4.groupTotal', '年报!A60'],
    ]);
  });
});
