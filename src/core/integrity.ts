import { FORMATS, cellsOf, tableName, type CellId, type FormatDef, type TableId } from './format';
import type { WorkbookGrid } from './import/grid';
import { labelText, plannedPosition, shiftedRows } from './import/shifted-rows';
import { isFormatId, readTemplateWorkbook, type ReadResult } from './import/workbook';
import { a1, parseRef, rangeA1, type Position, type Rect } from './layout/a1';
import type { PlanCell, SheetPlan, WorkbookPlan } from './layout/plan';
import { META_MARK, META_SHEET, buildTemplate, type TemplateLayout } from './layout/template';
import { INFO_FIELDS, type InfoKey } from './report/info';
import type { CellValue, ReportData } from './report/types';
import type { Finding } from './rules/evaluate';

/**
 * Template integrity: what a clerk's edits did to the template's structure (labels, total formulas, the
 * rows of a table), found by comparing the main sheet as the host reads it with the plan `buildTemplate`
 * gives for the same place, and the plan that repairs it. Input cells are never compared and never written
 * by an in-place repair. Conditional formats, data validation and styles cannot be read back through the
 * port: a repair simply applies them again.
 */

/** A damaged part of the template, in the findings contract, with the table it belongs to. */
export interface IntegrityFinding extends Finding {
  /** The table the damage is in; null for the title and 基本信息. */
  readonly table: TableId | null;
}

/**
 * What 修复 writes. `inPlace`: labels, formulas, styles, merges, marks and validation where the template
 * is now, input cells untouched (their style only). `rebuild`: rows were deleted inside the template, which
 * no plan can insert again, so the whole template is laid out anew at its origin with every input value
 * kept (cells of deleted rows come back blank); `beyond` is the part of the sheet below the template as it
 * is now that the rebuilt one will cover (to check that it is empty before asking).
 */
export type TemplateRepair =
  | { readonly kind: 'inPlace'; readonly plan: WorkbookPlan; readonly unrepairable: number }
  | { readonly kind: 'rebuild'; readonly plan: WorkbookPlan; readonly sheet: string; readonly area: Rect; readonly beyond: Rect | null };

export interface TemplateIntegrity {
  /** The sheet the template is on. */
  readonly sheet: string;
  readonly findings: readonly IntegrityFinding[];
  readonly repair: TemplateRepair;
}

/** Label or formula findings of one kind in one table beyond this many are reported as one. */
const GROUP_FROM = 4;
const QUOTE_LENGTH = 24;

const quoteText = (text: string): string => (text.length > QUOTE_LENGTH ? `${text.slice(0, QUOTE_LENGTH)}…` : text);
const shown = (v: CellValue): string => (v === null ? '' : String(v));

/** Where a part of the template is, as the messages name it. */
function placeName(table: TableId | null, info: boolean): string {
  return table ? tableName(table) : info ? '基本信息' : '标题';
}

/** The Chinese messages of the integrity findings (one catalogue, as for the rules). */
export const INTEGRITY_MESSAGES = {
  label: (place: string, address: string, expected: string, actual: string): string =>
    actual === ''
      ? `${place}的“${quoteText(expected)}”被删除（${address} 为空）。点击“修复”恢复官方表述。`
      : `${place}的文字被改动：${address} 现为“${quoteText(actual)}”，官方格式为“${quoteText(expected)}”。点击“修复”恢复。`,
  labels: (place: string, count: number, example: string): string =>
    `${place}有 ${count} 处文字与官方格式不一致（如 ${example}）。点击“修复”恢复官方表述。`,
  total: (label: string, actual: string): string =>
    `${label}的合计公式被${actual === '' ? '清除' : `改成了固定值“${quoteText(actual)}”`}，不再随填写自动计算。点击“修复”恢复公式（已填写的数字不变）。`,
  totals: (place: string, count: number, address: string): string =>
    `${place}有 ${count} 个合计单元格的公式被改成了固定值或被清除（如 ${address}），不再随填写自动计算。点击“修复”恢复公式（已填写的数字不变）。`,
  status: (place: string, address: string): string =>
    `${place}的校验状态行（${address}）公式被改动，表格旁不再显示校验结果。点击“修复”恢复。`,
  flags: (place: string, count: number): string =>
    `${place}有 ${count} 个标色辅助公式（隐藏列）被改动，表格中相应单元格不会标色。点击“修复”恢复。`,
  title: (address: string): string => `报告标题（${address}）的公式被改动，标题不再随机关名称和年度更新。点击“修复”恢复。`,
  deletedRow: (place: string, what: string): string =>
    `${place}的“${quoteText(what)}”所在行已被删除（表格中间的行不能删除）。点击“修复”按官方格式重建表格，已填写的数字保留。`,
  notFound: '找不到年报模板的表格（所在工作表或全部表格可能已被删除）。',
} as const;

/** A pointer of the meta sheet: where the template put a thing (origin A1) and where it is now. */
interface Pointer {
  readonly key: string;
  readonly planned: Position;
  /** Null when the pointer is `#REF!` (its row, column or sheet was deleted). */
  readonly now: { readonly sheet: string; readonly row: number; readonly col: number } | null;
}

function readPointers(grid: WorkbookGrid, format: FormatDef): Pointer[] {
  const pointers: Pointer[] = [];
  for (let row = 2; row < 5000; row++) {
    const key = grid.value(META_SHEET, row, 1);
    if (key === null || key === '') break;
    if (typeof key !== 'string') continue;
    const planned = plannedPosition(format, key);
    if (!planned) continue;
    const ref = parseRef(grid.formula(META_SHEET, row, 2) ?? '');
    pointers.push({ key, planned, now: ref && ref.sheet !== null ? { sheet: ref.sheet, row: ref.row, col: ref.col } : null });
  }
  return pointers;
}

function formatOf(grid: WorkbookGrid): FormatDef | null {
  if (!grid.sheets.some((s) => s.name === META_SHEET) || grid.value(META_SHEET, 1, 1) !== META_MARK) return null;
  const id = grid.value(META_SHEET, 1, 3);
  return isFormatId(id) ? FORMATS[id] : null;
}

function mainSheetOf(grid: WorkbookGrid, pointers: readonly Pointer[]): string | null {
  const names = new Set(grid.sheets.map((s) => s.name));
  const title = pointers.find((p) => p.key === 'title')?.now;
  if (title && names.has(title.sheet)) return title.sheet;
  const votes = new Map<string, number>();
  for (const p of pointers) if (p.now && names.has(p.now.sheet)) votes.set(p.now.sheet, (votes.get(p.now.sheet) ?? 0) + 1);
  let best: string | null = null;
  for (const [name, n] of votes) if (best === null || n > (votes.get(best) ?? 0)) best = name;
  return best;
}

/** The sheet a template workbook's tables are on (from the meta sheet), or null when it is not one. */
export function templateSheetOf(grid: WorkbookGrid): string | null {
  const format = formatOf(grid);
  if (!format) return null;
  return mainSheetOf(grid, readPointers(grid, format));
}

const cache = new Map<string, ReturnType<typeof buildTemplate>>();

/** The template as built at A1 of `sheet` (cached: it is the same for every check of one workbook). */
function baseTemplate(format: FormatDef, sheet: string): ReturnType<typeof buildTemplate> {
  const key = `${format.id}\u0000${sheet}`;
  let built = cache.get(key);
  if (!built) {
    if (cache.size >= 4) cache.clear();
    built = buildTemplate({ format, sheet });
    cache.set(key, built);
  }
  return built;
}

/**
 * Where each row (or column) of the template at A1 is now: one candidate when the pointers tell, two when
 * it lies between pointers that moved differently (rows were inserted or deleted around it).
 */
function axisCandidates(shifts: ReadonlyMap<number, ReadonlySet<number>>, size: number): number[][] {
  const single = (i: number): number | undefined => {
    const s = shifts.get(i);
    return s && s.size === 1 ? [...s][0] : undefined;
  };
  const out: number[][] = [[]];
  for (let i = 1; i <= size; i++) {
    const own = shifts.get(i);
    if (own && own.size > 0) {
      out.push([...own].map((s) => i + s));
      continue;
    }
    let above: number | undefined;
    for (let j = i - 1; j >= 1 && above === undefined; j--) above = single(j);
    let below: number | undefined;
    for (let j = i + 1; j <= size && below === undefined; j++) below = single(j);
    const candidates = [...new Set([above, below].filter((s): s is number => s !== undefined))];
    out.push(candidates.length ? candidates.map((s) => i + s) : [i]);
  }
  return out;
}

/** Rewrite the A1 references of `formula` that point into `sheet` (unqualified ones included); null when one cannot be placed. */
export function translateFormula(formula: string, sheet: string, place: (p: Position) => Position | null): string | null {
  let failed = false;
  const REF = /(?<![A-Za-z0-9_.$'!])((?:'(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!)?(\$?)([A-Z]{1,3})(\$?)(\d+)(?![A-Za-z0-9_(!])/g;
  const translated = formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) => {
      if (i % 2 === 1) return part; // a string literal
      return part.replace(REF, (whole, prefix: string | undefined, d1: string, letters: string, d2: string, digits: string) => {
        if (prefix !== undefined) {
          const target = parseRef(`${prefix}A1`)?.sheet;
          if (target !== sheet) return whole;
        }
        const parsed = parseRef(`${letters}${digits}`);
        const to = parsed ? place(parsed) : null;
        if (!to) {
          failed = true;
          return whole;
        }
        const moved = a1(to);
        const m = /^([A-Z]+)(\d+)$/.exec(moved);
        return `${prefix ?? ''}${d1}${m?.[1] ?? ''}${d2}${m?.[2] ?? ''}`;
      });
    })
    .join('');
  return failed ? null : translated;
}

interface Role {
  readonly kind: 'input' | 'total' | 'title' | 'status' | 'flag' | 'label';
  readonly table: TableId | null;
  readonly info: boolean;
  readonly cell?: CellId;
}

/** What each position of the template at A1 holds. */
function rolesOf(format: FormatDef, layout: TemplateLayout): (pos: Position, cell: PlanCell) => Role {
  const key = (p: Position): string => `${p.row}:${p.col}`;
  const byPos = new Map<string, Role>();
  for (const spec of cellsOf(format)) {
    const at = layout.cells.get(spec.id);
    if (!at) continue;
    byPos.set(key({ row: at.top, col: at.left }), {
      kind: spec.computed ? 'total' : 'input',
      table: spec.table,
      info: false,
      cell: spec.id,
    });
  }
  for (const [, at] of layout.info) byPos.set(key({ row: at.top, col: at.left }), { kind: 'input', table: null, info: true });
  byPos.set(key({ row: layout.title.top, col: layout.title.left }), { kind: 'title', table: null, info: false });
  for (const t of ['T2', 'T3', 'T4'] as const) byPos.set(key(layout.tables[t].status), { kind: 'status', table: t, info: false });
  const tableAt = (p: Position): TableId | null => {
    for (const t of ['T2', 'T3', 'T4'] as const) {
      const { area, title } = layout.tables[t];
      if (p.row === title.row || (p.row >= area.top && p.row <= area.bottom)) return t;
    }
    return null;
  };
  const infoRows = [...layout.info.values()].map((r) => r.top);
  const infoTop = Math.min(...infoRows) - 1;
  const infoBottom = Math.max(...infoRows);
  return (pos, cell) => {
    const known = byPos.get(key(pos));
    if (known) return known;
    const table = tableAt(pos);
    const info = table === null && pos.row >= infoTop && pos.row <= infoBottom;
    return { kind: cell.formula !== undefined ? 'flag' : 'label', table, info };
  };
}

/**
 * Compare the main sheet (values and formulas, as `host.read([sheet, META_SHEET])` gives them) with the
 * template, and give the findings and the repair. The grid must hold the main sheet's cells.
 */
export function checkTemplateIntegrity(grid: WorkbookGrid): ReadResult<TemplateIntegrity> {
  const format = formatOf(grid);
  if (!format) return { ok: false, error: '不是年报助手模板生成的工作簿（找不到模板定位信息）。' };
  const stale = readPointers(grid, format);
  const sheet = mainSheetOf(grid, stale);
  if (!sheet) return { ok: false, error: INTEGRITY_MESSAGES.notFound };
  const { plan, layout } = baseTemplate(format, sheet);
  // Rows moved under stale pointers (a row inserted or deleted by something that did not update them): the
  // pointers are taken where the template's labels say their rows are now, and the repair rebuilds, since
  // only a rebuild writes the pointers anew. The reading reports the shift (F.missingRow); nothing is added here.
  const shifts = shiftedRows(
    grid,
    format,
    stale.flatMap((p) => (p.now && p.now.sheet === sheet ? [{ key: p.key, planned: p.planned, now: p.now }] : [])),
  );
  const pointers = stale.map((p): Pointer => {
    const shift = shifts.get(p.key);
    if (!shift || !p.now) return p;
    // A row gone under stale pointers is lost, as a deleted row is: the rebuild brings it back blank.
    return { ...p, now: shift.by === null ? null : { ...p.now, row: p.now.row + shift.by } };
  });
  const main = plan.sheets.find((s) => s.name === sheet);
  if (!main) return { ok: false, error: INTEGRITY_MESSAGES.notFound };
  const role = rolesOf(format, layout);

  // Shifts per row and column of the template at A1, from the pointers that still point into the sheet.
  const rowShifts = new Map<number, Set<number>>();
  const colShifts = new Map<number, Set<number>>();
  const lostRows = new Map<number, string>();
  const add = (m: Map<number, Set<number>>, i: number, s: number): void => {
    const set = m.get(i) ?? new Set<number>();
    set.add(s);
    m.set(i, set);
  };
  for (const p of pointers) {
    if (p.now === null) {
      if (!lostRows.has(p.planned.row)) lostRows.set(p.planned.row, p.key);
    } else if (p.now.sheet === sheet) {
      add(rowShifts, p.planned.row, p.now.row - p.planned.row);
      add(colShifts, p.planned.col, p.now.col - p.planned.col);
    }
  }
  if (rowShifts.size === 0) return { ok: false, error: INTEGRITY_MESSAGES.notFound };
  const valued = main.cells.filter((c) => c.value !== undefined || c.formula !== undefined);
  const maxRow = Math.max(...main.cells.map((c) => c.row));
  const maxCol = Math.max(...main.cells.map((c) => c.col), ...main.columns.map((c) => c.col));
  const rows = axisCandidates(rowShifts, maxRow);
  const cols = axisCandidates(colShifts, maxCol);
  const colOf = (c: number): number[] => cols[c] ?? [c];
  const value = (r: number, c: number): CellValue => grid.value(sheet, r, c);
  const labelAt = (cell: PlanCell, r: number): boolean =>
    colOf(cell.col).some((c) => labelText(value(r, c)) === labelText(cell.value ?? null));

  // A row between pointers that moved differently: settle it by its labels where exactly one place has them.
  const labelsByRow = new Map<number, PlanCell[]>();
  for (const c of valued) {
    if (typeof c.value === 'string' && role(c, c).kind === 'label') labelsByRow.set(c.row, [...(labelsByRow.get(c.row) ?? []), c]);
  }
  const deletedRows = new Map<number, PlanCell>();
  for (let r = 1; r <= maxRow; r++) {
    const cands = rows[r] ?? [r];
    if (cands.length < 2 || rowShifts.has(r) || lostRows.has(r)) continue;
    const labels = labelsByRow.get(r) ?? [];
    const scored = cands.map((to) => ({ to, hits: labels.filter((l) => labelAt(l, to)).length }));
    const best = Math.max(...scored.map((s) => s.hits));
    const winners = scored.filter((s) => s.hits === best);
    if (best > 0 && winners.length === 1 && winners[0]) rows[r] = [winners[0].to];
    else if (best === 0 && labels[0] && (cands[cands.length - 1] ?? 0) < (cands[0] ?? 0)) deletedRows.set(r, labels[0]);
  }
  const place = (p: Position): Position | null => {
    const rs = rows[p.row] ?? [p.row];
    const cs = colOf(p.col);
    const [row] = rs;
    const [col] = cs;
    return rs.length === 1 && cs.length === 1 && row !== undefined && col !== undefined ? { row, col } : null;
  };
  const firstPlace = (p: Position): Position => ({ row: (rows[p.row] ?? [p.row])[0] ?? p.row, col: colOf(p.col)[0] ?? p.col });
  const address = (p: Position): string => `${sheet}!${a1(p)}`;

  // The checks: labels, and that every formula the template put is still a formula of its kind.
  interface Hit {
    readonly kind: 'label' | 'total' | 'status' | 'flag' | 'title';
    readonly table: TableId | null;
    readonly info: boolean;
    readonly at: Position;
    readonly expected: string;
    readonly actual: CellValue;
    readonly cell?: CellId;
  }
  const hits: Hit[] = [];
  for (const c of valued) {
    const r = role(c, c);
    if (r.kind === 'input' || lostRows.has(c.row) || deletedRows.has(c.row)) continue;
    const rs = rows[c.row] ?? [c.row];
    const spots = rs.flatMap((row) => colOf(c.col).map((col) => ({ row, col })));
    const at = firstPlace(c);
    if (c.formula !== undefined) {
      const wanted = c.formula;
      const fine = spots.some((s) => {
        const f = grid.formula(sheet, s.row, s.col);
        return f !== null && (!wanted.includes('!') || f.includes('!'));
      });
      if (!fine) {
        const kind = r.kind === 'label' ? 'flag' : r.kind;
        hits.push({
          kind,
          table: r.table,
          info: r.info,
          at,
          expected: wanted,
          actual: value(at.row, at.col),
          ...(r.cell ? { cell: r.cell } : {}),
        });
      }
    } else if (typeof c.value === 'string' && !spots.some((s) => labelText(value(s.row, s.col)) === labelText(c.value ?? null))) {
      hits.push({ kind: 'label', table: r.table, info: r.info, at, expected: c.value, actual: value(at.row, at.col) });
    }
  }

  const findings: IntegrityFinding[] = [];
  const specs = new Map(cellsOf(format).map((s) => [s.id, s]));
  const groups = new Map<string, Hit[]>();
  for (const h of hits) {
    const k = `${h.kind}|${h.table ?? (h.info ? 'info' : 'title')}`;
    groups.set(k, [...(groups.get(k) ?? []), h]);
  }
  for (const group of groups.values()) {
    const [first] = group;
    if (!first) continue;
    const where = placeName(first.table, first.info);
    const addr = address(first.at);
    const cells = group.map((h) => h.cell).filter((c): c is CellId => c !== undefined);
    const base = { table: first.table, cells, address: addr };
    if (first.kind === 'label') {
      if (group.length >= GROUP_FROM) {
        const example = `${addr}“${quoteText(shown(first.actual))}”应为“${quoteText(first.expected)}”`;
        findings.push({ rule: 'F.label', severity: 'warning', message: INTEGRITY_MESSAGES.labels(where, group.length, example), ...base });
      } else {
        for (const h of group) {
          findings.push({
            rule: 'F.label',
            severity: 'warning',
            message: INTEGRITY_MESSAGES.label(where, address(h.at), h.expected, shown(h.actual)),
            table: h.table,
            cells: [],
            address: address(h.at),
          });
        }
      }
    } else if (first.kind === 'total') {
      if (group.length >= GROUP_FROM) {
        findings.push({ rule: 'F.formula', severity: 'error', message: INTEGRITY_MESSAGES.totals(where, group.length, addr), ...base });
      } else {
        for (const h of group) {
          const label = (h.cell && specs.get(h.cell)?.label) ?? address(h.at);
          findings.push({
            rule: 'F.formula',
            severity: 'error',
            message: INTEGRITY_MESSAGES.total(label, shown(h.actual)),
            table: h.table,
            cells: h.cell ? [h.cell] : [],
            address: address(h.at),
          });
        }
      }
    } else if (first.kind === 'status') {
      findings.push({ rule: 'F.formula', severity: 'warning', message: INTEGRITY_MESSAGES.status(where, addr), ...base });
    } else if (first.kind === 'flag') {
      findings.push({ rule: 'F.formula', severity: 'warning', message: INTEGRITY_MESSAGES.flags(where, group.length), ...base });
    } else {
      findings.push({ rule: 'F.formula', severity: 'warning', message: INTEGRITY_MESSAGES.title(addr), ...base });
    }
  }

  // Deleted rows that the reading does not already report cell by cell (it does so for every table cell).
  const labelOfRow = (row: number): PlanCell | undefined => labelsByRow.get(row)?.[0];
  for (const [row, key] of lostRows) {
    if (key.startsWith('cell:')) continue;
    const label = labelOfRow(row);
    const r = label ? role(label, label) : { table: null, info: key.startsWith('info:') };
    const infoLabel = INFO_FIELDS.find((f) => `info:${f.key}` === key)?.label;
    const what = infoLabel ?? (typeof label?.value === 'string' ? label.value : key === 'title' ? '报告标题' : key);
    findings.push({
      rule: 'F.missingRow',
      severity: 'error',
      message: INTEGRITY_MESSAGES.deletedRow(placeName(r.table, r.info), what),
      table: r.table,
      cells: [],
    });
  }
  for (const [, label] of deletedRows) {
    const r = role(label, label);
    findings.push({
      rule: 'F.missingRow',
      severity: 'error',
      message: INTEGRITY_MESSAGES.deletedRow(placeName(r.table, r.info), typeof label.value === 'string' ? label.value : ''),
      table: r.table,
      cells: [],
    });
  }

  const repair: TemplateRepair =
    lostRows.size > 0 || deletedRows.size > 0 || shifts.size > 0
      ? rebuildRepair(grid, format, sheet, pointers, rows, main)
      : inPlaceRepair(plan, main, sheet, place, (c) => role(c, c).kind === 'input');
  return { ok: true, value: { sheet, findings, repair } };
}

/** The template's own parts of the main sheet written where they are now; input cells get their style only. */
function inPlaceRepair(
  plan: WorkbookPlan,
  main: SheetPlan,
  sheet: string,
  place: (p: Position) => Position | null,
  isInput: (c: PlanCell) => boolean,
): TemplateRepair {
  let unrepairable = 0;
  const cells: PlanCell[] = [];
  for (const c of main.cells) {
    const to = place(c);
    const valued = c.value !== undefined || c.formula !== undefined;
    if (!to) {
      if (valued) unrepairable++;
      continue;
    }
    if (isInput(c) || !valued) {
      if (c.style) cells.push({ row: to.row, col: to.col, style: c.style });
      continue;
    }
    if (c.formula !== undefined) {
      const formula = translateFormula(c.formula, sheet, place);
      if (formula === null) {
        unrepairable++;
        continue;
      }
      cells.push({ ...c, row: to.row, col: to.col, formula });
    } else {
      cells.push({ ...c, row: to.row, col: to.col });
    }
  }
  const rect = (r: Rect): Rect | null => {
    const tl = place({ row: r.top, col: r.left });
    const br = place({ row: r.bottom, col: r.right });
    if (!tl || !br || br.row - tl.row !== r.bottom - r.top || br.col - tl.col !== r.right - r.left) return null;
    return { top: tl.row, left: tl.col, bottom: br.row, right: br.col };
  };
  const defined = <T>(x: T | null): x is T => x !== null;
  const merges = main.merges.map(rect).filter(defined);
  const conditionalFormats = main.conditionalFormats
    .map((cf) => {
      const range = rect(cf.range);
      const formula = range ? translateFormula(cf.formula, sheet, (p) => place({ row: p.row, col: p.col })) : null;
      return range && formula !== null ? { ...cf, range, formula } : null;
    })
    .filter(defined);
  const validations = main.validations
    .map((v) => {
      const range = rect(v.range);
      return range ? { ...v, range } : null;
    })
    .filter(defined);
  const colTo = (col: number): number | null => place({ row: 1, col })?.col ?? null;
  const rowTo = (row: number): number | null => place({ row, col: 1 })?.row ?? null;
  const columns = main.columns
    .map((c) => {
      const col = colTo(c.col);
      return col === null ? null : { ...c, col };
    })
    .filter(defined);
  const rowHeights = main.rows
    .map((r) => {
      const row = rowTo(r.row);
      return row === null ? null : { ...r, row };
    })
    .filter(defined);
  const printArea = main.print ? rect(main.print.area) : null;
  const print =
    main.print && printArea
      ? { area: printArea, breaksAfter: main.print.breaksAfter.map(rowTo).filter((r): r is number => r !== null) }
      : undefined;
  const repaired: SheetPlan = {
    name: sheet,
    visibility: 'visible',
    cells,
    merges,
    columns,
    rows: rowHeights,
    conditionalFormats,
    validations,
    ...(print ? { print } : {}),
  };
  const names = plan.names
    .map((n) => {
      const range = rect(n.range);
      return range ? { ...n, range } : null;
    })
    .filter(defined);
  return { kind: 'inPlace', plan: { sheets: [repaired], names }, unrepairable };
}

const planValue = (v: CellValue): string | number | null => (typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : v);

/** The whole template laid out anew where it began, every input value carried over from where it is now. */
function rebuildRepair(
  grid: WorkbookGrid,
  format: FormatDef,
  sheet: string,
  pointers: readonly Pointer[],
  rows: readonly number[][],
  base: SheetPlan,
): TemplateRepair {
  // The origin: where the title is now; without it, the topmost pointer still in the sheet, moved down by
  // the rows deleted above it.
  const alive = pointers.filter((p) => p.now !== null && p.now.sheet === sheet);
  const title = alive.find((p) => p.key === 'title');
  const top = title ?? [...alive].sort((a, b) => a.planned.row - b.planned.row)[0];
  const lostAbove = top
    ? new Set(pointers.filter((p) => p.now === null && p.planned.row < top.planned.row).map((p) => p.planned.row)).size
    : 0;
  const origin = {
    row: Math.max(1, top?.now ? top.now.row - top.planned.row + 1 + lostAbove : 1),
    col: Math.max(1, top?.now ? top.now.col - top.planned.col + 1 : 1),
  };
  const reading = readTemplateWorkbook(grid, { valuesFrom: 'cells' });
  const read = reading.ok ? reading.value.data : null;
  const specs = new Map(cellsOf(format).map((s) => [s.id, s]));
  const inputs: ReportData['cells'] = {};
  const raw = new Map<string, CellValue>();
  for (const p of pointers) {
    const [kind, id] = p.key.split(':') as [string, string | undefined];
    if (id === undefined || (kind !== 'cell' && kind !== 'info')) continue;
    if (kind === 'cell' && specs.get(id)?.computed !== false) continue;
    const v =
      p.now && p.now.sheet === sheet
        ? grid.value(sheet, p.now.row, p.now.col)
        : p.now
          ? grid.value(p.now.sheet, p.now.row, p.now.col)
          : null;
    raw.set(p.key, v);
    if (kind === 'cell') inputs[id] = v;
  }
  const data: ReportData = {
    format: format.id,
    cells: inputs,
    ...(read?.organ !== undefined ? { organ: read.organ } : {}),
    ...(read?.year !== undefined ? { year: read.year } : {}),
    ...(read?.info ? { info: read.info } : {}),
  };
  const rebuilt = buildTemplate({ format, sheet, origin, data });
  const mainPlan = rebuilt.plan.sheets.find((s) => s.name === sheet);
  if (!mainPlan)
    return {
      kind: 'rebuild',
      plan: rebuilt.plan,
      sheet,
      area: { top: origin.row, left: origin.col, bottom: origin.row, right: origin.col },
      beyond: null,
    };

  const key = (r: number, c: number): string => `${r}:${c}`;
  const inputAt = new Map<string, CellValue>();
  for (const [k, v] of raw) {
    const [kind, id] = k.split(':') as [string, string];
    const at = kind === 'cell' ? rebuilt.layout.cells.get(id) : rebuilt.layout.info.get(id as InfoKey);
    if (at) inputAt.set(key(at.top, at.left), v);
  }
  const byPos = new Map<string, PlanCell>();
  for (const c of mainPlan.cells) {
    const k = key(c.row, c.col);
    const carried = inputAt.get(k);
    const cell = inputAt.has(k) ? { ...c, value: planValue(carried ?? null) } : c;
    const prior = byPos.get(k);
    byPos.set(k, prior && (prior.value !== undefined || prior.formula !== undefined) ? prior : cell);
  }
  // Clear what the old, shifted template left in the area (its rows now sit one or more rows higher).
  const newBottom = Math.max(...mainPlan.cells.map((c) => c.row));
  const maxPlanRow = Math.max(...base.cells.map((c) => c.row));
  let nowBottom = origin.row;
  for (const p of alive) if (p.now) nowBottom = Math.max(nowBottom, p.now.row);
  const oldBottom = Math.max(newBottom, nowBottom);
  const columns = mainPlan.columns.map((c) => c.col);
  for (let r = origin.row; r <= oldBottom; r++) {
    for (const c of columns) {
      const k = key(r, c);
      const cell = byPos.get(k);
      if (!cell) byPos.set(k, { row: r, col: c, value: null });
      else if (cell.value === undefined && cell.formula === undefined) byPos.set(k, { ...cell, value: null });
    }
  }
  const plan: WorkbookPlan = {
    sheets: rebuilt.plan.sheets.map((s) => (s.name === sheet ? { ...s, cells: [...byPos.values()] } : s)),
    names: rebuilt.plan.names,
  };
  // Below the template as it is now: the rows it shrank by, which the rebuilt template covers again.
  const lastNow = (rows[maxPlanRow] ?? []).length === 1 ? (rows[maxPlanRow]?.[0] ?? nowBottom) : nowBottom;
  const left = Math.min(...columns);
  const right = Math.max(...columns);
  const beyond = newBottom > lastNow ? { top: lastNow + 1, left, bottom: newBottom, right } : null;
  return { kind: 'rebuild', plan, sheet, area: { top: origin.row, left, bottom: newBottom, right }, beyond };
}

/** `年报!A1:AI70` for a message. */
export function areaText(sheet: string, area: Rect): string {
  return `${sheet}!${rangeA1(area)}`;
}
