import { FORMAT_2021 } from '../../src/core/format';
import { a1 } from '../../src/core/layout/a1';
import { buildTemplate, DEFAULT_SHEET } from '../../src/core/layout/template';
import { PREVIOUS_SHEET, readPrevious } from '../../src/core/previous';
import type { ReportData } from '../../src/core/report/types';
import { TaskpaneController, type OperationResult } from '../../src/taskpane/controller';
import { writeWorkbook } from '../../src/hosts/xlsx/write';
import { validReport2019 } from '../fixtures/rules/reports';
import { FakeHost } from '../support/fake-host';
import { seeded, validReport } from '../support/reports';

/** 导入上年年报 in the task pane: fill 上年结转 where it is empty, ask before changing what the clerk typed. */

const SHEET = DEFAULT_SHEET;
const { layout } = buildTemplate({ sheet: SHEET });
const APPLICANTS = FORMAT_2021.t3.columns.filter((c) => c.key !== 'total').map((c) => c.key);
const at = (id: string): string => {
  const r = id.startsWith('info:') ? layout.info.get(id.slice(5) as never) : layout.cells.get(id);
  if (!r) throw new Error(`no ${id}`);
  return `${SHEET}!${a1({ row: r.top, col: r.left })}`;
};

/** Last year's report, with cases carried into this year in every column. */
function lastYear(seed = 1): ReportData {
  const last = validReport(seeded(seed), 30);
  last.year = 2024;
  last.organ = '某县人民政府';
  last.info = { ...last.info, organLevel: 'county', phone: '0358-1234567', publishedOn: '2025-01-20', feeNotices: 0 };
  APPLICANTS.forEach((col, i) => {
    last.cells[`T3.carryForward.${col}`] = i + 1;
  });
  last.cells['T3.carryForward.total'] = APPLICANTS.reduce((sum, _, i) => sum + i + 1, 0);
  return last;
}

const json = (data: ReportData): Uint8Array => new TextEncoder().encode(JSON.stringify(data));

/** A workbook with a blank template (or one holding `data`), the pane started on it. */
async function paneOn(data?: ReportData): Promise<{ host: FakeHost; controller: TaskpaneController }> {
  const host = new FakeHost({ sheets: [SHEET] });
  await host.apply(buildTemplate({ sheet: SHEET, ...(data ? { data } : {}) }).plan);
  const controller = new TaskpaneController(host, { now: () => new Date('2026-01-10T08:00:00Z') });
  await controller.start();
  host.resetCalls();
  return { host, controller };
}

function confirmOf(result: OperationResult): Extract<OperationResult, { status: 'needsConfirmation' }> {
  if (result.status !== 'needsConfirmation') throw new Error(`expected a question, got ${JSON.stringify(result)}`);
  return result;
}

describe('TaskpaneController: 导入上年年报', () => {
  it('fills the empty 上年结转 cells and the blank 基本信息, keeps last year’s report, in 3 round trips', async () => {
    const { host, controller } = await paneOn();
    const last = lastYear();

    const result = await controller.importPrevious('上年年报.json', json(last));

    expect(result.status).toBe('done');
    // The cells go in the same apply as the kept sheet, which is told the sheets the first read saw.
    expect(host.calls).toEqual(['read', 'apply', 'read']);
    expect(host.knowns.at(-1)?.sheets.map((s) => s.name)).toEqual(
      host
        .grid()
        .sheets.map((s) => s.name)
        .filter((n) => n !== PREVIOUS_SHEET),
    );
    for (const col of APPLICANTS) expect(host.valueAt(at(`T3.carried.${col}`))).toBe(last.cells[`T3.carryForward.${col}`]);
    // 总计 stays the template's formula, now adding up the carried figures.
    expect(host.formulaAt(at('T3.carried.total'))).toMatch(/^SUM\(/);
    expect(host.valueAt(at('T3.carried.total'))).toBe(last.cells['T3.carryForward.total']);
    expect([host.valueAt(at('info:organ')), host.valueAt(at('info:year')), host.valueAt(at('info:phone'))]).toEqual([
      '某县人民政府',
      2025,
      '0358-1234567',
    ]);
    expect(host.valueAt(at('info:organLevel'))).toBe('县级人民政府');
    // The year's own facts are not carried.
    expect([host.valueAt(at('info:publishedOn')), host.valueAt(at('info:feeNotices'))]).toEqual([null, null]);
    expect(host.workbook.get(PREVIOUS_SHEET)?.visibility).toBe('veryHidden');
    expect(readPrevious(host.grid())?.data.cells['T3.new.total']).toBe(last.cells['T3.new.total']);

    const state = controller.getState();
    expect(state.previous).toEqual({ year: 2024, organ: '某县人民政府' });
    expect(state.notice).toContain(
      '所选文件“上年年报.json”是某县人民政府 2024 年度的年报：上年结转 21 件（自然人 1、商业企业 2、科研机构 3、社会公益组织 4、法律服务机构 5、其他组织 6）。',
    );
    expect(state.notice).toContain('已填入表三“上年结转”行 6 格。');
    expect(state.notice).toContain('已填写基本信息中空着的“机关名称”、“机关层级”、“报告年度”等 4 项。');
    expect(state.notice).toContain('上年年报已保存在工作簿中');
  });

  it('leaves alone what the clerk already typed that agrees, and 基本信息 the clerk filled in', async () => {
    const last = lastYear();
    const { host, controller } = await paneOn();
    host.type(at('T3.carried.natural'), 1);
    host.type(at('info:organ'), '某县人民政府办公室');
    host.type(at('info:year'), 2025);
    await controller.refresh();
    host.resetCalls();

    const result = await controller.importPrevious('上年.json', json(last));

    expect(result.status).toBe('done');
    const written = [
      ...host.writes.flat().map((w) => `${w.sheet}!${a1(w)}`),
      ...(host.plans.at(-1)?.sheets ?? []).filter((s) => s.name === SHEET).flatMap((s) => s.cells.map((c) => `${s.name}!${a1(c)}`)),
    ];
    expect(written).toContain(at('T3.carried.legal'));
    expect(written).not.toContain(at('T3.carried.natural'));
    expect(written).not.toContain(at('info:organ'));
    expect(host.valueAt(at('info:organ'))).toBe('某县人民政府办公室');
    expect(controller.getState().notice).toContain('已填入表三“上年结转”行 5 格。');
  });

  it('asks before changing a carried figure the clerk typed differently, and writes nothing until yes', async () => {
    const last = lastYear();
    const { host, controller } = await paneOn();
    host.type(at('T3.carried.natural'), 4);
    host.type(at('T3.carried.legal'), '/');
    await controller.refresh();
    host.resetCalls();

    const question = confirmOf(await controller.importPrevious('上年.json', json(last)));

    expect(question.question).toContain(
      '表三“上年结转”行已填的数字与上年“结转下年度继续办理”不同：自然人现为“4”，上年为 1；法律服务机构现为“/”，上年为 5。',
    );
    expect(question.question).toContain('点“取消”则不作任何改动');
    expect(question.confirmLabel).toBe('改为上年的数字并导入');
    expect(host.calls).toEqual(['read']);
    expect(host.workbook.has(PREVIOUS_SHEET)).toBe(false);
    expect(host.valueAt(at('T3.carried.commercial'))).toBeNull();

    const done = await question.confirm();
    expect(done.status).toBe('done');
    expect(host.valueAt(at('T3.carried.natural'))).toBe(1);
    expect(host.valueAt(at('T3.carried.legal'))).toBe(5);
    expect(host.valueAt(at('T3.carried.commercial'))).toBe(2);
    expect(controller.getState().previous).toEqual({ year: 2024, organ: '某县人民政府' });
    expect(controller.getState().notice).toContain('已填入表三“上年结转”行 6 格。');
  });

  it('keeps the clerk’s values when the question is not answered yes (取消)', async () => {
    const { host, controller } = await paneOn();
    host.type(at('T3.carried.natural'), 4);
    await controller.refresh();
    const before = host.values(SHEET);

    confirmOf(await controller.importPrevious('上年.json', json(lastYear())));
    await controller.refresh();

    expect(host.values(SHEET)).toEqual(before);
    expect(host.valueAt(at('T3.carried.natural'))).toBe(4);
    expect(host.workbook.has(PREVIOUS_SHEET)).toBe(false);
    expect(controller.getState().previous).toBeNull();
  });

  it('asks when the report chosen is not of the year before this workbook’s', async () => {
    const { host, controller } = await paneOn();
    host.type(at('info:year'), 2025);
    await controller.refresh();
    const older = { ...lastYear(), year: 2022 };

    const question = confirmOf(await controller.importPrevious('前年.json', json(older)));

    expect(question.question).toContain(
      '本工作簿是 2025 年度的年报，而所选年报是 2022 年度的，不是上一年度（2024 年度），可能选错了文件。',
    );
    expect(question.confirmLabel).toBe('仍然导入');
    expect(host.workbook.has(PREVIOUS_SHEET)).toBe(false);
  });

  it('reads last year’s workbook (.xlsx) and a 2019-format report as well', async () => {
    const last = lastYear(7);
    const xlsx = new Uint8Array(await writeWorkbook(buildTemplate({ data: last }).plan));
    const a = await paneOn();
    expect((await a.controller.importPrevious('2024年报.xlsx', xlsx)).status).toBe('done');
    expect(a.host.valueAt(at('T3.carried.otherOrg'))).toBe(6);

    const old = validReport2019();
    const b = await paneOn();
    expect((await b.controller.importPrevious('2019.json', json(old))).status).toBe('done');
    expect(b.host.valueAt(at('T3.carried.natural'))).toBe(old.cells['T3.carryForward.natural']);
    expect(readPrevious(b.host.grid())?.data.format).toBe('2019');
  });

  it('replaces a report imported before, leaving nothing of it behind', async () => {
    const { host, controller } = await paneOn();
    const first = lastYear(3);
    await controller.importPrevious('错的.json', json({ ...first, organ: '别的机关' }));
    const second: ReportData = { format: '2021', year: 2024, organ: '某县人民政府', cells: { 'T3.carryForward.natural': 1 } };

    const result = await controller.importPrevious('对的.json', json(second));

    expect(result.status).toBe('done');
    expect(readPrevious(host.grid())).toEqual({
      data: { format: '2021', year: 2024, organ: '某县人民政府', cells: { 'T3.carryForward.natural': 1 } },
    });
    expect(controller.getState().notice).toContain('替换了之前导入的别的机关 2024 年度的年报');
  });

  it('says in Chinese why a file cannot be read, and changes nothing', async () => {
    const { host, controller } = await paneOn();

    const bad = await controller.importPrevious('上年.json', new TextEncoder().encode('{"hello": 1}'));
    const pdf = await controller.importPrevious('上年.pdf', new TextEncoder().encode('%PDF-1.4'));

    expect(bad.status).toBe('refused');
    expect(bad.status === 'refused' ? bad.message : '').toMatch(/^无法读取“上年\.json”：不是年报数据/);
    expect(pdf.status).toBe('refused');
    expect(controller.getState().notice).toContain('不支持的文件类型“.pdf”');
    expect(host.calls.filter((c) => c !== 'read')).toEqual([]);
  });

  it('refuses before there is a template', async () => {
    const host = new FakeHost();
    const controller = new TaskpaneController(host);
    await controller.start();

    const result = await controller.importPrevious('上年.json', json(lastYear()));

    expect(result).toEqual({ status: 'refused', message: '工作簿中还没有年报模板：请先点击“插入模板”，再导入上年年报。' });
  });

  it('lists the across-years findings live once last year’s report is kept: X.carried when a carried figure changes', async () => {
    const { host, controller } = await paneOn();
    await controller.importPrevious('上年.json', json(lastYear()));
    expect(controller.getState().findings.filter((f) => f.finding.rule === 'X.carried')).toEqual([]);

    host.type(at('T3.carried.natural'), 9);
    await controller.refresh();

    const carried = controller.getState().findings.find((f) => f.finding.rule === 'X.carried');
    expect(carried?.finding.severity).toBe('error');
    expect(carried?.group).toBe('T3');
    expect(carried?.finding.address).toBe(at('T3.carried.natural'));
  });
});
