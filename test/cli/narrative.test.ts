import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { buildTemplate } from '../../src/core/layout/template';
import type { WorkbookPlan } from '../../src/core/layout/plan';
import { generateDocument } from '../../src/core/narrative/generate';
import { narrativeSheetPlan } from '../../src/core/narrative/sheet';
import type { ReportData } from '../../src/core/report/types';
import { writeWorkbook } from '../../src/hosts/xlsx/write';
import { jiaokou } from '../support/reports';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'nianbao-narrative-'));
const json = join(dir, '交口.json');
writeFileSync(json, JSON.stringify(jiaokou()));

/** A workbook made by the template, with a 正文 sheet whose 五 the clerk wrote. */
async function workbookWithText(data: ReportData, problems: string | null): Promise<string> {
  const template = buildTemplate({ data }).plan;
  const text = narrativeSheetPlan(generateDocument(data), 0);
  const [sheet] = text.sheets;
  const row = sheet?.cells.find((c) => c.col === 1 && c.value === 's5.problems')?.row;
  const cells = sheet?.cells.map((c) => (problems !== null && c.row === row && c.col === 2 ? { ...c, value: problems } : c)) ?? [];
  const plan: WorkbookPlan = { sheets: [...template.sheets, ...(sheet ? [{ ...sheet, cells }] : [])], names: template.names };
  const file = join(dir, `年报-${Math.random().toString(36).slice(2)}.xlsx`);
  writeFileSync(file, await writeWorkbook(plan));
  return file;
}

describe('nianbao narrative', () => {
  it('prints the report as Markdown from report data', async () => {
    const { code, out } = await run('narrative', json);
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe('# 交口县人民政府2024年政府信息公开工作年度报告');
    expect(out).toContain('## 四、政府信息公开行政复议、行政诉讼情况');
    expect(out).toContain('### （二）依申请公开');
    expect(out).toContain('本机关2024年度未收取政府信息公开信息处理费。');
    expect(out).toContain('| 行政规范性文件 | 7 | 0 | 16 |');
  });

  it("uses the clerk's text from the workbook's 正文 sheet", async () => {
    const file = await workbookWithText(jiaokou(), '一是对全县政府信息公开工作的监管力度不够。');
    const { code, out } = await run('narrative', file);
    expect(code).toBe(0);
    expect(out).toContain('一是对全县政府信息公开工作的监管力度不够。');
    expect(out).not.toContain('【请填写：本年度政府信息公开工作存在的主要问题】');
    expect(out).toContain('共收到政府信息公开申请12件');
  });

  it('generates the text of a workbook without a 正文 sheet', async () => {
    const file = join(dir, '无正文.xlsx');
    writeFileSync(file, await writeWorkbook(buildTemplate({ data: jiaokou() }).plan));
    const { code, out } = await run('narrative', file);
    expect(code).toBe(0);
    expect(out).toContain('【请填写：本年度政府信息公开工作存在的主要问题】');
  });

  it('writes Markdown to a file, and will not overwrite one without --force', async () => {
    const out = join(dir, '正文.md');
    expect(await run('narrative', json, '-o', out)).toMatchObject({ code: 0, out: `已生成：${out}` });
    expect(readFileSync(out, 'utf8')).toContain('## 六、其他需要报告的事项');
    const again = await run('narrative', json, '-o', out);
    expect(again.code).toBe(2);
    expect(again.err).toContain('已存在');
    expect((await run('narrative', json, '-o', out, '--force')).code).toBe(0);
  });

  it('writes Word through the export when asked for .docx', async () => {
    const out = join(dir, '报告.docx');
    const { code, err } = await run('narrative', json, '-o', out);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
  });

  it.each([
    ['a missing file', [join(dir, '没有.json')], '文件不存在'],
    ['an unsupported file', [join(dir, '报告.pdf')], '不支持的文件类型'],
    ['a workbook not made by the template', ['NOT_TEMPLATE'], '不是年报助手模板生成的工作簿'],
    ['broken JSON', ['BROKEN_JSON'], '不是有效的 JSON 文件'],
    ['an output of another type', [json, '-o', join(dir, '正文.pdf')], '输出文件应以 .md'],
    ['no file', [], '用法'],
  ])('says in Chinese why it cannot use %s, exit 2', async (_, args, message) => {
    const notTemplate = join(dir, '别的.xlsx');
    writeFileSync(
      notTemplate,
      await writeWorkbook({
        sheets: [
          {
            name: 'Sheet1',
            visibility: 'visible',
            cells: [{ row: 1, col: 1, value: 'x' }],
            merges: [],
            columns: [],
            rows: [],
            conditionalFormats: [],
            validations: [],
          },
        ],
        names: [],
      }),
    );
    const broken = join(dir, '坏.json');
    writeFileSync(broken, '{ "format": ');
    const argv = args.map((a) => (a === 'NOT_TEMPLATE' ? notTemplate : a === 'BROKEN_JSON' ? broken : a));
    const { code, err } = await run('narrative', ...argv);
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(existsSync(join(dir, '正文.pdf'))).toBe(false);
  });

  it('is in the usage text', async () => {
    expect((await run('help')).out).toContain('nianbao narrative 文件 [-o 正文.md|报告.docx]');
  });
});
