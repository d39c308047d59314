import type { SheetPlan, WorkbookPlan } from '../../../src/core/layout/plan';
import { plannedGrid } from '../../../src/core/layout/planned-grid';
import { DEFAULT_SHEET, META_SHEET, buildTemplate } from '../../../src/core/layout/template';
import { readTemplateWorkbook } from '../../../src/core/import/workbook';
import { jiaokou } from '../../support/reports';

const sheet = (name: string, cells: SheetPlan['cells'], visibility: SheetPlan['visibility'] = 'visible'): SheetPlan => ({
  name,
  visibility,
  cells,
  merges: [],
  columns: [],
  rows: [],
  conditionalFormats: [],
  validations: [],
});
const plan = (...sheets: SheetPlan[]): WorkbookPlan => ({ sheets, names: [] });

describe('plannedGrid: a workbook as plans say it is once replayed', () => {
  it('values as written (an empty text blank), formulas showing their planned result, other cells blank', () => {
    const grid = plannedGrid([
      plan(
        sheet('S', [
          { row: 1, col: 1, value: '年报' },
          { row: 1, col: 2, value: 12 },
          { row: 1, col: 3, value: '' },
          { row: 1, col: 4, value: null },
          { row: 2, col: 1, formula: 'SUM(B1:B1)', result: 12 },
          { row: 2, col: 2, formula: 'S!A1' },
        ]),
      ),
    ]);
    const row = (r: number): unknown[] => [1, 2, 3, 4].map((c) => [grid.value('S', r, c), grid.formula('S', r, c)]);
    expect(row(1)).toEqual([
      ['年报', null],
      [12, null],
      [null, null],
      [null, null],
    ]);
    expect(row(2)).toEqual([
      [12, 'SUM(B1:B1)'],
      [null, 'S!A1'],
      [null, null],
      [null, null],
    ]);
    expect(grid.value('Other', 1, 1)).toBeNull();
  });

  it('replays in order: a later cell wins, a style-only cell keeps what is there, a style’s number format applies', () => {
    const grid = plannedGrid([
      plan(sheet('S', [{ row: 1, col: 1, value: 1, style: 'input' }])),
      plan(
        sheet('S', [
          { row: 1, col: 1, style: 'label' },
          { row: 2, col: 1, value: 'x' },
          { row: 2, col: 1, value: 'y', style: 'amountInput' },
        ]),
      ),
    ]);
    expect([grid.value('S', 1, 1), grid.numberFormat?.('S', 1, 1)]).toEqual([1, '0']);
    expect([grid.value('S', 2, 1), grid.numberFormat?.('S', 2, 1)]).toEqual(['y', '0.0000']);
    expect(grid.numberFormat?.('S', 3, 1)).toBeNull();
  });

  it('lists the sheets there before, then the plans’ new ones; a plan’s sheet takes its visibility; names matched without case', () => {
    const grid = plannedGrid(
      [plan(sheet('sheet1', [{ row: 1, col: 1, value: 'a' }]), sheet('H', [], 'veryHidden'))],
      [
        { name: 'Sheet1', visibility: 'hidden' },
        { name: 'Other', visibility: 'visible' },
      ],
    );
    expect(grid.sheets).toEqual([
      { name: 'Sheet1', visibility: 'visible' },
      { name: 'Other', visibility: 'visible' },
      { name: 'H', visibility: 'veryHidden' },
    ]);
    expect(grid.value('Sheet1', 1, 1)).toBe('a');
  });

  it('reads as the template written: the report a template plan holds', () => {
    const data = jiaokou();
    const grid = plannedGrid([buildTemplate({ data }).plan]);
    const reading = readTemplateWorkbook(grid, { valuesFrom: 'meta' });
    expect(grid.sheets.map((s) => s.name)).toEqual([DEFAULT_SHEET, META_SHEET, 'nianbao_calc']);
    expect(reading.ok && [reading.value.data.organ, reading.value.data.year, reading.value.data.cells]).toEqual([
      data.organ,
      data.year,
      data.cells,
    ]);
  });
});
