import type { WorkbookGrid } from '../../../src/core/import/grid';
import { readTemplateWorkbook, serialToIsoDate } from '../../../src/core/import/workbook';
import { validateReport } from '../../../src/core/validate';
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

/** The grid with a number format on some cells of the main sheet (`row:col` → code), General elsewhere. */
function formatted(grid: WorkbookGrid, formats: Record<string, string>): WorkbookGrid {
  return { ...grid, numberFormat: (s, r, c) => (s === DEFAULT_SHEET ? (formats[`${r}:${c}`] ?? 'General') : null) };
}

/** The main sheet as a tool leaves it that moves rows without updating any formula: rows from `from` moved by `by`. */
function rowsMoved(grid: WorkbookGrid, from: number, by: number): WorkbookGrid {
  const source = (row: number): number | null => (row < from ? row : by > 0 && row < from + by ? null : row - by);
  return {
    sheets: grid.sheets,
    value: (s, r, c) => {
      if (s !== DEFAULT_SHEET) return grid.value(s, r, c);
      const row = source(r);
      return row === null ? null : grid.value(s, row, c);
    },
    formula: (s, r, c) => {
      if (s !== DEFAULT_SHEET) return grid.formula(s, r, c);
      const row = source(r);
      return row === null ? null : grid.formula(s, row, c);
    },
  };
}

describe('readTemplateWorkbook: a number shown as a date', () => {
  const { plan, layout } = buildTemplate({ data: validReport2021() });
  const at = (id: string): string => {
    const r = layout.cells.get(id)!;
    return `${r.top}:${r.left}`;
  };

  it.each([
    ['yyyy/m/d', 1200, '显示为日期（1903/4/14）'],
    ['yyyy"年"m"月"d"日"', 45658, '显示为日期（2025/1/1）'],
    ['m/d/yy h:mm', 45658.5, '显示为日期（2025/1/1）'],
    ['h:mm', 0.5, '显示为时间（12:00）'],
  ])('reports a count formatted %s as cell.notNumber, and leaves its number out of the data', (code, value, says) => {
    const grid = formatted(edited(planGrid(plan), { [`${DEFAULT_SHEET}!${at('T2.license.decisions')}`]: value }), {
      [at('T2.license.decisions')]: code,
    });

    const reading = readTemplateWorkbook(grid);
    if (!reading.ok) throw new Error(reading.error);

    expect(reading.value.problems.map((p) => [p.rule, p.severity, p.cells])).toEqual([['cell.notNumber', 'error', ['T2.license.decisions']]]);
    expect(reading.value.problems[0]!.message).toContain(`表二“行政许可”${says}`);
    expect(reading.value.problems[0]!.message).toContain('请把该单元格的格式改为“常规”或“数值”');
    expect('T2.license.decisions' in reading.value.data.cells).toBe(false);
    expect(reading.value.addresses.get('T2.license.decisions')).toBe(`${DEFAULT_SHEET}!${a1({ row: layout.cells.get('T2.license.decisions')!.top, col: layout.cells.get('T2.license.decisions')!.left })}`);
  });

  it.each(['General', '0', '#,##0"件"', '0.0000', '[Red]0;-0', '"d"0', '@'])('reads a count formatted %s as its number', (code) => {
    const reading = readTemplateWorkbook(formatted(planGrid(plan), { [at('T2.license.decisions')]: code }));

    expect(reading.ok && reading.value.problems).toEqual([]);
    expect(reading.ok && reading.value.data.cells['T2.license.decisions']).toBe(validReport2021().cells['T2.license.decisions']);
  });

  it('reads text in a date-formatted cell as the text it is (the rules judge it), and a host without formats as numbers', () => {
    const texted = edited(planGrid(plan), { [`${DEFAULT_SHEET}!${at('T3.new.natural')}`]: '12件' });
    const reading = readTemplateWorkbook(formatted(texted, { [at('T3.new.natural')]: 'yyyy/m/d' }));
    const plain = readTemplateWorkbook(planGrid(plan));

    expect(reading.ok && reading.value.problems).toEqual([]);
    expect(reading.ok && reading.value.data.cells['T3.new.natural']).toBe('12件');
    expect(plain.ok && plain.value.data.cells).toEqual(validReport2021().cells);
  });
});

describe('readTemplateWorkbook: rows moved under stale pointers', () => {
  const data = validReport2021();
  const { plan, layout } = buildTemplate({ data });
  const row = (id: string): number => layout.cells.get(id)!.top;

  it.each([
    ['inserted', 1, '现在下移了 1 行'],
    ['three inserted', 3, '现在下移了 3 行'],
  ])('reports rows %s inside 表三 once, as F.missingRow at the first moved cell, and reads none of the moved figures', (_what, by, says) => {
    const reading = readTemplateWorkbook(rowsMoved(planGrid(plan), row('T3.partial.natural'), by));
    if (!reading.ok) throw new Error(reading.error);

    expect(reading.value.problems.map((p) => [p.rule, p.severity, p.cells[0], p.address])).toEqual([
      ['F.missingRow', 'error', 'T3.partial.natural', `${DEFAULT_SHEET}!${a1({ row: row('T3.partial.natural'), col: layout.cells.get('T3.partial.natural')!.left })}`],
    ]);
    const [problem] = reading.value.problems;
    expect(problem!.message).toContain('表三的行与模板定位信息错开了：表三“部分公开”行“自然人”列应在');
    expect(problem!.message).toContain(says);
    expect(problem!.message).toContain('插入或删除了行，但模板的定位信息没有随之更新');
    expect(problem!.message).toContain('“修复”');
    // Every cell from the moved row down, 表四 too, is left out; the rows above are read as they are.
    const moved = problem!.cells;
    expect(moved).toContain('T3.carryForward.total');
    expect(moved).toContain('T4.suitAfterReview.total');
    expect(moved).not.toContain('T3.disclosed.natural');
    for (const id of moved) expect(id in reading.value.data.cells).toBe(false);
    expect(reading.value.data.cells['T3.disclosed.natural']).toBe(data.cells['T3.disclosed.natural']);
    // One problem, one finding: no total is checked on figures read from the wrong rows.
    const findings = validateReport(reading.value.data, reading.value).findings;
    expect(findings.map((f) => f.rule)).toEqual(['F.missingRow']);
  });

  it('reports a row deleted under stale pointers as gone, with the rows below it as moved', () => {
    const reading = readTemplateWorkbook(rowsMoved(planGrid(plan), row('T3.withheld3.natural'), -1));
    if (!reading.ok) throw new Error(reading.error);

    expect(reading.value.problems.map((p) => [p.rule, p.cells[0]])).toEqual([['F.missingRow', 'T3.withheld3.natural']]);
    expect(reading.value.problems[0]!.message).toContain('它所在的“3.危及“三安全一稳定””行已不在原处');
    expect(reading.value.problems[0]!.cells).toContain('T3.withheld4.natural');
  });

  it('does not take a reworded label, or a sheet the host did not read, for moved rows', () => {
    const labelled = planGrid(plan);
    const reworded = edited(labelled, { [`${DEFAULT_SHEET}!${row('T3.partial.natural')}:2`]: '（二）部分予以公开' });
    const unread: WorkbookGrid = { ...labelled, value: (s, r, c) => (s === DEFAULT_SHEET ? null : labelled.value(s, r, c)) };
    const swapped = edited(labelled, { [`${DEFAULT_SHEET}!${row('T3.partial.natural')}:2`]: '（一）予以公开' });

    for (const grid of [reworded, swapped]) {
      const reading = readTemplateWorkbook(grid);
      expect(reading.ok && reading.value.problems).toEqual([]);
    }
    const meta = readTemplateWorkbook(unread, { valuesFrom: 'meta' });
    expect(meta.ok && meta.value.problems).toEqual([]);
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
