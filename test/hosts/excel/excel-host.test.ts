import { dateLikeFormat } from '../../../src/core/import/number-format';
import { readTemplateWorkbook } from '../../../src/core/import/workbook';
import { a1, rangeA1 } from '../../../src/core/layout/a1';
import type { WorkbookPlan } from '../../../src/core/layout/plan';
import { CALC_SHEET, DEFAULT_SHEET, FLAG_OFFSET, META_MARK, META_SHEET, buildTemplate } from '../../../src/core/layout/template';
import { NOTES_SHEET } from '../../../src/core/notes';
import { HostError, type SpreadsheetHost, type WorkbookOutline } from '../../../src/core/port';
import { createExcelHost, selectionCell } from '../../../src/hosts/excel/excel-host';
import { FakeExcel, type Call, type FakeOptions } from './fake-excel';

/** An Excel that has every requirement set up to `upTo` (default: all). */
const excelApi =
  (upTo = 99): ((name: string, version: string) => boolean) =>
  (name, version) =>
    name === 'ExcelApi' && Number(version.split('.')[1]) <= upTo;

function setup(
  options: FakeOptions = { sheets: [{ name: 'Sheet1' }] },
  upTo = 99,
): { fake: FakeExcel; host: ReturnType<typeof createExcelHost> } {
  const fake = new FakeExcel(options);
  return { fake, host: createExcelHost(fake.run, excelApi(upTo), { ownChangeGraceMs: 0 }) };
}

/** The calls made on the object a conditional-format `add` returned, by id. */
function conditionalFormats(calls: readonly Call[]): { address: string; formula: unknown; fill: unknown; font: unknown }[] {
  return calls
    .filter((c) => c.op === 'conditionalFormats.add')
    .map((add) => {
      const set = (op: string): unknown => calls.find((c) => c.id === add.id && c.op === `conditionalFormats.add().custom.${op}`)?.value;
      return { address: add.address ?? '', formula: set('rule.formula'), fill: set('format.fill.color'), font: set('format.font.color') };
    });
}

const template = buildTemplate();
const { plan, layout } = template;
const main = plan.sheets.find((s) => s.name === DEFAULT_SHEET)!;

describe('apply: the template in one Excel.run', () => {
  const { fake, host } = setup();
  beforeAll(() => host.apply(plan));

  it('takes 2 syncs: what exists, then everything', () => {
    expect(fake.runs).toEqual([2]);
    expect(fake.syncs).toBeLessThanOrEqual(2);
  });

  it('adds the three sheets, the helper sheets very hidden', () => {
    expect(fake.ops('worksheets.add').map((c) => c.sheet)).toEqual([DEFAULT_SHEET, META_SHEET, CALC_SHEET]);
    expect(fake.sheets.map((s) => [s.name, s.visibility])).toEqual([
      ['Sheet1', 'Visible'],
      [DEFAULT_SHEET, 'Visible'],
      [META_SHEET, 'VeryHidden'],
      [CALC_SHEET, 'VeryHidden'],
    ]);
  });

  it('writes each sheet with one formulas matrix over its bounding box', () => {
    const writes = fake.ops('formulas');
    expect(writes.map((w) => w.sheet)).toEqual([DEFAULT_SHEET, META_SHEET, CALC_SHEET]);
    expect(writes[1]!.address).toMatch(/^A1:D\d+$/);
  });

  it('leaves every cell holding what the plan says: formulas, text kept as text, numbers, blanks', () => {
    for (const sheet of plan.sheets) {
      for (const c of sheet.cells) {
        const held = fake.cell(sheet.name, c.row, c.col);
        const where = `${sheet.name}!${a1(c)}`;
        if (c.formula !== undefined) expect([where, held?.formula]).toEqual([where, c.formula]);
        else if (c.value === null) expect([where, held]).toEqual([where, undefined]);
        else if (c.value !== undefined) expect([where, held?.value]).toEqual([where, c.value]);
      }
    }
    // A few cells by address, as a reader would find them.
    expect(fake.cell(META_SHEET, 1, 1)?.value).toBe(META_MARK);
    expect(fake.cell(META_SHEET, 1, 2)?.value).toBe(1);
    const total = layout.cells.get('T3.new.total')!;
    expect(fake.cell(DEFAULT_SHEET, total.top, total.left)?.formula).toMatch(/^SUM\(nianbao_calc!\$D\$\d+/);
    const flag = fake.cell(DEFAULT_SHEET, total.top, total.left + FLAG_OFFSET);
    expect(flag?.formula).toMatch(/^nianbao_calc!\$E\$\d+$/);
    expect(fake.cell(DEFAULT_SHEET, 1, 1)?.formula).toMatch(/^IF\(TRIM\(E\d+\)=""/);
  });

  it('merges, column widths in points, hidden flag columns, row heights', () => {
    expect(fake.ops('merge')).toHaveLength(main.merges.length);
    expect(fake.ops('merge')[0]).toMatchObject({ sheet: DEFAULT_SHEET, value: false });
    expect(fake.ops('format.columnWidth').map((c) => [c.address, c.value])).toEqual([
      ['A:O', 45.75],
      ['Q:Q', 192.75],
      ['U:AI', 24.75],
    ]);
    expect(fake.ops('columnHidden').map((c) => [c.address, c.value])).toEqual([['U:AI', true]]);
    expect(fake.ops('format.rowHeight').length).toBeGreaterThan(5);
  });

  it('styles cells by style as rectangles: fonts, fills, alignment, borders, number formats', () => {
    const t3 = layout.cells.get('T3.new.natural')!;
    const fills = fake.ops('format.fill.color').filter((c) => c.value === '#FFFDE7');
    expect(fills.some((c) => c.address?.startsWith(a1({ row: t3.top, col: t3.left })) && c.address.includes(':'))).toBe(true);
    expect(fake.ops('format.font.name').map((c) => c.value)).toContain('黑体');
    expect(fake.ops('format.horizontalAlignment').map((c) => c.value)).toContain('Center');
    expect(fake.ops('format.borders.getItem').map((c) => c.value)).toEqual(
      expect.arrayContaining(['EdgeTop', 'InsideHorizontal', 'InsideVertical']),
    );
    expect(fake.ops('format.borders.getItem().style').every((c) => c.value === 'Continuous')).toBe(true);
    const styled = main.cells.filter((c) => c.style).length;
    expect(fake.ops('format.font.name').length).toBeLessThan(styled / 3);
    const formats = fake.ops('numberFormat');
    expect(formats).toHaveLength(1);
    const box = formats[0]!.address!.split(':')[0]!;
    expect(box).toMatch(/^[A-Z]+\d+$/);
  });

  it('adds the marks: a custom conditional format per table cell and severity, with the flag formula and MARKS colours', () => {
    const cfs = conditionalFormats(fake.calls);
    expect(cfs).toHaveLength(main.conditionalFormats.length);
    const at = layout.cells.get('T3.new.natural')!;
    const flag = a1({ row: at.top, col: at.left + FLAG_OFFSET });
    expect(cfs.filter((c) => c.address === a1({ row: at.top, col: at.left }))).toEqual([
      { address: a1({ row: at.top, col: at.left }), formula: `=${flag}=2`, fill: '#FFC7CE', font: '#9C0006' },
      { address: a1({ row: at.top, col: at.left }), formula: `=${flag}=1`, fill: '#FFEB9C', font: '#9C5700' },
    ]);
    // Each range is cleared once before its marks are added, so a repair does not pile them up.
    expect(fake.ops('conditionalFormats.clearAll')).toHaveLength(main.conditionalFormats.length / 2);
  });

  it('adds data validation on the inputs with Chinese alerts', () => {
    expect(fake.ops('dataValidation.rule')).toHaveLength(main.validations.length);
    const at = layout.cells.get('T3.new.natural')!;
    const address = a1({ row: at.top, col: at.left });
    const on = fake.calls.filter((c) => c.address === address && c.op.startsWith('dataValidation'));
    expect(on.map((c) => c.op)).toEqual([
      'dataValidation.clear',
      'dataValidation.rule',
      'dataValidation.errorAlert',
      'dataValidation.ignoreBlanks',
    ]);
    expect(on[1]!.value).toEqual({ wholeNumber: { formula1: 0, operator: 'GreaterThanOrEqualTo' } });
    expect(on[2]!.value).toMatchObject({ showAlert: true, style: 'Stop', title: '年报助手' });
    expect((on[2]!.value as Excel.DataValidationErrorAlert).message).toMatch(/请填写不小于 0 的整数/);
    const level = fake.ops('dataValidation.rule').find((c) => (c.value as Excel.DataValidationRule).list);
    expect((level!.value as Excel.DataValidationRule).list!.source).toContain('县级');
    const year = fake.ops('dataValidation.rule').find((c) => (c.value as Excel.DataValidationRule).wholeNumber?.operator === 'Between');
    expect(year!.value).toEqual({ wholeNumber: { formula1: 2019, formula2: 2100, operator: 'Between' } });
  });

  it('adds the defined names and the print setup', () => {
    expect(fake.ops('names.add').map((c) => c.value)).toEqual(
      plan.names.map((n) => ({ name: n.name, reference: `='${n.sheet}'!${rangeA1(n.range, true)}` })),
    );
    expect(fake.names).toEqual(new Set(['NB_T2', 'NB_T3', 'NB_T4']));
    expect(fake.ops('pageLayout.setPrintArea').map((c) => c.value)).toEqual([rangeA1(main.print!.area, true)]);
    expect(fake.ops('horizontalPageBreaks.add').map((c) => c.value)).toEqual(main.print!.breaksAfter.map((r) => `A${r + 1}`));
    expect(fake.ops('pageLayout.paperSize').map((c) => c.value)).toEqual(['A4']);
  });

  it('suspends recalculation until its one write sync', () => {
    expect(fake.ops('suspendApiCalculationUntilNextSync')).toHaveLength(1);
  });

  it('reports the size of the batch', () => {
    // Not a limit: a record of how many commands one template insertion queues.
    expect(fake.calls.length).toBeLessThan(10_000);
    console.info(`apply(template): ${fake.syncs} syncs, ${fake.calls.length} queued commands`);
  });
});

describe('apply on older Excel', () => {
  it('without ExcelApi 1.6–1.9: no conditional formats, validation or print setup, and no error', async () => {
    const { fake, host } = setup(undefined, 5);
    expect(host.features).toEqual({ conditionalFormats: false, changeEvents: false, dataValidation: false, printSetup: false });
    await host.apply(plan);
    expect(fake.calls.filter((c) => /^(conditionalFormats|dataValidation|pageLayout|horizontalPageBreaks)/.test(c.op))).toEqual([]);
    expect(fake.ops('suspendApiCalculationUntilNextSync')).toEqual([]);
    expect(fake.ops('names.add')).toHaveLength(3);
    expect(fake.runs).toEqual([2]);
  });

  it('without ExcelApi 1.4 it leaves the defined names out too', async () => {
    const { fake, host } = setup(undefined, 3);
    await host.apply(plan);
    expect(fake.ops('names.load')).toEqual([]);
    expect(fake.ops('names.add')).toEqual([]);
    expect(fake.cell(META_SHEET, 1, 1)?.value).toBe(META_MARK);
  });

  it('with nothing supported at all', async () => {
    const fake = new FakeExcel({ sheets: [{ name: 'Sheet1' }] });
    const host = createExcelHost(fake.run, () => {
      throw new Error('no requirements API');
    });
    await expect(host.apply(plan)).resolves.toBeUndefined();
    expect(host.features.conditionalFormats).toBe(false);
  });
});

describe('apply into a workbook that has the sheets and names already', () => {
  it('writes into the sheets and replaces the names, still in 2 syncs', async () => {
    const { fake, host } = setup({
      sheets: [
        { name: DEFAULT_SHEET, cells: { A80: '别的内容' } },
        { name: META_SHEET, visibility: 'VeryHidden' },
      ],
      names: ['NB_T2'],
    });
    await host.apply(plan);
    expect(fake.ops('worksheets.add').map((c) => c.sheet)).toEqual([CALC_SHEET]);
    expect(fake.ops('names.delete').map((c) => c.value)).toEqual(['NB_T2']);
    expect(fake.cell(DEFAULT_SHEET, 80, 1)?.value).toBe('别的内容');
    expect(fake.runs).toEqual([2]);
  });

  it('writes plain text that starts with = or looks like a number as text', async () => {
    const odd: WorkbookPlan = {
      sheets: [
        {
          name: 'Sheet1',
          visibility: 'visible',
          cells: [
            { row: 2, col: 2, value: '=1+1' },
            { row: 2, col: 3, value: '033000' },
            { row: 3, col: 2, value: 'TRUE' },
            { row: 3, col: 3, value: 7 },
          ],
          merges: [],
          columns: [],
          rows: [],
          conditionalFormats: [],
          validations: [],
        },
      ],
      names: [],
    };
    const { fake, host } = setup();
    await host.apply(odd);
    expect(fake.ops('formulas').map((c) => [c.address, c.value])).toEqual([
      [
        'B2:C3',
        [
          ["'=1+1", "'033000"],
          ["'TRUE", 7],
        ],
      ],
    ]);
    expect([fake.cell('Sheet1', 2, 2), fake.cell('Sheet1', 2, 3), fake.cell('Sheet1', 3, 2), fake.cell('Sheet1', 3, 3)]).toEqual([
      { value: '=1+1' },
      { value: '033000' },
      { value: 'TRUE' },
      { value: 7 },
    ]);
  });

  it('turns an Excel failure into a HostError with a Chinese message and the cause', async () => {
    const { host } = setup({ sheets: [{ name: 'Sheet1' }], failOn: { op: 'merge', code: 'InvalidOperation' } });
    const error = await host.apply(plan).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostError);
    expect((error as HostError).message).toBe('写入模板失败：Excel refused merge');
    expect((error as HostError).cause).toMatchObject({ code: 'InvalidOperation' });
  });

  it('inserting the same template twice replaces its names instead of failing', async () => {
    const { fake, host } = setup();
    await host.apply(plan);
    await expect(host.apply(plan)).resolves.toBeUndefined();
    expect(fake.ops('names.delete')).toHaveLength(3);
    expect(fake.ops('worksheets.add')).toHaveLength(3);
  });
});

/** Everything the fake holds: sheets in order with their cells and number formats, the names, the marks and rules left. */
function held(fake: FakeExcel): unknown {
  const cfs = new Map<string, number>();
  const rules = new Map<string, unknown>();
  for (const c of fake.calls) {
    const where = `${c.sheet ?? ''}!${c.address ?? ''}`;
    if (c.op === 'conditionalFormats.clearAll') cfs.set(where, 0);
    else if (c.op === 'conditionalFormats.add') cfs.set(where, (cfs.get(where) ?? 0) + 1);
    else if (c.op === 'dataValidation.clear') rules.delete(where);
    else if (c.op === 'dataValidation.rule') rules.set(where, c.value);
  }
  return {
    sheets: fake.sheets.map((s) => ({ name: s.name, visibility: s.visibility, cells: [...s.cells], formats: [...s.formats] })),
    names: [...fake.names].sort(),
    conditionalFormats: [...cfs].filter(([, n]) => n > 0).sort(),
    validations: [...rules].sort(([a], [b]) => a.localeCompare(b)),
  };
}

describe('apply given the outline (known): one sync', () => {
  /** The same workbook twice: one applied the 2-sync way (no outline), one given `known`; the syncs of the latter. */
  async function both(
    options: FakeOptions,
    known: (fake: FakeExcel, host: SpreadsheetHost) => Promise<WorkbookOutline>,
  ): Promise<{ given: FakeExcel; without: FakeExcel; runs: number[] }> {
    const without = setup(options);
    await without.host.apply(plan);
    const given = setup(options);
    const outline = await known(given.fake, given.host);
    const before = given.fake.runs.length;
    await given.host.apply(plan, outline);
    return { given: given.fake, without: without.fake, runs: given.fake.runs.slice(before) };
  }

  it('takes 1 sync and queues exactly what the 2-sync way queues after its look', async () => {
    const { given, without, runs } = await both({ sheets: [{ name: 'Sheet1' }] }, (_, host) => host.outline());
    expect(runs).toEqual([1]);
    const writes = (fake: FakeExcel): Call[] =>
      fake.calls.filter((c) => !['worksheets.load', 'names.load', 'getSelectedRange'].includes(c.op));
    expect(writes(given)).toEqual(writes(without));
    expect(held(given)).toEqual(held(without));
  });

  it('over a workbook with the sheets and a name already (an outline that lists them): 1 sync, written into, replaced', async () => {
    const options: FakeOptions = {
      sheets: [
        { name: DEFAULT_SHEET, cells: { A80: '别的内容' } },
        { name: META_SHEET, visibility: 'VeryHidden' },
      ],
      names: ['NB_T2'],
    };
    const { given, without, runs } = await both(options, (_, host) => host.outline());
    expect(runs).toEqual([1]);
    expect(given.ops('worksheets.add').map((c) => c.sheet)).toEqual([CALC_SHEET]);
    expect(given.ops('names.delete').map((c) => c.value)).toEqual(['NB_T2']);
    expect(held(given)).toEqual(held(without));
  });

  describe('an outline the workbook has moved on from: the batch fails, and is done again the 2-sync way (1 + 2)', () => {
    it('a name that came since', async () => {
      const { given, without, runs } = await both({ sheets: [{ name: 'Sheet1' }], names: ['NB_T3'] }, async (fake, host) => {
        fake.names.delete('NB_T3');
        const outline = await host.outline();
        fake.names.add('NB_T3');
        return outline;
      });
      expect(runs).toEqual([1, 2]);
      expect(held(given)).toEqual(held(without));
      expect(given.names).toEqual(new Set(['NB_T2', 'NB_T3', 'NB_T4']));
    });

    it('a name that went since', async () => {
      const { given, without, runs } = await both({ sheets: [{ name: 'Sheet1' }] }, async (fake, host) => {
        fake.names.add('NB_T2');
        const outline = await host.outline();
        fake.names.delete('NB_T2');
        return outline;
      });
      expect(runs).toEqual([1, 2]);
      expect(held(given)).toEqual(held(without));
    });

    it('a sheet that came since, with a cell of the clerk’s: written into, the cell kept, not added twice', async () => {
      const options: FakeOptions = { sheets: [{ name: 'Sheet1' }, { name: DEFAULT_SHEET, cells: { A80: '别的内容' } }] };
      const { given, without, runs } = await both(options, async (fake, host) => {
        const sheet = fake.sheets.splice(1, 1)[0]!;
        const outline = await host.outline();
        fake.sheets.push(sheet);
        return outline;
      });
      expect(runs).toEqual([1, 2]);
      expect(held(given)).toEqual(held(without));
      expect(given.cell(DEFAULT_SHEET, 80, 1)?.value).toBe('别的内容');
    });

    it('a sheet that went since: added again, in the plan’s order among the sheets', async () => {
      const { given, without, runs } = await both({ sheets: [{ name: 'Sheet1' }] }, async (fake, host) => {
        fake.addSheet(DEFAULT_SHEET);
        const outline = await host.outline();
        fake.sheets.splice(1, 1);
        return outline;
      });
      expect(runs).toEqual([1, 2]);
      expect(held(given)).toEqual(held(without));
      expect(given.sheets.map((s) => s.name)).toEqual(['Sheet1', DEFAULT_SHEET, META_SHEET, CALC_SHEET]);
    });
  });

  it('a failure that has nothing to do with the outline: tried once more the 2-sync way, then reported as without it', async () => {
    const { fake, host } = setup({ sheets: [{ name: 'Sheet1' }], failOn: { op: 'merge', code: 'InvalidOperation' } });
    const outline = await host.outline();
    fake.runs.length = 0;
    const error = await host.apply(plan, outline).catch((e: unknown) => e);
    expect(fake.runs).toEqual([1, 2]);
    expect(error).toBeInstanceOf(HostError);
    expect((error as HostError).message).toBe('写入模板失败：Excel refused merge');
    expect((error as HostError).cause).toMatchObject({ code: 'InvalidOperation' });
  });

  it('on ExcelApi below 1.4 (no names): 1 sync too, the names left out', async () => {
    const { fake, host } = setup(undefined, 3);
    const outline = await host.outline();
    fake.runs.length = 0;
    await host.apply(plan, outline);
    expect(fake.runs).toEqual([1]);
    expect(fake.ops('names.add')).toEqual([]);
    expect(fake.cell(META_SHEET, 1, 1)?.value).toBe(META_MARK);
  });
});

describe('read: one round trip', () => {
  async function written(
    upTo = 99,
    nullObjects: FakeOptions['nullObjects'] = 'chain',
  ): Promise<{ fake: FakeExcel; host: ReturnType<typeof createExcelHost> }> {
    const fake = new FakeExcel({ sheets: [{ name: 'Sheet1' }], nullObjects });
    await createExcelHost(fake.run, excelApi(99)).apply(plan);
    fake.runs.length = 0;
    fake.syncs = 0;
    return { fake, host: createExcelHost(fake.run, excelApi(upTo)) };
  }

  it('loads every sheet and the used ranges of the sheets asked for, in 1 sync', async () => {
    const { fake, host } = await written();
    const grid = await host.read([META_SHEET, NOTES_SHEET]);
    expect(fake.runs).toEqual([1]);
    expect(grid.sheets).toEqual([
      { name: 'Sheet1', visibility: 'visible' },
      { name: DEFAULT_SHEET, visibility: 'visible' },
      { name: META_SHEET, visibility: 'veryHidden' },
      { name: CALC_SHEET, visibility: 'veryHidden' },
    ]);
    expect(grid.value(META_SHEET, 1, 1)).toBe(META_MARK);
    expect(grid.formula(META_SHEET, 2, 2)).toBe("'年报'!$A$1");
    // A sheet not asked for, or not there, reads as empty.
    expect(grid.value(DEFAULT_SHEET, 3, 1)).toBeNull();
    expect(grid.value(NOTES_SHEET, 2, 1)).toBeNull();
  });

  it('reads a sheet whose used range does not start at A1 at the right places', async () => {
    const { fake, host } = setup({ sheets: [{ name: 'S', cells: { C5: 1, D7: '=C5*2', E6: '033000' } }] });
    const grid = await host.read(['S']);
    expect(fake.runs).toEqual([1]);
    expect([grid.value('S', 5, 3), grid.formula('S', 7, 4), grid.value('S', 6, 5), grid.value('S', 4, 3), grid.formula('S', 5, 3)]).toEqual(
      [1, 'C5*2', 33000, null, null],
    );
  });

  it('falls back to reading in two steps where Excel does not chain a missing sheet\u2019s null object', async () => {
    const { fake, host } = await written(99, 'throw');
    const grid = await host.read([META_SHEET, NOTES_SHEET]);
    expect(fake.runs).toEqual([1, 2]);
    expect(grid.value(META_SHEET, 1, 1)).toBe(META_MARK);
  });

  it('reads in 2 syncs on ExcelApi below 1.4', async () => {
    const { fake, host } = await written(3);
    const grid = await host.read([META_SHEET, NOTES_SHEET]);
    expect(fake.runs).toEqual([2]);
    expect(grid.value(META_SHEET, 1, 1)).toBe(META_MARK);
  });

  it('reads number formats in the same sync, so that a count a clerk formatted as a date is reported, not counted', async () => {
    const { fake, host } = await written();
    const at = layout.cells.get('T2.license.decisions')!;
    fake.sheet(DEFAULT_SHEET)!.formats.set(`${at.top},${at.left}`, 'yyyy/m/d');
    fake.sheet(DEFAULT_SHEET)!.cells.set(`${at.top},${at.left}`, { value: 45658 });

    const grid = await host.read([DEFAULT_SHEET, META_SHEET]);
    const reading = readTemplateWorkbook(grid); // the fake does not recalculate the meta sheet's mirror

    expect(fake.runs).toEqual([1]);
    expect(grid.numberFormat?.(DEFAULT_SHEET, at.top, at.left)).toBe('yyyy/m/d');
    expect(dateLikeFormat(grid.numberFormat?.(DEFAULT_SHEET, at.top, at.left + 1) ?? '')).toBeNull(); // as the template formats counts
    expect(reading.ok && reading.value.problems.map((p) => [p.rule, p.cells])).toEqual([['cell.notNumber', ['T2.license.decisions']]]);
    expect(reading.ok && reading.value.problems[0]!.message).toContain('显示为日期（2025/1/1）');
  });
});

describe('write, select, isEmpty, outline: one round trip each', () => {
  it('write: plain values, text kept as text, null clears, 1 sync', async () => {
    const { fake, host } = setup({ sheets: [{ name: 'Sheet1', cells: { B2: 5 } }] });
    await host.write([
      { sheet: 'Sheet1', row: 1, col: 1, value: 12 },
      { sheet: 'Sheet1', row: 1, col: 2, value: '=说明' },
      { sheet: 'Sheet1', row: 2, col: 2, value: null },
    ]);
    expect(fake.runs).toEqual([1]);
    expect(fake.ops('values').map((c) => [c.address, c.value])).toEqual([
      ['A1', [[12]]],
      ['B1', [["'=说明"]]],
      ['B2', [['']]],
    ]);
    expect([fake.cell('Sheet1', 1, 1), fake.cell('Sheet1', 1, 2), fake.cell('Sheet1', 2, 2)]).toEqual([
      { value: 12 },
      { value: '=说明' },
      undefined,
    ]);
  });

  it('write to a sheet that is gone: HostError', async () => {
    const { host } = setup();
    await expect(host.write([{ sheet: '没有', row: 1, col: 1, value: 1 }])).rejects.toThrow(/^写入单元格失败：/);
  });

  it('select: activates the sheet and selects the cell, 1 sync', async () => {
    const { fake, host } = setup({ sheets: [{ name: 'Sheet1' }, { name: DEFAULT_SHEET }] });
    await host.select({ sheet: DEFAULT_SHEET, row: 7, col: 9 });
    expect(fake.runs).toEqual([1]);
    expect(fake.calls.map((c) => [c.op, c.sheet, c.address])).toEqual([
      ['activate', DEFAULT_SHEET, undefined],
      ['select', DEFAULT_SHEET, 'I7'],
    ]);
  });

  it('isEmpty: 1 sync; a missing sheet is empty', async () => {
    const { fake, host } = setup({ sheets: [{ name: 'Sheet1', cells: { C3: 'x' } }] });
    const rect = { top: 1, left: 1, bottom: 5, right: 5 };
    expect(await host.isEmpty('Sheet1', rect)).toBe(false);
    expect(await host.isEmpty('Sheet1', { top: 4, left: 1, bottom: 9, right: 9 })).toBe(true);
    expect(await host.isEmpty('没有这张表', rect)).toBe(true);
    expect(fake.runs).toEqual([1, 1, 1]);
  });

  it('outline: sheets, defined names and the selected cell, 1 sync', async () => {
    const { fake, host } = setup({
      sheets: [{ name: 'Sheet1' }, { name: META_SHEET, visibility: 'VeryHidden' }],
      names: ['NB_T2'],
      selection: "'年报 (2)'!C7:D9",
    });
    expect(await host.outline()).toEqual({
      sheets: [
        { name: 'Sheet1', visibility: 'visible' },
        { name: META_SHEET, visibility: 'veryHidden' },
      ],
      names: ['NB_T2'],
      active: { sheet: '年报 (2)', row: 7, col: 3 },
    });
    expect(fake.runs).toEqual([1]);
  });

  it('outline on ExcelApi below 1.4: no names (apply adds none there either)', async () => {
    const { fake, host } = setup({ sheets: [{ name: 'Sheet1' }], names: ['NB_T2'] }, 3);
    expect((await host.outline()).names).toEqual([]);
    expect(fake.ops('names.load')).toEqual([]);
  });

  it('outline with a chart selected: the sheets and names, no active cell', async () => {
    const { fake, host } = setup({ sheets: [{ name: 'Sheet1' }], names: ['NB_T2'], selection: 'chart' });
    expect(await host.outline()).toEqual({ sheets: [{ name: 'Sheet1', visibility: 'visible' }], names: ['NB_T2'], active: null });
    expect(fake.runs).toEqual([1, 1]);
  });

  it.each([
    ['Sheet1!A1', { sheet: 'Sheet1', row: 1, col: 1 }],
    ["'It''s'!B2:C3", { sheet: "It's", row: 2, col: 2 }],
    ['Sheet1!A:A', null],
    ['Sheet1!3:3', null],
  ])('selectionCell(%j)', (address, cell) => {
    expect(selectionCell(address)).toEqual(cell);
  });
});

describe('onChange', () => {
  it('registers once (1 sync), calls listeners for the clerk\u2019s changes and not for the host\u2019s own', async () => {
    const fake = new FakeExcel({ sheets: [{ name: 'Sheet1' }] });
    let clock = 1000;
    const host = createExcelHost(fake.run, excelApi(), { ownChangeGraceMs: 300, now: () => clock });
    const a = jest.fn();
    const b = jest.fn();
    const stopA = await host.onChange(a);
    const stopB = await host.onChange(b);
    expect(fake.ops('onChanged.add')).toHaveLength(1);
    expect(fake.runs).toEqual([1]);

    await fake.change();
    expect([a.mock.calls.length, b.mock.calls.length]).toEqual([1, 1]);

    // Events raised by the host's own write: during it (Excel may deliver them before the sync
    // resolves) and shortly after, or marked by ExcelApi 1.14 as this add-in's.
    const write = host.write([{ sheet: 'Sheet1', row: 1, col: 1, value: 1 }]);
    await fake.change();
    await write;
    await fake.change();
    await fake.change({ triggerSource: 'ThisLocalAddin' });
    expect(a).toHaveBeenCalledTimes(1);
    clock += 301;
    await fake.change();
    expect(a).toHaveBeenCalledTimes(2);

    stopA();
    await fake.change();
    expect([a.mock.calls.length, b.mock.calls.length]).toEqual([2, 3]);
    stopB();
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake.ops('onChanged.remove')).toHaveLength(1);
    expect(fake.handlers.size).toBe(0);
  });

  it('without ExcelApi 1.7: nothing registered, a harmless stop function', async () => {
    const { fake, host } = setup(undefined, 6);
    const stop = await host.onChange(jest.fn());
    expect(fake.calls).toEqual([]);
    expect(() => stop()).not.toThrow();
  });
});
