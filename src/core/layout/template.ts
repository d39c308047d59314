import { FORMATS, cellsOf, type CellId, type FormatDef, type TableId } from '../format';
import { INFO_FIELDS, type InfoKey } from '../report/info';
import type { CellValue, ReportData } from '../report/types';
import { classifyCell, usableValue } from '../rules/cell-value';
import {
  compileCleanText,
  compileInstance,
  compileKind,
  compileOrganLevelCode,
  compileOrganText,
  compileStatus,
  compileValue,
  quote,
  type FormulaRefs,
} from '../rules/compile';
import { instancesOf } from '../rules/instances';
import { ORGAN_LEVELS, organLevelLabel, parseOrganLevel } from '../rules/organ-level';
import type { ComparedReport } from '../rules/across-years';
import { previousPlan } from '../previous';
import { a1, sheetRef, type Position, type Rect } from './a1';
import { veryHiddenSheet, type PlanCell, type PlanConditionalFormat, type PlanValidation, type SheetPlan, type StyleName, type WorkbookPlan } from './plan';
import { labelSpans, splitEvenly, wrappedHeight } from './spans';

/** The very hidden sheet that records where every cell of the template is (found again after moves). */
export const META_SHEET = 'nianbao_meta';
/** The very hidden sheet with the checks' helper formulas. */
export const CALC_SHEET = 'nianbao_calc';
/** First cell of the meta sheet: identifies a workbook made by this template. */
export const META_MARK = 'nianbao-template';
/** Template layout version, recorded in the workbook. */
export const TEMPLATE_VERSION = 1;
export const DEFAULT_SHEET = '年报';

/** The grid: 15 equal columns carry every table; the status lines sit right of them. */
const GRID_COLUMNS = 15;
const COLUMN_WIDTH = 8;
const STATUS_COLUMN = 17;
/** Each table cell's mark flag sits this many columns to its right, in hidden columns. */
export const FLAG_OFFSET = 20;
/** T3's label columns: depth 0 → A, depth 1 → B:C, depth 2 → D:H; data from I. */
const T3_LABEL_DEPTHS: readonly (readonly [number, number])[] = [
  [1, 1],
  [2, 3],
  [4, 8],
];
const T3_FIRST_DATA = 9;
const T2_LABEL_COLUMNS = 6;
const INFO_LABEL_COLUMNS = 4;

/** Where everything of the template sits (relative to the sheet, 1-based). */
export interface TemplateLayout {
  readonly sheet: string;
  readonly format: FormatDef;
  readonly cells: ReadonlyMap<CellId, Rect>;
  readonly info: ReadonlyMap<InfoKey, Rect>;
  readonly tables: Readonly<Record<TableId, { readonly title: Position; readonly status: Position; readonly area: Rect }>>;
  readonly title: Rect;
}

export interface TemplateOptions {
  readonly format?: FormatDef;
  readonly sheet?: string;
  /** Values to write: a report's cells and 基本信息. Without it the input cells stay blank. */
  readonly data?: ReportData;
  /** Top-left of the block (default A1). */
  readonly origin?: Position;
  /** Last year's report, kept in the workbook (a very hidden sheet) for the across-years checks. */
  readonly previous?: ComparedReport;
}

interface Builder {
  cells: PlanCell[];
  merges: Rect[];
  rows: Map<number, number>;
}

function put(b: Builder, rect: Rect, cell: Omit<PlanCell, 'row' | 'col'>, styleAll?: StyleName): void {
  b.cells.push({ row: rect.top, col: rect.left, ...cell });
  if (rect.bottom > rect.top || rect.right > rect.left) {
    b.merges.push(rect);
    // Borders of a merged block live on every cell it covers.
    const style = styleAll ?? cell.style;
    if (style) {
      for (let r = rect.top; r <= rect.bottom; r++) {
        for (let c = rect.left; c <= rect.right; c++) if (r !== rect.top || c !== rect.left) b.cells.push({ row: r, col: c, style });
      }
    }
  }
}

function height(b: Builder, row: number, h: number): void {
  b.rows.set(row, Math.max(b.rows.get(row) ?? 0, h));
}

const rect = (top: number, left: number, bottom = top, right = left): Rect => ({ top, left, bottom, right });
const width = (cols: number): number => cols * COLUMN_WIDTH;

/** Lay out the template: positions of every cell, label and status line, relative to `origin`. */
function layoutGrid(format: FormatDef, origin: Position, b: Builder): Omit<TemplateLayout, 'sheet' | 'format'> {
  const R = (r: number): number => origin.row - 1 + r;
  const C = (c: number): number => origin.col - 1 + c;
  const span = (top: number, left: number, bottom: number, right: number): Rect => rect(R(top), C(left), R(bottom), C(right));
  const cells = new Map<CellId, Rect>();
  const info = new Map<InfoKey, Rect>();
  let r = 1;

  const title = span(1, 1, 1, GRID_COLUMNS);
  height(b, title.top, 32);
  r = 3;
  put(b, span(r, 1, r, GRID_COLUMNS), { value: '基本信息（不属于报告表格：用于生成正文和校验）', style: 'infoHeader' });
  r++;
  for (const field of INFO_FIELDS) {
    put(b, span(r, 1, r, INFO_LABEL_COLUMNS), { value: field.label, style: 'infoLabel' });
    info.set(field.key, span(r, INFO_LABEL_COLUMNS + 1, r, GRID_COLUMNS));
    height(b, R(r), 18);
    r++;
  }
  r++;

  const section = (heading: string): { title: Position; status: Position } => {
    put(b, span(r, 1, r, GRID_COLUMNS), { value: heading, style: 'section' });
    height(b, R(r), 24);
    const pos = { title: { row: R(r), col: C(1) }, status: { row: R(r), col: C(STATUS_COLUMN) } };
    r++;
    return pos;
  };

  // 表二: four parts in one grid.
  const t2 = section(format.t2.title);
  const t2Top = r;
  for (const part of format.t2.parts) {
    put(b, span(r, 1, r, GRID_COLUMNS), { value: part.heading, style: 'header' });
    height(b, R(r), 20);
    r++;
    const widths = splitEvenly(GRID_COLUMNS - T2_LABEL_COLUMNS, part.columns.length);
    put(b, span(r, 1, r, T2_LABEL_COLUMNS), { value: part.rowHeader, style: 'header' });
    let c = T2_LABEL_COLUMNS + 1;
    part.columns.forEach((column, i) => {
      const w = widths[i] ?? 1;
      put(b, span(r, c, r, c + w - 1), { value: column.label, style: 'header' });
      height(b, R(r), wrappedHeight(column.label, width(w), 20));
      c += w;
    });
    r++;
    for (const row of part.rows) {
      put(b, span(r, 1, r, T2_LABEL_COLUMNS), { value: row.labels.join(''), style: 'label' });
      let c2 = T2_LABEL_COLUMNS + 1;
      part.columns.forEach((column, i) => {
        const w = widths[i] ?? 1;
        cells.set(`T2.${row.key}.${column.key}`, span(r, c2, r, c2 + w - 1));
        c2 += w;
      });
      height(b, R(r), 20);
      r++;
    }
  }
  const t2Area = span(t2Top, 1, r - 1, GRID_COLUMNS);
  r++;

  // 表三: a three-row header over the applicant columns, the note in the corner, tree-labelled rows.
  const t3 = section(format.t3.title);
  const t3Top = r;
  const headerDepth = 3;
  put(b, span(r, 1, r + headerDepth - 1, T3_FIRST_DATA - 1), { value: format.t3.note, style: 'note' });
  for (const s of labelSpans(format.t3.columns.map((col) => [...(col.groups ?? []), col.label]))) {
    put(b, span(r + s.depth, T3_FIRST_DATA + s.first, s.leaf ? r + headerDepth - 1 : r + s.depth, T3_FIRST_DATA + s.last), {
      value: s.label,
      style: 'header',
    });
  }
  for (let d = 0; d < headerDepth; d++) height(b, R(r + d), d === headerDepth - 1 ? 30 : 20);
  r += headerDepth;
  const t3Rows = format.t3.rows;
  for (const s of labelSpans(t3Rows.map((row) => row.labels))) {
    const [left] = T3_LABEL_DEPTHS[s.depth] ?? [1, 1];
    const right = s.leaf ? (T3_LABEL_DEPTHS[T3_LABEL_DEPTHS.length - 1]?.[1] ?? 8) : (T3_LABEL_DEPTHS[s.depth]?.[1] ?? 1);
    put(b, span(r + s.first, left, r + s.last, right), { value: s.label, style: s.leaf ? 'label' : 'header' });
    if (s.leaf) height(b, R(r + s.first), wrappedHeight(s.label, width(right - left + 1)));
  }
  t3Rows.forEach((row, i) => {
    format.t3.columns.forEach((column, j) => cells.set(`T3.${row.key}.${column.key}`, span(r + i, T3_FIRST_DATA + j, r + i, T3_FIRST_DATA + j)));
  });
  r += t3Rows.length;
  const t3Area = span(t3Top, 1, r - 1, GRID_COLUMNS);
  r++;

  // 表四: groups × results in one row of 15 cells.
  const t4 = section(format.t4.title);
  const t4Top = r;
  const t4Leaves = format.t4.groups.flatMap((g) => format.t4.columns.map((col) => ({ id: `T4.${g.key}.${col.key}`, path: [...g.parents, g.label, col.label] })));
  for (const s of labelSpans(t4Leaves.map((l) => l.path))) {
    put(b, span(r + s.depth, 1 + s.first, s.leaf ? r + headerDepth - 1 : r + s.depth, 1 + s.last), { value: s.label, style: 'header' });
  }
  for (let d = 0; d < headerDepth; d++) height(b, R(r + d), d === headerDepth - 1 ? 30 : 20);
  r += headerDepth;
  t4Leaves.forEach((leaf, i) => cells.set(leaf.id, span(r, 1 + i, r, 1 + i)));
  height(b, R(r), 22);
  const t4Area = span(t4Top, 1, r, GRID_COLUMNS);

  return {
    cells,
    info,
    title,
    tables: { T2: { ...t2, area: t2Area }, T3: { ...t3, area: t3Area }, T4: { ...t4, area: t4Area } },
  };
}

/** For each computed cell, the cells its total adds up: the first totalling rule that defines it. */
export function computedParts(format: FormatDef): ReadonlyMap<CellId, readonly CellId[]> {
  const parts = new Map<CellId, readonly CellId[]>();
  const computed = new Set(cellsOf(format).filter((c) => c.computed).map((c) => c.id));
  for (const inst of instancesOf(format)) {
    if (inst.kind !== 'equation') continue;
    const [only] = inst.left;
    if (inst.left.length === 1 && only !== undefined && computed.has(only) && !parts.has(only)) parts.set(only, (inst).right);
  }
  return parts;
}

/** The value a computed cell's formula has: Σ of its parts' usable values (the sheet's SUM skips the rest). */
function computedValues(format: FormatDef, cells: ReportData['cells'], literal: ReadonlySet<CellId>): Map<CellId, number> {
  const parts = computedParts(format);
  const memo = new Map<CellId, number>();
  const valueOf = (id: CellId): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const ps = parts.get(id);
    const v = ps && !literal.has(id) ? ps.reduce((acc, p) => acc + valueOf(p), 0) : (usableValue(classifyCell(cells[id])) ?? 0);
    memo.set(id, v);
    return v;
  };
  for (const id of parts.keys()) valueOf(id);
  return memo;
}

/**
 * Totals the data gives that their formula would not reproduce (blank, text, or a number that differs
 * from its parts): they are written as given, so that no figure of the data is lost or silently
 * corrected, and the workbook validates as the data does. A total the data leaves out is computed.
 */
function literalTotalsOf(format: FormatDef, cells: ReportData['cells']): Set<CellId> {
  const parts = computedParts(format);
  const given = (id: CellId): boolean => Object.hasOwn(cells, id);
  const literal = new Set<CellId>([...parts.keys()].filter((id) => given(id) && classifyCell(cells[id]).state === 'blank'));
  for (let pass = 0; pass <= parts.size; pass++) {
    const now = computedValues(format, cells, literal);
    let grew = false;
    for (const [id, ps] of parts) {
      const raw = cells[id];
      if (literal.has(id) || !given(id)) continue;
      const state = classifyCell(raw);
      const fromParts = ps.reduce((acc, p) => acc + (now.get(p) ?? usableValue(classifyCell(cells[p])) ?? 0), 0);
      if (state.state !== 'number' || Math.abs(state.value - fromParts) > 1e-9) {
        literal.add(id);
        grew = true;
      }
    }
    if (!grew) break;
  }
  return literal;
}

function planValue(raw: CellValue | undefined): string | number | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'boolean') return raw ? 'TRUE' : 'FALSE';
  return raw;
}

function infoValue(data: ReportData | undefined, key: InfoKey): string | number | null {
  if (!data) return null;
  if (key === 'organ') return data.organ ?? null;
  if (key === 'year') return data.year ?? null;
  const v = data.info?.[key];
  if (key === 'organLevel') {
    const level = parseOrganLevel(v);
    return level ? organLevelLabel(level) : typeof v === 'string' ? v : null;
  }
  return typeof v === 'string' || typeof v === 'number' ? v : null;
}

/** Where the checks' helper cells of each table cell sit on the calc sheet, and how formulas refer to them. */
interface CalcSheet {
  readonly cells: PlanCell[];
  /** Row of a cell's helpers (clean text B, kind C, value D, mark flag E). */
  rowOf(id: CellId): number;
}

const CALC_FIRST_CELL_ROW = 8;
/** Row of a table's counts on the calc sheet (errors B, warnings C, blanks D, status text E). */
const CALC_COUNT_ROW: Readonly<Record<TableId, number>> = { T2: 2, T3: 3, T4: 4 };
const TABLES: readonly TableId[] = ['T2', 'T3', 'T4'];

/**
 * The calc sheet: per cell its cleaned text, kind and usable value; per check a 0/1; per cell its mark
 * flag (2 error, 1 warning); per table the counts and the status line.
 */
function calcSheet(format: FormatDef, layout: TemplateLayout): CalcSheet {
  const specs = cellsOf(format);
  const calcRow = new Map<CellId, number>(specs.map((spec, i) => [spec.id, CALC_FIRST_CELL_ROW + i]));
  const rowOf = (id: CellId): number => calcRow.get(id) ?? 0;
  const mainRef = (id: CellId): string => {
    const at = layout.cells.get(id);
    if (!at) throw new Error(`layout has no cell ${id}`);
    return sheetRef(layout.sheet, { row: at.top, col: at.left });
  };
  const infoRef = (key: InfoKey): string => {
    const at = layout.info.get(key);
    return at ? sheetRef(layout.sheet, { row: at.top, col: at.left }) : '""';
  };
  const refs: FormulaRefs = {
    raw: mainRef,
    clean: (id) => a1({ row: rowOf(id), col: 2 }, true),
    kind: (id) => a1({ row: rowOf(id), col: 3 }, true),
    value: (id) => a1({ row: rowOf(id), col: 4 }, true),
    organLevelCode: () => '$B$6',
  };
  const cells: PlanCell[] = [
    { row: 1, col: 1, value: 'nianbao checks: helper formulas, do not edit' },
    { row: 5, col: 1, value: 'organText' },
    { row: 5, col: 2, formula: compileOrganText(infoRef('organ')) },
    { row: 5, col: 3, formula: compileOrganText(infoRef('organLevel')) },
    { row: 6, col: 1, value: 'organLevel' },
    { row: 6, col: 2, formula: compileOrganLevelCode('$B$5', '$C$5') },
    { row: 7, col: 1, value: 'cell' },
    { row: 7, col: 2, value: 'clean' },
    { row: 7, col: 3, value: 'kind' },
    { row: 7, col: 4, value: 'value' },
    { row: 7, col: 5, value: 'mark' },
  ];
  for (const spec of specs) {
    const row = rowOf(spec.id);
    const raw = mainRef(spec.id);
    cells.push(
      { row, col: 1, value: spec.id },
      { row, col: 2, formula: compileCleanText(raw) },
      { row, col: 3, formula: compileKind(raw, refs.clean(spec.id)) },
      { row, col: 4, formula: compileValue(raw, refs.clean(spec.id), refs.kind(spec.id)) },
    );
  }

  const firstCheckRow = CALC_FIRST_CELL_ROW + specs.length + 1;
  let checkRow = firstCheckRow;
  const checksOf = new Map<CellId, { error: string[]; warning: string[] }>();
  for (const inst of instancesOf(format)) {
    for (const check of compileInstance(inst, refs)) {
      cells.push(
        { row: checkRow, col: 1, value: inst.key },
        { row: checkRow, col: 2, value: check.rule },
        { row: checkRow, col: 3, value: `${inst.table}|${check.severity}` },
        { row: checkRow, col: 4, formula: `IF(${check.formula},1,0)` },
      );
      for (const id of check.cells) {
        const entry = checksOf.get(id) ?? { error: [], warning: [] };
        (check.severity === 'error' ? entry.error : entry.warning).push(a1({ row: checkRow, col: 4 }, true));
        checksOf.set(id, entry);
      }
      checkRow++;
    }
  }
  const any = (list: readonly string[]): string => (list.length ? `OR(${list.map((x) => `${x}=1`).join(',')})` : 'FALSE');
  for (const spec of specs) {
    const entry = checksOf.get(spec.id) ?? { error: [], warning: [] };
    cells.push({ row: rowOf(spec.id), col: 5, formula: `IF(${any(entry.error)},2,IF(${any(entry.warning)},1,0))` });
  }

  const lastCheckRow = Math.max(firstCheckRow, checkRow - 1);
  const tags = `$C$${firstCheckRow}:$C$${lastCheckRow}`;
  const hits = `$D$${firstCheckRow}:$D$${lastCheckRow}`;
  for (const table of TABLES) {
    const row = CALC_COUNT_ROW[table];
    const ids = specs.filter((s) => s.table === table);
    const kinds = `$C$${rowOf(ids[0]?.id ?? '')}:$C$${rowOf(ids[ids.length - 1]?.id ?? '')}`;
    cells.push(
      { row, col: 1, value: table },
      { row, col: 2, formula: `SUMIF(${tags},${quote(`${table}|error`)},${hits})` },
      { row, col: 3, formula: `SUMIF(${tags},${quote(`${table}|warning`)},${hits})` },
      { row, col: 4, formula: `COUNTIF(${kinds},1)` },
      { row, col: 5, formula: compileStatus(`B${row}`, `C${row}`, `D${row}`) },
    );
  }
  return { cells, rowOf };
}

/** The values of the tables and 基本信息, the computed totals, the title, the status lines and the mark flags. */
function fillMainSheet(main: Builder, layout: TemplateLayout, calc: CalcSheet, data: ReportData | undefined): void {
  const { format } = layout;
  const parts = computedParts(format);
  const values: ReportData['cells'] = data?.cells ?? {};
  const literalTotals = literalTotalsOf(format, values);
  const totals = computedValues(format, values, literalTotals);
  const calcRef = (row: number, col: number): string => sheetRef(CALC_SHEET, { row, col });

  for (const spec of cellsOf(format)) {
    const at = layout.cells.get(spec.id);
    if (!at) continue;
    const style: StyleName = spec.computed ? 'computed' : spec.kind === 'amount' ? 'amountInput' : 'input';
    const ps = parts.get(spec.id);
    if (ps && !literalTotals.has(spec.id)) {
      const sum = `SUM(${ps.map((p) => calcRef(calc.rowOf(p), 4)).join(',')})`;
      put(main, at, { formula: sum, result: totals.get(spec.id) ?? 0, style });
    } else {
      put(main, at, { value: planValue(values[spec.id]), style });
    }
    main.cells.push({ row: at.top, col: at.left + FLAG_OFFSET, formula: calcRef(calc.rowOf(spec.id), 5), style: 'helper' });
  }
  for (const field of INFO_FIELDS) {
    const at = layout.info.get(field.key);
    if (at) put(main, at, { value: infoValue(data, field.key), style: 'infoInput' });
  }
  const organAt = layout.info.get('organ');
  const yearAt = layout.info.get('year');
  if (organAt && yearAt) {
    const organ = a1({ row: organAt.top, col: organAt.left });
    const year = a1({ row: yearAt.top, col: yearAt.left });
    const organText = typeof data?.organ === 'string' && data.organ.trim() !== '' ? data.organ.trim() : '（机关名称）';
    const yearText = typeof data?.year === 'number' ? String(data.year) : '    ';
    put(main, layout.title, {
      formula: `IF(TRIM(${organ})="","（机关名称）",TRIM(${organ}))&IF(${year}="","    ",${year})&"年政府信息公开工作年度报告"`,
      result: `${organText}${yearText}年政府信息公开工作年度报告`,
      style: 'title',
    });
  }
  for (const table of TABLES) main.cells.push({ ...layout.tables[table].status, formula: calcRef(CALC_COUNT_ROW[table], 5), style: 'status' });
}

/** Marks: each cell is coloured by its flag cell FLAG_OFFSET columns to the right (same sheet: portable). */
function markFormats(layout: TemplateLayout): PlanConditionalFormat[] {
  return cellsOf(layout.format).flatMap((spec) => {
    const at = layout.cells.get(spec.id);
    if (!at) return [];
    const flag = a1({ row: at.top, col: at.left + FLAG_OFFSET });
    const cell = rect(at.top, at.left);
    return [
      { range: cell, formula: `${flag}=2`, mark: 'error' as const },
      { range: cell, formula: `${flag}=1`, mark: 'warning' as const },
    ];
  });
}

/** Data validation: whole numbers ≥ 0 for counts, decimals ≥ 0 for amounts, the level drop-down, a year. */
function validationsOf(layout: TemplateLayout): PlanValidation[] {
  const validations: PlanValidation[] = [];
  for (const spec of cellsOf(layout.format)) {
    const at = layout.cells.get(spec.id);
    if (!at || spec.computed) continue;
    const range = rect(at.top, at.left);
    validations.push(
      spec.kind === 'amount'
        ? { range, type: 'decimal', min: 0, message: `${spec.label}：请填写不小于 0 的数（单位：万元，最多 4 位小数；没有的填 0）。` }
        : spec.signed
          ? { range, type: 'whole', min: -1e9, message: `${spec.label}：请填写整数。` }
          : { range, type: 'whole', min: 0, message: `${spec.label}：请填写不小于 0 的整数（没有的填 0）。` },
    );
  }
  for (const field of INFO_FIELDS) {
    const at = layout.info.get(field.key);
    if (!at) continue;
    const range = rect(at.top, at.left);
    if (field.type === 'level') validations.push({ range, type: 'list', items: ORGAN_LEVELS.map((l) => l.label), message: '请从下拉列表中选择机关层级。' });
    if (field.type === 'year') validations.push({ range, type: 'whole', min: 2019, max: 2100, message: '报告年度请填写四位年份，如 2025。' });
    if (field.type === 'count') validations.push({ range, type: 'whole', min: 0, message: `${field.label}：请填写不小于 0 的整数。` });
    if (field.type === 'yuan') validations.push({ range, type: 'decimal', min: 0, message: `${field.label}：请填写不小于 0 的金额（元）。` });
  }
  return validations;
}

/**
 * The meta sheet: column B says where each cell is (a formula the spreadsheet keeps current); column C
 * mirrors what it holds, so that a host can read the whole report from this one sheet in one round trip.
 */
function metaSheetCells(layout: TemplateLayout, main: readonly PlanCell[]): PlanCell[] {
  const cells: PlanCell[] = [
    { row: 1, col: 1, value: META_MARK },
    { row: 1, col: 2, value: TEMPLATE_VERSION },
    { row: 1, col: 3, value: layout.format.id },
    { row: 1, col: 4, value: '本工作表由年报助手维护，请勿修改。' },
  ];
  const written = new Map<string, string | number>();
  for (const c of main) {
    const shown = c.formula !== undefined ? c.result : c.value;
    if (shown !== undefined && shown !== null) written.set(`${c.row}:${c.col}`, shown);
  }
  let row = 2;
  const pointer = (key: string, p: Position): void => {
    const ref = sheetRef(layout.sheet, p);
    cells.push(
      { row, col: 1, value: key },
      { row, col: 2, formula: ref },
      { row, col: 3, formula: `IF(ISBLANK(${ref}),"",${ref})`, result: written.get(`${p.row}:${p.col}`) ?? '' },
    );
    row++;
  };
  pointer('title', { row: layout.title.top, col: layout.title.left });
  for (const table of TABLES) pointer(`table:${table}`, layout.tables[table].title);
  for (const field of INFO_FIELDS) {
    const at = layout.info.get(field.key);
    if (at) pointer(`info:${field.key}`, { row: at.top, col: at.left });
  }
  for (const spec of cellsOf(layout.format)) {
    const at = layout.cells.get(spec.id);
    if (at) pointer(`cell:${spec.id}`, { row: at.top, col: at.left });
  }
  return cells;
}

/**
 * The template as a workbook plan: the official tables with their labels and merges, 基本信息, computed
 * totals, the checks as formulas (status lines, marks, data validation), and the hidden sheets that let
 * validation find every cell again. With `data`, its values are written into the cells; with `previous`,
 * last year's report is kept in the workbook for the across-years checks.
 */
export function buildTemplate(options: TemplateOptions = {}): { plan: WorkbookPlan; layout: TemplateLayout } {
  const format = options.format ?? FORMATS[options.data?.format ?? '2021'];
  const sheet = options.sheet ?? DEFAULT_SHEET;
  const origin = options.origin ?? { row: 1, col: 1 };
  const main: Builder = { cells: [], merges: [], rows: new Map() };
  const layout: TemplateLayout = { sheet, format, ...layoutGrid(format, origin, main) };
  const calc = calcSheet(format, layout);
  fillMainSheet(main, layout, calc, options.data);

  const firstTable = layout.tables.T2.title.row;
  const mainSheet: SheetPlan = {
    name: sheet,
    visibility: 'visible',
    cells: main.cells,
    merges: main.merges,
    columns: [
      ...Array.from({ length: GRID_COLUMNS }, (_, i) => ({ col: origin.col + i, width: COLUMN_WIDTH })),
      { col: origin.col - 1 + STATUS_COLUMN, width: 36 },
      ...Array.from({ length: GRID_COLUMNS }, (_, i) => ({ col: origin.col + i + FLAG_OFFSET, width: 4, hidden: true })),
    ],
    rows: [...main.rows].map(([row, h]) => ({ row, height: h })),
    conditionalFormats: markFormats(layout),
    validations: validationsOf(layout),
    print: {
      area: rect(firstTable, origin.col, layout.tables.T4.area.bottom, origin.col + GRID_COLUMNS - 1),
      // 表二 on the first page; 表三 and 表四 together fit the second.
      breaksAfter: [layout.tables.T3.title.row - 2].filter((x) => x > firstTable),
    },
  };
  const names = TABLES.map((t) => ({ name: `NB_${t}`, sheet, range: layout.tables[t].area }));
  const kept = options.previous ? previousPlan(options.previous, 0).sheets : [];
  return {
    plan: { sheets: [mainSheet, veryHiddenSheet(META_SHEET, metaSheetCells(layout, main.cells)), veryHiddenSheet(CALC_SHEET, calc.cells), ...kept], names },
    layout,
  };
}
