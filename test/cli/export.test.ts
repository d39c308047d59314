import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { main } from '../../src/cli/main';

/** `nianbao export FILE -o 报告.docx`: from report data or a filled workbook, never over an existing file. */

const SAMPLE = join(__dirname, '..', 'fixtures', 'jiaokou-2024.json');

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function documentXml(file: string): string {
  const entry = unzipSync(readFileSync(file))['word/document.xml'];
  if (!entry) throw new Error(`${file} has no word/document.xml`);
  return strFromU8(entry);
}

describe('nianbao export', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nianbao-export-'));
  });

  it('writes the report from report data, and says what is still to be filled in', async () => {
    const out = join(dir, '报告.docx');
    const run = await cli('export', SAMPLE, '-o', out);

    expect(run).toMatchObject({ code: 0, err: '' });
    expect(run.out).toContain(`已生成：${out}`);
    expect(run.out).toMatch(/注意：还有 \d+ 段含“【请填写：…】”的待填写内容/);
    const xml = documentXml(out);
    for (const text of ['交口县人民政府', '一、总体情况', '六、其他需要报告的事项', '9669.2526', '1939', '申请人情况'])
      expect(xml).toContain(text);
  });

  it('writes the report from a workbook made by the template', async () => {
    const workbook = join(dir, '年报.xlsx');
    expect((await cli('fill', SAMPLE, '-o', workbook)).code).toBe(0);
    const out = join(dir, '报告.docx');

    expect((await cli('export', workbook, '-o', out)).code).toBe(0);
    const xml = documentXml(out);
    for (const text of ['交口县人民政府', '9669.2526', '984', '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）'])
      expect(xml).toContain(text);
  });

  it('refuses to overwrite an existing file without --force, as template and fill do', async () => {
    const out = join(dir, '报告.docx');
    writeFileSync(out, 'the clerk’s own edits');
    const refused = await cli('export', SAMPLE, '-o', out);

    expect(refused).toMatchObject({ code: 2, err: `文件“${out}”已存在，为免覆盖已填写的内容，未写入。如确需覆盖，请加 --force。` });
    expect(readFileSync(out, 'utf8')).toBe('the clerk’s own edits');
    expect((await cli('export', SAMPLE, '-o', out, '--force')).code).toBe(0);
    expect(documentXml(out)).toContain('交口县人民政府');
  });

  it.each([
    ['a file that does not exist', () => ['export', join(dir, '无此文件.json'), '-o', join(dir, 'a.docx')], /无此文件\.json：文件不存在。/],
    ['a file of another kind', () => ['export', join(dir, 'x.csv'), '-o', join(dir, 'a.docx')], /不支持的文件类型“\.csv”/],
    ['no -o', () => ['export', SAMPLE], /请用 -o 指定输出的 Word 文件/],
    ['an output that is not .docx', () => ['export', SAMPLE, '-o', join(dir, 'a.pdf')], /输出文件应以 \.docx 结尾/],
    ['no input', () => ['export'], /用法：nianbao export/],
  ])('exits 2 with a Chinese message for %s', async (_, argv, message) => {
    const run = await cli(...argv());

    expect(run.code).toBe(2);
    expect(run.err).toMatch(message);
    expect(existsSync(join(dir, 'a.docx'))).toBe(false);
  });

  it('exits 2 for JSON that is not report data', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "format": "2021", ');
    const run = await cli('export', bad, '-o', join(dir, 'a.docx'));

    expect(run.code).toBe(2);
    expect(run.err).toMatch(/bad\.json：不是有效的 JSON 文件/);
  });
});
