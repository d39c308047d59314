import type { WorkbookGrid } from '../../../src/core/import/grid';
import { readTemplateWorkbook } from '../../../src/core/import/workbook';
import { a1, rangeA1 } from '../../../src/core/layout/a1';
import { MARKS } from '../../../src/core/layout/plan';
import { CALC_SHEET, DEFAULT_SHEET, META_MARK, META_SHEET, buildTemplate } from '../../../src/core/layout/template';
import { NOTES_SHEET, attachNotes, readNotes } from '../../../src/core/notes';
import { HostError } from '../../../src/core/port';
import type { ReportData } from '../../../src/core/report/types';
import { validateReport } from '../../../src/core/validate';
import { bgr, cellOf, itemsOf, matrixOf, visibilityOf } from '../../../src/hosts/wps/compat';
import { createWpsHost } from '../../../src/hosts/wps/wps-host';
import { readXlsxGrid } from '../../../src/hosts/xlsx/read';
import { writeWorkbook } from '../../../src/hosts/xlsx/write';
import { jiaokou } from '../../support/reports';
import { createFakeWps, type FakeWpsOptions } from './fake-wps';

function report(grid: WorkbookGrid): { data: ReportData; findings: unknown } {
  const reading = readTemplateWorkbook(grid, { valuesFrom: 'meta' });
  if (!reading.ok) throw new Error(reading.error);
  const result = validateReport(reading.value.data, reading.value);
  return { data: result.data, findings: attachNotes(result.findings, readNotes(grid), result.data) };
}

function setup(options: FakeWpsOptions = {}): { fake: ReturnType<typeof createFakeWps>; host: ReturnType<typeof createWpsHost> } {
  const fake = createFakeWps(options);
  return { fake, host: createWpsHost(fake.app, { ownChangeGraceMs: 0 }) };
}

const template = buildTemplate({ data: jiaokou() });
const { plan, layout } = template;
const main = plan.sheets.find((s) => s.name === DEFAULT_SHEET)!;

describe('apply, then read: the same report as the xlsx host', () => {
  it.each<[string, FakeWpsOptions]>([
    ['a current build', {}],
    [
      'a build where Count is a method, collections are called and Value2 is missing',
      { countAsMethod: true, callableCollections: true, noValue2: true },
    ],
    ['a build where Visible reads as a boolean', { visibleAsBoolean: true }],
  ])('%s', async (_, options) => {
    const { fake, host } = setup(options);
    await host.apply(plan);
    const viaWps = report(await host.read([META_SHEET, NOTES_SHEET]));
    const viaXlsx = report(readXlsxGrid(await writeWorkbook(plan)));
    expect(viaWps).toEqual(viaXlsx);
    expect(viaWps.data.cells).toEqual(jiaokou().cells);
    if (options.noValue2) expect(fake.ops('Value2')).toEqual([]);
    else expect(fake.ops('Value')).toEqual([]);
  });

  it.each<[string, FakeWpsOptions]>([
    ['a current build', {}],
    ['a build without Value2', { noValue2: true }],
  ])('%s: tells a count a clerk formatted as a date (Value gives a Date) and reports it, not its serial number', async (_, options) => {
    const { fake, host } = setup(options);
    await host.apply(plan);
    const at = layout.cells.get('T2.license.decisions')!;
    const address = a1({ row: at.top, col: at.left });
    const sheet = itemsOf(fake.app.ActiveWorkbook!.Worksheets).find((s) => s.Name === DEFAULT_SHEET)!;
    sheet.Range(address).NumberFormat = 'yyyy"年"m"月"d"日"';
    fake.edit(DEFAULT_SHEET, address, 45658);

    const grid = await host.read([DEFAULT_SHEET, META_SHEET]);
    const reading = readTemplateWorkbook(grid);

    expect(grid.numberFormat?.(DEFAULT_SHEET, at.top, at.left)).toBe('yyyy"年"m"月"d"日"');
    expect(grid.numberFormat?.(DEFAULT_SHEET, at.top, at.left + 1)).toBeNull(); // not shown as a date: not read
    expect(reading.ok && reading.value.problems.map((p) => [p.rule, p.cells])).toEqual([['cell.notNumber', ['T2.license.decisions']]]);
    expect(reading.ok && reading.value.problems[0]!.message).toContain('显示为日期（2025/1/1）');
  });

  it('leaves every cell holding what the plan says: formulas, text kept as text, numbers, blanks', async () => {
    const { fake, host } = setup();
    await host.apply(plan);
    for (const sheet of plan.sheets) {
      for (const c of sheet.cells) {
        const held = fake.cell(sheet.name, c.row, c.col);
        const where = `${sheet.name}!${a1(c)}`;
        if (c.formula !== undefined) expect([where, held?.formula]).toEqual([where, c.formula]);
        else if (c.value === null) expect([where, held]).toEqual([where, undefined]);
        else if (c.value !== undefined) expect([where, held?.value]).toEqual([where, c.value]);
      }
    }
    expect(fake.cell(META_SHEET, 1, 1)?.value).toBe(META_MARK);
  });

  it('writes constants as 2-D arrays through Value2 and formulas one cell at a time through Formula', async () => {
    const { fake, host } = setup();
    await host.apply(plan);
    const arrays = fake.ops('Value2').filter((c) => Array.isArray(c.value));
    expect(arrays.length).toBeGreaterThan(0);
    const formulaCells = plan.sheets.reduce((n, s) => n + s.cells.filter((c) => c.formula !== undefined).length, 0);
    expect(fake.ops('Formula')).toHaveLength(formulaCells);
    expect(fake.ops('Formula').every((c) => typeof c.value === 'string' && c.value.startsWith('='))).toBe(true);
    // Fewer value writes than constant cells: rectangles, not cells.
    const constants = plan.sheets.reduce((n, s) => n + s.cells.filter((c) => c.formula === undefined && c.value !== undefined).length, 0);
    expect(fake.ops('Value2').length).toBeLessThan(constants / 3);
  });
});

describe('apply: sheets, styles, marks, validation, names, print', () => {
  const { fake, host } = setup({ sheets: [{ name: 'Sheet1', cells: { A1: 'clerk' } }] });
  beforeAll(() => host.apply(plan));

  it('adds the missing sheets after the last one, the helper sheets very hidden (2)', () => {
    expect(fake.sheets.map((s) => [s.name, s.visible])).toEqual([
      ['Sheet1', -1],
      [DEFAULT_SHEET, -1],
      [META_SHEET, 2],
      [CALC_SHEET, 2],
    ]);
    expect(fake.cell('Sheet1', 1, 1)?.value).toBe('clerk');
  });

  it('gives the clerk back the sheet and cell that were active', () => {
    expect(fake.active).toEqual({ sheet: 'Sheet1', row: 1, col: 1 });
  });

  it('converts the plan colours (RRGGBB) to BGR integers', () => {
    expect(bgr('FFC7CE')).toBe(0xcec7ff);
    expect(bgr('1F3864')).toBe(0x64381f);
    const input = layout.cells.get('T3.new.natural')!;
    const f = fake.format(DEFAULT_SHEET, input.top, input.left);
    expect(f).toMatchObject({
      'Interior.Color': bgr('FFFDE7'),
      'Font.Color': bgr('1F3864'),
      'Font.Name': '宋体',
      'Font.Size': 10,
      HorizontalAlignment: -4108,
      VerticalAlignment: -4108,
      WrapText: true,
      NumberFormat: '0',
      'Borders(8).LineStyle': 1,
      'Borders(8).Weight': 2,
    });
  });

  it('merges, widths in character units, hidden columns and row heights', () => {
    const sheet = fake.sheet(DEFAULT_SHEET)!;
    expect(sheet.merges).toEqual(main.merges);
    for (const c of main.columns) expect([c.col, sheet.columns.get(c.col)?.width]).toEqual([c.col, c.width]);
    for (const c of main.columns.filter((c) => c.hidden)) expect(sheet.columns.get(c.col)?.hidden).toBe(true);
    for (const r of main.rows) expect(sheet.rows.get(r.row)).toBe(r.height);
  });

  it('adds each conditional format as an expression rule on its table cell, anchored at that cell', () => {
    const cfs = fake.sheet(DEFAULT_SHEET)!.conditionalFormats;
    expect(cfs).toHaveLength(main.conditionalFormats.length);
    cfs.forEach((cf, i) => {
      const want = main.conditionalFormats[i]!;
      expect(cf).toEqual({
        range: want.range,
        type: 2,
        formula: `=${want.formula}`,
        anchor: a1({ row: want.range.top, col: want.range.left }),
        fill: bgr(MARKS[want.mark].fill),
        font: bgr(MARKS[want.mark].font),
      });
    });
    const input = layout.cells.get('T3.new.natural')!;
    expect(cfs.filter((cf) => cf.range.top === input.top && cf.range.left === input.left).map((cf) => cf.formula)).toEqual([
      expect.stringMatching(/=2$/),
      expect.stringMatching(/=1$/),
    ]);
  });

  it('adds validations with their Chinese messages, stop alerts and blanks allowed', () => {
    const dvs = fake.sheet(DEFAULT_SHEET)!.validations;
    expect(dvs).toHaveLength(main.validations.length);
    const first = main.validations[0]!;
    expect(dvs[0]).toMatchObject({
      range: first.range,
      alertStyle: 1,
      IgnoreBlank: true,
      ShowError: true,
      ErrorTitle: '年报助手',
      ErrorMessage: first.message,
    });
    expect(dvs[0]?.ErrorMessage).toMatch(/请填写/);
    expect(dvs.some((d) => d.type === 1 && d.operator === 7 && d.formula1 === '0')).toBe(true);
  });

  it('adds the workbook names', () => {
    expect([...fake.names.values()].map((n) => n.name)).toEqual(plan.names.map((n) => n.name));
    expect([...fake.names.values()][0]?.refersTo).toMatch(/^='?[^!]+'?!\$[A-Z]+\$\d+/);
  });

  it('sets the print area and the page breaks', () => {
    const print = main.print!;
    const sheet = fake.sheet(DEFAULT_SHEET)!;
    expect(sheet.pageSetup['PrintArea']).toBe(rangeA1(print.area, true));
    expect(sheet.pageSetup['PaperSize']).toBe(9);
    expect(sheet.pageBreaks).toEqual(print.breaksAfter);
  });

  it('applying the same template twice replaces names, rules and validations instead of piling them up', async () => {
    await host.apply(plan);
    expect(fake.names.size).toBe(plan.names.length);
    expect(fake.sheet(DEFAULT_SHEET)!.conditionalFormats).toHaveLength(main.conditionalFormats.length);
    expect(fake.sheet(DEFAULT_SHEET)!.validations).toHaveLength(main.validations.length);
    expect(fake.ops('Worksheets.Add')).toHaveLength(3);
  });
});

describe('features: what the build has', () => {
  it('all true on a current build', () => {
    expect(setup().host.features).toEqual({ conditionalFormats: true, dataValidation: true, changeEvents: true, printSetup: true });
  });

  it('without FormatConditions, Validation or ApiEvent: false, and apply skips them', async () => {
    const { fake, host } = setup({ noFormatConditions: true, noValidation: true, noApiEvent: true });
    expect(host.features).toEqual({ conditionalFormats: false, dataValidation: false, changeEvents: false, printSetup: true });
    await host.apply(plan);
    expect(fake.sheet(DEFAULT_SHEET)!.conditionalFormats).toEqual([]);
    const stop = await host.onChange(jest.fn());
    expect(() => stop()).not.toThrow();
  });
});

describe('write, select, isEmpty, outline', () => {
  it('write: plain values, text kept as text, null clears', async () => {
    const { fake, host } = setup({ sheets: [{ name: 'Sheet1', cells: { B2: 5 } }] });
    await host.write([
      { sheet: 'Sheet1', row: 1, col: 1, value: 12 },
      { sheet: 'Sheet1', row: 1, col: 2, value: '=说明' },
      { sheet: 'sheet1', row: 1, col: 3, value: '033000' },
      { sheet: 'Sheet1', row: 2, col: 2, value: null },
    ]);
    expect([fake.cell('Sheet1', 1, 1), fake.cell('Sheet1', 1, 2), fake.cell('Sheet1', 1, 3), fake.cell('Sheet1', 2, 2)]).toEqual([
      { value: 12 },
      { value: '=说明' },
      { value: '033000' },
      undefined,
    ]);
    const grid = await host.read(['Sheet1']);
    expect([grid.value('Sheet1', 1, 2), grid.formula('Sheet1', 1, 2), grid.value('Sheet1', 1, 3)]).toEqual(['=说明', null, '033000']);
  });

  it('write to a sheet that is gone: HostError', async () => {
    const { host } = setup();
    await expect(host.write([{ sheet: '没有', row: 1, col: 1, value: 1 }])).rejects.toThrow(/^写入单元格失败：/);
  });

  it('select: activates the sheet and selects the cell', async () => {
    const { fake, host } = setup({ sheets: [{ name: 'Sheet1' }, { name: DEFAULT_SHEET }] });
    await host.select({ sheet: DEFAULT_SHEET, row: 7, col: 9 });
    expect(fake.calls.map((c) => [c.op, c.sheet, c.address])).toEqual([
      ['Activate', DEFAULT_SHEET, undefined],
      ['Select', DEFAULT_SHEET, 'I7'],
    ]);
    expect(fake.active).toEqual({ sheet: DEFAULT_SHEET, row: 7, col: 9 });
  });

  it('isEmpty: a missing sheet is empty', async () => {
    const { host } = setup({ sheets: [{ name: 'Sheet1', cells: { C3: 'x' } }] });
    const rect = { top: 1, left: 1, bottom: 5, right: 5 };
    expect(await host.isEmpty('Sheet1', rect)).toBe(false);
    expect(await host.isEmpty('Sheet1', { top: 4, left: 1, bottom: 9, right: 9 })).toBe(true);
    expect(await host.isEmpty('Sheet1', { top: 3, left: 3, bottom: 3, right: 3 })).toBe(false);
    expect(await host.isEmpty('没有这张表', rect)).toBe(true);
  });

  it('outline: sheets with their visibility, the defined names and the active cell', async () => {
    const { fake, host } = setup({ sheets: [{ name: 'Sheet1' }, { name: META_SHEET, visible: 2 }, { name: '旧', visible: 0 }] });
    fake.active = { sheet: 'Sheet1', row: 7, col: 3 };
    fake.names.set('nb_t2', { name: 'NB_T2', refersTo: "='Sheet1'!$A$1:$B$2" });
    expect(await host.outline()).toEqual({
      sheets: [
        { name: 'Sheet1', visibility: 'visible' },
        { name: META_SHEET, visibility: 'veryHidden' },
        { name: '旧', visibility: 'hidden' },
      ],
      names: ['NB_T2'],
      active: { sheet: 'Sheet1', row: 7, col: 3 },
    });
  });

  it('read: a used range that does not start at A1 reads at the right places; formulas computed', async () => {
    const { host } = setup({ sheets: [{ name: 'S', cells: { C5: 1, D7: '=C5*2', E6: '033000', F8: '=1/0' } }] });
    const grid = await host.read(['S', '没有']);
    expect([
      grid.value('S', 5, 3),
      grid.formula('S', 7, 4),
      grid.value('S', 7, 4),
      grid.value('S', 6, 5),
      grid.value('S', 4, 3),
      grid.formula('S', 5, 3),
    ]).toEqual([1, 'C5*2', 2, 33000, null, null]);
    expect(grid.value('S', 8, 6)).toBe('#DIV/0!');
    expect(grid.value('没有', 1, 1)).toBeNull();
  });
});

describe('onChange', () => {
  it('calls listeners for the clerk\u2019s edits and not for the host\u2019s own writes', async () => {
    const { fake, host } = setup();
    const a = jest.fn();
    const b = jest.fn();
    const stopA = await host.onChange(a);
    const stopB = await host.onChange(b);
    expect(fake.ops('AddApiEventListener')).toEqual([{ op: 'AddApiEventListener', value: 'SheetChange' }]);

    fake.edit('Sheet1', 'B2', 3);
    expect([a.mock.calls.length, b.mock.calls.length]).toEqual([1, 1]);

    await host.apply(plan);
    await host.write([{ sheet: 'Sheet1', row: 1, col: 1, value: 1 }]);
    expect(a).toHaveBeenCalledTimes(1);

    stopA();
    fake.edit('Sheet1', 'B2', 4);
    expect([a.mock.calls.length, b.mock.calls.length]).toEqual([1, 2]);
    stopB();
    expect(fake.ops('RemoveApiEventListener')).toHaveLength(1);
    expect(fake.handlers.get('SheetChange')?.size).toBe(0);
  });

  it('swallows events a build delivers just after the host\u2019s write, within the grace period', async () => {
    const fake = createFakeWps({ deferEvents: true });
    let clock = 1000;
    const host = createWpsHost(fake.app, { ownChangeGraceMs: 300, now: () => clock });
    const listener = jest.fn();
    await host.onChange(listener);
    await host.write([{ sheet: 'Sheet1', row: 1, col: 1, value: 1 }]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(listener).not.toHaveBeenCalled();
    clock += 301;
    fake.edit('Sheet1', 'A2', 2);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(listener).toHaveBeenCalledTimes(1);
  });
});

describe('failures become HostError', () => {
  it.each([
    ['Merge', '写入模板失败：WPS 拒绝了 Merge'],
    ['Worksheets.Add', '写入模板失败：WPS 拒绝了 Worksheets.Add'],
  ])('a refused %s', async (op, message) => {
    const { host } = setup({ failOn: op });
    const error = await host.apply(plan).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostError);
    expect((error as HostError).message).toBe(message);
    expect((error as HostError).cause).toBeInstanceOf(Error);
  });

  it('no workbook open', async () => {
    const fake = createFakeWps();
    const app = { ...fake.app, ActiveWorkbook: null, ActiveSheet: null, ActiveCell: null };
    await expect(createWpsHost(app).outline()).rejects.toThrow('WPS 表格中没有打开的工作簿');
  });

  it('read failing in WPS', async () => {
    const { host } = setup({ failOn: 'UsedRange' });
    await expect(host.read(['Sheet1'])).rejects.toMatchObject({ name: 'HostError', message: '读取工作簿失败：WPS 拒绝了 UsedRange' });
  });
});

describe('compat', () => {
  it.each([
    [-1, 'visible'],
    [true, 'visible'],
    [0, 'hidden'],
    [false, 'hidden'],
    [2, 'veryHidden'],
  ] as const)('visibilityOf(%j)', (v, want) => expect(visibilityOf(v)).toBe(want));

  it('reads COM error codes and dates, and scalars and flat rows as matrices', () => {
    expect([cellOf(-2146826281), cellOf(-2146826246), cellOf(undefined), cellOf(3), cellOf(new Date(Date.UTC(2025, 0, 16)))]).toEqual([
      '#DIV/0!',
      '#N/A',
      null,
      3,
      45673,
    ]);
    expect([matrixOf(7), matrixOf([1, 2]), matrixOf([[1], [2]])]).toEqual([[[7]], [[1, 2]], [[1], [2]]]);
  });
});
