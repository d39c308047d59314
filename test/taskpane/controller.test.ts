import { cellsOf, FORMAT_2021 } from '../../src/core/format';
import { a1 } from '../../src/core/layout/a1';
import { buildTemplate, DEFAULT_SHEET, META_SHEET } from '../../src/core/layout/template';
import { NOTES_SHEET } from '../../src/core/notes';
import { PREVIOUS_SHEET } from '../../src/core/previous';
import type { ReportData } from '../../src/core/report/types';
import {
  statusLine,
  TaskpaneController,
  unavailableFeatures,
  type ListedFinding,
  type OperationResult,
} from '../../src/taskpane/controller';
import { validReport2021 } from '../fixtures/rules/reports';
import { FakeHost } from '../support/fake-host';
import { readingOf, rereadOf } from '../support/pane-reading';
import { generateDocument } from '../../src/core/narrative/generate';
import { NARRATIVE_SHEET, narrativeSheetPlan } from '../../src/core/narrative/sheet';

const SHEET = DEFAULT_SHEET;
const { layout } = buildTemplate({ sheet: SHEET });
/** Where a cell or 基本信息 field of the template at A1 of 年报 is. */
const at = (id: string): string => {
  const r = id.startsWith('info:') ? layout.info.get(id.slice(5) as never) : layout.cells.get(id);
  if (!r) throw new Error(`no ${id}`);
  return `${SHEET}!${a1({ row: r.top, col: r.left })}`;
};
const position = (id: string): { sheet: string; row: number; col: number } => {
  const r = id.startsWith('info:') ? layout.info.get(id.slice(5) as never)! : layout.cells.get(id)!;
  return { sheet: SHEET, row: r.top, col: r.left };
};

/** A workbook that already holds the template filled with `data` (the clerk made it earlier). */
async function workbookWith(
  data: ReportData = validReport2021(),
  options: ConstructorParameters<typeof FakeHost>[0] = {},
): Promise<FakeHost> {
  const host = new FakeHost({ sheets: [SHEET], ...options });
  await host.apply(buildTemplate({ data, sheet: SHEET }).plan);
  host.resetCalls();
  return host;
}

async function started(host: FakeHost): Promise<TaskpaneController> {
  const controller = new TaskpaneController(host, { now: () => new Date('2025-01-10T08:00:00Z') });
  await controller.start();
  host.resetCalls();
  return controller;
}

const findingOf = (c: TaskpaneController, rule: string, cell?: string): ListedFinding | undefined =>
  c.getState().findings.find((f) => f.finding.rule === rule && (cell === undefined || f.finding.cells.includes(cell)));

afterEach(() => {
  jest.useRealTimers();
});

describe('TaskpaneController: reading and live checks', () => {
  it('on an empty workbook says there is no template yet (listen + 1 read)', async () => {
    const host = new FakeHost();
    const controller = new TaskpaneController(host);

    await controller.start();

    expect(host.calls).toEqual(['onChange', 'read']);
    expect(controller.getState().template).toBe('absent');
    expect(statusLine(controller.getState())).toBe('工作簿中还没有年报模板：请点击“插入模板”。');
  });

  it('reads a filled template: data, no findings, 基本信息 for the form', async () => {
    const host = await workbookWith();
    const controller = await started(host);
    const state = controller.getState();

    expect(state.template).toBe('present');
    expect(state.sheet).toBe(SHEET);
    expect(state.findings).toEqual([]);
    expect(state.integrity.status).toBe('checked');
    expect(state.info.find((f) => f.field.key === 'organLevel')?.value).toBe('设区的市、自治州人民政府');
    expect(state.info.find((f) => f.field.key === 'year')?.value).toBe('2024');
    expect(statusLine(state)).toBe('表二：无问题；表三：无问题；表四：无问题');
  });

  it('validates in 2 round trips the first time (the template’s sheet is not known yet), refresh in exactly 1 after', async () => {
    const host = await workbookWith();
    const controller = new TaskpaneController(host);

    await controller.validate();
    expect(host.calls).toEqual(['read', 'read']);
    expect(host.reads).toEqual([
      [META_SHEET, NOTES_SHEET, NARRATIVE_SHEET, PREVIOUS_SHEET],
      [SHEET, META_SHEET],
    ]);

    host.resetCalls();
    await controller.refresh();
    expect(host.calls).toEqual(['read']);
    expect(host.reads).toEqual([[META_SHEET, NOTES_SHEET, NARRATIVE_SHEET, PREVIOUS_SHEET, SHEET]]);
    expect(controller.getState().integrity.status).toBe('checked');
  });

  it('re-checks after the clerk types, debounced: a burst of changes costs one round trip', async () => {
    jest.useFakeTimers();
    const host = await workbookWith();
    const controller = await started(host);

    host.type(at('T3.new.natural'), 1000);
    host.type(at('T3.new.commercial'), 2000);
    await jest.advanceTimersByTimeAsync(100);
    host.type(at('T3.new.research'), 3000);
    expect(host.roundTrips).toBe(0);
    await jest.advanceTimersByTimeAsync(300);
    await controller.whenIdle();

    expect(host.roundTrips).toBeGreaterThanOrEqual(1);
    expect(host.roundTrips).toBeLessThanOrEqual(2);
    expect(findingOf(controller, 'T3.balance')?.finding.message).toContain('相差');
    expect(statusLine(controller.getState())).toMatch(/表三：\d+ 处错误/);
  });

  it('turns a host failure into a Chinese message in the state, not an exception', async () => {
    const host = await workbookWith();
    const controller = await started(host);
    host.failNext = { call: 'read', message: '读取工作簿失败：连接已断开。' };

    const result = await controller.refresh();

    expect(result).toEqual({ status: 'failed', message: '读取工作簿失败：连接已断开。' });
    expect(controller.getState().error).toBe('读取工作簿失败：连接已断开。');
    await controller.refresh();
    expect(controller.getState().error).toBeNull();
  });

  it('stops listening when disposed', async () => {
    jest.useFakeTimers();
    const host = await workbookWith();
    const controller = await started(host);

    controller.dispose();
    host.type(at('T3.new.natural'), 5);
    await jest.advanceTimersByTimeAsync(1000);

    expect(host.listening).toBe(0);
    expect(host.roundTrips).toBe(0);
  });
});

/** The reading the pane has, then the one a fresh read of the workbook gives. */
async function readingAndReread(host: FakeHost, c: TaskpaneController): Promise<[unknown, unknown]> {
  return [readingOf(c), await rereadOf(host)];
}

describe('TaskpaneController: 插入模板', () => {
  it('inserts onto a new sheet 年报 in 2 round trips (outline, apply given that outline), reading it from the plan', async () => {
    const host = new FakeHost({ sheets: ['Sheet1'] });
    const controller = await started(host);

    const result = await controller.insertTemplate();

    expect(result.status).toBe('done');
    expect(host.calls).toEqual(['outline', 'apply']);
    expect(host.knowns.at(-1)?.sheets.map((s) => s.name)).toEqual(['Sheet1']);
    expect([...host.workbook.keys()]).toEqual(['Sheet1', SHEET, META_SHEET, 'nianbao_calc']);
    expect(controller.getState().template).toBe('present');
    expect(controller.getState().integrity.status).toBe('checked');
    expect(findingOf(controller, 'cell.blank')?.finding.address).toMatch(/^年报!/);
    const [fromPlan, fromWorkbook] = await readingAndReread(host, controller);
    expect(fromPlan).toEqual(fromWorkbook);
  });

  it('the next refresh reads the template’s sheet too, as after any insert', async () => {
    const host = new FakeHost({ sheets: ['Sheet1'] });
    const controller = await started(host);
    await controller.insertTemplate();
    host.resetCalls();

    await controller.refresh();

    expect(host.reads).toEqual([[META_SHEET, NOTES_SHEET, NARRATIVE_SHEET, PREVIOUS_SHEET, SHEET]]);
  });

  it.each([NOTES_SHEET, NARRATIVE_SHEET, PREVIOUS_SHEET])(
    'reads the workbook after all where a sheet a refresh reads is there already (%s): outline, apply, read',
    async (sheet) => {
      const host = new FakeHost({ sheets: ['Sheet1', sheet] });
      const controller = await started(host);

      await controller.insertTemplate();

      expect(host.calls).toEqual(['outline', 'apply', 'read']);
      expect(controller.getState().template).toBe('present');
    },
  );

  it('a 正文 sheet made earlier is read with the new template: its text checked against the tables', async () => {
    const host = new FakeHost({ sheets: ['Sheet1'] });
    // A 正文 sheet from an earlier workbook of the clerk’s, as 生成正文 made it (the template itself since removed).
    await host.apply(narrativeSheetPlan(generateDocument(validReport2021()), 0));
    const controller = await started(host);

    await controller.insertTemplate();

    const [afterInsert, fromWorkbook] = await readingAndReread(host, controller);
    expect(afterInsert).toEqual(fromWorkbook);
    // Findings on that sheet's text, which a reading from the plan alone would not have had.
    expect(controller.getState().findings.some((f) => f.finding.rule.startsWith('N.'))).toBe(true);
  });

  it('names the sheet 年报2 when 年报 is taken', async () => {
    const host = new FakeHost({ sheets: ['年报', 'Sheet1'] });
    const controller = await started(host);

    await controller.insertTemplate();

    expect(host.workbook.has('年报2')).toBe(true);
    expect(controller.getState().sheet).toBe('年报2');
  });

  it('refuses a second template, saying where the first one is', async () => {
    const host = await workbookWith();
    const controller = await started(host);

    const result = await controller.insertTemplate();

    expect(result.status).toBe('refused');
    expect(result.status === 'refused' && result.message).toContain('已有年报模板（工作表“年报”）');
    expect(host.calls).toEqual(['outline']);
  });

  it('inserts at the selected cell when the area is empty', async () => {
    const host = new FakeHost({ sheets: ['Sheet1'] });
    host.active = { sheet: 'Sheet1', row: 3, col: 2 };
    const controller = await started(host);

    host.type('Sheet1!A1', '本表由办公室填写');
    host.type('Sheet1!B200', 7);
    const result = await controller.insertTemplate('selection');

    expect(result.status).toBe('done');
    expect(host.calls).toEqual(['outline', 'isEmpty', 'apply']);
    expect(host.valueAt('Sheet1!B5')).toBe('基本信息（不属于报告表格：用于生成正文和校验）');
    // The clerk's cells around the template do not enter the reading: read back, it is the same.
    const [fromPlan, fromWorkbook] = await readingAndReread(host, controller);
    expect(fromPlan).toEqual(fromWorkbook);
  });

  it('asks before overwriting what the clerk typed at the selection, and writes nothing until yes', async () => {
    const host = new FakeHost({ sheets: ['Sheet1'] });
    host.type('Sheet1!E10', '张三的草稿');
    host.active = { sheet: 'Sheet1', row: 1, col: 1 };
    const controller = await started(host);

    const result = await controller.insertTemplate('selection');

    expect(result.status).toBe('needsConfirmation');
    expect(host.calls).toEqual(['outline', 'isEmpty']);
    expect(host.valueAt('Sheet1!E10')).toBe('张三的草稿');
    if (result.status !== 'needsConfirmation') return;
    expect(result.question).toContain('已有内容');

    host.resetCalls();
    const confirmed: OperationResult = await result.confirm();
    expect(confirmed.status).toBe('done');
    expect(host.calls).toEqual(['apply']);
    expect(host.valueAt('Sheet1!E10')).toBeNull();
    expect(controller.getState().template).toBe('present');
    const [fromPlan, fromWorkbook] = await readingAndReread(host, controller);
    expect(fromPlan).toEqual(fromWorkbook);
  });
});

describe('TaskpaneController: 修正, 应用, select', () => {
  it('修正 writes exactly the one cell of a cell.notNumber, then re-reads (2 round trips, even with the change event)', async () => {
    jest.useFakeTimers();
    const host = await workbookWith();
    const controller = await started(host);
    host.type(at('T3.new.natural'), '12件');
    await jest.advanceTimersByTimeAsync(300);
    await controller.whenIdle();
    const finding = findingOf(controller, 'cell.notNumber', 'T3.new.natural')!;
    expect(finding.canFix).toBe(true);
    host.resetCalls();

    await controller.applyFix(finding.key);
    await jest.advanceTimersByTimeAsync(1000);
    await controller.whenIdle();

    expect(host.calls).toEqual(['write', 'read']);
    expect(host.writes).toEqual([[{ ...position('T3.new.natural'), value: 12 }]]);
    expect(findingOf(controller, 'cell.notNumber')).toBeUndefined();
  });

  it('应用 writes the one cell of a fix suggestion', async () => {
    const host = await workbookWith();
    host.type(at('T3.new.total'), 999);
    const controller = await started(host);
    const [suggestion] = controller.getState().suggestions;
    expect(suggestion?.suggestion.cell).toBe('T3.new.total');

    await controller.applySuggestion(suggestion!.key);

    expect(host.writes).toEqual([[{ ...position('T3.new.total'), value: suggestion!.suggestion.value }]]);
    expect(controller.getState().suggestions).toEqual([]);
  });

  it('selects the cell of a finding in one round trip', async () => {
    const host = await workbookWith();
    host.type(at('T4.review.upheld'), '/');
    const controller = await started(host);
    const finding = findingOf(controller, 'cell.notNumber', 'T4.review.upheld')!;

    await controller.selectFinding(finding.key);

    expect(host.calls).toEqual(['select']);
    expect(host.selected).toEqual(position('T4.review.upheld'));
  });

  it('groups findings by table, errors first', async () => {
    const host = await workbookWith();
    host.type(at('T2.normative.inForce'), 5);
    host.type(at('T2.license.decisions'), 'x');
    host.type(at('T4.review.upheld'), -1);
    const controller = await started(host);
    const state = controller.getState();

    expect(state.findings.map((f) => [f.group, f.finding.severity])).toEqual([
      ['T2', 'error'],
      ['T2', 'warning'],
      ['T4', 'error'],
    ]);
    expect(state.counts.T2).toEqual({ errors: 1, warnings: 1, explained: 0 });
    expect(statusLine(state)).toBe('表二：1 处错误，1 处提示；表三：无问题；表四：1 处错误');
  });
});

describe('TaskpaneController: 说明', () => {
  it('records a 说明 in the workbook, shows it, re-opens it when the values change, and removes it', async () => {
    jest.useFakeTimers();
    const host = await workbookWith();
    host.type(at('T2.normative.inForce'), 5);
    const controller = await started(host);
    const warning = findingOf(controller, 'T2.inForceBelowIssued')!;
    expect(warning.canNote).toBe(true);

    await controller.saveNote(warning.key, '本年制发的文件中有 6 件当年即废止。');
    expect(host.calls).toEqual(['apply', 'read']);
    expect(host.workbook.get(NOTES_SHEET)?.visibility).toBe('veryHidden');
    const noted = findingOf(controller, 'T2.inForceBelowIssued')!;
    expect(noted.finding.note).toEqual({ text: '本年制发的文件中有 6 件当年即废止。', at: '2025-01-10T08:00:00.000Z', stale: false });
    expect(controller.getState().counts.T2).toEqual({ errors: 0, warnings: 1, explained: 1 });

    host.type(at('T2.normative.inForce'), 4);
    await jest.advanceTimersByTimeAsync(300);
    await controller.whenIdle();
    expect(findingOf(controller, 'T2.inForceBelowIssued')?.finding.note?.stale).toBe(true);
    expect(controller.getState().counts.T2.explained).toBe(0);

    const again = findingOf(controller, 'T2.inForceBelowIssued')!;
    await controller.saveNote(again.key, '已核实。');
    expect(findingOf(controller, 'T2.inForceBelowIssued')?.finding.note).toMatchObject({ text: '已核实。', stale: false });

    await controller.saveNote(findingOf(controller, 'T2.inForceBelowIssued')!.key, '');
    expect(findingOf(controller, 'T2.inForceBelowIssued')?.finding.note).toBeUndefined();
    expect(host.valueAt(`${NOTES_SHEET}!A2`)).toBeNull();
  });

  it('takes no 说明 for an error', async () => {
    const host = await workbookWith();
    host.type(at('T4.review.upheld'), -1);
    const controller = await started(host);
    const error = findingOf(controller, 'cell.negative')!;

    const result = await controller.saveNote(error.key, '无');

    expect(error.canNote).toBe(false);
    expect(result.status).toBe('refused');
    expect(host.roundTrips).toBe(0);
  });
});

describe('TaskpaneController: 基本信息', () => {
  it('saves the changed fields in one write at the info addresses', async () => {
    const host = await workbookWith();
    const controller = await started(host);

    const result = await controller.saveInfo({ organ: '交口县人民政府', organLevel: '县级人民政府', year: '2025', phone: '' });

    expect(result.status).toBe('done');
    expect(host.calls).toEqual(['write', 'read']);
    expect(host.writes[0]).toEqual([
      { ...position('info:organ'), value: '交口县人民政府' },
      { ...position('info:organLevel'), value: '县级人民政府' },
      { ...position('info:year'), value: 2025 },
    ]);
    expect(controller.getState().data?.organ).toBe('交口县人民政府');
    // A county makes no 规章: the report's 规章 figures now draw a warning.
    expect(findingOf(controller, 'T2.regulationLevel')).toBeDefined();
  });

  it('refuses an impossible year without writing', async () => {
    const host = await workbookWith();
    const controller = await started(host);

    const result = await controller.saveInfo({ year: '二〇二五' });

    expect(result).toEqual({ status: 'refused', message: '“报告年度”请填写四位年份，如 2025。' });
    expect(host.roundTrips).toBe(0);
  });
});

describe('TaskpaneController: template integrity and 修复', () => {
  it('lists a changed label and an overwritten total, and 修复 restores them without touching input values', async () => {
    const host = await workbookWith();
    const label = buildTemplate({ sheet: SHEET }).plan.sheets[0]!.cells.find((c) => c.value === '本年废止件数')!;
    host.type(`${SHEET}!${a1(label)}`, '本年度止件数');
    host.type(at('T4.review.total'), 12);
    host.pasteOverFormats(SHEET);
    const controller = await started(host);
    const template = controller.getState().findings.filter((f) => f.source === 'template');
    expect(template.map((f) => [f.group, f.finding.rule])).toEqual([
      ['T2', 'F.label'],
      ['T4', 'F.formula'],
    ]);
    expect(template.every((f) => !f.canNote && !f.canFix)).toBe(true);
    const inputs = cellsOf(FORMAT_2021).filter((c) => !c.computed);
    const before = inputs.map((c) => host.valueAt(at(c.id)));

    const result = await controller.repairTemplate();

    expect(result.status).toBe('done');
    expect(host.calls).toEqual(['apply', 'read']);
    expect(inputs.map((c) => host.valueAt(at(c.id)))).toEqual(before);
    expect(controller.getState().findings).toEqual([]);
    expect(host.sheet(SHEET).conditionalFormats.length).toBeGreaterThan(0);
  });

  it('asks before rebuilding a template whose rows were deleted, then keeps the figures', async () => {
    const host = await workbookWith();
    host.deleteRows(SHEET, layout.cells.get('T3.unable2.natural')!.top, 1);
    const controller = await started(host);
    expect(findingOf(controller, 'F.missingRow')?.finding.cells[0]).toMatch(/^T3\.unable2\./);

    const result = await controller.repairTemplate();
    expect(result.status).toBe('needsConfirmation');
    expect(host.calls).toEqual(['isEmpty']);
    if (result.status !== 'needsConfirmation') return;
    expect(result.question).toContain('重建');

    await result.confirm();
    const data = validReport2021();
    for (const c of cellsOf(FORMAT_2021).filter((s) => !s.computed && !s.id.startsWith('T3.unable2.'))) {
      expect([c.id, host.valueAt(at(c.id))]).toEqual([c.id, data.cells[c.id]]);
    }
    expect(findingOf(controller, 'F.missingRow')).toBeUndefined();
    expect(findingOf(controller, 'cell.blank', 'T3.unable2.natural')).toBeDefined();
  });
});

describe('older Excel', () => {
  it('lists what is unavailable in Chinese, does not listen for changes, and still validates', async () => {
    const host = await workbookWith(validReport2021(), { features: { conditionalFormats: false, changeEvents: false } });
    const controller = new TaskpaneController(host);

    await controller.start();

    expect(controller.getState().unavailable).toEqual([
      '此版本 Excel 不支持条件格式（需 ExcelApi 1.6），表格中不会标色，请以任务窗格中的列表为准。',
      '此版本 Excel 不支持单元格更改事件（需 ExcelApi 1.7），输入后不会自动校验，请点击“校验”。',
    ]);
    expect(host.calls).not.toContain('onChange');
    expect(controller.getState().template).toBe('present');
  });

  it('names another host without Excel’s requirement sets', () => {
    expect(
      unavailableFeatures('WPS 表格', { conditionalFormats: true, dataValidation: false, changeEvents: true, printSetup: true }),
    ).toEqual(['此环境（WPS 表格）不支持数据验证，输入时不会提示格式，校验仍会指出填错的单元格。']);
  });
});
