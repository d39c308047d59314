import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkbookGrid } from '../../../src/core/import/grid';
import { dateLikeFormat } from '../../../src/core/import/number-format';
import { a1 } from '../../../src/core/layout/a1';
import type { PlanCell, WorkbookPlan } from '../../../src/core/layout/plan';
import { buildTemplate } from '../../../src/core/layout/template';
import type { CellValue } from '../../../src/core/report/types';
import { XlsxReadError, readXlsxGrid, shiftFormula } from '../../../src/hosts/xlsx/read';
import { writeWorkbook } from '../../../src/hosts/xlsx/write';
import { convertWithLibreOffice, libreOfficeAvailable } from '../../support/libreoffice';
import { generatedReport, jiaokou } from '../../support/reports';

/**
 * readXlsxGrid, the fast reader validation uses, against exceljs reading the whole workbook: the same
 * sheets, and for every cell of every sheet the same value (a formula's cached result) and formula.
 */

type Kind = 'number' | 'string' | 'boolean' | 'error' | 'formula' | 'cachedResult' | 'sharedFormula' | 'richText' | 'date' | 'time';

/** What exceljs says a cell shows, in the reader's terms; and what kind of content it is. */
function excelJsValue(cell: ExcelJS.Cell): { value: CellValue; kinds: Kind[] } {
  if (cell.type === ExcelJS.ValueType.Merge) return { value: null, kinds: [] }; // exceljs repeats the master's value; the file holds none
  const plain = (v: unknown): { value: CellValue; kinds: Kind[] } => {
    if (v === null || v === undefined) return { value: null, kinds: [] };
    if (typeof v === 'number') return { value: v, kinds: ['number'] };
    if (typeof v === 'string') return { value: v, kinds: ['string'] };
    if (typeof v === 'boolean') return { value: v, kinds: ['boolean'] };
    if (v instanceof Date) return { value: v.getTime() / 86_400_000 + 25_569, kinds: ['number'] };
    if (typeof v === 'object' && 'error' in v) return { value: String(v.error), kinds: ['error'] };
    if (typeof v === 'object' && 'richText' in v)
      return { value: (v.richText as { text: string }[]).map((r) => r.text).join(''), kinds: ['richText'] };
    throw new Error(`exceljs gave a value the test does not know: ${JSON.stringify(v)}`);
  };
  const v = cell.value;
  if (v !== null && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)) {
    // `cell.value.result` drops a falsy result (0, FALSE); `cell.result` keeps it.
    const result = plain(cell.result);
    return {
      value: result.value,
      kinds: [
        'formula',
        ...('sharedFormula' in v ? (['sharedFormula'] as const) : []),
        ...(result.value !== null ? (['cachedResult'] as const) : []),
        ...result.kinds,
      ],
    };
  }
  return plain(v);
}

interface Comparison {
  readonly mismatches: string[];
  readonly kinds: Set<Kind>;
  readonly cells: number;
}

async function compareWithExcelJS(name: string, bytes: Buffer): Promise<Comparison> {
  const grid: WorkbookGrid = readXlsxGrid(bytes);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const mismatches: string[] = [];
  const kinds = new Set<Kind>();
  let cells = 0;
  const theirs = wb.worksheets.map((ws) => ({ name: ws.name, visibility: ws.state }));
  if (JSON.stringify(grid.sheets) !== JSON.stringify(theirs))
    mismatches.push(`${name}: sheets ${JSON.stringify(grid.sheets)}, exceljs ${JSON.stringify(theirs)}`);
  for (const ws of wb.worksheets) {
    const rows = Math.max(ws.rowCount, ws.actualRowCount) + 2;
    const cols = Math.max(ws.columnCount, ws.actualColumnCount) + 2;
    for (let row = 1; row <= rows; row++) {
      for (let col = 1; col <= cols; col++) {
        const cell = ws.getCell(row, col);
        const want = excelJsValue(cell);
        const got = grid.value(ws.name, row, col);
        const wantFormula = cell.type === ExcelJS.ValueType.Formula ? cell.formula : null;
        const gotFormula = grid.formula(ws.name, row, col);
        if (want.value !== null || wantFormula !== null) cells++;
        want.kinds.forEach((k) => kinds.add(k));
        // exceljs reads no result from an empty cached string (`<v></v>`); the reader reads "".
        const emptyResult = got === '' && want.value === null && wantFormula !== null;
        if (got !== want.value && !emptyResult) {
          mismatches.push(
            `${name} ${ws.name}!${a1({ row, col })}: reader ${JSON.stringify(got)}, exceljs ${JSON.stringify(want.value)} (${want.kinds.join(' ') || 'empty'})`,
          );
        }
        if (gotFormula !== wantFormula)
          mismatches.push(
            `${name} ${ws.name}!${a1({ row, col })}: reader formula ${JSON.stringify(gotFormula)}, exceljs ${JSON.stringify(wantFormula)}`,
          );
        // Number formats: whether the cell shows its number as a date or a time. Not compared: East Asian
        // built-in ids, for which exceljs names no code, and codes with a `\` escape, which exceljs drops
        // (it reads `\d0`, a literal d, as `d0`; test/core/import/number-format.test.ts covers escapes).
        const gotFormat = grid.numberFormat?.(ws.name, row, col) ?? null;
        if (got !== null && (cell.numFmt as string | undefined) !== undefined && !gotFormat?.includes('\\')) {
          const mine = gotFormat === null ? 'unknown' : (dateLikeFormat(gotFormat) ?? 'none');
          const theirsFormat = dateLikeFormat(cell.numFmt) ?? 'none';
          if (mine === 'date' || mine === 'time') kinds.add(mine);
          if (mine !== theirsFormat)
            mismatches.push(
              `${name} ${ws.name}!${a1({ row, col })}: reader format ${JSON.stringify(gotFormat)} (${mine}), exceljs ${JSON.stringify(cell.numFmt)} (${theirsFormat})`,
            );
        }
      }
    }
  }
  return { mismatches, kinds, cells };
}

const ODD_TEXT = ['a<b>&"c"\'', ' 12 ', '\u300012\u3000', '12件', '１２', 'line\nbreak', '#REF!', '=1+1', "'12", '😀 emoji', '   ', 'TRUE'];

/** A plan with one sheet of every kind of value and formula the plan can hold (a Chinese sheet name to refer to). */
function kindsPlan(): WorkbookPlan {
  const cells: PlanCell[] = [
    ...[0, 1, -1.5, 1e-10, 1e15, 123456789.123, 9669.2526, 0.1 + 0.2].map((value, i) => ({ row: 1 + i, col: 1, value })),
    ...ODD_TEXT.map((value, i) => ({ row: 1 + i, col: 2, value })),
    { row: 1, col: 3, formula: 'SUM(A1:A8)' },
    { row: 2, col: 3, formula: '1=1' },
    { row: 3, col: 3, formula: '1/0' },
    { row: 4, col: 3, formula: 'NA()' },
    { row: 5, col: 3, formula: '"文"&"字"' },
    { row: 6, col: 3, formula: 'IF(A2>0,FALSE,TRUE)' },
    { row: 7, col: 3, formula: `'另一 表'!A1*2` },
    { row: 8, col: 3, formula: 'SUM(A1:A2)', result: 1 },
    { row: 9, col: 3, formula: 'B1&""', result: 'stale' },
    { row: 10, col: 3, formula: 'VALUE("x")' },
    { row: 11, col: 3, formula: '""' },
  ];
  const sheet = (name: string, c: PlanCell[]) => ({
    name,
    visibility: 'visible' as const,
    cells: c,
    merges: [],
    columns: [],
    rows: [],
    conditionalFormats: [],
    validations: [],
  });
  return { sheets: [sheet('值', cells), sheet('另一 表', [{ row: 1, col: 1, value: 21 }])], names: [] };
}

/** A workbook exceljs writes directly, with what writeWorkbook never writes: booleans, error values, rich text, shared formulas. */
async function excelJsKinds(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('kinds');
  [1, 2, 3, 4].forEach((v, i) => (ws.getCell(i + 1, 1).value = v));
  ws.fillFormula('B1:B4', 'A1*2+$A$1', [3, 5, 7, 9]);
  ws.getCell('C1').value = true;
  ws.getCell('C2').value = false;
  ws.getCell('C3').value = { error: '#N/A' };
  ws.getCell('C4').value = { error: '#DIV/0!' };
  ws.getCell('D1').value = { richText: [{ text: '富' }, { text: '文本', font: { bold: true } }, { text: ' & <x>' }] };
  ws.getCell('D2').value = { formula: 'A1>0', result: true };
  ws.getCell('D3').value = { formula: '1/0', result: { error: '#DIV/0!' } };
  ws.getCell('D4').value = { formula: 'A1&"x"', result: '1x' };
  ws.getCell('E1').value = 'shared';
  ws.getCell('E2').value = 'shared';
  ws.mergeCells('F1:G2');
  ws.getCell('F1').value = 'merged';
  // Number formats: dates and times (built-in 14 and 20 among them), and codes whose d, h or s are no token.
  const formats = ['mm-dd-yy', 'yyyy-mm-dd', 'yyyy"年"m"月"d"日"', 'h:mm', '[h]:mm:ss', 'mmm-yy', '0.00', '"d"0', '0" 天"', '[Red]0;[Blue]-0', '#,##0"件"', '0.0E+00', '[DBNum1][$-804]General', '\\d0', '@'];
  formats.forEach((numFmt, i) => {
    const cell = ws.getCell(i + 1, 8);
    cell.value = 45658.5;
    cell.numFmt = numFmt;
  });
  const hidden = wb.addWorksheet('hidden', { state: 'hidden' });
  hidden.getCell('A1').value = 'h';
  const veryHidden = wb.addWorksheet('veryHidden', { state: 'veryHidden' });
  veryHidden.getCell('B2').value = 7;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The same workbook with every shared string of its sheets written inline (`t="inlineStr"`, rich text kept). */
function withInlineStrings(bytes: Buffer): Buffer {
  const files = unzipSync(new Uint8Array(bytes));
  const sst = files['xl/sharedStrings.xml'];
  const items = sst ? [...strFromU8(sst).matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)].map((m) => m[1] ?? '') : [];
  let replaced = 0;
  for (const path of Object.keys(files).filter((p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p))) {
    const xml = strFromU8(files[path]!).replace(
      /<c ([^>]*?)t="s"([^>]*)><v>(\d+)<\/v><\/c>/g,
      (_, before: string, after: string, index: string) => {
        replaced++;
        return `<c ${before}t="inlineStr"${after}><is>${items[Number(index)] ?? ''}</is></c>`;
      },
    );
    files[path] = strToU8(xml);
  }
  if (replaced === 0) throw new Error('no shared string to write inline');
  return Buffer.from(zipSync(files));
}

const runsWithLibreOffice = libreOfficeAvailable('reader.test.ts: the reader on workbooks LibreOffice saved');

describe('readXlsxGrid agrees with exceljs', () => {
  const inputs = new Map<string, Buffer>();
  const saved = new Map<string, Buffer>();
  let dir = '';

  beforeAll(async () => {
    const odd = jiaokou();
    ODD_TEXT.forEach((text, i) => (odd.cells[`T3.withheld${1 + (i % 8)}.${i < 8 ? 'natural' : 'legal'}`] = text));
    inputs.set('template-jiaokou', await writeWorkbook(buildTemplate({ data: jiaokou() }).plan));
    inputs.set('template-odd-text', await writeWorkbook(buildTemplate({ data: odd }).plan));
    inputs.set('template-generated-7', await writeWorkbook(buildTemplate({ data: generatedReport(7).data }).plan));
    inputs.set('template-empty', await writeWorkbook(buildTemplate().plan));
    inputs.set('kinds', await writeWorkbook(kindsPlan()));
    inputs.set('exceljs-kinds', await excelJsKinds());
    inputs.set('kinds-inline', withInlineStrings(inputs.get('kinds')!));
    inputs.set('exceljs-kinds-inline', withInlineStrings(inputs.get('exceljs-kinds')!));
    if (!runsWithLibreOffice) return;
    dir = mkdtempSync(join(tmpdir(), 'nianbao-reader-'));
    const files = [...inputs].map(([name, bytes]) => {
      const file = join(dir, `${name}.xlsx`);
      writeFileSync(file, bytes);
      return file;
    });
    const outputs = convertWithLibreOffice(files, join(dir, 'saved'));
    [...inputs.keys()].forEach((name, i) => saved.set(name, readFileSync(outputs[i]!)));
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('on every cell of files written by writeWorkbook and exceljs (shared and inline strings, booleans, error values, shared formulas)', async () => {
    const kinds = new Set<Kind>();
    const mismatches: string[] = [];
    for (const [name, bytes] of inputs) {
      const c = await compareWithExcelJS(name, bytes);
      mismatches.push(...c.mismatches);
      c.kinds.forEach((k) => kinds.add(k));
      expect({ name, cells: c.cells > 10 }).toEqual({ name, cells: true });
    }
    expect(mismatches).toEqual([]);
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining([
        'number',
        'string',
        'boolean',
        'error',
        'formula',
        'cachedResult',
        'sharedFormula',
        'richText',
        'date',
        'time',
      ] satisfies Kind[]),
    );
  });

  (runsWithLibreOffice ? it : it.skip)(
    'on every cell of the same files after LibreOffice recalculated and saved them (formula results cached)',
    async () => {
      const kinds = new Set<Kind>();
      const mismatches: string[] = [];
      for (const [name, bytes] of saved) {
        const c = await compareWithExcelJS(`${name} (LibreOffice)`, bytes);
        mismatches.push(...c.mismatches);
        c.kinds.forEach((k) => kinds.add(k));
      }
      expect(mismatches).toEqual([]);
      expect([...kinds].sort()).toEqual(
        expect.arrayContaining(['number', 'string', 'boolean', 'error', 'formula', 'cachedResult'] satisfies Kind[]),
      );
      // LibreOffice computed what exceljs left uncomputed: the template's status lines now hold text.
      const grid = readXlsxGrid(saved.get('template-jiaokou')!);
      const { layout } = buildTemplate();
      expect(grid.value(layout.sheet, layout.tables.T3.status.row, layout.tables.T3.status.col)).toMatch(/^校验：/);
    },
  );

  it('reads inline strings as the text of their runs', () => {
    const grid = readXlsxGrid(inputs.get('exceljs-kinds-inline')!);
    expect(grid.value('kinds', 1, 4)).toBe('富文本 & <x>');
    expect(grid.value('kinds', 1, 5)).toBe('shared');
    expect(readXlsxGrid(inputs.get('kinds-inline')!).value('值', 1, 2)).toBe(ODD_TEXT[0]);
  });
});

describe('shiftFormula moves a shared formula to another cell of its range', () => {
  it.each([
    ['A1*2+$A$1', 1, 0, 'A2*2+$A$1'],
    ['SUM(A1:B2)-A$1+$B2', 2, 1, 'SUM(B3:C4)-B$1+$B4'],
    ['"A1"&A1', 1, 1, '"A1"&B2'],
    ["'A1 表'!B2+Sheet1!C3", 1, 0, "'A1 表'!B3+Sheet1!C4"],
    ['LOG10(A1)+NB_T2+ATAN2(B1,1)', 0, 1, 'LOG10(B1)+NB_T2+ATAN2(C1,1)'],
    ['IF(A1="","",A1)', 3, 0, 'IF(A4="","",A4)'],
  ])('%s moved by %i rows and %i columns is %s', (formula, rows, cols, moved) => {
    expect(shiftFormula(formula, rows, cols)).toBe(moved);
  });
});

describe('readXlsxGrid refuses what is not a workbook', () => {
  const zip = (files: Record<string, string>): Buffer =>
    Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)]))));
  let real: Buffer;
  beforeAll(async () => {
    real = await writeWorkbook(buildTemplate().plan);
  });

  const cases: [string, () => Uint8Array][] = [
    ['random bytes', () => Uint8Array.from({ length: 4096 }, (_, i) => (i * 2654435761) % 251)],
    ['an empty file', () => new Uint8Array(0)],
    ['a zip without xl/workbook.xml', () => zip({ 'word/document.xml': '<w:document/>', '[Content_Types].xml': '<Types/>' })],
    [
      'a zip with a workbook but no relationships',
      () => zip({ 'xl/workbook.xml': '<workbook><sheets><sheet name="a" r:id="rId1"/></sheets></workbook>' }),
    ],
    ['a CSV file renamed .xlsx', () => strToU8('单元格,数值\nT3.new.natural,12\nT3.new.total,12\n')],
    [
      'an old .xls or an encrypted workbook (OLE container)',
      () => Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array<number>(504).fill(0)]),
    ],
    ['the first half of a real workbook', () => real.subarray(0, Math.floor(real.length / 2))],
  ];

  it.each(cases)('%s: throws XlsxReadError with a Chinese message', (_, bytes) => {
    let thrown: unknown;
    try {
      readXlsxGrid(bytes());
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(XlsxReadError);
    expect((thrown as Error).message).toMatch(/[\u4e00-\u9fff]/);
    expect((thrown as Error).message).toMatch(/xlsx|工作簿/);
  });
});
