import { FORMATS, cellSpec, cellsOf, tableName, type CellId, type CellSpec, type FormatDef, type FormatId, type TableId } from '../format';
import { a1, parseRef } from '../layout/a1';
import { META_MARK, META_SHEET } from '../layout/template';
import { INFO_FIELDS, type InfoKey } from '../report/info';
import type { CellValue, ReportData, ReportInfo } from '../report/types';
import { classifyCell, usableValue } from '../rules/cell-value';
import type { Finding } from '../rules/evaluate';
import { MESSAGES } from '../rules/messages';
import { parseOrganLevel } from '../rules/organ-level';
import type { WorkbookGrid } from './grid';
import { dateLikeFormat, dateLikeText } from './number-format';
import { plannedPosition, shiftedRows, type Pointer, type Shift } from './shifted-rows';

/** A report read from a workbook made by the template, with where each cell is now. */
export interface TemplateReading {
  readonly data: ReportData;
  /** `年报!C7` for each cell id (and `info:…` key) found. */
  readonly addresses: ReadonlyMap<string, string>;
  /** Cells of the template that are gone (rows deleted …). */
  readonly problems: readonly Finding[];
}

export type ReadResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const MAX_META_ROWS = 5000;
/** Empty rows in a row that end the meta sheet's list (a lost row leaves one gap; the list goes on). */
const META_END_GAP = 20;

/** Whether a value (the meta sheet's format cell) names a known format. */
export function isFormatId(v: unknown): v is FormatId {
  return typeof v === 'string' && Object.hasOwn(FORMATS, v);
}

/** An Excel serial day number as `YYYY-MM-DD` (the 1900 system, as Excel and LibreOffice write it). */
export function serialToIsoDate(serial: number): string {
  const ms = Math.round((serial - 25569) * 86400000);
  return new Date(ms).toISOString().slice(0, 10);
}

function infoValue(key: InfoKey, raw: CellValue): unknown {
  const field = INFO_FIELDS.find((f) => f.key === key);
  if (raw === null) return null;
  switch (field?.type) {
    case 'level':
      return parseOrganLevel(raw) ?? (typeof raw === 'string' ? raw.trim() : raw);
    case 'year':
    case 'count':
    case 'yuan': {
      const v = usableValue(classifyCell(raw));
      return v ?? raw;
    }
    case 'date':
      return typeof raw === 'number' ? serialToIsoDate(raw) : typeof raw === 'string' ? raw.trim() : raw;
    default:
      return typeof raw === 'string' ? raw.trim() : String(raw);
  }
}

/**
 * The one finding for rows shifted under stale pointers (one insertion moves every row below it, in this
 * table and the next): at the first cell moved, where its row should be, with how many cells of each table.
 */
function shiftFinding(format: FormatDef, pointers: readonly Pointer[], shifted: ReadonlyMap<string, Shift>): Finding | null {
  const cells = cellsOf(format).filter((c) => shifted.has(`cell:${c.id}`));
  const first = cells[0];
  const pointer = first && pointers.find((p) => p.key === `cell:${first.id}`);
  const shift = first && shifted.get(`cell:${first.id}`);
  if (!first || !pointer || !shift) return null;
  const address = `${pointer.now.sheet}!${a1(pointer.now)}`;
  const perTable = (['T2', 'T3', 'T4'] as const satisfies readonly TableId[])
    .map((t) => [t, cells.filter((c) => c.table === t).length] as const)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${tableName(t)}的 ${n} 格`)
    .join('、');
  return {
    rule: 'F.missingRow',
    severity: 'error',
    message:
      `${tableName(first.table)}的行与模板定位信息错开了：${first.label}应在 ${address}，但${
        shift.by === null ? `它所在的“${shift.label}”行已不在原处` : `它旁边的“${shift.label}”现在${shift.by > 0 ? '下' : '上'}移了 ${Math.abs(shift.by)} 行`
      }` +
      `（插入或删除了行，但模板的定位信息没有随之更新）。${perTable}因此无法按位置读取，未参与校验。` +
      '请用加载项的“修复”恢复表格结构，或重新生成模板后填回数字。',
    cells: cells.map((c) => c.id),
    address,
  };
}

/** A number in a cell formatted as a date or time (a clerk sees 2025/1/1 where 45658 is stored): not a figure. */
function dateFormatted(grid: WorkbookGrid, spec: CellSpec, value: CellValue, at: Pointer['now']): Finding | null {
  if (typeof value !== 'number' || !grid.numberFormat) return null;
  const code = grid.numberFormat(at.sheet, at.row, at.col);
  const kind = code === null ? null : dateLikeFormat(code);
  if (kind === null) return null;
  return {
    rule: 'cell.notNumber',
    severity: 'error',
    message: MESSAGES.dateFormatted(spec.label, dateLikeText(value, kind), kind === 'time', value, spec.kind),
    cells: [spec.id],
    actual: value,
  };
}

/**
 * Read a workbook made by the template: the very hidden meta sheet records, as formulas, where each cell
 * is, and spreadsheets keep those references up to date when a clerk moves tables, inserts rows or renames
 * the sheet. A workbook without it is not one of ours (a later importer reads such sheets by their labels).
 */
export function readTemplateWorkbook(grid: WorkbookGrid, options: { readonly valuesFrom?: 'cells' | 'meta' } = {}): ReadResult<TemplateReading> {
  // 'meta' reads each value from the meta sheet's mirror column (a host that loaded only that sheet);
  // 'cells' from the cell itself, which does not depend on the workbook having been recalculated.
  const fromMeta = options.valuesFrom === 'meta';
  const mirrored = (row: number): CellValue => {
    const v = grid.value(META_SHEET, row, 3);
    return v === '' ? null : v; // the mirror shows a blank cell as ""
  };
  const meta = grid.sheets.find((s) => s.name === META_SHEET);
  if (!meta || grid.value(META_SHEET, 1, 1) !== META_MARK) {
    return { ok: false, error: '不是年报助手模板生成的工作簿（找不到模板定位信息）。请用“nianbao template”或加载项的“插入模板”生成表格后再填写。' };
  }
  const formatId = grid.value(META_SHEET, 1, 3);
  if (!isFormatId(formatId)) return { ok: false, error: `模板定位信息中的格式“${String(formatId)}”无法识别，工作簿可能已损坏。` };
  const format = FORMATS[formatId];
  const cells: Record<CellId, CellValue> = {};
  const info: ReportInfo = {};
  const data: ReportData = { format: formatId, cells, info };
  const addresses = new Map<string, string>();
  const problems: Finding[] = [];
  const sheetNames = new Set(grid.sheets.map((s) => s.name));
  // First where everything is; values only once it is known which rows moved under stale pointers.
  const places: { readonly key: string; readonly kind: string; readonly id: string; readonly metaRow: number; readonly at: Pointer['now'] }[] = [];
  for (let row = 2, gap = 0; row < MAX_META_ROWS && gap < META_END_GAP; row++) {
    const key = grid.value(META_SHEET, row, 1);
    gap = key === null || key === '' ? gap + 1 : 0;
    if (typeof key !== 'string' || key === '') continue;
    const [kind, id] = key.split(':') as [string, string | undefined];
    const ref = parseRef(grid.formula(META_SHEET, row, 2) ?? '');
    const found = ref && ref.sheet !== null && sheetNames.has(ref.sheet) ? { sheet: ref.sheet, row: ref.row, col: ref.col } : null;
    if (kind === 'cell' && id !== undefined) {
      const spec = cellSpec(format, id);
      if (!spec) continue;
      if (!found) {
        problems.push({
          rule: 'F.missingRow',
          severity: 'error',
          message: `${spec.label}已不在工作簿中（所在的行、列或工作表可能被删除）。请用加载项的“修复”恢复表格结构，或重新生成模板后填回数字。`,
          cells: [id],
        });
        continue;
      }
      places.push({ key, kind, id, metaRow: row, at: found });
    } else if (kind === 'info' && id !== undefined && found) {
      places.push({ key, kind, id, metaRow: row, at: found });
    }
  }
  const pointers: Pointer[] = [];
  for (const p of places) {
    const planned = plannedPosition(format, p.key);
    if (planned) pointers.push({ key: p.key, planned, now: p.at });
  }
  // What sits at a shifted pointer belongs to another row: it is not read, and one finding says why (the
  // cells left out of the data, no total is checked on them; validateReport drops their blanks).
  const shifted = shiftedRows(grid, format, pointers);
  const shiftProblem = shiftFinding(format, pointers, shifted);
  if (shiftProblem) problems.push(shiftProblem);
  for (const p of places) {
    if (shifted.has(p.key)) continue;
    const raw = fromMeta ? mirrored(p.metaRow) : grid.value(p.at.sheet, p.at.row, p.at.col);
    addresses.set(p.kind === 'cell' ? p.id : `info:${p.id}`, `${p.at.sheet}!${a1(p.at)}`);
    if (p.kind === 'cell') {
      const spec = cellSpec(format, p.id);
      const dated = spec ? dateFormatted(grid, spec, raw, p.at) : null;
      // A number shown as a date is not taken as a figure: reported, and left out of the data.
      if (dated) problems.push(dated);
      else cells[p.id] = raw;
      continue;
    }
    const value = infoValue(p.id as InfoKey, raw);
    if (p.id === 'organ') data.organ = typeof value === 'string' && value !== '' ? value : null;
    else if (p.id === 'year') data.year = typeof value === 'number' ? value : null;
    else info[p.id] = value;
  }
  // A cell the meta sheet no longer lists (its row there lost): say so, rather than report it blank.
  for (const spec of cellsOf(format)) {
    if (addresses.has(spec.id) || problems.some((p) => p.cells.includes(spec.id))) continue;
    problems.push({
      rule: 'F.missingRow',
      severity: 'error',
      message: `${spec.label}的模板定位信息缺失（隐藏的定位表被改动），无法读取。请用加载项的“修复”恢复表格结构，或重新生成模板后填回数字。`,
      cells: [spec.id],
    });
  }
  return { ok: true, value: { data, addresses, problems } };
}
