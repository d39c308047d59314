import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Block, ReportDocument } from '../../src/core/narrative/document';
import { placeholder } from '../../src/core/narrative/document';
import { generateDocument } from '../../src/core/narrative/generate';
import type { ReportData } from '../../src/core/report/types';
import { renderDocx } from '../../src/export/docx';
import { cellText, officialTable, printedValues } from '../../src/export/tables';
import { FORMAT_2019, FORMAT_2021, cellsOf } from '../../src/core/format';
import { convertWithLibreOffice, libreOfficeAvailable, sofficePath } from '../support/libreoffice';
import { jiaokou, seeded, validReport } from '../support/reports';

/*
 * The Word export: the report's blocks in order in 党政机关公文格式, the three official tables with their
 * merged headers. The .docx is checked as XML (page, margins, fonts, merges), then converted to PDF by
 * LibreOffice Writer and read back with pdftotext: every heading, every table label (typed here from
 * spec/format-2021.md, not taken from src/core/format) and the figures must be there. The table pages are
 * rendered to PNG under test-artifacts/export/ for people to look at.
 */

const OUT = join(__dirname, '..', '..', 'test-artifacts', 'export');

const SECTIONS = [
  '一、总体情况',
  '二、主动公开政府信息情况',
  '三、收到和处理政府信息公开申请情况',
  '四、政府信息公开行政复议、行政诉讼情况',
  '五、存在的主要问题及改进情况',
  '六、其他需要报告的事项',
] as const;

const T2_LABELS = [
  '第二十条第（一）项',
  '第二十条第（五）项',
  '第二十条第（六）项',
  '第二十条第（八）项',
  '信息内容',
  '本年制发件数',
  '本年废止件数',
  '现行有效件数',
  '本年处理决定数量',
  '本年收费金额（单位：万元）',
  '规章',
  '行政规范性文件',
  '行政许可',
  '行政处罚',
  '行政强制',
  '行政事业性收费',
] as const;

const T3_NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
const T3_HEADERS = [
  '申请人情况',
  '自然人',
  '法人或其他组织',
  '总计',
  '商业企业',
  '科研机构',
  '社会公益组织',
  '法律服务机构',
  '其他',
] as const;
const T3_GROUPS = ['三、本年度办理结果', '（三）不予公开', '（四）无法提供', '（五）不予处理', '（六）其他处理'] as const;
/** R01…R25 as printed. */
const T3_ROWS = [
  '一、本年新收政府信息公开申请数量',
  '二、上年结转政府信息公开申请数量',
  '（一）予以公开',
  '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
  '1.属于国家秘密',
  '2.其他法律行政法规禁止公开',
  '3.危及“三安全一稳定”',
  '4.保护第三方合法权益',
  '5.属于三类内部事务信息',
  '6.属于四类过程性信息',
  '7.属于行政执法案卷',
  '8.属于行政查询事项',
  '1.本机关不掌握相关政府信息',
  '2.没有现成信息需要另行制作',
  '3.补正后申请内容仍不明确',
  '1.信访举报投诉类申请',
  '2.重复申请',
  '3.要求提供公开出版物',
  '4.无正当理由大量反复申请',
  '5.要求行政机关确认或重新出具已获取信息',
  '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
  '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
  '3.其他',
  '（七）总计',
  '四、结转下年度继续办理',
] as const;
const T4_LABELS = [
  '行政复议',
  '行政诉讼',
  '未经复议直接起诉',
  '复议后起诉',
  '结果维持',
  '结果纠正',
  '其他结果',
  '尚未审结',
  '总计',
] as const;

/** A small document by hand, for what the generator does not write (captions, line breaks, clerk text). */
function handDocument(data: ReportData): ReportDocument {
  const b = (id: string, kind: Block['kind'], text: string, extra: Partial<Block> = {}): Block => ({
    id,
    kind,
    text,
    source: 'clerk',
    ...extra,
  });
  return {
    year: 2024,
    organ: '交口县人民政府',
    blocks: [
      b('title', 'title', '交口县人民政府2024年政府信息公开工作年度报告'),
      b('s1', 'heading1', SECTIONS[0]),
      b('s1.1.text', 'paragraph', `第一段。\n\n第二段，${placeholder('主要做法')}之后还有字。`),
      b('s3.table', 'table', '表三 收到和处理政府信息公开申请情况', { table: 'T3' }),
      b('signature', 'signature', data.organ ?? ''),
      b('date', 'date', '2025年1月16日'),
    ],
  };
}

function unzip(bytes: Uint8Array): Record<string, string> {
  const files = unzipSync(bytes);
  return Object.fromEntries(
    Object.entries(files)
      .filter(([name]) => name.endsWith('.xml'))
      .map(([name, data]) => [name, strFromU8(data)]),
  );
}

/** The tables of document.xml, each with its grid column count and, per row, the columns its cells cover. */
function tablesOf(xml: string): { columns: number; rowWidths: number[]; xml: string }[] {
  return [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map(([, t = '']) => ({
    xml: t,
    columns: (t.match(/<w:gridCol /g) ?? []).length,
    rowWidths: [...t.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map(([, tr = '']) =>
      [...tr.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].reduce(
        (acc, [, tc = '']) => acc + Number(/<w:gridSpan w:val="(\d+)"/.exec(tc)?.[1] ?? 1),
        0,
      ),
    ),
  }));
}

const squash = (s: string): string => s.replace(/\s+/g, '');

describe('officialTable lays the tables out as the format prints them', () => {
  const data = jiaokou();

  it('puts table 三 under a three-row header with the note in the corner over the three label columns', () => {
    const t3 = officialTable('T3', data);
    const at = (text: string) => t3.cells.find((c) => c.text === text);

    expect(t3.headerRows).toBe(3);
    expect(t3.rows).toBe(28);
    expect(t3.widths).toHaveLength(10);
    expect(at(T3_NOTE)).toMatchObject({ row: 0, col: 0, rowSpan: 3, colSpan: 3 });
    expect(at('申请人情况')).toMatchObject({ row: 0, col: 3, rowSpan: 1, colSpan: 7 });
    expect(at('自然人')).toMatchObject({ row: 1, col: 3, rowSpan: 2, colSpan: 1 });
    expect(at('法人或其他组织')).toMatchObject({ row: 1, col: 4, rowSpan: 1, colSpan: 5 });
    expect(at('总计')).toMatchObject({ row: 1, col: 9, rowSpan: 2, colSpan: 1 });
    expect(at('商业企业')).toMatchObject({ row: 2, col: 4 });
    expect(at('三、本年度办理结果')).toMatchObject({ row: 5, col: 0, rowSpan: 22, colSpan: 1 });
    expect(at('（三）不予公开')).toMatchObject({ row: 7, col: 1, rowSpan: 8, colSpan: 1 });
    expect(at('一、本年新收政府信息公开申请数量')).toMatchObject({ col: 0, colSpan: 3 });
    expect(at('（一）予以公开')).toMatchObject({ col: 1, colSpan: 2 });
    expect(at('1.属于国家秘密')).toMatchObject({ col: 2, colSpan: 1 });
  });

  it('puts table 四 under two header levels over 15 figures', () => {
    const t4 = officialTable('T4', data);
    const at = (text: string) => t4.cells.find((c) => c.text === text);

    expect(t4.widths).toHaveLength(15);
    expect(at('行政复议')).toMatchObject({ row: 0, col: 0, colSpan: 5 });
    expect(at('行政诉讼')).toMatchObject({ row: 0, col: 5, colSpan: 10 });
    expect(at('复议后起诉')).toMatchObject({ row: 1, col: 10, colSpan: 5 });
    expect(t4.cells.find((c) => c.text === '结果维持' && c.col === 0)).toMatchObject({ row: 1, rowSpan: 2 });
    expect(t4.cells.filter((c) => c.role === 'value').map((c) => c.text)).toEqual([
      '0',
      '1',
      '2',
      '0',
      '3',
      ...Array<string>(10).fill('0'),
    ]);
  });

  it('spreads a one-column part of table 二 over the three value columns', () => {
    const t2 = officialTable('T2', data);

    expect(t2.widths).toHaveLength(4);
    expect(t2.cells.find((c) => c.text === '第二十条第（八）项')).toMatchObject({ col: 0, colSpan: 4 });
    expect(t2.cells.find((c) => c.text === '本年收费金额（单位：万元）')).toMatchObject({ col: 1, colSpan: 3 });
    expect(t2.cells.find((c) => c.text === '9669.2526')).toMatchObject({ col: 1, colSpan: 3, role: 'value' });
  });

  it("lays out the 2019 format's table 二, whose parts have one, two and three columns, on a six-column grid", () => {
    const data: ReportData = {
      format: '2019',
      year: 2020,
      organ: '某县人民政府',
      cells: Object.fromEntries(cellsOf(FORMAT_2019).map((c, i) => [c.id, i])),
    };
    const t2 = officialTable('T2', data);

    expect(t2.widths).toHaveLength(7);
    expect(t2.cells.find((c) => c.text === '采购总金额')).toMatchObject({ col: 4, colSpan: 3 });
    expect(t2.cells.find((c) => c.text === '本年新公开数量')).toMatchObject({ col: 3, colSpan: 2 });
    expect(officialTable('T3', data).rows).toBe(3 + FORMAT_2019.t3.rows.length);
  });
});

describe('cellText prints a value as the clerk wrote it', () => {
  it.each([
    [9669.2526, '9669.2526'],
    [1939, '1939'],
    [0, '0'],
    [0.1 + 0.2, '0.3'],
    [47.1, '47.1'],
    [0.0000001, '0.0000001'],
    ['12件', '12件'],
    [' 3 ', '3'],
    ['无', '无'],
    ['\u3000', ''],
    ['', ''],
    [null, ''],
    [true, 'TRUE'],
  ])('%p → %p', (raw, text) => {
    expect(cellText(raw)).toBe(text);
  });

  it('prints a total the data leaves out as the workbook computes it, and a total given blank as blank', () => {
    const data = jiaokou();
    delete data.cells['T3.new.total'];
    data.cells['T3.carried.total'] = null;
    const values = printedValues(FORMAT_2021, data);

    expect(values.get('T3.new.total')).toBe('12');
    expect(values.get('T3.carried.total')).toBe('');
  });
});

describe('renderDocx writes a 公文-format .docx', () => {
  let xml: Record<string, string>;
  beforeAll(async () => {
    const data = jiaokou();
    xml = unzip(await renderDocx(generateDocument(data), data));
  });

  it('sets A4 and the GB/T 9704 margins (37 / 35 / 28 / 26 mm)', () => {
    const doc = xml['word/document.xml']!;

    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(doc).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
  });

  it('names the 公文 fonts in the styles, with their fallbacks in the font table', () => {
    const styles = xml['word/styles.xml']!;
    const fonts = xml['word/fontTable.xml']!;

    for (const font of ['方正小标宋简体', '仿宋_GB2312', '黑体', '楷体_GB2312', '宋体']) expect(styles).toContain(`w:eastAsia="${font}"`);
    expect(styles).toContain('w:eastAsia="zh-CN"');
    expect(fonts).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋,FangSong,STFangsong"/>');
    expect(fonts).toContain('<w:font w:name="楷体_GB2312"><w:altName w:val="楷体,KaiTi,STKaiti"/>');
    expect(fonts).toContain('<w:altName w:val="SimSun,STSong"/>');
  });

  it('uses the title, heading and body styles, with sizes 22 pt, 16 pt and a fixed 28.9 pt line', () => {
    const styles = xml['word/styles.xml']!;
    const doc = xml['word/document.xml']!;

    expect(styles).toMatch(/w:styleId="nbTitle"[\s\S]*?<w:sz w:val="44"\/>/);
    expect(styles).toMatch(/w:styleId="nbBody"[\s\S]*?w:line="578" w:lineRule="exact"/);
    expect(styles).toMatch(/w:styleId="nbBody"[\s\S]*?w:firstLineChars="200"/);
    for (const style of ['nbTitle', 'nbHeading1', 'nbHeading2', 'nbBody', 'nbSignature', 'nbTable'])
      expect(doc).toContain(`<w:pStyle w:val="${style}"/>`);
  });

  it('writes every table row across the full grid, with the header merges of table 三', () => {
    const tables = tablesOf(xml['word/document.xml']!);

    expect(tables.map((t) => t.columns)).toEqual([4, 10, 15]);
    for (const t of tables) expect(new Set(t.rowWidths)).toEqual(new Set([t.columns]));
    const t3 = tables[1]!.xml;
    expect(t3).toMatch(/<w:gridSpan w:val="3"\/><w:vMerge w:val="restart"\/>[\s\S]*?本列数据的勾稽关系/);
    expect(t3).toMatch(/<w:gridSpan w:val="7"\/>[\s\S]*?申请人情况/);
    expect(t3).toMatch(/<w:gridSpan w:val="5"\/>[\s\S]*?法人或其他组织/);
    expect((t3.match(/<w:vMerge\/>|<w:vMerge w:val="continue"\/>/g) ?? []).length).toBeGreaterThan(0);
    expect(t3.match(/<w:tblHeader\/>/g)).toHaveLength(3);
  });

  it('puts the page number in the footer, on the outside of odd and even pages', () => {
    const footers = Object.entries(xml).filter(([name]) => /^word\/footer\d+\.xml$/.test(name));

    expect(footers).toHaveLength(2);
    for (const [, f] of footers) expect(f).toMatch(/— [\s\S]*PAGE[\s\S]* —/);
    expect(xml['word/settings.xml']).toContain('<w:evenAndOddHeaders/>');
  });

  it('writes a line break the clerk typed as a new paragraph, highlights a placeholder and prints a table caption', async () => {
    const data = jiaokou();
    const doc = unzip(await renderDocx(handDocument(data), data))['word/document.xml']!;

    expect(doc).toMatch(/第一段。<\/w:t><\/w:r><\/w:p><w:p>[\s\S]*?第二段，/);
    expect(doc).toMatch(/<w:highlight w:val="yellow"\/>[\s\S]*?<w:t xml:space="preserve">【请填写：主要做法】<\/w:t>/);
    expect(doc).toMatch(/<w:pStyle w:val="nbCaption"\/>[\s\S]*?表三 收到和处理政府信息公开申请情况[\s\S]*?<w:tbl>/);
  });

  it.each([
    // Text width 8845 twips, a character 320. 交口县人民政府办公室 (10) ends 2 characters from the right, so
    // starts at 8845 − 12 × 320 = 5005; the date starts two characters later.
    ['交口县人民政府办公室', /<w:ind w:right="640"\/>[\s\S]*?交口县人民政府办公室/, /<w:ind w:left="5645"\/>[\s\S]*?2025年1月16日/],
    // 交口县人民政府 (7) is too short for that: the date (6.5) ends 2 characters from the right and the
    // signature starts two characters before it: 2 + 6.5 + 2 − 7 = 3.5 characters from the right.
    ['交口县人民政府', /<w:ind w:right="1120"\/>[\s\S]*?交口县人民政府/, /<w:ind w:right="640"\/>[\s\S]*?2025年1月16日/],
  ])('places signature %s and date as GB/T 9704 7.3.5.2 does for a document without a seal', async (organ, signature, date) => {
    const data = { ...jiaokou(), organ };
    const doc = unzip(await renderDocx(handDocument(data), data))['word/document.xml']!;
    const tail = doc.slice(doc.lastIndexOf('</w:tbl>'));

    expect(tail).toMatch(signature);
    expect(tail).toMatch(date);
  });
});

/** Whether LibreOffice can convert Word documents (Writer is a package of its own on Debian). */
function writerAvailable(): boolean {
  if (!libreOfficeAvailable('the Word export read back as PDF')) return false;
  const soffice = sofficePath();
  if (soffice && existsSync(join(dirname(realpathSync(soffice)), 'libswlo.so'))) return true;
  const message = 'LibreOffice Writer is not installed (apt-get install libreoffice-writer-nogui)';
  if (process.env['CI'] || process.env['NIANBAO_CI']) throw new Error(`${message}: required in CI for the Word export test.`);
  console.warn(`\n*** SKIPPED: the Word export read back as PDF — ${message}. ***\n`);
  return false;
}

const withWriter = writerAvailable() ? describe : describe.skip;

withWriter('the exported .docx, printed by LibreOffice', () => {
  const reports: readonly (readonly [string, ReportData])[] = [
    ['jiaokou', jiaokou()],
    ['seeded-7', validReport(seeded(7), 400)],
  ];
  const text = new Map<string, string>();

  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    const files: string[] = [];
    for (const [name, data] of reports) {
      const file = join(OUT, `${name}.docx`);
      writeFileSync(file, await renderDocx(generateDocument(data), data));
      files.push(file);
    }
    const pdfs = convertWithLibreOffice(files, OUT, 'pdf');
    pdfs.forEach((pdf, i) => {
      const name = reports[i]![0];
      // -raw keeps the order LibreOffice draws in: a cell's wrapped lines come out together.
      text.set(name, execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }));
      // The pages that hold the tables, as PNG for people to look at.
      const pages = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).split('\f');
      pages.forEach((page, p) => {
        if (['第二十条第（一）项', '申请人情况', '未经复议直接起诉'].some((label) => page.includes(label))) {
          execFileSync('pdftoppm', ['-png', '-r', '80', '-f', String(p + 1), '-l', String(p + 1), pdf, join(OUT, `${name}-page`)]);
        }
      });
    });
  }, 120_000);

  it.each(reports.map(([name]) => name))('%s: holds the title, the six section headings in order and the signature', (name) => {
    const all = squash(text.get(name)!);
    const data = reports.find(([n]) => n === name)![1];
    const at = SECTIONS.map((s) => all.indexOf(s));

    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(all).toContain(squash(`${data.year}年政府信息公开工作年度报告`));
    expect(all).toContain(squash(data.organ!));
  });

  it.each(reports.map(([name]) => name))('%s: holds every label of the three tables, wrapped or not', (name) => {
    const all = squash(text.get(name)!);
    const missing = [...T2_LABELS, T3_NOTE, ...T3_HEADERS, ...T3_GROUPS, ...T3_ROWS, ...T4_LABELS].filter(
      (label) => !all.includes(squash(label)),
    );

    expect(missing).toEqual([]);
  });

  it("holds the sample report's figures", () => {
    const all = text.get('jiaokou')!;

    for (const figure of ['9669.2526', '1939', '984', '28', '16'])
      expect(all).toMatch(new RegExp(`(^|\\s)${figure.replace('.', '\\.')}(\\s|$)`, 'm'));
    // Table 四's row of figures: 行政复议 0 1 2 0 3, then ten 0s.
    expect(squash(all)).toContain('012030000000000');
  });

  it('holds every figure of a larger report', () => {
    const data = reports[1]![1];
    const words = new Set(text.get('seeded-7')!.split(/\s+/));
    const missing = Object.entries(data.cells)
      .filter(([, v]) => !words.has(cellText(v)))
      .map(([id]) => id);

    expect(missing).toEqual([]);
  });

  it('renders the table pages to PNG', () => {
    expect(readdirSync(OUT).filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(2);
  });
});
