import { strFromU8, unzipSync } from 'fflate';
import { columnLetters, columnNumber } from '../../core/layout/a1';
import type { WorkbookGrid } from '../../core/import/grid';
import type { CellValue } from '../../core/report/types';

/**
 * A focused .xlsx reader for validation: it unzips only the parts it needs and scans the XML for cell
 * values and formulas. exceljs reads whole workbooks (styles, formats, everything) and is far slower;
 * a test holds this reader to exceljs on the same files.
 */

export class XlsxReadError extends Error {
  override readonly name = 'XlsxReadError';
}

interface SheetCells {
  readonly values: Map<number, CellValue>;
  readonly formulas: Map<number, string>;
  /** The cell format (index into `cellXfs`) of each cell with content and a format other than the default. */
  readonly styles: Map<number, number>;
}

const KEY_COLS = 16384;
const key = (row: number, col: number): number => row * KEY_COLS + col;

const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function unescapeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (_, dec: string | undefined, hex: string | undefined, name: string | undefined) =>
    dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(parseInt(hex, 16)) : (NAMED[name ?? ''] ?? ''),
  );
}

const ATTRIBUTES = new Map<string, RegExp>();
function attr(tag: string, name: string): string | undefined {
  let re = ATTRIBUTES.get(name);
  if (!re) {
    re = new RegExp(`(?:^|\\s)${name}="([^"]*)"`);
    ATTRIBUTES.set(name, re);
  }
  const m = re.exec(tag);
  return m ? unescapeXml(m[1] ?? '') : undefined;
}

const T_TEXT = /<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g;
function textOf(xml: string): string {
  let out = '';
  for (const m of xml.replace(/<rPh[\s\S]*?<\/rPh>/g, '').matchAll(T_TEXT)) out += m[1] ?? '';
  return unescapeXml(out);
}

function sharedStrings(xml: string | undefined): string[] {
  if (!xml) return [];
  const out: string[] = [];
  for (const m of xml.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)) out.push(m[1] === undefined ? '' : textOf(m[1]));
  return out;
}

const CELL = /<c\s([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
const REF = /^([A-Z]+)(\d+)$/;

/** Outside string literals and quoted sheet names: an A1 reference not inside a name (`LOG10`, `NB_T2`). */
const FORMULA_PART = /"(?:[^"]|"")*"|'(?:[^']|'')*'|[^"']+/g;
const A1_IN_FORMULA = /(?<![A-Za-z0-9_.$])(\$?)([A-Z]{1,3})(\$?)(\d+)(?![A-Za-z0-9_(])/g;

/**
 * A shared formula as another cell of its range has it: the master's relative references moved by the
 * offset between the two cells, as Excel (and exceljs) read them.
 */
export function shiftFormula(formula: string, rows: number, cols: number): string {
  if (rows === 0 && cols === 0) return formula;
  return formula.replace(FORMULA_PART, (part) =>
    part.startsWith('"') || part.startsWith("'")
      ? part
      : part.replace(A1_IN_FORMULA, (ref, colAbs: string, letters: string, rowAbs: string, digits: string) => {
          const col = columnNumber(letters) + (colAbs ? 0 : cols);
          const row = Number(digits) + (rowAbs ? 0 : rows);
          if (columnNumber(letters) > 16384 || col < 1 || row < 1) return ref;
          return `${colAbs}${columnLetters(col)}${rowAbs}${row}`;
        }),
  );
}

function parseSheet(xml: string, strings: readonly string[]): SheetCells {
  const values = new Map<number, CellValue>();
  const formulas = new Map<number, string>();
  const styles = new Map<number, number>();
  const shared = new Map<string, { readonly formula: string; readonly row: number; readonly col: number }>();
  for (const m of xml.matchAll(CELL)) {
    const attrs = m[1] ?? '';
    const ref = REF.exec(attr(attrs, 'r') ?? '');
    if (!ref) continue;
    const row = Number(ref[2]);
    const col = columnNumber(ref[1] ?? '');
    const k = key(row, col);
    const body = m[2];
    if (body === undefined) continue;
    const style = attr(attrs, 's');
    if (style !== undefined && style !== '0') styles.set(k, Number(style));
    const f = /<f(\s[^>]*)?(?:\/>|>([\s\S]*?)<\/f>)/.exec(body);
    if (f) {
      // A shared formula's other cells carry `<f t="shared" si="0"/>` (or an empty element).
      const text = f[2] !== undefined && f[2] !== '' ? unescapeXml(f[2]) : undefined;
      const si = f[1] ? attr(f[1], 'si') : undefined;
      if (text !== undefined && si !== undefined) shared.set(si, { formula: text, row, col });
      const master = text === undefined && si !== undefined ? shared.get(si) : undefined;
      const formula = text ?? (master ? shiftFormula(master.formula, row - master.row, col - master.col) : undefined);
      if (formula !== undefined) formulas.set(k, formula);
    }
    const type = attr(attrs, 't') ?? 'n';
    if (type === 'inlineStr') {
      const is = /<is>([\s\S]*?)<\/is>/.exec(body);
      values.set(k, is ? textOf(is[1] ?? '') : '');
      continue;
    }
    const v = /<v>([\s\S]*?)<\/v>/.exec(body);
    if (!v) continue;
    const raw = unescapeXml(v[1] ?? '');
    if (type === 's') values.set(k, strings[Number(raw)] ?? '');
    else if (type === 'str' || type === 'e') values.set(k, raw);
    else if (type === 'b') values.set(k, raw === '1');
    else {
      const n = Number(raw);
      values.set(k, Number.isFinite(n) ? n : raw);
    }
  }
  return { values, formulas, styles };
}

/**
 * The built-in number formats (ECMA-376 18.8.30) a file refers to by id alone, as Excel shows them in
 * Chinese: 14 is `yyyy/m/d` there. Ids not listed (currency, accounting, other locales) are no date.
 */
const BUILT_IN_FORMATS: Readonly<Record<number, string>> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'yyyy/m/d',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'yyyy/m/d h:mm',
  27: 'yyyy"年"m"月"',
  28: 'm"月"d"日"',
  29: 'm"月"d"日"',
  30: 'm-d-yy',
  31: 'yyyy"年"m"月"d"日"',
  32: 'h"时"mm"分"',
  33: 'h"时"mm"分"ss"秒"',
  34: '上午/下午h"时"mm"分"',
  35: '上午/下午h"时"mm"分"ss"秒"',
  36: 'yyyy"年"m"月"',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
  50: 'yyyy"年"m"月"',
  51: 'm"月"d"日"',
  52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"',
  54: 'm"月"d"日"',
  55: '上午/下午h"时"mm"分"',
  56: '上午/下午h"时"mm"分"ss"秒"',
  57: 'yyyy"年"m"月"',
  58: 'm"月"d"日"',
};

/** The number format code of each cell format (`cellXfs` entry) of styles.xml. */
function cellFormatCodes(xml: string): string[] {
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<numFmt\s([^>]*?)\/?>/g)) {
    const id = attr(m[1] ?? '', 'numFmtId');
    const code = attr(m[1] ?? '', 'formatCode');
    if (id !== undefined && code !== undefined) custom.set(Number(id), code);
  }
  const xfs = /<cellXfs(?:\s[^>]*)?>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? '';
  const codes: string[] = [];
  for (const m of xfs.matchAll(/<xf(?:\s([^>]*?))?\/?>/g)) {
    const id = Number(attr(m[1] ?? '', 'numFmtId') ?? '0');
    codes.push(custom.get(id) ?? BUILT_IN_FORMATS[id] ?? 'General');
  }
  return codes;
}

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** An OLE compound file: an Office file with an opening password, or an old binary .xls or .doc. */
export function isOleCompound(bytes: Uint8Array): boolean {
  return OLE_SIGNATURE.every((b, i) => bytes[i] === b);
}

const SHEET_ROOT = /<(?:\w+:)?(?:worksheet|chartsheet|dialogsheet|macrosheet)[\s>]/;

function resolveTarget(target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const parts: string[] = [];
  for (const p of path.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.') parts.push(p);
  }
  return parts.join('/');
}

/**
 * Read an .xlsx file's sheets lazily; throws XlsxReadError on anything that is not a readable workbook,
 * also later, when a sheet first read turns out to be damaged.
 */
export function readXlsxGrid(buffer: Uint8Array): WorkbookGrid {
  // An .xlsx with an opening password is an OLE compound file (so is an old .xls): say so, not "damaged".
  if (isOleCompound(buffer)) {
    throw new XlsxReadError('文件是加密（设有打开密码）的工作簿，或旧版 .xls 格式，无法读取。请在表格软件中取消打开密码并另存为 .xlsx 后再校验。');
  }
  // Only the parts asked for are inflated: the big helper sheet of the checks is never read here.
  const unzip = (names: ReadonlySet<string>): Record<string, Uint8Array> => {
    try {
      return unzipSync(buffer, { filter: (f) => names.has(f.name) });
    } catch (cause) {
      throw new XlsxReadError('文件不是有效的 .xlsx 工作簿（无法解压），可能已损坏、被加密或只是改了扩展名。', { cause });
    }
  };
  const files = unzip(new Set(['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml']));
  const text = (name: string): string | undefined => {
    const f = files[name];
    return f ? strFromU8(f) : undefined;
  };
  const workbook = text('xl/workbook.xml');
  const rels = text('xl/_rels/workbook.xml.rels');
  if (!workbook || !rels) throw new XlsxReadError('文件不是有效的 .xlsx 工作簿（缺少工作簿结构），可能已损坏或被加密。');
  const targets = new Map<string, string>();
  let stylesPath = 'xl/styles.xml';
  for (const m of rels.matchAll(/<Relationship\s([^>]*?)\/?>/g)) {
    const id = attr(m[1] ?? '', 'Id');
    const target = attr(m[1] ?? '', 'Target');
    if (id && target) targets.set(id, resolveTarget(target));
    if (target && attr(m[1] ?? '', 'Type')?.endsWith('/styles')) stylesPath = resolveTarget(target);
  }
  const sheets: { name: string; visibility: 'visible' | 'hidden' | 'veryHidden'; path: string }[] = [];
  for (const m of workbook.matchAll(/<sheet\s([^>]*?)\/?>/g)) {
    const a = m[1] ?? '';
    const name = attr(a, 'name');
    const rid = attr(a, 'r:id') ?? /\sr\d*:id="([^"]*)"/.exec(a)?.[1];
    const state = attr(a, 'state');
    const path = rid ? targets.get(rid) : undefined;
    if (name !== undefined && path) sheets.push({ name, visibility: state === 'veryHidden' ? 'veryHidden' : state === 'hidden' ? 'hidden' : 'visible', path });
  }
  const strings = sharedStrings(text('xl/sharedStrings.xml'));
  const parsed = new Map<string, SheetCells>();
  const sheet = (name: string): SheetCells | undefined => {
    const cached = parsed.get(name);
    if (cached) return cached;
    const entry = sheets.find((s) => s.name === name);
    if (!entry) return undefined;
    const file = unzip(new Set([entry.path]))[entry.path];
    // A sheet the workbook lists but whose part is gone or is not a sheet: a damaged file, not blank cells.
    const xml = file ? strFromU8(file) : undefined;
    if (xml === undefined || !SHEET_ROOT.test(xml.slice(0, 4096))) {
      throw new XlsxReadError(`工作表“${name}”的内容${xml === undefined ? '缺失' : '无法识别'}，文件可能已损坏。请用表格软件打开检查，或重新生成模板后填回数字。`);
    }
    const cells = parseSheet(xml, strings);
    parsed.set(name, cells);
    return cells;
  };
  // Formats are read only when asked for (validation asks only about numbers in the tables' cells).
  let formatCodes: readonly string[] | null | undefined;
  const codesOf = (): readonly string[] | null => {
    if (formatCodes === undefined) {
      const file = unzip(new Set([stylesPath]))[stylesPath];
      formatCodes = file ? cellFormatCodes(strFromU8(file)) : null;
    }
    return formatCodes;
  };
  return {
    sheets: sheets.map(({ name, visibility }) => ({ name, visibility })),
    value: (name, row, col) => sheet(name)?.values.get(key(row, col)) ?? null,
    formula: (name, row, col) => sheet(name)?.formulas.get(key(row, col)) ?? null,
    numberFormat: (name, row, col) => {
      const cells = sheet(name);
      const k = key(row, col);
      if (!cells?.values.has(k)) return null;
      const codes = codesOf();
      // A file without styles shows every number as General; an index past the list is a damaged style.
      return codes === null ? 'General' : (codes[cells.styles.get(k) ?? 0] ?? 'General');
    },
  };
}
