import { FORMATS, cellsOf, tableName, type FormatDef, type TableId } from './format';
import type { WorkbookGrid } from './import/grid';
import type { Rect } from './layout/a1';
import type { PlanCell, SheetPlan, StyleName, WorkbookPlan } from './layout/plan';
import { wrappedHeight } from './layout/spans';
import { attachNotes, type Note, type NotedFinding } from './notes';
import type { CellValue, ReportData } from './report/types';
import { classifyCell } from './rules/cell-value';
import { sha256 } from './sha256';
import type { ValidationResult } from './validate';
import type { Versions } from './version';

/**
 * 审核单 (sign-off sheet): what the checks found, the 说明 of accepted warnings, the versions that checked
 * the report and a short fingerprint of the tables' values, on one printable A4 sheet the 填报人, 审核人
 * and 负责人 sign. `nianbao validate --fingerprint` recomputes the fingerprint from the e-mailed workbook,
 * so a reviewer can tell whether the stamped paper copy and the file hold the same figures.
 */

export const SIGNOFF_SHEET = '审核单';
/** A2 of a 审核单 made here: tells it from a sheet of the clerk's that happens to have the same name. */
const SIGNOFF_MARK = '报告机关';

/** Crockford's base32: no I, L, O, U, so that a fingerprint read aloud or copied by hand stays unambiguous. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Versioned, so that a change of what is hashed cannot pass for the same fingerprint. */
const FINGERPRINT_SCHEME = 'nianbao-table-fingerprint/1';

/**
 * A cell's raw value as the fingerprint sees it: numbers canonical (15 significant digits, so a value
 * read back from any host gives the same text; -0 is 0), text trimmed, blank (absent, null, only spaces)
 * empty. A number and the same digits typed as text differ, as the checks treat them differently.
 */
export function canonicalCellValue(value: CellValue | undefined): string {
  if (classifyCell(value).state === 'blank') return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return `n:${String(value)}`;
    const n = Number(value.toPrecision(15));
    return `n:${String(n === 0 ? 0 : n)}`;
  }
  if (typeof value === 'boolean') return `b:${String(value)}`;
  return `t:${String(value).trim()}`;
}

/** 60 bits of a digest as 12 Crockford base32 characters grouped 4-4-4: `7K3M-Q9XA-2B1F`. */
function base32Groups(digest: Uint8Array): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const byte of digest) {
    acc = ((acc << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < 12) {
      out += CROCKFORD[(acc >> (bits - 5)) & 31] ?? '';
      bits -= 5;
    }
    if (out.length === 12) break;
  }
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 12)}`;
}

/**
 * A short, stable fingerprint of the tables' values only: every cell of the format in catalogue order
 * with its raw value (see `canonicalCellValue`), hashed with SHA-256, shown as `7K3M-Q9XA-2B1F`. Any
 * changed cell changes it; the order of keys in a JSON file, cells the format does not have, 基本信息
 * and the narrative do not.
 */
export function tableFingerprint(data: ReportData, format: FormatDef = FORMATS[data.format]): string {
  const pairs = cellsOf(format).map((c) => [c.id, canonicalCellValue(data.cells[c.id])]);
  return base32Groups(sha256(JSON.stringify([FINGERPRINT_SCHEME, format.id, pairs])));
}

/** How the 审核单 groups results: the three tables, and everything else (template, 正文, 基本信息). */
type SignoffGroup = TableId | 'other';
const GROUPS: readonly SignoffGroup[] = ['T2', 'T3', 'T4', 'other'];

function groupOf(f: NotedFinding): SignoffGroup {
  const t = f.cells[0]?.slice(0, 2);
  return t === 'T2' || t === 'T3' || t === 'T4' ? t : 'other';
}

/** One group's result: `通过`, `2 处错误，1 处提示（已说明 1 处）`. */
function resultText(findings: readonly NotedFinding[]): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const explained = findings.filter((f) => f.severity !== 'error' && f.note && !f.note.stale).length;
  if (errors + warnings === 0) return '通过';
  const bits: string[] = [];
  if (errors) bits.push(`${errors} 处错误`);
  if (warnings) bits.push(`${warnings} 处提示${explained ? `（已说明 ${explained} 处）` : ''}`);
  return bits.join('，');
}

/** `2025-01-10 16:05`, in the clock's local time (the clerk's). */
export function localTime(now: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())} ${p(now.getHours())}:${p(now.getMinutes())}`;
}

/** Columns: 序号, 位置, 内容, 说明 — about 92 units, inside an A4 portrait page. */
const COLUMNS = [6, 12, 46, 28] as const;
const LAST_COL = COLUMNS.length;
/** Long lists end with a line saying how many more there are (an empty template has ~170 blanks). */
const MAX_ERRORS = 50;
const MAX_WARNINGS = 100;
/** How far down `signoffRowCount` looks for an earlier 审核单's last row. */
const MAX_ROWS = 400;

/** A date line to fill in by hand (ideographic spaces leave room for the figures). */
const SIGN_DATE = '日期：\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日';

/** Where the fixed block ends: merges are used only above this row, so a regenerated sheet keeps them valid. */
const FIXED_ROWS = 15;

interface Sheet {
  readonly cells: PlanCell[];
  readonly merges: Rect[];
  readonly rows: Map<number, number>;
}

/** A cell, merged over `right` columns when wider than one; every covered cell carries the style (borders). */
function put(s: Sheet, row: number, col: number, value: string | null, style: StyleName, right = col): void {
  s.cells.push({ row, col, value, style });
  if (right > col) {
    s.merges.push({ top: row, left: col, bottom: row, right });
    for (let c = col + 1; c <= right; c++) s.cells.push({ row, col: c, style });
  }
}

function height(s: Sheet, row: number, h: number): void {
  s.rows.set(row, Math.max(s.rows.get(row) ?? 0, h));
}

/** The text shown for a warning's 说明. */
function noteText(f: NotedFinding): string {
  if (!f.note) return '（未说明）';
  const date = f.note.at.slice(0, 10);
  const when = date ? `（${date}）` : '';
  return f.note.stale ? `需重新确认（说明之后数值已改动）：${f.note.text}${when}` : `${f.note.text}${when}`;
}

/**
 * The 审核单 sheet as a plan: title, organ and year, the fingerprint, versions and time, the result per
 * table and a conclusion, the errors, the warnings with their 说明 (stale ones flagged 需重新确认), and
 * lines for the signatures of 填报人, 审核人 and 负责人 with dates. Printable on A4 portrait. Rows of an
 * earlier 审核单 below the new one, up to `previousRows`, are emptied.
 */
export function signoffPlan(
  result: Pick<ValidationResult, 'data' | 'findings'>,
  notes: readonly Note[],
  fingerprint: string,
  versions: Versions,
  now: Date,
  previousRows = 0,
): WorkbookPlan {
  const { data } = result;
  const format = FORMATS[data.format];
  const findings = attachNotes(result.findings, notes, data);
  const s: Sheet = { cells: [], merges: [], rows: new Map() };
  const organ = data.organ?.trim() ?? '';
  const year = typeof data.year === 'number' ? data.year : null;

  put(s, 1, 1, `${organ}${year !== null ? `${year}年` : ''}政府信息公开工作年度报告审核单`, 'title', LAST_COL);
  height(s, 1, 36);
  const keyValue = (row: number, key: string, value: string): void => {
    put(s, row, 1, key, 'infoLabel', 2);
    put(s, row, 3, value, 'label', LAST_COL);
    height(s, row, wrappedHeight(value, COLUMNS[2] + COLUMNS[3], 20));
  };
  keyValue(2, SIGNOFF_MARK, organ || '（未填写）');
  keyValue(3, '报告年度', year !== null ? `${year}年` : '（未填写）');
  keyValue(
    4,
    '数据指纹',
    `${fingerprint}（表二、表三、表四全部单元格的数值；任何一个数字改动，指纹都会改变。核对：nianbao validate --fingerprint 文件）`,
  );
  keyValue(5, '年报助手版本', versions.app);
  keyValue(6, '校验规则版本', versions.rules);
  keyValue(7, '生成时间', localTime(now));

  put(s, 9, 1, '校验结果', 'section', LAST_COL);
  height(s, 9, 24);
  const byGroup = new Map<SignoffGroup, NotedFinding[]>(GROUPS.map((g) => [g, []]));
  for (const f of findings) byGroup.get(groupOf(f))?.push(f);
  GROUPS.forEach((g, i) => {
    const row = 10 + i;
    const title =
      g === 'other'
        ? '模板结构、基本信息、正文等'
        : format[g === 'T2' ? 't2' : g === 'T3' ? 't3' : 't4'].title.replace(/^[一二三四五六七八九十]+、/, '');
    put(s, row, 1, g === 'other' ? '其他' : tableName(g), 'infoLabel', 2);
    put(s, row, 3, title, 'label');
    put(s, row, 4, resultText(byGroup.get(g) ?? []), 'label');
    height(s, row, 20);
  });
  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = findings.filter((f) => f.severity !== 'error');
  const open = warnings.filter((f) => !f.note || f.note.stale).length;
  const conclusion =
    errors.length > 0
      ? `尚有 ${errors.length} 处错误，须改正后再报送。`
      : open > 0
        ? `未发现错误；${warnings.length} 处提示中有 ${open} 处未说明或需重新确认，请核实。`
        : warnings.length > 0
          ? `未发现错误；${warnings.length} 处提示均已说明。`
          : '未发现错误或提示。';
  put(s, 14, 1, '结论', 'infoLabel', 2);
  put(s, 14, 3, conclusion, 'label', LAST_COL);
  height(s, 14, wrappedHeight(conclusion, COLUMNS[2] + COLUMNS[3], 20));

  // Below the fixed block the rows depend on the findings: no merges there (an earlier 审核单's would be
  // left in the wrong rows), and no text that needs to overflow into its neighbours (the preview clips it).
  let row = FIXED_ROWS + 1;
  const list = (
    heading: string,
    last: string,
    items: readonly NotedFinding[],
    max: number,
    lastOf: (f: NotedFinding) => string,
    more: string,
  ): void => {
    ['序号', '位置', heading, last].forEach((text, i) => put(s, row, i + 1, text, 'header'));
    height(s, row, 20);
    row++;
    if (items.length === 0) {
      ['', '', '无', ''].forEach((text, i) => put(s, row, i + 1, text || null, 'label'));
      height(s, row, 20);
      row++;
    }
    items.slice(0, max).forEach((f, i) => {
      const tail = lastOf(f);
      put(s, row, 1, String(i + 1), 'note');
      put(s, row, 2, f.address ?? null, 'label');
      put(s, row, 3, f.message, 'label');
      put(s, row, 4, tail, 'label');
      height(
        s,
        row,
        // A little narrower than the columns: fonts differ between hosts, and a clipped line is worse than a gap.
        Math.max(wrappedHeight(f.message, COLUMNS[2] - 4), wrappedHeight(tail, COLUMNS[3] - 3), wrappedHeight(f.address ?? '', COLUMNS[1])),
      );
      row++;
    });
    if (items.length > max) {
      const text = `另有 ${items.length - max} ${more}`;
      ['', '', text, ''].forEach((t, i) => put(s, row, i + 1, t || null, 'label'));
      height(s, row, wrappedHeight(text, COLUMNS[2]));
      row++;
    }
    row++;
  };
  list('错误（须改正）', '规则', errors, MAX_ERRORS, (f) => f.rule, '处错误未列出，请在任务窗格中或用 nianbao validate 查看。');
  list('提示', '说明', warnings, MAX_WARNINGS, noteText, '处提示未列出，请在任务窗格中或用 nianbao validate 查看。');

  for (const role of ['填报人', '审核人', '负责人']) {
    put(s, row, 1, null, 'label');
    put(s, row, 2, `${role}（签字）`, 'infoLabel');
    put(s, row, 3, null, 'label');
    put(s, row, 4, SIGN_DATE, 'label');
    height(s, row, 36);
    row++;
  }
  const lastRow = row - 1;
  for (let r = lastRow + 1; r <= previousRows; r++) {
    for (let c = 1; c <= LAST_COL; c++) s.cells.push({ row: r, col: c, value: null, style: 'helper' });
    s.rows.set(r, 18);
  }

  const sheet: SheetPlan = {
    name: SIGNOFF_SHEET,
    visibility: 'visible',
    cells: s.cells,
    merges: s.merges,
    columns: COLUMNS.map((width, i) => ({ col: i + 1, width })),
    rows: [...s.rows].sort(([a], [b]) => a - b).map(([r, h]) => ({ row: r, height: h })),
    conditionalFormats: [],
    validations: [],
    print: { area: { top: 1, left: 1, bottom: lastRow, right: LAST_COL }, breaksAfter: [] },
  };
  return { sheets: [sheet], names: [] };
}

/**
 * Whether `grid` has a sheet named 审核单 and whose it is: `ours` (made by `signoffPlan`, or empty), or
 * `other` (the clerk's own sheet of that name, which a new 审核单 must not overwrite unasked).
 */
export function signoffSheetStatus(grid: WorkbookGrid): 'absent' | 'ours' | 'other' {
  if (!grid.sheets.some((s) => s.name === SIGNOFF_SHEET)) return 'absent';
  if (grid.value(SIGNOFF_SHEET, 2, 1) === SIGNOFF_MARK) return 'ours';
  return signoffRowCount(grid) === 0 ? 'ours' : 'other';
}

/** The last used row of an earlier 审核单 in `grid` (0 when there is none), so a new one can empty what it leaves. */
export function signoffRowCount(grid: WorkbookGrid): number {
  if (!grid.sheets.some((s) => s.name === SIGNOFF_SHEET)) return 0;
  let last = 0;
  for (let r = 1; r <= MAX_ROWS; r++) {
    for (let c = 1; c <= LAST_COL; c++) {
      const v = grid.value(SIGNOFF_SHEET, r, c);
      if (v !== null && v !== '') last = r;
    }
  }
  return last;
}
