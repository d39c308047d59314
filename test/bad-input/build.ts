import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { a1 } from '../../src/core/layout/a1';
import { buildTemplate } from '../../src/core/layout/template';
import type { ReportData } from '../../src/core/report/types';
import { writeWorkbook } from '../../src/hosts/xlsx/write';
import type { BadCase, Input, XlsxContent, ZipDamage } from '../fixtures/bad/cases';
import { SAMPLES_DIR, jiaokou } from '../support/reports';

/** Turns a corpus case (test/fixtures/bad/cases.ts) into a file on disk. */

const MAIN = 'xl/worksheets/sheet1.xml';
const META = 'xl/worksheets/sheet2.xml';
const CALC = 'xl/worksheets/sheet3.xml';
const SHEET = '年报';
/** A row inside 表三 (rows 35–62) and the first row of 表四's block. */
const T3_ROW = 45;
const T4_ROW = 64;

const { layout } = buildTemplate();

/** Where a cell of the template is, e.g. `G25`. */
export function addressOf(cell: string): string {
  const at = layout.cells.get(cell);
  if (!at) throw new Error(`not a template cell: ${cell}`);
  return a1({ row: at.top, col: at.left });
}

/** jiaokou-2024 with its one blank cell filled: a report that passes, the base of every case. */
export function baseReport(): ReportData {
  const data = jiaokou();
  return { ...data, cells: { ...data.cells, 'T3.carryForward.commercial': 0 } };
}

let base: Promise<Buffer> | undefined;
/** jiaokou-2024 filled into the template, written once. */
export function baseWorkbook(): Promise<Buffer> {
  base ??= writeWorkbook(buildTemplate({ data: baseReport() }).plan);
  return base;
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function cellPattern(ref: string): RegExp {
  return new RegExp(`<c r="${ref}"((?:\\s[^>]*?)?)(?:/>|>[\\s\\S]*?</c>)`);
}

type Files = Record<string, Uint8Array>;
const get = (files: Files, name: string): string => {
  const f = files[name];
  if (!f) throw new Error(`no ${name}`);
  return strFromU8(f);
};
const put = (files: Files, name: string, text: string): void => {
  files[name] = strToU8(text);
};
const edit = (files: Files, name: string, change: (xml: string) => string): void => put(files, name, change(get(files, name)));

/** Replace one cell's XML (keeping its style unless told otherwise). */
function setCell(xml: string, ref: string, make: (style: string) => string): string {
  const re = cellPattern(ref);
  const m = re.exec(xml);
  if (!m) throw new Error(`no cell ${ref}`);
  const style = / s="(\d+)"/.exec(m[1] ?? '')?.[1] ?? '0';
  return xml.replace(re, make(style));
}

function cellXml(ref: string, style: string, content: XlsxContent, dateStyle: string): string {
  switch (content.t) {
    case 'n':
      return `<c r="${ref}" s="${style}"><v>${escapeXml(content.v)}</v></c>`;
    case 's':
    case 'inlineStr':
      // Shared strings are written inline here: the reader treats both the same, and a new shared
      // string would need the table rewritten. The `s` case keeps its own label for the corpus.
      return `<c r="${ref}" s="${style}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(content.v)}</t></is></c>`;
    case 'b':
      return `<c r="${ref}" s="${style}" t="b"><v>${content.v ? 1 : 0}</v></c>`;
    case 'e':
      return `<c r="${ref}" s="${style}" t="e"><v>${escapeXml(content.v)}</v></c>`;
    case 'f': {
      const type = content.str ? ' t="str"' : content.v?.startsWith('#') ? ' t="e"' : '';
      return `<c r="${ref}" s="${style}"${type}><f>${escapeXml(content.f)}</f>${content.v !== undefined ? `<v>${escapeXml(content.v)}</v>` : ''}</c>`;
    }
    case 'date':
      return `<c r="${ref}" s="${dateStyle}"><v>${content.v}</v></c>`;
    case 'removed':
      return '';
  }
}

/** Add a yyyy-mm-dd cell format to styles.xml; its index. */
function addDateStyle(files: Files): string {
  let index = '0';
  edit(files, 'xl/styles.xml', (xml) =>
    xml.replace(/<cellXfs count="(\d+)">([\s\S]*?)<\/cellXfs>/, (_, count: string, body: string) => {
      index = count;
      return `<cellXfs count="${Number(count) + 1}">${body}<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>`;
    }),
  );
  return index;
}

const lettersOf = (ref: string): string => /^[A-Z]+/.exec(ref)?.[0] ?? '';
const rowOf = (ref: string): number => Number(/\d+$/.exec(ref)?.[0]);

/** Move rows from `from` down by `by` (negative: up) in a sheet's XML; row `from` itself when deleting is dropped first. */
function shiftSheetRows(xml: string, from: number, by: number): string {
  return xml
    .replace(/<row r="(\d+)"/g, (m, r: string) => (Number(r) >= from ? `<row r="${Number(r) + by}"` : m))
    .replace(/<c r="([A-Z]+)(\d+)"/g, (m, col: string, r: string) => (Number(r) >= from ? `<c r="${col}${Number(r) + by}"` : m));
}

/** Update `$X$N` references to the main sheet in the meta sheet's formulas, as a spreadsheet does. */
function shiftMetaRefs(xml: string, from: number, by: number, deleted?: number): string {
  return xml.replace(/<f>([\s\S]*?)<\/f>/g, (_, f: string) => {
    const moved = f.replace(/&apos;年报&apos;!\$([A-Z]+)\$(\d+)/g, (m, col: string, r: string) => {
      const row = Number(r);
      if (deleted !== undefined && row === deleted) return '#REF!';
      return row >= from ? `&apos;年报&apos;!$${col}$${row + by}` : m;
    });
    return `<f>${moved}</f>`;
  });
}

/** The meta sheet's row whose formula points at a cell of the main sheet. */
function metaRowOf(metaXml: string, ref: string): number {
  const target = `&apos;年报&apos;!$${lettersOf(ref)}$${rowOf(ref)}<`;
  for (const m of metaXml.matchAll(/<row r="(\d+)"[^>]*>([\s\S]*?)<\/row>/g)) if ((m[2] ?? '').includes(target)) return Number(m[1]);
  throw new Error(`no meta row for ${ref}`);
}

function dropRows(xml: string, rows: (r: number) => boolean): string {
  return xml.replace(/<row r="(\d+)"[^>]*>[\s\S]*?<\/row>/g, (m, r: string) => (rows(Number(r)) ? '' : m));
}

function lastRow(xml: string): number {
  let last = 0;
  for (const m of xml.matchAll(/<row r="(\d+)"/g)) last = Math.max(last, Number(m[1]));
  return last;
}

const COUNT_REF = (): string => addressOf('T2.license.decisions');

function damage(files: Files, kind: ZipDamage): void {
  const count = COUNT_REF();
  switch (kind) {
    case 'dropWorkbookXml':
      delete files['xl/workbook.xml'];
      return;
    case 'dropWorkbookRels':
      delete files['xl/_rels/workbook.xml.rels'];
      return;
    case 'dropSharedStrings':
      delete files['xl/sharedStrings.xml'];
      return;
    case 'dropMainSheetXml':
      delete files[MAIN];
      return;
    case 'dropMetaSheetXml':
      delete files[META];
      return;
    case 'garbleMainSheetXml':
      files[MAIN] = garbage(8192, 7);
      return;
    case 'renameSheetUpdated':
      edit(files, 'xl/workbook.xml', (x) => x.replace(`name="${SHEET}"`, 'name="年报（改）"'));
      edit(files, META, (x) => x.replaceAll('&apos;年报&apos;!', '&apos;年报（改）&apos;!'));
      return;
    case 'renameSheetStale':
      edit(files, 'xl/workbook.xml', (x) => x.replace(`name="${SHEET}"`, 'name="Sheet1"'));
      return;
    case 'hideSheet':
      edit(files, 'xl/workbook.xml', (x) => x.replace(`name="${SHEET}" state="visible"`, `name="${SHEET}" state="hidden"`));
      return;
    case 'veryHideSheet':
      edit(files, 'xl/workbook.xml', (x) => x.replace(`name="${SHEET}" state="visible"`, `name="${SHEET}" state="veryHidden"`));
      return;
    case 'unhideMeta':
      edit(files, 'xl/workbook.xml', (x) => x.replace('name="nianbao_meta" state="veryHidden"', 'name="nianbao_meta" state="visible"'));
      return;
    case 'deleteMainSheet':
      edit(files, 'xl/workbook.xml', (x) => x.replace(/<sheet [^>]*name="年报"[^>]*\/>/, ''));
      edit(files, META, (x) => x.replace(/&apos;年报&apos;!\$[A-Z]+\$\d+/g, '#REF!'));
      delete files[MAIN];
      return;
    case 'deleteMetaSheet':
      edit(files, 'xl/workbook.xml', (x) => x.replace(/<sheet [^>]*name="nianbao_meta"[^>]*\/>/, ''));
      delete files[META];
      return;
    case 'calcSheetDeleted':
      edit(files, 'xl/workbook.xml', (x) => x.replace(/<sheet [^>]*name="nianbao_calc"[^>]*\/>/, ''));
      delete files[CALC];
      return;
    case 'metaLostFirstRows': {
      // Rows 2–30 deleted in a spreadsheet: the rows below move up.
      edit(files, META, (x) => shiftSheetRows(dropRows(x, (r) => r >= 2 && r <= 30), 31, -29));
      return;
    }
    case 'metaLostMiddleRow': {
      // One row gone and not closed up: a gap in the list.
      const row = metaRowOf(get(files, META), count);
      edit(files, META, (x) => dropRows(x, (r) => r === row));
      return;
    }
    case 'metaLostLastRows': {
      const last = lastRow(get(files, META));
      edit(files, META, (x) => dropRows(x, (r) => r > last - 5));
      return;
    }
    case 'metaMarkChanged':
      edit(files, META, (x) => setCell(x, 'A1', () => '<c r="A1" t="inlineStr"><is><t>随便什么</t></is></c>'));
      return;
    case 'metaFormatUnknown':
      edit(files, META, (x) => setCell(x, 'C1', () => '<c r="C1" t="inlineStr"><is><t>2099</t></is></c>'));
      return;
    case 'metaFormulaToValue': {
      const row = metaRowOf(get(files, META), count);
      edit(files, META, (x) => setCell(x, `B${row}`, () => `<c r="B${row}"><v>1939</v></c>`));
      return;
    }
    case 'metaFormulaGarbage': {
      const row = metaRowOf(get(files, META), count);
      edit(files, META, (x) => setCell(x, `B${row}`, () => `<c r="B${row}"><f>SUM(1,2)</f><v>3</v></c>`));
      return;
    }
    case 'mergesSplit':
      edit(files, MAIN, (x) => x.replace(/<mergeCells[\s\S]*?<\/mergeCells>/, ''));
      return;
    case 'conditionalFormatsCleared':
      edit(files, MAIN, (x) => x.replace(/<conditionalFormatting[\s\S]*?<\/conditionalFormatting>/g, ''));
      return;
    case 'dataValidationsCleared':
      edit(files, MAIN, (x) => x.replace(/<dataValidations[\s\S]*?<\/dataValidations>/, ''));
      return;
    case 'definedNamesCleared':
      edit(files, 'xl/workbook.xml', (x) => x.replace(/<definedNames>[\s\S]*?<\/definedNames>/, ''));
      return;
    case 'insertRowInsideT3':
    case 'insertRowInsideT3Stale': {
      edit(files, MAIN, (x) => shiftSheetRows(x, T3_ROW, 1));
      if (kind === 'insertRowInsideT3') edit(files, META, (x) => shiftMetaRefs(x, T3_ROW, 1));
      const ref = addressOf('T3.carryForward.natural');
      const moved = `${lettersOf(ref)}${rowOf(ref) + 1}`;
      if (kind === 'insertRowInsideT3') edit(files, MAIN, (x) => setCell(x, moved, (s) => cellXml(moved, s, { t: 's', v: '12件' }, s)));
      return;
    }
    case 'deleteRowInsideT3':
      edit(files, MAIN, (x) => shiftSheetRows(dropRows(x, (r) => r === T3_ROW), T3_ROW + 1, -1));
      edit(files, META, (x) => shiftMetaRefs(x, T3_ROW + 1, -1, T3_ROW));
      return;
    case 'moveTable4Down':
      edit(files, MAIN, (x) => shiftSheetRows(x, T4_ROW, 5));
      edit(files, META, (x) => shiftMetaRefs(x, T4_ROW, 5));
      return;
    case 'moveCellRight': {
      const row = rowOf(count);
      edit(files, MAIN, (x) =>
        setCell(x, count, () => '').replace(new RegExp(`(<row r="${row}"[^>]*>[\\s\\S]*?)</row>`), `$1<c r="Q${row}" t="e"><v>#N/A</v></c></row>`),
      );
      edit(files, META, (x) => x.replace(`&apos;年报&apos;!$${lettersOf(count)}$${row}<`, `&apos;年报&apos;!$Q$${row}<`));
      return;
    }
    case 'xmlEntities':
      edit(files, MAIN, (x) => setCell(x, count, (s) => `<c r="${count}" s="${s}" t="inlineStr"><is><t>&#x3C;script&#x3E;alert(1)&#60;/script&gt;</t></is></c>`));
      return;
    case 'sharedFormulaCell':
      edit(files, MAIN, (x) => setCell(x, count, (s) => `<c r="${count}" s="${s}"><f t="shared" ref="${count}" si="77">1000+939</f><v>1939</v></c>`));
      return;
    case 'truncateHalf':
    case 'truncate100':
    case 'truncateLast22':
    case 'corruptDeflate':
      return; // byte-level, below
  }
}

/** Deterministic pseudo-random bytes. */
export function garbage(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let a = seed >>> 0;
  for (let i = 0; i < length; i++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    out[i] = a >>> 24;
  }
  return out;
}

const OLE = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** 交口县年报 in GBK (the same bytes in GB18030), and a four-byte GB18030 sequence. */
const GBK = Uint8Array.from([0xbd, 0xbb, 0xbf, 0xda, 0xcf, 0xd8, 0xc4, 0xea, 0xb1, 0xa8]);
const GB18030_FOUR = Uint8Array.from([0x81, 0x30, 0x81, 0x30]);

const concat = (...parts: Uint8Array[]): Uint8Array => Buffer.concat(parts);
/** The sample report as published (text copied from its PDF). */
const sample = (): string => readFileSync(join(SAMPLES_DIR, 'jiaokou-2024.md'), 'utf8');

async function bytesOf(kind: Extract<Input, { kind: 'bytes' }>['bytes']): Promise<Uint8Array> {
  const report = JSON.stringify(baseReport());
  switch (kind) {
    case 'gbk':
      return concat(GBK, strToU8('\n2024\n'), GBK);
    case 'sampleGb18030':
      return readFileSync(join(__dirname, '..', 'fixtures', 'published', 'text', 'jiaokou-2024-gb18030.txt'));
    case 'sampleUtf16':
      return concat(Uint8Array.from([0xff, 0xfe]), Buffer.from(sample(), 'utf16le'));
    case 'sampleBom':
      return concat(Uint8Array.from([0xef, 0xbb, 0xbf]), strToU8(sample()));
    case 'sampleCut':
      // A copy that stops in the middle of table 三 (a truncated download or paste).
      return strToU8(sample().slice(0, sample().indexOf('(四) 无法提供')));
    case 'gb18030':
      return concat(GBK, GB18030_FOUR, strToU8('\n'), GBK);
    case 'utf16le':
      return concat(Uint8Array.from([0xff, 0xfe]), Buffer.from(report, 'utf16le'));
    case 'garbage':
      return garbage(4096, 42);
    case 'ole':
      return concat(OLE, new Uint8Array(4088));
    case 'emptyZip':
      return zipSync({});
    case 'docxLike':
      return zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') });
    case 'pdf':
      return strToU8('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n');
    case 'html50mb':
      return Buffer.alloc(50 * 1024 * 1024, '<p>交口县人民政府2024年政府信息公开工作年度报告</p>\n');
    case 'bomOnly':
      return Uint8Array.from([0xef, 0xbb, 0xbf]);
    case 'bomJson':
      return concat(Uint8Array.from([0xef, 0xbb, 0xbf]), strToU8(report));
    case 'gbkJson': {
      const data = baseReport();
      const [head, tail] = JSON.stringify({ ...data, organ: '@@' }).split('@@') as [string, string];
      return concat(strToU8(head), GBK, strToU8(tail));
    }
    case 'xlsxAsJson':
      return baseWorkbook();
    case 'zeroBytes':
      return new Uint8Array(0);
  }
}

async function xlsxOf(change: (files: Files) => void, byteDamage?: ZipDamage): Promise<Uint8Array> {
  const original = await baseWorkbook();
  if (byteDamage === 'truncateHalf') return original.subarray(0, Math.floor(original.length / 2));
  if (byteDamage === 'truncate100') return original.subarray(0, 100);
  if (byteDamage === 'truncateLast22') return original.subarray(0, original.length - 22);
  const files = unzipSync(original);
  change(files);
  const zipped = zipSync(files);
  if (byteDamage === 'corruptDeflate') {
    const name = strToU8(MAIN);
    const at = Buffer.from(zipped).indexOf(Buffer.from(name));
    // Local file header: 30 bytes, the name, then the extra field; the deflated data follows.
    const header = at - 30;
    const extra = (zipped[header + 28] ?? 0) | ((zipped[header + 29] ?? 0) << 8);
    zipped.fill(0xff, at + name.length + extra, at + name.length + extra + 64);
  }
  return zipped;
}

export interface Built {
  /** The argv after `validate`. */
  readonly args: string[];
  /** The file validated (the first), for messages. */
  readonly file: string;
}

function reportData(input: Extract<Input, { kind: 'json' }>): unknown {
  const data: ReportData = baseReport();
  const cells: Record<string, unknown> = { ...data.cells, ...input.cells };
  for (const id of input.drop ?? []) delete cells[id];
  return { ...data, cells, ...input.top };
}

/** Write the case's input under `dir`. */
export async function build(c: BadCase, dir: string): Promise<Built> {
  const stem = join(dir, c.id.replace(/[^A-Za-z0-9.-]/g, '_'));
  const write = (ext: string, bytes: Uint8Array | string): Built => {
    const file = `${stem}${ext}`;
    writeFileSync(file, bytes);
    return { args: [file], file };
  };
  const input = c.input;
  switch (input.kind) {
    case 'json':
      return write('.json', JSON.stringify(reportData(input)));
    case 'text':
      return write(input.ext, input.text);
    case 'bytes':
      return write(input.ext, await bytesOf(input.bytes));
    case 'xlsxCell': {
      const ref = addressOf(input.cell);
      return write(
        '.xlsx',
        await xlsxOf((files) => {
          const dateStyle = input.content.t === 'date' ? addDateStyle(files) : '0';
          edit(files, MAIN, (x) => setCell(x, ref, (s) => cellXml(ref, s, input.content, dateStyle)));
        }),
      );
    }
    case 'xlsxZip':
      return write('.xlsx', await xlsxOf((files) => damage(files, input.damage), input.damage));
    case 'path': {
      const file = `${stem}${input.path === 'missing' ? '.xlsx' : '.json'}`;
      if (input.path === 'directory') mkdirSync(file, { recursive: true });
      return { args: [file], file };
    }
    case 'argv': {
      const good = `${stem}.good.json`;
      writeFileSync(good, JSON.stringify(baseReport()));
      const args = input.args.map((a) => (a === '<file>' ? good : a === '<missing>' ? `${stem}.missing.json` : a));
      return { args, file: args.find((a) => a.endsWith('.missing.json')) ?? args[0] ?? '' };
    }
  }
}
