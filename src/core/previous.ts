import { FORMATS, FORMAT_2021, type CellId, type ColumnDef, type FormatId } from './format';
import type { WorkbookGrid } from './import/grid';
import { veryHiddenSheet, type PlanCell, type WorkbookPlan } from './layout/plan';
import type { CellValue, ReportData } from './report/types';
import { classifyCell } from './rules/cell-value';
import type { ComparedReport } from './rules/across-years';

/**
 * 上年年报: next year's report starts from last year's. `rollForward` makes next year's data (上年结转 =
 * last year's 结转下年度, the organ and its contacts); last year's report itself is kept in the workbook, in
 * a very hidden sheet of our own, so that the across-years checks (X.*) run on the workbook wherever it
 * goes — in the task pane, in `nianbao validate`, at the reviewer's.
 */

/** The very hidden sheet that keeps last year's report. */
export const PREVIOUS_SHEET = 'nianbao_previous';
/** First cell of the sheet: identifies it as ours (a clerk's sheet of that name is not read). */
const MARK = 'nianbao-previous';
const VERSION = 1;
const FIRST_ROW = 6;
/** A report has some 250 cells, 13 facts and rarely 100 paragraphs: far below this. */
const MAX_ROWS = 5000;
/** Excel holds at most 32,767 characters in a cell; a longer paragraph is kept cut (X.identical still sees it). */
const MAX_TEXT = 32_000;

/** 基本信息 that lasts from one year to the next (not the fee facts or the dates, which are the year's own). */
const LASTING_INFO = ['organLevel', 'compiledBy', 'website', 'phone', 'fax', 'postcode', 'address'] as const;

/** The applicant columns of 表三 (both formats share them), without 总计. */
const APPLICANTS: readonly ColumnDef[] = FORMAT_2021.t3.columns.filter((c) => c.key !== 'total');
/** Names as a sentence uses them (the header's `其他` sits under 法人或其他组织, and reads ambiguously alone). */
const COLUMN_NAMES: Readonly<Record<string, string>> = { otherOrg: '其他组织' };

/** A column of 表三 by the name a message uses. */
export function applicantName(column: ColumnDef): string {
  return COLUMN_NAMES[column.key] ?? column.label;
}

/** What last year's 结转下年度 gives this year's 上年结转, column by column. */
export interface CarriedFigures {
  /** The applicant columns carried: last year's clean numbers. */
  readonly cells: readonly { readonly id: CellId; readonly column: ColumnDef; readonly value: number }[];
  /** Columns not carried: last year's cell was blank or not a clean number (its raw content, or null). */
  readonly skipped: readonly { readonly column: ColumnDef; readonly raw: CellValue }[];
  /** Sum of the carried columns. */
  readonly total: number;
  /** Last year's 总计 of 结转下年度, when it is a clean number. */
  readonly lastTotal: number | null;
}

/** Last year's 结转下年度 as this year's 上年结转. */
export function carriedFigures(last: ReportData): CarriedFigures {
  const cells: { id: CellId; column: ColumnDef; value: number }[] = [];
  const skipped: { column: ColumnDef; raw: CellValue }[] = [];
  for (const column of APPLICANTS) {
    const raw = last.cells[`T3.carryForward.${column.key}`];
    const state = classifyCell(raw);
    if (state.state === 'number') cells.push({ id: `T3.carried.${column.key}`, column, value: state.value });
    else skipped.push({ column, raw: raw ?? null });
  }
  const total = cells.reduce((sum, c) => sum + c.value, 0);
  const lastTotal = classifyCell(last.cells['T3.carryForward.total']);
  return { cells, skipped, total, lastTotal: lastTotal.state === 'number' ? lastTotal.value : null };
}

/**
 * Next year's report data from last year's (2021 or 2019 format): format 2021, the year after, the organ and
 * the lasting 基本信息, and 上年结转 = last year's 结转下年度 in every column where that is a clean number.
 * Nothing else is filled. 上年结转's 总计 is carried only when it is the sum of the columns carried: else the
 * template's formula gives the sum, and X.carried points at last year's 总计 rather than a wrong figure
 * being written over the formula.
 */
export function rollForward(last: ReportData): ReportData {
  const carried = carriedFigures(last);
  const cells: ReportData['cells'] = {};
  for (const c of carried.cells) cells[c.id] = c.value;
  if (carried.lastTotal !== null && Math.abs(carried.lastTotal - carried.total) < 1e-9) cells['T3.carried.total'] = carried.lastTotal;
  const info: Record<string, unknown> = {};
  for (const key of LASTING_INFO) {
    const v = last.info?.[key];
    if ((typeof v === 'string' && v.trim() !== '') || typeof v === 'number') info[key] = v;
  }
  return {
    format: '2021',
    year: typeof last.year === 'number' && Number.isInteger(last.year) ? last.year + 1 : null,
    organ: typeof last.organ === 'string' && last.organ.trim() !== '' ? last.organ : null,
    cells,
    ...(Object.keys(info).length > 0 ? { info } : {}),
  };
}

/** `上年结转 5 件（自然人 3、商业企业 2）`, and for the columns not carried, what to check. */
export function describeCarried(carried: CarriedFigures): string {
  const nonZero = carried.cells.filter((c) => c.value !== 0);
  const parts = nonZero.length > 0 ? `（${nonZero.map((c) => `${applicantName(c.column)} ${c.value}`).join('、')}）` : '';
  const head =
    carried.cells.length > 0 ? `上年结转 ${carried.total} 件${parts}` : '上年结转：上年年报的“结转下年度继续办理”行没有可结转的数字';
  const skipped = carried.skipped.map(
    (s) => `${applicantName(s.column)}（${s.raw === null || s.raw === '' ? '空白' : `“${String(s.raw)}”`}）`,
  );
  const tail =
    skipped.length > 0 && carried.cells.length > 0
      ? `；上年“结转下年度继续办理”行中${skipped.join('、')}不是数字，未结转，请核实后填写`
      : '';
  return `${head}${tail}`;
}

function plainValue(v: unknown): string | number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') return v.length > MAX_TEXT ? v.slice(0, MAX_TEXT) : v;
  return null;
}

/** The rows the kept sheet uses now (0 without it), for `previousPlan` to blank what a shorter report leaves. */
export function previousRowsUsed(grid: WorkbookGrid): number {
  if (!isPreviousSheet(grid)) return 0;
  let row = FIRST_ROW;
  while (row < FIRST_ROW + MAX_ROWS && !blank(grid.value(PREVIOUS_SHEET, row, 1))) row++;
  return row - 1;
}

/**
 * The kept sheet holding `prev`: its format, year and organ, then one row per cell (`cell`, id, value), per
 * 基本信息 fact (`info`) and per paragraph (`paragraph`, id, text). Rows beyond them, up to `existingRows`,
 * are written blank so that a longer report kept before does not linger.
 */
export function previousPlan(prev: ComparedReport, existingRows: number): WorkbookPlan {
  const { data } = prev;
  const cells: PlanCell[] = [
    { row: 1, col: 1, value: MARK },
    { row: 1, col: 2, value: VERSION },
    { row: 1, col: 4, value: '本工作表由年报助手维护：上年年报，用于跨年度校验（上年结转、现行有效件数、内容雷同等），请勿修改。' },
    { row: 2, col: 1, value: 'format' },
    { row: 2, col: 2, value: data.format },
    { row: 3, col: 1, value: 'year' },
    { row: 3, col: 2, value: typeof data.year === 'number' ? data.year : null },
    { row: 4, col: 1, value: 'organ' },
    { row: 4, col: 2, value: typeof data.organ === 'string' ? data.organ : null },
    { row: 5, col: 1, value: 'kind' },
    { row: 5, col: 2, value: 'key' },
    { row: 5, col: 3, value: 'value' },
  ];
  let row = FIRST_ROW;
  const put = (kind: string, key: string, value: string | number | null): void => {
    if (row >= FIRST_ROW + MAX_ROWS) return;
    cells.push({ row, col: 1, value: kind }, { row, col: 2, value: key }, { row, col: 3, value });
    row++;
  };
  for (const [id, v] of Object.entries(data.cells)) if (v !== undefined && v !== null) put('cell', id, plainValue(v));
  for (const [key, v] of Object.entries(data.info ?? {})) {
    const value = plainValue(v);
    if (value !== null) put('info', key, value);
  }
  for (const p of prev.paragraphs ?? []) put('paragraph', p.id, plainValue(p.text));
  for (let r = row; r <= existingRows; r++) for (let col = 1; col <= 3; col++) cells.push({ row: r, col, value: null });
  return {
    sheets: [veryHiddenSheet(PREVIOUS_SHEET, cells)],
    names: [],
  };
}

function blank(v: CellValue): boolean {
  return v === null || v === '';
}

function isPreviousSheet(grid: WorkbookGrid): boolean {
  return grid.sheets.some((s) => s.name === PREVIOUS_SHEET) && grid.value(PREVIOUS_SHEET, 1, 1) === MARK;
}

function text(v: CellValue): string | null {
  if (v === null) return null;
  return typeof v === 'string' ? v : String(v);
}

/** Last year's report kept in the workbook, or null when there is none. */
export function readPrevious(grid: WorkbookGrid): ComparedReport | null {
  if (!isPreviousSheet(grid)) return null;
  const value = (row: number, col: number): CellValue => grid.value(PREVIOUS_SHEET, row, col);
  const formatText = text(value(2, 2));
  const format: FormatId = formatText !== null && Object.hasOwn(FORMATS, formatText) ? (formatText as FormatId) : '2021';
  const yearCell = value(3, 2);
  const year =
    typeof yearCell === 'number' ? yearCell : typeof yearCell === 'string' && /^\d{4}$/.test(yearCell.trim()) ? Number(yearCell) : null;
  const organ = text(value(4, 2));
  const cells: ReportData['cells'] = {};
  const info: Record<string, unknown> = {};
  const paragraphs: { id: string; text: string }[] = [];
  for (let row = FIRST_ROW; row < FIRST_ROW + MAX_ROWS; row++) {
    const kind = value(row, 1);
    if (blank(kind)) break;
    const key = text(value(row, 2));
    if (key === null) continue;
    const v = value(row, 3);
    if (kind === 'cell') cells[key] = v;
    else if (kind === 'info' && v !== null) info[key] = v;
    else if (kind === 'paragraph') paragraphs.push({ id: key, text: text(v) ?? '' });
  }
  const data: ReportData = {
    format,
    year,
    organ: organ === '' ? null : organ,
    cells,
    ...(Object.keys(info).length > 0 ? { info } : {}),
  };
  return paragraphs.length > 0 ? { data, paragraphs } : { data };
}
