import { unzipSync, strFromU8 } from 'fflate';
import { a1 } from '../../src/core/layout/a1';
import { buildTemplate, DEFAULT_SHEET, META_SHEET } from '../../src/core/layout/template';
import { NARRATIVE_SHEET } from '../../src/core/narrative/sheet';
import { NOTES_SHEET } from '../../src/core/notes';
import { PREVIOUS_SHEET } from '../../src/core/previous';
import type { ReportData } from '../../src/core/report/types';
import { reportFileName, TaskpaneController } from '../../src/taskpane/controller';
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

/** The 正文 sheet's paragraph cell (column B) of a block id, as an address. */
function paragraph(host: FakeHost, id: string): string {
  const grid = host.grid();
  for (let row = 2; row < 200; row++) if (grid.value(NARRATIVE_SHEET, row, 1) === id) return `${NARRATIVE_SHEET}!B${row}`;
  throw new Error(`no paragraph ${id}`);
}
const textOf = (host: FakeHost, id: string): string => String(host.valueAt(paragraph(host, id)));

/** The text of the Word document's body (document.xml without tags). */
function wordText(bytes: Uint8Array): string {
  const xml = strFromU8(unzipSync(bytes)['word/document.xml']!);
  return xml.replace(/<[^>]+>/g, '');
}

afterEach(() => {
  jest.useRealTimers();
});

describe('TaskpaneController: 生成正文', () => {
  it('writes the 正文 sheet from the figures, a paragraph per row: read + apply, 2 round trips', async () => {
    const host = await workbookWith();
    const controller = await started(host);

    const result = await controller.generateNarrative();

    expect(result.status).toBe('done');
    expect(host.calls).toEqual(['read', 'apply']);
    expect(host.reads[0]).toEqual([META_SHEET, NOTES_SHEET, NARRATIVE_SHEET, PREVIOUS_SHEET, SHEET]);
    expect(host.workbook.get(NARRATIVE_SHEET)?.visibility).toBe('visible');
    expect(textOf(host, 's1.2.text')).toMatch(/^2024年，本机关共收到政府信息公开申请\d+件/);
    expect(textOf(host, 's1.1.text')).toContain('【请填写：');
    expect(controller.getState().notice).toMatch(
      /^已在工作表“正文”生成正文，其余段落按表格中的数字重新生成。正文中还有 \d+ 处“【请填写：…】”待补写。$/,
    );
  });

  it('never overwrites a paragraph the clerk edited: regenerating keeps it and updates the others', async () => {
    const host = await workbookWith();
    const controller = await started(host);
    await controller.generateNarrative();
    const edited = '2024年，本机关共收到政府信息公开申请29件，均已按时答复。（经办人改写）';
    host.type(paragraph(host, 's1.2.text'), edited);
    host.type(paragraph(host, 's1.1.text'), '本年度主动公开文件 120 件。');
    const t4Before = textOf(host, 's4.summary');
    host.type(at('T4.review.upheld'), 5);
    host.type(at('T4.review.total'), 7);
    await controller.refresh();
    host.resetCalls();

    const result = await controller.generateNarrative();

    expect(host.calls).toEqual(['read', 'apply']);
    expect(textOf(host, 's1.2.text')).toBe(edited);
    expect(textOf(host, 's1.1.text')).toBe('本年度主动公开文件 120 件。');
    expect(textOf(host, 's4.summary')).not.toBe(t4Before);
    expect(textOf(host, 's4.summary')).toContain('7件');
    expect(result.status === 'done' && result.message).toContain('保留了您修改或添加的 2 段');
  });

  it('checks the 正文 live with the tables: an edited figure that disagrees is listed at its paragraph', async () => {
    const host = await workbookWith();
    const controller = await started(host);
    await controller.generateNarrative();
    const total = controller.getState().data?.cells['T3.new.total'];
    host.type(paragraph(host, 's1.2.text'), `2024年，本机关共收到政府信息公开申请${Number(total) + 3}件。`);

    await controller.refresh();

    const mismatch = controller.getState().findings.map((f) => f.finding).find((f) => f.rule === 'N.mismatch');
    expect(mismatch?.cells).toContain('T3.new.total');
    expect(mismatch?.address).toBe(paragraph(host, 's1.2.text'));
  });

  it('asks before overwriting a sheet named 正文 that the clerk made, and writes nothing until yes', async () => {
    const host = await workbookWith();
    host.type(`${NARRATIVE_SHEET}!A1`, '我自己写的年报草稿');
    const controller = await started(host);

    const result = await controller.generateNarrative();

    expect(result.status).toBe('needsConfirmation');
    expect(host.calls).toEqual(['read']);
    expect(host.valueAt(`${NARRATIVE_SHEET}!A1`)).toBe('我自己写的年报草稿');
    if (result.status !== 'needsConfirmation') return;
    expect(result.question).toContain('不是年报助手生成的');
    expect((await result.confirm()).status).toBe('done');
    expect(textOf(host, 's1.2.text')).toContain('本机关共收到政府信息公开申请');
  });

  it('refuses without a template', async () => {
    const host = new FakeHost();
    const controller = await started(host);

    expect(await controller.generateNarrative()).toEqual({ status: 'refused', message: '工作簿中还没有年报模板，无法生成正文。' });
    expect(host.calls).toEqual(['read']);
  });
});

describe('TaskpaneController: 导出 Word', () => {
  it('renders the report as .docx in one round trip, with the clerk’s paragraphs from the 正文 sheet', async () => {
    const host = await workbookWith();
    const controller = await started(host);
    await controller.generateNarrative();
    host.type(paragraph(host, 's1.1.text'), '本年度主动公开文件一百二十件，经办人改写。');
    host.resetCalls();

    const result = await controller.exportWord();

    expect(host.calls).toEqual(['read']);
    expect(host.reads[0]).toContain(NARRATIVE_SHEET);
    if (result.status !== 'done' || !result.file) throw new Error(`no file: ${JSON.stringify(result)}`);
    expect(result.file.name).toBe('示例市人民政府2024年政府信息公开工作年度报告.docx');
    expect(result.file.type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(result.file.bytes.length).toBeGreaterThan(5 * 1024);
    expect(String.fromCharCode(...result.file.bytes.slice(0, 2))).toBe('PK');
    const text = wordText(result.file.bytes);
    expect(text).toContain('本年度主动公开文件一百二十件，经办人改写。');
    expect(text).toContain('三、收到和处理政府信息公开申请情况');
    expect(result.message).toContain('已生成 Word 文件“示例市人民政府2024年政府信息公开工作年度报告.docx”');
  });

  it('exports the generated text when there is no 正文 sheet yet, and says so', async () => {
    const host = await workbookWith();
    const controller = await started(host);

    const result = await controller.exportWord();

    expect(result.status).toBe('done');
    expect(result.status === 'done' && result.message).toContain('工作簿中还没有“正文”工作表');
    expect(result.status === 'done' && result.file && wordText(result.file.bytes)).toContain('本机关共收到政府信息公开申请');
  });

  it('says how many errors the tables still have', async () => {
    const host = await workbookWith();
    host.type(at('T4.review.upheld'), -1);
    const controller = await started(host);

    const result = await controller.exportWord();

    expect(result.status === 'done' && result.message).toMatch(/表格中还有 \d+ 处错误，请改正后再发布。/);
  });

  it('refuses without a template', async () => {
    const controller = await started(new FakeHost());
    expect(await controller.exportWord()).toEqual({ status: 'refused', message: '工作簿中还没有年报模板，无法导出。' });
  });
});

describe('reportFileName', () => {
  it('is organ + year + the report’s title, without characters a file name cannot hold', () => {
    expect(reportFileName({ organ: '交口县人民政府', year: 2024 })).toBe('交口县人民政府2024年政府信息公开工作年度报告.docx');
    expect(reportFileName({ organ: ' 某局/办公室: "A" ', year: null })).toBe('某局_办公室_ _A_政府信息公开工作年度报告.docx');
    expect(reportFileName({ organ: null, year: 2025 })).toBe('2025年政府信息公开工作年度报告.docx');
  });
});
