import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { main } from '../../../src/cli/main';
import type { WorkbookGrid } from '../../../src/core/import/grid';
import { a1, parseRef, type Rect } from '../../../src/core/layout/a1';
import { readXlsxGrid } from '../../../src/hosts/xlsx/read';
import { convertWithLibreOffice, libreOfficeAvailable } from '../../support/libreoffice';

/*
 * `nianbao template`, opened by LibreOffice and saved again, must read exactly as the official tables of
 * 国办公开办函〔2021〕30号 (spec/format-2021.md): labels verbatim, in the right columns, with the official
 * merges. The expected labels are typed here from the spec, not taken from src/core/format, so that this
 * test checks the format data too. Positions are found from the labels (a table may sit anywhere); only the
 * shape relative to them is pinned. The template is also printed to PDF and rendered to PNG under
 * test-artifacts/official-layout/ for people to look at.
 */

const SHEET = '年报';
const OUT = join(__dirname, '..', '..', '..', 'test-artifacts', 'official-layout');
const ORGAN = '某县人民政府';
const YEAR = 2025;

const SECTIONS = ['二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况'] as const;

const T2_PARTS = [
  { heading: '第二十条第（一）项', headers: ['本年制发件数', '本年废止件数', '现行有效件数'], rows: ['规章', '行政规范性文件'] },
  { heading: '第二十条第（五）项', headers: ['本年处理决定数量'], rows: ['行政许可'] },
  { heading: '第二十条第（六）项', headers: ['本年处理决定数量'], rows: ['行政处罚', '行政强制'] },
  { heading: '第二十条第（八）项', headers: ['本年收费金额（单位：万元）'], rows: ['行政事业性收费'] },
] as const;
const T2_ROW_HEADER = '信息内容';

const T3_NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
/** R01…R25 and the label column each stands in: 1 = 一/二/三/四, 2 = （一）…（七）, 3 = 1.…8. */
const T3_ROWS: readonly (readonly [string, 1 | 2 | 3])[] = [
  ['一、本年新收政府信息公开申请数量', 1],
  ['二、上年结转政府信息公开申请数量', 1],
  ['（一）予以公开', 2],
  ['（二）部分公开（区分处理的，只计这一情形，不计其他情形）', 2],
  ['1.属于国家秘密', 3],
  ['2.其他法律行政法规禁止公开', 3],
  ['3.危及“三安全一稳定”', 3],
  ['4.保护第三方合法权益', 3],
  ['5.属于三类内部事务信息', 3],
  ['6.属于四类过程性信息', 3],
  ['7.属于行政执法案卷', 3],
  ['8.属于行政查询事项', 3],
  ['1.本机关不掌握相关政府信息', 3],
  ['2.没有现成信息需要另行制作', 3],
  ['3.补正后申请内容仍不明确', 3],
  ['1.信访举报投诉类申请', 3],
  ['2.重复申请', 3],
  ['3.要求提供公开出版物', 3],
  ['4.无正当理由大量反复申请', 3],
  ['5.要求行政机关确认或重新出具已获取信息', 3],
  ['1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', 3],
  ['2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', 3],
  ['3.其他', 3],
  ['（七）总计', 2],
  ['四、结转下年度继续办理', 1],
];
/** Group labels: label column, first row (index into T3_ROWS), rows spanned. */
const T3_GROUPS: readonly (readonly [string, 1 | 2, number, number])[] = [
  ['三、本年度办理结果', 1, 2, 22],
  ['（三）不予公开', 2, 4, 8],
  ['（四）无法提供', 2, 12, 3],
  ['（五）不予处理', 2, 15, 5],
  ['（六）其他处理', 2, 20, 3],
];
const T3_ORGS = ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'] as const;

const T4_RESULTS = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'] as const;

/** A cell as these tests compare it: where, what it says, how many rows × columns it covers. */
interface Seen {
  readonly at: string;
  readonly text: string | null;
  readonly rows: number;
  readonly cols: number;
}
const seen = (row: number, col: number, text: string | null, rows = 1, cols = 1): Seen => ({ at: a1({ row, col }), text, rows, cols });

/** The sheet's <mergeCell ref="…"/> elements, from the .xlsx itself. */
function mergesOf(bytes: Uint8Array, sheet: string): Rect[] {
  const files = unzipSync(bytes, { filter: (f) => f.name === 'xl/workbook.xml' || f.name === 'xl/_rels/workbook.xml.rels' || f.name.startsWith('xl/worksheets/') });
  const text = (name: string): string => strFromU8(files[name] ?? new Uint8Array());
  const escaped = sheet.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const rid = new RegExp(`<sheet\\b[^>]*\\bname="${escaped}"[^>]*\\br:id="([^"]+)"`).exec(text('xl/workbook.xml'))?.[1];
  const target = rid && new RegExp(`<Relationship\\b[^>]*\\bId="${rid}"[^>]*\\bTarget="([^"]+)"`).exec(text('xl/_rels/workbook.xml.rels'))?.[1];
  if (!target) throw new Error(`sheet ${sheet} not found`);
  const xml = text(target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  return [...xml.matchAll(/<mergeCell\b[^>]*\bref="([A-Z]+\d+):([A-Z]+\d+)"/g)].map((m) => {
    const from = parseRef(m[1] ?? '');
    const to = parseRef(m[2] ?? '');
    if (!from || !to) throw new Error(`bad merge ${m[0]}`);
    return { top: from.row, left: from.col, bottom: to.row, right: to.col };
  });
}

/** Whether a command runs here (for pdftoppm / pdftotext, Debian poppler-utils). */
const has = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

const run = libreOfficeAvailable('the official layout as LibreOffice reads and prints it');
const describeLo = run ? describe : describe.skip;

describeLo('`nianbao template` as LibreOffice reads it matches the official format (spec/format-2021.md)', () => {
  let grid: WorkbookGrid;
  let merges: Rect[];
  let workbookXml: string;
  let pdf: string;

  const text = (row: number, col: number): string | null => {
    const v = grid.value(SHEET, row, col);
    return v === null ? null : String(v);
  };
  /** The cell as seen: a merge starting there, a single cell, or (wrongly) a cell inside someone else's merge. */
  const look = (row: number, col: number): Seen => {
    const inside = merges.find((m) => row >= m.top && row <= m.bottom && col >= m.left && col <= m.right);
    if (inside && (inside.top !== row || inside.left !== col)) return { at: a1({ row, col }), text: `(inside merge ${a1({ row: inside.top, col: inside.left })})`, rows: 0, cols: 0 };
    return seen(row, col, text(row, col), inside ? inside.bottom - inside.top + 1 : 1, inside ? inside.right - inside.left + 1 : 1);
  };
  /** The only cell that says `label` (rows 1–200, columns A–AN). */
  const only = (label: string): { row: number; col: number } => {
    const found: { row: number; col: number }[] = [];
    for (let row = 1; row <= 200; row++) for (let col = 1; col <= 40; col++) if (text(row, col) === label) found.push({ row, col });
    if (found.length !== 1) throw new Error(`${found.length} cells say “${label}” (expected exactly one)`);
    return found[0]!;
  };

  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    const made = join(OUT, 'made');
    mkdirSync(made, { recursive: true });
    const template = join(made, 'template.xlsx');
    const quiet = { out: (): void => undefined, err: (t: string): void => void process.stderr.write(`${t}\n`) };
    expect(await main(['template', '-o', template, '--year', String(YEAR), '--organ', ORGAN], quiet)).toBe(0);
    const [saved] = convertWithLibreOffice([template], join(OUT, 'libreoffice'), 'xlsx');
    pdf = convertWithLibreOffice([template], OUT, 'pdf')[0]!;
    const bytes = readFileSync(saved!);
    grid = readXlsxGrid(bytes);
    merges = mergesOf(bytes, SHEET);
    workbookXml = strFromU8(unzipSync(bytes, { filter: (f) => f.name === 'xl/workbook.xml' })['xl/workbook.xml']!);
  }, 120_000);

  it('titles the report from 基本信息 (recalculated by LibreOffice) and heads the three tables with the official section titles, in order', () => {
    expect(only(`${ORGAN}${YEAR}年政府信息公开工作年度报告`)).toBeDefined();
    const rows = SECTIONS.map((s) => only(s));
    expect(rows.map((p) => p.row)).toEqual([...rows.map((p) => p.row)].sort((a, b) => a - b));
    expect(new Set(rows.map((p) => p.col)).size).toBe(1);
  });

  it('表二: four parts, each heading across the table, then 信息内容 and the official headers, then the rows with a value cell under each header', () => {
    const title = only(SECTIONS[0]);
    const first = look(title.row + 1, title.col);
    const left = title.col;
    const right = left + first.cols - 1;
    const expected: Seen[] = [];
    const actual: Seen[] = [];
    let row = title.row + 1;
    for (const part of T2_PARTS) {
      expected.push(seen(row, left, part.heading, 1, right - left + 1));
      actual.push(look(row, left));
      row++;
      const rowHeader = look(row, left);
      expected.push(seen(row, left, T2_ROW_HEADER, 1, rowHeader.cols));
      actual.push(rowHeader);
      // The headers share the columns right of 信息内容 out to the table's edge, in the official order.
      const spans: { left: number; cols: number }[] = [];
      let col = left + Math.max(1, rowHeader.cols);
      for (const header of part.headers) {
        const h = look(row, col);
        expected.push(seen(row, col, header, 1, Math.max(1, h.cols)));
        actual.push(h);
        spans.push({ left: col, cols: Math.max(1, h.cols) });
        col += Math.max(1, h.cols);
      }
      expect(col - 1).toBe(right);
      row++;
      for (const label of part.rows) {
        expected.push(seen(row, left, label, 1, rowHeader.cols));
        actual.push(look(row, left));
        for (const s of spans) {
          expected.push(seen(row, s.left, null, 1, s.cols));
          actual.push(look(row, s.left));
        }
        row++;
      }
    }
    expect(actual).toEqual(expected);
    // 本年处理决定数量 and the 万元 header each span the three value columns of 第（一）项.
    expect(right - left + 1 - look(title.row + 2, left).cols).toBeGreaterThanOrEqual(3);
  });

  describe('表三', () => {
    /** Where the header starts, the three label columns, and the first of the 7 data columns. */
    const frame = (): { top: number; label: [number, number, number]; labelRight: number; data: number } => {
      const title = only(SECTIONS[1]);
      const note = look(title.row + 1, title.col);
      const label2 = only('（三）不予公开').col;
      const label3 = only('1.属于国家秘密').col;
      return { top: title.row + 1, label: [title.col, label2, label3], labelRight: title.col + note.cols - 1, data: title.col + note.cols };
    };

    it('has the note over the 3 label columns × 3 header rows, 申请人情况 over 7 columns, 自然人 and 总计 over 2 header rows, 法人或其他组织 over its 5', () => {
      const { top, label, labelRight, data } = frame();
      expect(label[0]).toBeLessThan(label[1]);
      expect(label[1]).toBeLessThan(label[2]);
      expect(label[2]).toBeLessThanOrEqual(labelRight);
      const expected = [
        seen(top, label[0], T3_NOTE, 3, labelRight - label[0] + 1),
        seen(top, data, '申请人情况', 1, 7),
        seen(top + 1, data, '自然人', 2, 1),
        seen(top + 1, data + 1, '法人或其他组织', 1, 5),
        seen(top + 1, data + 6, '总计', 2, 1),
        ...T3_ORGS.map((org, i) => seen(top + 2, data + 1 + i, org)),
      ];
      expect(expected.map((e) => look(...rowCol(e.at)))).toEqual(expected);
    });

    it('has every row label verbatim in its label column, spanning out to the data, and 7 single data cells a row', () => {
      const { top, label, labelRight, data } = frame();
      const first = top + 3;
      const expected: Seen[] = [];
      T3_ROWS.forEach(([text, level], i) => {
        const col = label[level - 1]!;
        expected.push(seen(first + i, col, text, 1, labelRight - col + 1));
        for (let j = 0; j < 7; j++) expected.push(seen(first + i, data + j, null));
      });
      const actual = expected.map((e) => look(...rowCol(e.at)));
      // Data cells hold numbers or formulas (totals); compare their shape, not their content.
      expect(actual.map((a, i) => (expected[i]!.text === null ? { ...a, text: null } : a))).toEqual(expected);
      expect(text(first + T3_ROWS.length, label[0])).toBeNull();
    });

    it('has 三、本年度办理结果 over 22 rows and （三）8, （四）3, （五）5, （六）3, each in its own label column', () => {
      const { top, label } = frame();
      const expected = T3_GROUPS.map(([text, level, firstRow, rows]) => seen(top + 3 + firstRow, label[level - 1]!, text, rows, label[level] - label[level - 1]!));
      expect(expected.map((e) => look(...rowCol(e.at)))).toEqual(expected);
    });
  });

  it('表四: 行政复议 over 5, 行政诉讼 over 10 split into 未经复议直接起诉 and 复议后起诉 over 5 each, the five results under each, 15 single data cells', () => {
    const title = only(SECTIONS[2]);
    const [top, left] = [title.row + 1, title.col];
    const expected: Seen[] = [seen(top, left, '行政复议', 1, 5), seen(top, left + 5, '行政诉讼', 1, 10)];
    T4_RESULTS.forEach((r, i) => expected.push(seen(top + 1, left + i, r, 2, 1)));
    expected.push(seen(top + 1, left + 5, '未经复议直接起诉', 1, 5), seen(top + 1, left + 10, '复议后起诉', 1, 5));
    for (const group of [5, 10]) T4_RESULTS.forEach((r, i) => expected.push(seen(top + 2, left + group + i, r)));
    const actual = expected.map((e) => look(...rowCol(e.at)));
    expect(actual).toEqual(expected);
    const cells = Array.from({ length: 15 }, (_, i) => look(top + 3, left + i));
    expect(cells.map((c) => `${c.rows}×${c.cols}`)).toEqual(Array(15).fill('1×1'));
    expect(text(top + 3, left + 15)).toBeNull();
  });

  it('prints from 表二 to 表四 only: the print area survives LibreOffice as an absolute range', () => {
    const area = /<definedName\b[^>]*name="_xlnm\.Print_Area"[^>]*>([^<]*)</.exec(workbookXml)?.[1] ?? '';
    const [from, to] = area.split(':');
    expect(area).toMatch(/^'?年报'?!\$[A-Z]+\$\d+:\$[A-Z]+\$\d+$/);
    expect(parseRef(from ?? '')?.row).toBe(only(SECTIONS[0]).row);
    expect(parseRef(to ?? '')?.row).toBe(only(SECTIONS[2]).row + 4);
  });

  const describePdf = has('pdftotext') && has('pdftoppm') && has('pdfinfo') ? describe : describe.skip;
  if (!has('pdftoppm') && !process.env['CI']) console.warn('\n*** SKIPPED: PDF checks — pdftotext/pdftoppm (poppler-utils) are not installed. ***\n');
  if (!has('pdftoppm') && process.env['CI']) throw new Error('poppler-utils (pdftoppm) is required in CI; .ci/run installs it.');

  describePdf('printed to PDF', () => {
    it('gives two A4 pages (表二; 表三 with 表四), every label readable in the text, without 基本信息 or the status column', () => {
      const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
      expect(info).toMatch(/Page size:\s+595(\.\d+)? x 841(\.\d+)? pts \(A4\)/);
      const pdfText = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout;
      const pages = pdfText.split('\f').filter((p) => p.trim() !== '');
      expect(pages).toHaveLength(2);
      expect(pages[0]).toContain(SECTIONS[0]);
      SECTIONS.slice(1).forEach((s) => expect(pages[1]).toContain(s));
      expect(pdfText).not.toMatch(/基本信息|校验/);
      const flat = pdfText.replace(/\s+/g, '');
      // 社会公益组织 and 法律服务机构 wrap inside their narrow columns, side by side, and pdftotext interleaves
      // the two cells' lines: they are left out here (the PNGs show them).
      const headers = [T3_NOTE, '申请人情况', '自然人', '法人或其他组织', ...T3_ORGS.filter((o) => o.length <= 4), '行政复议', '行政诉讼', '未经复议直接起诉', '复议后起诉', ...T4_RESULTS];
      const labels = [...T2_PARTS.flatMap((p) => [p.heading, ...p.headers, ...p.rows]), ...T3_ROWS.map(([t]) => t), ...T3_GROUPS.map(([t]) => t), ...headers];
      expect(labels.filter((l) => !flat.includes(l))).toEqual([]);
    });

    it('renders to PNG for people to look at (test-artifacts/official-layout/page-N.png)', () => {
      const result = spawnSync('pdftoppm', ['-r', '110', '-png', pdf, join(OUT, 'page')], { encoding: 'utf8' });
      expect(result.status).toBe(0);
      expect(readdirSync(OUT).filter((f) => /^page-\d+\.png$/.test(f))).toHaveLength(2);
    });
  });
});

function rowCol(at: string): [number, number] {
  const ref = parseRef(at);
  if (!ref) throw new Error(`bad address ${at}`);
  return [ref.row, ref.col];
}
