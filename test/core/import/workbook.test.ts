import type { WorkbookGrid } from '../../../src/core/import/grid';
import { readTemplateWorkbook, serialToIsoDate } from '../../../src/core/import/workbook';
import { a1 } from '../../../src/core/layout/a1';
import { DEFAULT_SHEET, META_SHEET, buildTemplate } from '../../../src/core/layout/template';
import type { CellValue } from '../../../src/core/report/types';
import { validReport2019, validReport2021 } from '../../fixtures/rules/reports';
import { jiaokou } from '../../support/reports';
import { planGrid } from '../support/plan-grid';

/** A grid with some cells changed, as a clerk (or a broken file) would leave them. */
function edited(grid: WorkbookGrid, values: Record<string, CellValue>, formulas: Record<string, string | null> = {}): WorkbookGrid {
  const key = (sheet: string, row: number, col: number): string => `${sheet}!${row}:${col}`;
  return {
    sheets: grid.sheets,
    value: (s, r, c) => (key(s, r, c) in values ? (values[key(s, r, c)] ?? null) : grid.value(s, r, c)),
    formula: (s, r, c) => (key(s, r, c) in formulas ? (formulas[key(s, r, c)] ?? null) : grid.formula(s, r, c)),
  };
}

function metaRowOf(grid: WorkbookGrid, key: string): number {
  for (let row = 2; grid.value(META_SHEET, row, 1) !== null; row++) if (grid.value(META_SHEET, row, 1) === key) return row;
  throw new Error(`no meta row ${key}`);
}

describe('readTemplateWorkbook', () => {
  it('reads every cell, the organ, the year and 基本信息 back from a workbook the template wrote', () => {
    const data = jiaokou();
    const { plan, layout } = buildTemplate({ data, sheet: '交口年报', origin: { row: 3, col: 2 } });

    const reading = readTemplateWorkbook(planGrid(plan));
    if (!reading.ok) throw new Error(reading.error);

    expect(reading.value.data.cells).toEqual(data.cells);
    expect(reading.value.data.format).toBe('2021');
    expect([reading.value.data.organ, reading.value.data.year]).toEqual(['交口县人民政府', 2024]);
    expect(reading.value.data.info).toEqual(expect.objectContaining({ publishedOn: '2025-01-16', postcode: '032400', feeNotices: 0 }));
    const pos = layout.cells.get('T3.new.natural')!;
    expect(reading.value.addresses.get('T3.new.natural')).toBe(`交口年报!${a1({ row: pos.top, col: pos.left })}`);
    expect(reading.value.problems).toEqual([]);
  });

  it('reads a 2019-format workbook as 2019', () => {
    const data = validReport2019();
    const reading = readTemplateWorkbook(planGrid(buildTemplate({ data }).plan));

    expect(reading.ok && reading.value.data.format).toBe('2019');
    expect(reading.ok && reading.value.data.cells).toEqual(data.cells);
  });

  it('reads 基本信息 as the clerk typed it: a level by its label, a date as a serial number, counts as text', () => {
    const { plan, layout } = buildTemplate({ data: validReport2021() });
    const at = (key: 'organLevel' | 'publishedOn' | 'feeNotices' | 'organ' | 'year'): string => {
      const r = layout.info.get(key)!;
      return `${DEFAULT_SHEET}!${r.top}:${r.left}`;
    };
    const grid = edited(planGrid(plan), {
      [at('organLevel')]: ' 县级人民政府 ',
      [at('publishedOn')]: 45673,
      [at('feeNotices')]: '3件',
      [at('organ')]: '  ',
      [at('year')]: 'N/A',
    });

    const reading = readTemplateWorkbook(grid);
    if (!reading.ok) throw new Error(reading.error);

    expect(reading.value.data.info).toEqual(expect.objectContaining({ organLevel: 'county', publishedOn: '2025-01-16', feeNotices: 3 }));
    expect([reading.value.data.organ, reading.value.data.year]).toEqual([null, null]);
  });

  it('reports a cell whose row was deleted (its pointer became #REF!) as F.missingRow, once', () => {
    const grid = planGrid(buildTemplate({ data: validReport2021() }).plan);
    const row = metaRowOf(grid, 'cell:T3.new.natural');

    const reading = readTemplateWorkbook(edited(grid, {}, { [`${META_SHEET}!${row}:2`]: '#REF!' }));
    if (!reading.ok) throw new Error(reading.error);

    expect(reading.value.problems.map((p) => [p.rule, p.severity, p.cells])).toEqual([['F.missingRow', 'error', ['T3.new.natural']]]);
    expect(reading.value.problems[0]?.message).toContain('表三“本年新收政府信息公开申请数量”行“自然人”列已不在工作簿中');
    expect('T3.new.natural' in reading.value.data.cells).toBe(false);
  });

  it('refuses a workbook the template did not make, in Chinese', () => {
    const grid: WorkbookGrid = { sheets: [{ name: 'Sheet1', visibility: 'visible' }], value: () => null, formula: () => null };

    const reading = readTemplateWorkbook(grid);

    expect(!reading.ok && reading.error).toMatch(/^不是年报助手模板生成的工作簿/);
  });

  it.each(['2025', 'toString', null])('refuses a meta sheet naming the format %p', (format) => {
    const grid = planGrid(buildTemplate().plan);

    const reading = readTemplateWorkbook(edited(grid, { [`${META_SHEET}!1:3`]: format }));

    expect(!reading.ok && reading.error).toMatch(/^模板定位信息中的格式/);
  });
});

describe('serialToIsoDate', () => {
  it.each([
    [45658, '2025-01-01'],
    [45673, '2025-01-16'],
    [45688, '2025-01-31'],
    [43831, '2020-01-01'],
  ])('reads serial %i as %s', (serial, date) => {
    expect(serialToIsoDate(serial)).toBe(date);
  });
});
