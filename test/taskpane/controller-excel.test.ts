import { buildTemplate, DEFAULT_SHEET, META_SHEET } from '../../src/core/layout/template';
import { createExcelHost } from '../../src/hosts/excel/excel-host';
import { TaskpaneController, type OperationResult } from '../../src/taskpane/controller';
import { FakeExcel, interpreterRecalc, type FakeOptions } from '../hosts/excel/fake-excel';
import { readingOf, rereadOf } from '../support/pane-reading';

/**
 * 插入模板 and 导入上年年报 counted in `context.sync()` calls, as bench/syncs.ts counts them: the real
 * controller over the real Office.js host over the recording Excel fake (office-addin-mock's request
 * context, formulas recalculated by the preview's interpreter). The pane reads the new template from the
 * plan; each test also checks that this reading is the one a fresh read of the workbook gives.
 */

interface Pane {
  readonly fake: FakeExcel;
  readonly host: ReturnType<typeof createExcelHost>;
  readonly controller: TaskpaneController;
}

async function started(options: FakeOptions = {}): Promise<Pane> {
  const fake = new FakeExcel({ sheets: [{ name: 'Sheet1' }], recalc: interpreterRecalc(), ...options });
  const host = createExcelHost(fake.run, () => true, { ownChangeGraceMs: 0 });
  const controller = new TaskpaneController(host, { now: () => new Date('2025-01-10T08:00:00Z') });
  const start = await controller.start();
  if (start.status !== 'done') throw new Error(`start: ${start.status}`);
  return { fake, host, controller };
}

/** The syncs of each `Excel.run` that `op` made. */
async function runsOf<T>(fake: FakeExcel, op: () => Promise<T>): Promise<{ result: T; runs: number[] }> {
  const before = fake.runs.length;
  const result = await op();
  return { result, runs: fake.runs.slice(before) };
}

const sum = (runs: readonly number[]): number => runs.reduce((a, b) => a + b, 0);

describe('插入模板 in context.sync() calls (office-addin-mock Excel)', () => {
  let pane: Pane | null = null;
  afterEach(() => pane?.controller.dispose());

  it('onto a new sheet: 2 syncs for the whole of it (outline 1, apply 1), nothing read back', async () => {
    pane = await started();
    const callsBefore = pane.fake.calls.length;
    const { result, runs } = await runsOf(pane.fake, () => pane!.controller.insertTemplate('newSheet'));

    expect(result.status).toBe('done');
    expect(runs).toEqual([1, 1]);
    expect(pane.fake.calls.slice(callsBefore).filter((c) => c.op === 'getUsedRangeOrNullObject')).toEqual([]);
    expect(pane.controller.getState()).toMatchObject({ template: 'present', sheet: DEFAULT_SHEET, integrity: { status: 'checked' } });
    expect(readingOf(pane.controller)).toEqual(await rereadOf(pane.host));
  });

  it('at an empty selection: 3 syncs (outline, isEmpty, apply)', async () => {
    pane = await started({ sheets: [{ name: 'Sheet1', cells: { A1: '本表由办公室填写', B300: 7 } }], selection: "'Sheet1'!B3" });
    const { result, runs } = await runsOf(pane.fake, () => pane!.controller.insertTemplate('selection'));

    expect(result.status).toBe('done');
    expect(runs).toEqual([1, 1, 1]);
    expect(pane.controller.getState()).toMatchObject({ template: 'present', sheet: 'Sheet1' });
    expect(readingOf(pane.controller)).toEqual(await rereadOf(pane.host));
  });

  it('at a selection with content: asks after 2 syncs; on yes, 1 sync', async () => {
    pane = await started({ sheets: [{ name: 'Sheet1', cells: { E10: '张三的草稿' } }], selection: "'Sheet1'!A1" });
    const asked = await runsOf(pane.fake, () => pane!.controller.insertTemplate('selection'));
    expect(asked.result.status).toBe('needsConfirmation');
    expect(asked.runs).toEqual([1, 1]);
    const question = asked.result as Extract<OperationResult, { status: 'needsConfirmation' }>;

    const yes = await runsOf(pane.fake, () => question.confirm());

    expect(yes.result.status).toBe('done');
    expect(yes.runs).toEqual([1]);
    expect(sum(asked.runs) + sum(yes.runs)).toBe(3);
    expect(pane.fake.valueOf('Sheet1', 10, 5)).toBeNull();
    expect(readingOf(pane.controller)).toEqual(await rereadOf(pane.host));
  });

  it('on yes after the workbook changed under the question (a name added meanwhile): still right, through the retry (1 + 2)', async () => {
    pane = await started({ sheets: [{ name: 'Sheet1', cells: { E10: '张三的草稿' } }], selection: "'Sheet1'!A1" });
    const asked = await pane.controller.insertTemplate('selection');
    if (asked.status !== 'needsConfirmation') throw new Error(asked.status);
    // Another add-in (or the clerk) defines a name the template also defines while the pane asks.
    pane.fake.names.add('NB_T3');

    const yes = await runsOf(pane.fake, () => asked.confirm());

    expect(yes.result.status).toBe('done');
    expect(yes.runs).toEqual([1, 2]);
    expect(pane.fake.names).toEqual(new Set(['NB_T2', 'NB_T3', 'NB_T4']));
    expect(pane.fake.sheets.map((s) => s.name)).toEqual(['Sheet1', META_SHEET, 'nianbao_calc']);
    expect(pane.fake.ops('worksheets.add').map((c) => c.sheet)).toEqual([META_SHEET, 'nianbao_calc']);
    expect(readingOf(pane.controller)).toEqual(await rereadOf(pane.host));
  });
});

describe('导入上年年报 in context.sync() calls (office-addin-mock Excel)', () => {
  let pane: Pane | null = null;
  afterEach(() => pane?.controller.dispose());

  it('3 syncs: read, one apply for the kept sheet and the cells (told the sheets just read), read', async () => {
    pane = await started();
    await pane.controller.insertTemplate('newSheet');
    const last = { format: '2021', year: 2024, organ: '某县人民政府', cells: { 'T3.carryForward.natural': 2 } };
    const bytes = new TextEncoder().encode(JSON.stringify(last));

    const { result, runs } = await runsOf(pane.fake, () => pane!.controller.importPrevious('上年.json', bytes));

    expect(result.status).toBe('done');
    expect(runs).toEqual([1, 1, 1]);
    expect(pane.fake.sheets.map((s) => s.name)).toEqual(['Sheet1', DEFAULT_SHEET, META_SHEET, 'nianbao_calc', 'nianbao_previous']);
    const carried = buildTemplate().layout.cells.get('T3.carried.natural')!;
    expect(pane.fake.valueOf(DEFAULT_SHEET, carried.top, carried.left)).toBe(2);
    expect(pane.controller.getState().previous).toEqual({ year: 2024, organ: '某县人民政府' });
    expect(readingOf(pane.controller)).toEqual(await rereadOf(pane.host));
  });
});
