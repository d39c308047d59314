import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { htmlToDocument } from '../../../src/core/import/html';
import type { PublishedBlock, PublishedDocument, TableBlock, TableCell } from '../../../src/core/import/published/document';
import type { ReportDocument } from '../../../src/core/narrative/document';
import { generateDocument } from '../../../src/core/narrative/generate';
import type { ReportData } from '../../../src/core/report/types';
import { renderDocx } from '../../../src/export/docx';
import { officialTable } from '../../../src/export/tables';
import { readDocxDocument } from '../../../src/hosts/docx/read';
import { freshProfile, libreOfficeAvailable, sofficePath } from '../../support/libreoffice';
import { jiaokou, seeded, validReport } from '../../support/reports';
import { endToEnd } from './end-to-end';

/*
 * The Word reader on three kinds of file: our own export (renderDocx), the county page of
 * test/fixtures/published/html converted by LibreOffice Writer (real Word merged-cell XML: w:vMerge and
 * w:gridSpan, as its document.xml shows), and small hand-written document.xml parts for each rule.
 */

const HTML_FIXTURE = join(__dirname, '..', '..', 'fixtures', 'published', 'html', 'jiaokou-2024.html');

/** The sample's figures with its one blank cell filled, so that the report is clean. */
function cleanJiaokou(): ReportData {
  const data = jiaokou();
  return { ...data, cells: { ...data.cells, 'T3.carryForward.commercial': 0 } };
}

/** The generated document with its 【请填写：…】 places written, as a clerk publishes it. */
function published(data: ReportData): ReportDocument {
  const doc = generateDocument(data);
  return {
    ...doc,
    blocks: doc.blocks.map((b) => ({ ...b, text: b.text.replace(/【请填写：[^】]*】/g, '本机关按照要求扎实开展此项工作。') })),
  };
}

const tablesOf = (doc: PublishedDocument): TableBlock[] => doc.blocks.filter((b): b is TableBlock => b.kind === 'table');
const cell = (text: string, colSpan = 1, rowSpan = 1): TableCell => ({ text, colSpan, rowSpan });
const para = (text: string, heading?: number): PublishedBlock =>
  heading === undefined ? { kind: 'paragraph', text } : { kind: 'paragraph', text, heading };
const table = (...rows: TableCell[][]): PublishedBlock => ({ kind: 'table', rows });

function read(bytes: Uint8Array): PublishedDocument {
  const doc = readDocxDocument(bytes);
  if (!doc.ok) throw new Error(doc.error);
  return doc.value;
}

/** The rows a reader should give for an official table as the export lays it out: each merged cell once. */
function expectedRows(id: 'T2' | 'T3' | 'T4', data: ReportData): TableCell[][] {
  const grid = officialTable(id, data);
  const rows: TableCell[][] = Array.from({ length: grid.rows }, () => []);
  for (const c of [...grid.cells].sort((a, b) => a.row - b.row || a.col - b.col)) rows[c.row]!.push(cell(c.text, c.colSpan, c.rowSpan));
  return rows;
}

// ---- Hand-written packages ------------------------------------------------------------------------

const W_MAIN = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const NAMESPACES = `xmlns:w="${W_MAIN}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml"`;
const RELS = (target = 'word/document.xml') =>
  `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${target}"/></Relationships>`;
const DOC_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;

const documentXml = (body: string, root = `<w:document ${NAMESPACES}>`, close = '</w:document>') =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${root}<w:body>${body}<w:sectPr/></w:body>${close}`;

function docx(body: string, parts: Record<string, string | Uint8Array> = {}): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    '_rels/.rels': strToU8(RELS()),
    'word/document.xml': strToU8(documentXml(body)),
  };
  for (const [name, data] of Object.entries(parts)) files[name] = typeof data === 'string' ? strToU8(data) : data;
  return zipSync(files);
}

const r = (text: string, rPr = '') => `<w:r>${rPr ? `<w:rPr>${rPr}</w:rPr>` : ''}<w:t xml:space="preserve">${text}</w:t></w:r>`;
const p = (content: string, pPr = '') =>
  `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${content.startsWith('<') ? content : r(content)}</w:p>`;
const tc = (text: string, tcPr = '') => `<w:tc>${tcPr ? `<w:tcPr>${tcPr}</w:tcPr>` : ''}${text === '' ? '<w:p/>' : p(text)}</w:tc>`;
const tr = (...cells: string[]) => `<w:tr>${cells.join('')}</w:tr>`;
const tbl = (...rows: string[]) => `<w:tbl><w:tblPr/><w:tblGrid/>${rows.join('')}</w:tbl>`;
const span = (n: number) => `<w:gridSpan w:val="${n}"/>`;
const RESTART = '<w:vMerge w:val="restart"/>';
const CONTINUE = '<w:vMerge/>';

const STYLES = `<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="${W_MAIN}">
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="3"><w:name w:val="标题 3"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="myTitle"><w:name w:val="一级标题（自定义）"/><w:basedOn w:val="1"/></w:style>
<w:style w:type="paragraph" w:styleId="outline2"><w:name w:val="二级"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="body"><w:name w:val="正文缩进"/><w:basedOn w:val="a"/><w:pPr><w:pPrChange w:id="1"><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:pPrChange></w:pPr></w:style>
<w:style w:type="character" w:styleId="Heading1Char"><w:name w:val="heading 1 Char"/></w:style>
</w:styles>`;

describe('readDocxDocument, rule by rule', () => {
  it.each<[string, string, PublishedBlock[], Record<string, string>?]>([
    [
      'reads runs: w:tab as a tab, w:br and w:cr as line breaks',
      p(`${r('甲')}<w:r><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t><w:cr/><w:t>丁</w:t></w:r>`),
      [para('甲\t乙\n丙\n丁')],
    ],
    [
      'takes no text from tab stops, paragraph marks or field codes',
      p(
        `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>${r('3')}<w:r><w:fldChar w:fldCharType="end"/></w:r>`,
        '<w:tabs><w:tab w:val="left" w:pos="840"/></w:tabs><w:rPr><w:b/></w:rPr>',
      ),
      [para('3')],
    ],
    [
      'drops deleted and moved-away text, keeps inserted and moved-to text',
      p(
        `${r('本年')}<w:del w:id="1" w:author="x"><w:r><w:delText>新收</w:delText></w:r>${r('删')}</w:del><w:ins w:id="2" w:author="x">${r('收到')}</w:ins><w:moveFrom w:id="3">${r('旧')}</w:moveFrom><w:moveTo w:id="4">${r('申请')}</w:moveTo>`,
      ),
      [para('本年收到申请')],
    ],
    [
      'drops hidden text',
      p(`${r('看得见')}${r('看不见', '<w:vanish/>')}${r('也看得见', '<w:vanish w:val="false"/>')}`),
      [para('看得见也看得见')],
    ],
    [
      'keeps the text of content controls, not their prompts',
      `<w:sdt><w:sdtPr><w:alias w:val="机关"/></w:sdtPr><w:sdtContent>${p('交口县人民政府')}</w:sdtContent></w:sdt><w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>${p('单击或点击此处输入文字。')}</w:sdtContent></w:sdt>${p(`${r('共')}<w:sdt><w:sdtContent>${r('12')}</w:sdtContent></w:sdt>${r('件')}`)}`,
      [para('交口县人民政府'), para('共12件')],
    ],
    [
      'reads a text box once, not again from its fallback',
      p(
        `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>${p('框内')}</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>${p('框内')}</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>${r('框外')}`,
      ),
      [para('框内'), para('框外')],
    ],
    [
      'ignores footnotes',
      p(`${r('正文')}<w:r><w:footnoteReference w:id="1"/></w:r>`),
      [para('正文')],
      { 'word/footnotes.xml': `<w:footnotes xmlns:w="${W_MAIN}"><w:footnote w:id="1">${p('脚注')}</w:footnote></w:footnotes>` },
    ],
    [
      'trims a paragraph, reads a no-break space as a space, drops empty paragraphs',
      `${p('\u3000\u3000正文\u00a0内容  ')}<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>`,
      [para('正文 内容')],
    ],
    [
      'takes heading levels from Heading styles (no style sheet needed), outline levels, and the style sheet',
      [
        p('一', '<w:pStyle w:val="Heading2"/>'),
        p('二', '<w:pStyle w:val="1"/>'),
        p('三', '<w:pStyle w:val="3"/>'),
        p('四', '<w:pStyle w:val="myTitle"/>'),
        p('五', '<w:pStyle w:val="outline2"/>'),
        p('六', '<w:outlineLvl w:val="3"/>'),
        p('七', '<w:pStyle w:val="1"/><w:outlineLvl w:val="9"/>'),
        p('八', '<w:pStyle w:val="body"/><w:pPrChange w:id="2"><w:pPr><w:pStyle w:val="1"/></w:pPr></w:pPrChange>'),
        p('九', '<w:pStyle w:val="unknown"/>'),
      ].join(''),
      [para('一', 2), para('二', 1), para('三', 3), para('四', 1), para('五', 2), para('六', 4), para('七'), para('八'), para('九')],
      { 'word/styles.xml': STYLES, 'word/_rels/document.xml.rels': DOC_RELS },
    ],
    [
      'gives a vertical merge its rows and drops the continuation cells, a horizontal one its columns',
      tbl(tr(tc('A', span(2) + RESTART), tc('B')), tr(tc('', span(2) + CONTINUE), tc('C')), tr(tc('D'), tc('E'), tc('F'))),
      [table([cell('A', 2, 2), cell('B')], [cell('C')], [cell('D'), cell('E'), cell('F')])],
    ],
    [
      'merges by grid column, counting the cells a row leaves out before it (w:gridBefore), and puts out no cell for those',
      tbl(
        `<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>${tc('X', RESTART)}${tc('Y')}</w:tr>`,
        tr(tc('Z'), tc('', CONTINUE), tc('W')),
        `<w:tr>${tc('U')}${tc('V')}<w:trPr><w:gridAfter w:val="1"/></w:trPr></w:tr>`,
      ),
      [table([cell('X', 1, 2), cell('Y')], [cell('Z'), cell('W')], [cell('U'), cell('V')])],
    ],
    [
      'keeps a continuation cell that continues nothing as an ordinary cell',
      tbl(tr(tc('M', RESTART), tc('1')), tr(tc('N'), tc('2')), tr(tc('', CONTINUE), tc('3')), tr(tc('Q', CONTINUE), tc('4'))),
      [table([cell('M'), cell('1')], [cell('N'), cell('2')], [cell(''), cell('3')], [cell('Q'), cell('4')])],
    ],
    [
      'joins a cell’s paragraphs with \\n and leaves its empty ones out',
      tbl(tr(`<w:tc>${p('商业')}<w:p/>${p('企业')}</w:tc>`, tc('0'))),
      [table([cell('商业\n企业'), cell('0')])],
    ],
    [
      'reads rows and cells inside content controls',
      tbl(
        `<w:sdt><w:sdtContent>${tr(tc('a'), `<w:sdt><w:sdtContent>${tc('b')}</w:sdtContent></w:sdt>`)}</w:sdtContent></w:sdt>`,
        tr(tc('c'), tc('d')),
      ),
      [table([cell('a'), cell('b')], [cell('c'), cell('d')])],
    ],
    [
      'ignores a tracked change to a cell’s merge',
      tbl(
        tr(`<w:tc><w:tcPr>${span(2)}<w:tcPrChange w:id="1"><w:tcPr>${RESTART}</w:tcPr></w:tcPrChange></w:tcPr>${p('x')}</w:tc>`),
        tr(tc('y'), tc('z')),
      ),
      [table([cell('x', 2)], [cell('y'), cell('z')])],
    ],
    [
      // A table holding a table lays the page out: its paragraphs become the document's, the inner table a table block.
      'dissolves a layout table around a nested table',
      tbl(tr(`<w:tc>${p('正文')}${tbl(tr(tc('a'), tc('b')))}${p('后文')}</w:tc>`)),
      [para('正文'), table([cell('a'), cell('b')]), para('后文')],
    ],
    ['reads a one-cell table as its paragraphs', tbl(tr(`<w:tc>${p('甲')}${p('乙')}</w:tc>`)), [para('甲'), para('乙')]],
  ])('%s', (_title, body, expected, parts = {}) => {
    expect(read(docx(body, parts)).blocks).toEqual(expected);
  });

  it('reads WordprocessingML under any prefix, and in the strict namespace', () => {
    const body = `${p('标题', '<w:pStyle w:val="Heading1"/>')}${tbl(tr(tc('A', span(2))), tr(tc('B'), tc('C')))}`;
    const expected = read(docx(body)).blocks;
    const renamed = documentXml(
      body.replace(/<(\/?)w:/g, '<$1ns0:').replace(/ w:/g, ' ns0:'),
      `<ns0:document xmlns:ns0="${W_MAIN}">`,
      '</ns0:document>',
    ).replace(/<(\/?)w:(body|sectPr)/g, '<$1ns0:$2');
    const strict = documentXml(body, '<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main">');
    expect(expected).toEqual([para('标题', 1), table([cell('A', 2)], [cell('B'), cell('C')])]);
    expect(read(docx('', { 'word/document.xml': renamed })).blocks).toEqual(expected);
    expect(read(docx('', { 'word/document.xml': strict })).blocks).toEqual(expected);
  });

  it('finds the main part where the package says, and reads it in UTF-16', () => {
    const utf16 = new Uint8Array([
      0xff,
      0xfe,
      ...new Uint8Array(new Uint16Array([...documentXml(p('十六位'))].map((c) => c.charCodeAt(0))).buffer),
    ]);
    const bytes = zipSync({ '_rels/.rels': strToU8(RELS('/word/main.xml')), 'word/main.xml': utf16 });
    expect(read(bytes).blocks).toEqual([para('十六位')]);
  });

  it('stays linear on 100 000 nested elements', () => {
    const deep = `${'<w:sdt><w:sdtContent>'.repeat(100_000)}${p('深')}${'</w:sdtContent></w:sdt>'.repeat(100_000)}`;
    const started = Date.now();
    expect(read(docx(deep)).blocks).toEqual([para('深')]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('reads a one-cell table holding 200 000 paragraphs', () => {
    const doc = read(docx(tbl(tr(`<w:tc>${p('一段正文').repeat(200_000)}</w:tc>`))));
    expect(doc.blocks).toHaveLength(200_000);
  });
});

describe('readDocxDocument on files that are no readable .docx', () => {
  const valid = docx(p('正文'));

  /** The same zip with the uncompressed size of `name` in its central directory set to `size`. */
  function claimSize(bytes: Uint8Array, name: string, size: number): Uint8Array {
    const out = bytes.slice();
    const view = new DataView(out.buffer);
    for (let i = 0; i + 46 < out.length; i++) {
      if (view.getUint32(i, true) !== 0x02014b50) continue;
      const length = view.getUint16(i + 28, true);
      if (strFromU8(out.subarray(i + 46, i + 46 + length)) === name) view.setUint32(i + 24, size, true);
    }
    return out;
  }

  it.each<[string, Uint8Array, RegExp]>([
    ['an empty file', new Uint8Array(0), /^文件是空的（0 字节）。$/],
    [
      'an encrypted .docx or an old .doc (an OLE compound file)',
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Uint8Array(504)]),
      /^文件已加密（设有打开密码）或是旧版 \.doc 格式.*请.*另存为 \.docx/,
    ],
    ['a web page renamed .docx', strToU8('<html><body><p>一、总体情况</p></body></html>'), /^不是有效的 Word（\.docx）文件（无法解压）/],
    ['a cut-off download', valid.subarray(0, Math.floor(valid.length / 2)), /^不是有效的 Word（\.docx）文件/],
    ['a zip without a document part', zipSync({ 'a.txt': strToU8('x') }), /缺少正文部分（word\/document\.xml）/],
    [
      'a workbook renamed .docx',
      zipSync({ 'xl/workbook.xml': strToU8('<workbook/>'), '[Content_Types].xml': strToU8('<Types/>') }),
      /Excel 工作簿.*\.xlsx/,
    ],
    [
      'a document part that is not WordprocessingML',
      docx('', { 'word/document.xml': '<html><body>x</body></html>' }),
      /正文部分（word\/document\.xml）无法识别/,
    ],
    ['a document part claiming to inflate to 300 MB', claimSize(valid, 'word/document.xml', 300 * 1024 * 1024), /正文部分过大/],
  ])('says so in Chinese for %s', (_what, bytes, message) => {
    const result = readDocxDocument(bytes);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it('never throws on a damaged .docx', async () => {
    const data = cleanJiaokou();
    const good = await renderDocx(published(data), data);
    const random = seeded(11);
    for (let n = 0; n < 200; n++) {
      const bytes = good.slice();
      for (let k = 0; k < 1 + Math.floor(random() * 8); k++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      expect(() => readDocxDocument(bytes)).not.toThrow();
    }
  });
});

describe('readDocxDocument on our own Word export', () => {
  const reports: [string, () => ReportData][] = [
    ['交口县 2024', cleanJiaokou],
    ...[1, 2, 3, 4, 5].map((seed): [string, () => ReportData] => [`generated report #${seed}`, () => validReport(seeded(seed))]),
  ];

  it('writes real Word merges (w:vMerge restart/continue, w:gridSpan) for the reader to undo', async () => {
    const data = cleanJiaokou();
    const xml = strFromU8(unzipSync(await renderDocx(published(data), data))['word/document.xml']!);
    expect(xml).toContain('<w:vMerge w:val="restart"/>');
    expect(xml).toMatch(/<w:vMerge(?: w:val="continue")?\/>/);
    expect(xml).toContain('<w:gridSpan w:val="7"/>');
  });

  it.each(reports)('reads back %s: the three tables as laid out, each merged cell once, and the text in order', async (_name, make) => {
    const data = make();
    const source = published(data);
    const doc = read(await renderDocx(source, data));

    expect(tablesOf(doc).map((t) => t.rows)).toEqual([expectedRows('T2', data), expectedRows('T3', data), expectedRows('T4', data)]);
    const lines = (text: string) =>
      text
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '');
    const expected = source.blocks.flatMap((b) => {
      const level = b.kind === 'heading1' ? 1 : b.kind === 'heading2' ? 2 : undefined;
      // The title may be broken after the organ's name with a line break (w:br), kept as '\n'.
      if (b.kind === 'title') return [para(b.text.trim())];
      return lines(b.text).map((l) => para(l, level));
    });
    const paragraphs = doc.blocks
      .filter((b) => b.kind === 'paragraph')
      .map((b) => (b.kind === 'paragraph' && b.heading === undefined ? { ...b, text: b.text.replace('\n', '') } : b));
    expect(paragraphs).toEqual(expected);
  });

  describe('end to end', () => {
    endToEnd(
      '交口县.docx',
      async () => {
        const data = cleanJiaokou();
        return renderDocx(published(data), data);
      },
      cleanJiaokou,
    );
    const data = validReport(seeded(3));
    endToEnd('generated-3.docx', () => renderDocx(published(data), data), data, { clean: false });
  });
});

const LIBREOFFICE = libreOfficeAvailable('the Word reader on a .docx that LibreOffice Writer made from a web page');

(LIBREOFFICE ? describe : describe.skip)('readDocxDocument on a .docx LibreOffice made from the county page', () => {
  /** The whole saved page, chrome and all; and the report alone, as a clerk copies it into Word. */
  let page: Uint8Array;
  let report: Uint8Array;
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nianbao-docx-'));
    const html = readFileSync(HTML_FIXTURE, 'utf8');
    // LibreOffice (headless) cannot load a page holding form controls ("source file could not be loaded"):
    // the search box's <input> goes; the rest of the page, chrome and scripts included, is converted.
    writeFileSync(join(dir, 'page.html'), html.replace(/<input[^>]*>/g, ''));
    const article = html.slice(html.indexOf('<div class="article">'), html.indexOf('<div class="footer"'));
    writeFileSync(join(dir, 'report.html'), `<html><head><meta charset="utf-8"></head><body>${article}</body></html>`);
    mkdirSync(join(dir, 'out'));
    const profile = freshProfile();
    try {
      execFileSync(
        sofficePath()!,
        [
          `-env:UserInstallation=${profile.url}`,
          '--headless',
          '--norestore',
          '--infilter=HTML (StarWriter)',
          '--convert-to',
          'docx:MS Word 2007 XML',
          '--outdir',
          join(dir, 'out'),
          join(dir, 'page.html'),
          join(dir, 'report.html'),
        ],
        { stdio: 'pipe', timeout: 120_000 },
      );
    } finally {
      profile.dispose();
    }
    page = readFileSync(join(dir, 'out', 'page.docx'));
    report = readFileSync(join(dir, 'out', 'report.docx'));
  }, 150_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('holds real Word merged-cell XML', () => {
    const xml = strFromU8(unzipSync(page)['word/document.xml']!);
    expect(xml).toContain('<w:vMerge w:val="restart"/>');
    expect(xml).toContain('<w:vMerge w:val="continue"/>');
    expect(xml).toContain('<w:gridSpan w:val="7"/>');
  });

  it('reads the same three tables as the web page it was made from', () => {
    const tables = tablesOf(htmlToDocument(readFileSync(HTML_FIXTURE, 'utf8')));
    expect(tablesOf(read(page))).toEqual(tables);
    expect(tablesOf(read(report))).toEqual(tables);
  });

  it('reads the title as a heading and the report text in order (the page chrome comes along: Word has no chrome)', () => {
    const paragraphs = read(page).blocks.flatMap((b) => (b.kind === 'paragraph' ? [b] : []));
    expect(paragraphs).toContainEqual(para('交口县人民政府2024年政府信息公开工作年度报告', 1));
    expect(paragraphs.map((b) => b.text)).toContain('网站标识码：1411300001  晋ICP备05003067号  晋公网安备14113002000001号');
    const html = htmlToDocument(readFileSync(HTML_FIXTURE, 'utf8')).blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : []));
    const texts = paragraphs.map((b) => b.text.replace(/\s+/g, ' '));
    const positions = html.slice(2).map((t) => texts.indexOf(t));
    expect(positions.every((at) => at >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  describe('end to end', () => {
    endToEnd('jiaokou-2024-report.docx', () => report, cleanJiaokou);
    // The whole page: its sidebar lists last year's report by title before this one's own title.
    endToEnd('jiaokou-2024-page.docx', () => page, cleanJiaokou);
  });
});
