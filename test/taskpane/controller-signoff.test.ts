import { a1 } from '../../src/core/layout/a1';
import { buildTemplate, DEFAULT_SHEET, META_SHEET } from '../../src/core/layout/template';
import { NOTES_SHEET } from '../../src/core/notes';
import { PREVIOUS_SHEET } from '../../src/core/previous';
import type { ReportData } from '../../src/core/report/types';
import { NARRATIVE_SHEET } from '../../src/core/narrative/sheet';
import { SIGNOFF_SHEET, tableFingerprint } from '../../src/core/signoff';
import { APP_VERSION, RULESET_VERSION } from '../../src/core/version';
import { TaskpaneController } from '../../src/taskpane/controller';
import { validReport2021 } from '../fixtures/rules/reports';
import { FakeHost } from '../support/fake-host';

const SHEET = DEFAULT_SHEET;
const { layout } = buildTemplate({ sheet: SHEET });
const at = (id: string): string => {
  const r = layout.cells.get(id)!;
  return `${SHEET}!${a1({ row: r.top, col: r.left })}`;
};

async function workbookWith(data: ReportData = validReport2021()): Promise<FakeHost> {
  const host = new FakeHost({ sheets: [SHEET] });
  await host.apply(buildTemplate({ data, sheet: SHEET }).plan);
  host.resetCalls();
  return host;
}

async function started(host: FakeHost): Promise<TaskpaneController> {
  const controller = new TaskpaneController(host, { now: () => new Date(2025, 0, 10, 16, 5) });
  await controller.start();
  host.resetCalls();
  return controller;
}

/** Every non-blank text of the 审核单, row by row. */
const signoffText = (host: FakeHost): string[] => [...host.values(SIGNOFF_SHEET).values()].map(String);

/** The last row of the 审核单 holding anything. */
const lastRow = (host: FakeHost): number => Math.max(...[...host.values(SIGNOFF_SHEET).keys()].map((a) => Number(/\d+$/.exec(a)?.[0])));

afterEach(() => {
  jest.useRealTimers();
});

describe('TaskpaneController: 生成审核单', () => {
  it('re-reads, writes the 审核单 with the fingerprint, versions and 说明, and shows it: 3 round trips', async () => {
    const host = await workbookWith();
    host.type(at('T2.normative.inForce'), 5);
    const controller = await started(host);
    const warning = controller.getState().findings.find((f) => f.finding.rule === 'T2.inForceBelowIssued')!;
    await controller.saveNote(warning.key, '本年制发的文件中有 5 件当年即废止。');
    host.resetCalls();

    const result = await controller.generateSignoff();

    expect(result.status).toBe('done');
    expect(host.calls).toEqual(['read', 'apply', 'select']);
    expect(host.reads[0]).toEqual([META_SHEET, NOTES_SHEET, NARRATIVE_SHEET, PREVIOUS_SHEET, SHEET, SIGNOFF_SHEET]);
    expect(host.selected).toEqual({ sheet: SIGNOFF_SHEET, row: 1, col: 1 });
    expect(host.workbook.get(SIGNOFF_SHEET)?.visibility).toBe('visible');
    const data = controller.getState().data!;
    const fingerprint = tableFingerprint(data);
    const text = signoffText(host);
    expect(text).toContain(
      `${fingerprint}（表二、表三、表四全部单元格的数值；任何一个数字改动，指纹都会改变。核对：nianbao validate --fingerprint 文件）`,
    );
    expect(text).toContain(APP_VERSION);
    expect(text).toContain(RULESET_VERSION);
    expect(text).toContain('2025-01-10 16:05');
    expect(text).toContain('1 处提示（已说明 1 处）');
    expect(text.some((t) => t.startsWith('本年制发的文件中有 5 件当年即废止。'))).toBe(true);
    expect(text).toContain('填报人（签字）');
    expect(controller.getState().notice).toContain(`数据指纹 ${fingerprint}`);
  });

  it('stamps the same fingerprint as the command line computes from the report’s figures', async () => {
    const data = validReport2021();
    const host = await workbookWith(data);
    const controller = await started(host);

    await controller.generateSignoff();

    expect(signoffText(host).some((t) => t.startsWith(tableFingerprint(data)))).toBe(true);
  });

  it('does not re-check after writing the 审核单 (it holds no figures)', async () => {
    jest.useFakeTimers();
    const host = await workbookWith();
    const controller = await started(host);

    await controller.generateSignoff();
    host.resetCalls();
    await jest.advanceTimersByTimeAsync(1000);
    await controller.whenIdle();

    expect(host.calls).toEqual([]);
  });

  it('regenerates over its own 审核单, emptying rows the earlier, longer one used', async () => {
    const blanked = [
      'T3.new.natural',
      'T3.new.commercial',
      'T3.new.research',
      'T4.review.upheld',
      'T4.review.corrected',
      'T2.license.decisions',
    ];
    const host = await workbookWith();
    for (const id of blanked) host.type(at(id), null);
    const controller = await started(host);
    await controller.generateSignoff();
    const longer = lastRow(host);

    for (const id of blanked) host.type(at(id), Number(validReport2021().cells[id] ?? 0));
    host.resetCalls();
    const again = await controller.generateSignoff();

    expect(again.status).toBe('done');
    expect(host.calls).toEqual(['read', 'apply', 'select']);
    expect(lastRow(host)).toBeLessThan(longer);
    expect(signoffText(host).filter((t) => t === '通过')).toHaveLength(4);
    expect(signoffText(host).filter((t) => t.startsWith('日期：'))).toHaveLength(3);
  });

  it('asks before overwriting a sheet named 审核单 that the clerk made, and writes nothing until yes', async () => {
    const host = await workbookWith();
    host.type(`${SIGNOFF_SHEET}!A1`, '科室内部审核记录');
    host.type(`${SIGNOFF_SHEET}!A2`, '张三');
    const controller = await started(host);

    const result = await controller.generateSignoff();

    expect(result.status).toBe('needsConfirmation');
    expect(host.calls).toEqual(['read']);
    expect(host.valueAt(`${SIGNOFF_SHEET}!A2`)).toBe('张三');
    if (result.status !== 'needsConfirmation') return;
    expect(result.question).toContain('不是年报助手生成的');

    const confirmed = await result.confirm();
    expect(confirmed.status).toBe('done');
    expect(host.valueAt(`${SIGNOFF_SHEET}!A2`)).toBe('报告机关');
  });

  it('refuses without a template, writing nothing', async () => {
    const host = new FakeHost();
    const controller = await started(host);

    const result = await controller.generateSignoff();

    expect(result).toEqual({ status: 'refused', message: '工作簿中还没有年报模板，无法生成审核单。' });
    expect(host.calls).toEqual(['read']);
  });

  it('turns a failed write into a Chinese message', async () => {
    const host = await workbookWith();
    const controller = await started(host);
    host.failNext = { call: 'apply', message: '写入工作簿失败：Excel 正忙。' };

    const result = await controller.generateSignoff();

    expect(result).toEqual({ status: 'failed', message: '写入工作簿失败：Excel 正忙。' });
    expect(controller.getState().error).toBe('写入工作簿失败：Excel 正忙。');
  });
});
