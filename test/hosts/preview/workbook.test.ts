import type { Rect } from '../../../src/core/layout/a1';
import type { SheetPlan, WorkbookPlan } from '../../../src/core/layout/plan';
import { CALC_SHEET, DEFAULT_SHEET, FLAG_OFFSET, META_SHEET, buildTemplate } from '../../../src/core/layout/template';
import { HostError } from '../../../src/core/port';
import { statusText } from '../../../src/core/rules/compile';
import { evaluate } from '../../../src/core/rules/evaluate';
import { parseTyped } from '../../../src/hosts/preview/grid-model';
import { breaksValidation, createPreviewWorkbook, type WorkbookEvent } from '../../../src/hosts/preview/workbook';
import { DAMAGES, damage, jiaokou, seeded, validReport } from '../../support/reports';
import { agreement } from './agreement';

const rect = (top: number, left: number, bottom = top, right = left): Rect => ({ top, left, bottom, right });

function sheetPlan(name: string, over: Partial<SheetPlan> = {}): SheetPlan {
  return { name, visibility: 'visible', cells: [], merges: [], columns: [], rows: [], conditionalFormats: [], validations: [], ...over };
}

function templateWorkbook(data = jiaokou()) {
  const workbook = createPreviewWorkbook();
  const { plan, layout } = buildTemplate({ data });
  workbook.apply(plan);
  return { workbook, layout, plan };
}

function recorded(workbook: ReturnType<typeof createPreviewWorkbook>): WorkbookEvent[] {
  const events: WorkbookEvent[] = [];
  workbook.subscribe((e) => events.push(e));
  return events;
}

describe('the preview workbook with the template applied', () => {
  it('computes the same status lines and flags as evaluate() on the data (jiaokou)', () => {
    const data = jiaokou();
    const { workbook, layout } = templateWorkbook(data);

    const checked = agreement(workbook, layout);
    const expected = evaluate(data);

    expect(checked.disagreements).toEqual([]);
    expect(checked.data.cells).toEqual(data.cells);
    expect(
      (['T2', 'T3', 'T4'] as const).map((t) => workbook.value(DEFAULT_SHEET, layout.tables[t].status.row, layout.tables[t].status.col)),
    ).toEqual((['T2', 'T3', 'T4'] as const).map((t) => statusText(expected.counts[t])));
    expect(expected.findings.map((f) => f.rule)).toEqual(['cell.blank']);
    const blank = layout.cells.get('T3.carryForward.commercial')!;
    expect(workbook.value(DEFAULT_SHEET, blank.top, blank.left + FLAG_OFFSET)).toBe(2);
    expect(workbook.mark(DEFAULT_SHEET, blank.top, blank.left)).toBe('error');
  });

  it('leaves no formula of the template with an error value', () => {
    const { workbook, plan } = templateWorkbook();

    const errors = plan.sheets.flatMap((s) =>
      s.cells
        .filter((c) => c.formula !== undefined && /^#/.test(String(workbook.value(s.name, c.row, c.col))))
        .map((c) => `${s.name}!R${c.row}C${c.col}`),
    );

    expect(errors).toEqual([]);
  });

  it.each(DAMAGES.flatMap((kind) => [1, 2, 3].map((seed) => [kind, seed] as const)))(
    'agrees with the evaluator on a report with the damage %s (seed %i)',
    (kind, seed) => {
      const random = seeded(seed * 7919 + kind.length);
      const data = damage(validReport(random), kind, random);
      const { workbook, layout } = templateWorkbook(data);

      const checked = agreement(workbook, layout);

      expect(checked.disagreements).toEqual([]);
      expect(checked.evaluation.findings.length).toBeGreaterThan(0);
    },
  );

  it('updates totals and flags when 13 is typed into T3.new.natural: T3.balance fails for 自然人', () => {
    const { workbook, layout } = templateWorkbook();
    const at = (id: string): Rect => layout.cells.get(id)!;
    const cell = at('T3.new.natural');
    const total = at('T3.new.total');
    const status = layout.tables.T3.status;
    const before = workbook.value(DEFAULT_SHEET, total.top, total.left);

    workbook.setCells([{ sheet: DEFAULT_SHEET, row: cell.top, col: cell.left, value: parseTyped('13') }], 'user');

    const checked = agreement(workbook, layout);
    const balances = checked.evaluation.findings.filter((f) => f.rule === 'T3.balance');
    const balance = balances.find((f) => f.cells.includes('T3.new.natural'));
    expect(before).toBe(12);
    expect(workbook.value(DEFAULT_SHEET, cell.top, cell.left)).toBe(13);
    expect(workbook.value(DEFAULT_SHEET, total.top, total.left)).toBe(13);
    expect(balance?.cells).toEqual(expect.arrayContaining(['T3.new.natural']));
    expect(balance?.cells.every((id) => id.endsWith('.natural'))).toBe(true);
    expect(workbook.value(DEFAULT_SHEET, cell.top, cell.left + FLAG_OFFSET)).toBe(2);
    expect(workbook.mark(DEFAULT_SHEET, cell.top, cell.left)).toBe('error');
    // The 总计 column's balance fails with it (its new total follows the typed 13).
    expect(balances.map((f) => f.cells.find((id) => id.startsWith('T3.new.')))).toEqual(['T3.new.natural', 'T3.new.total']);
    expect(workbook.value(DEFAULT_SHEET, status.row, status.col)).toBe('校验：2 处错误，1 格未填');
    expect(checked.disagreements).toEqual([]);
  });

  it('tells which cells a change reached, dependents and marks included, in one event', () => {
    const { workbook, layout } = templateWorkbook();
    const events = recorded(workbook);
    const cell = layout.cells.get('T3.new.natural')!;
    const total = layout.cells.get('T3.new.total')!;
    const status = layout.tables.T3.status;

    workbook.setCells([{ sheet: DEFAULT_SHEET, row: cell.top, col: cell.left, value: 13 }], 'user');

    expect(events).toHaveLength(1);
    const [event] = events;
    if (event?.kind !== 'cells') throw new Error('expected a cells event');
    expect(event.source).toBe('user');
    const changed = new Set(event.cells.map((c) => `${c.sheet}!${c.row}:${c.col}`));
    for (const [row, col] of [
      [cell.top, cell.left],
      [total.top, total.left],
      [status.row, status.col],
      [cell.top, cell.left + FLAG_OFFSET],
    ] as const)
      expect(changed.has(`${DEFAULT_SHEET}!${row}:${col}`)).toBe(true);
    expect([...changed].some((k) => k.startsWith(`${CALC_SHEET}!`))).toBe(true);
  });

  it('recalculates the whole template in under 30 ms', () => {
    const { workbook } = templateWorkbook();
    const times: number[] = [];
    for (let i = 0; i < 25; i++) times.push(workbook.recalculate().ms);
    times.sort((a, b) => a - b);

    expect(workbook.lastRecalc().formulas).toBeGreaterThan(1500);
    expect(times[12]).toBeLessThan(30);
  });
});

describe('PreviewWorkbook.apply', () => {
  it('writes into a sheet that exists only the cells the plan has, and adds the other sheets after it', () => {
    const workbook = createPreviewWorkbook(['Sheet1']);
    workbook.setCells(
      [
        { sheet: 'Sheet1', row: 1, col: 1, value: 'kept' },
        { sheet: 'Sheet1', row: 2, col: 1, value: 'styled' },
        { sheet: 'Sheet1', row: 3, col: 1, value: 'replaced' },
      ],
      'addin',
    );
    const plan: WorkbookPlan = {
      sheets: [
        sheetPlan('sheet1', {
          cells: [
            { row: 2, col: 1, style: 'label' },
            { row: 3, col: 1, value: null },
            { row: 4, col: 1, formula: 'A1&"!"' },
          ],
          merges: [rect(5, 1, 5, 3)],
          columns: [{ col: 2, width: 20, hidden: true }],
          rows: [{ row: 5, height: 30 }],
        }),
        sheetPlan('hidden', { visibility: 'veryHidden', cells: [{ row: 1, col: 1, formula: 'Sheet1!A4' }] }),
      ],
      names: [{ name: 'NB_X', sheet: 'Sheet1', range: rect(1, 1, 4, 1) }],
    };

    workbook.apply(plan);

    expect(workbook.sheets()).toEqual([
      { name: 'Sheet1', visibility: 'visible' },
      { name: 'hidden', visibility: 'veryHidden' },
    ]);
    expect([1, 2, 3, 4].map((row) => workbook.value('Sheet1', row, 1))).toEqual(['kept', 'styled', null, 'kept!']);
    expect(workbook.style('Sheet1', 2, 1)).toBe('label');
    expect(workbook.value('hidden', 1, 1)).toBe('kept!');
    expect(workbook.mergeAt('Sheet1', 5, 3)).toEqual(rect(5, 1, 5, 3));
    expect(workbook.layout('Sheet1')).toEqual(expect.objectContaining({ lastRow: 5, lastCol: 3 }));
    expect(workbook.layout('Sheet1')?.columns.get(2)).toEqual({ width: 20, hidden: true });
    expect(workbook.names()).toEqual([{ name: 'NB_X', sheet: 'Sheet1', range: rect(1, 1, 4, 1) }]);
  });

  it('does not double conditional formats when the same plan is applied twice', () => {
    const workbook = createPreviewWorkbook();
    const { plan } = buildTemplate();

    workbook.apply(plan);
    workbook.apply(plan);

    expect(workbook.conditionalFormats(DEFAULT_SHEET)).toHaveLength(plan.sheets[0]!.conditionalFormats.length);
  });

  it('tells the views to draw everything again', () => {
    const workbook = createPreviewWorkbook();
    const events = recorded(workbook);

    workbook.apply(buildTemplate().plan);

    expect(events).toEqual([{ kind: 'structure' }]);
  });
});

describe('PreviewWorkbook formulas', () => {
  const small = (cells: SheetPlan['cells']) => {
    const workbook = createPreviewWorkbook([]);
    workbook.apply({ sheets: [sheetPlan('S', { cells })], names: [] });
    return workbook;
  };

  it('computes chains in dependency order, whatever order the cells were written in', () => {
    const workbook = small([
      { row: 3, col: 1, formula: 'A2*2' },
      { row: 2, col: 1, formula: 'A1+1' },
      { row: 1, col: 1, value: 1 },
    ]);

    expect(workbook.value('S', 3, 1)).toBe(4);
    workbook.setCells([{ sheet: 'S', row: 1, col: 1, value: 10 }], 'user');
    expect(workbook.value('S', 3, 1)).toBe(22);
  });

  it('replaces a formula with a typed value, and what depended on it follows', () => {
    const workbook = small([
      { row: 1, col: 1, value: 1 },
      { row: 2, col: 1, formula: 'A1+1' },
      { row: 3, col: 1, formula: 'A2*2' },
    ]);

    workbook.setCells([{ sheet: 'S', row: 2, col: 1, value: 7 }], 'user');

    expect(workbook.formula('S', 2, 1)).toBeNull();
    expect(workbook.value('S', 3, 1)).toBe(14);
  });

  it('shows 0 in the cells of a circular reference, as Excel does', () => {
    const workbook = small([
      { row: 1, col: 1, formula: 'B1+1' },
      { row: 1, col: 2, formula: 'A1+1' },
      { row: 1, col: 3, formula: 'A1+5' },
    ]);

    expect([workbook.value('S', 1, 1), workbook.value('S', 1, 2), workbook.value('S', 1, 3)]).toEqual([0, 0, 5]);
  });

  it('keeps a formula it cannot read and shows #NAME?', () => {
    const workbook = small([{ row: 1, col: 1, formula: 'SUM(1' }]);

    expect([workbook.value('S', 1, 1), workbook.formula('S', 1, 1), workbook.content('S', 1, 1)]).toEqual(['#NAME?', 'SUM(1', '=SUM(1']);
  });

  it('empties a cell written with ""', () => {
    const workbook = small([{ row: 1, col: 1, value: 'x' }]);

    workbook.setCells([{ sheet: 'S', row: 1, col: 1, value: '' }], 'user');

    expect([workbook.value('S', 1, 1), workbook.isEmpty('S', rect(1, 1))]).toEqual([null, true]);
  });

  it('refuses to write into a sheet that does not exist, with a HostError', () => {
    const workbook = createPreviewWorkbook();

    expect(() => workbook.setCells([{ sheet: '无', row: 1, col: 1, value: 1 }], 'addin')).toThrow(HostError);
  });
});

describe('PreviewWorkbook reading', () => {
  it('copies the sheets asked for: later changes do not show, other sheets read blank, every sheet is listed', () => {
    const { workbook, layout } = templateWorkbook();
    const grid = workbook.snapshot([META_SHEET]);
    const cell = layout.cells.get('T3.new.natural')!;

    workbook.setCells([{ sheet: DEFAULT_SHEET, row: cell.top, col: cell.left, value: 99 }], 'user');

    expect(grid.sheets.map((s) => s.name)).toEqual(['Sheet1', DEFAULT_SHEET, META_SHEET, CALC_SHEET]);
    expect(grid.value(META_SHEET, 1, 1)).toBe('nianbao-template');
    expect(grid.value(DEFAULT_SHEET, cell.top, cell.left)).toBeNull();
    expect(grid.formula(META_SHEET, 2, 2)).toMatch(/^'年报'!\$A\$1$/);
    expect(workbook.snapshot([META_SHEET]).value(META_SHEET, 1, 1)).toBe('nianbao-template');
  });

  it('shows content as an editor would: a formula with =, a number as General', () => {
    const { workbook, layout } = templateWorkbook();
    const total = layout.cells.get('T3.new.total')!;
    const fee = layout.cells.get('T2.fee.amount')!;
    workbook.setCells([{ sheet: DEFAULT_SHEET, row: fee.top, col: fee.left, value: 0.1 + 0.2 }], 'user');

    expect(workbook.content(DEFAULT_SHEET, total.top, total.left)).toMatch(/^=SUM\(/);
    expect(workbook.content(DEFAULT_SHEET, fee.top, fee.left)).toBe('0.3');
  });

  it('finds the data validation of a cell and says when a value breaks it', () => {
    const { workbook, layout } = templateWorkbook();
    const at = layout.cells.get('T3.new.natural')!;
    const rule = workbook.validationAt(DEFAULT_SHEET, at.top, at.left)!;

    expect(rule.type).toBe('whole');
    expect([12, 0, null, -1, 1.5, '12件'].map((v) => breaksValidation(rule, v))).toEqual([false, false, false, true, true, true]);
  });

  it('selects the top-left cell of a merged area and says so', () => {
    const { workbook, layout } = templateWorkbook();
    const events = recorded(workbook);

    workbook.select({ sheet: DEFAULT_SHEET, row: layout.title.top, col: layout.title.left + 3 });

    expect(workbook.selection()).toEqual({ sheet: DEFAULT_SHEET, row: layout.title.top, col: layout.title.left });
    expect(events).toEqual([{ kind: 'selection', at: { sheet: DEFAULT_SHEET, row: 1, col: 1 } }]);
  });
});
