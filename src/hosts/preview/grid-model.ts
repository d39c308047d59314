import { columnLetters, type Position, type Rect } from '../../core/layout/a1';
import { MARKS, STYLES, type PlanValidation, type StyleName } from '../../core/layout/plan';
import type { CellValue } from '../../core/report/types';
import { isFormulaError, numberFromText, numberText, round, type Scalar } from './formula';
import { breaksValidation, type MarkName, type SheetLayout } from './workbook';

/**
 * What the grid view draws, worked out without the DOM: which rows and columns show, where merged cells
 * span, what a cell's text and look are, where the arrow keys go, and how typed text becomes a value.
 */

/** Excel's column width (characters of the default font) in CSS pixels. */
export const columnPx = (width: number): number => Math.round(width * 7 + 5);
/** A row height in points, in CSS pixels. */
export const rowPx = (points: number): number => Math.round((points * 4) / 3);
const DEFAULT_WIDTH = 8.43;
const DEFAULT_HEIGHT = 15;
/** The smallest grid drawn, so that an empty sheet still looks like one. */
const MIN_ROWS = 30;
const MIN_COLS = 12;

export interface GridCell {
  readonly row: number;
  readonly col: number;
  readonly rowspan: number;
  readonly colspan: number;
}

export interface GridModel {
  readonly sheet: string;
  /** Columns drawn (hidden ones left out), in order. */
  readonly columns: readonly { readonly col: number; readonly letters: string; readonly px: number }[];
  readonly rows: readonly { readonly row: number; readonly px: number; readonly cells: readonly GridCell[] }[];
  /** The merged area (or the single cell) a position belongs to. */
  areaAt(row: number, col: number): Rect;
}

export function gridModel(layout: SheetLayout): GridModel {
  const lastRow = Math.max(layout.lastRow + 1, MIN_ROWS);
  const lastCol = Math.max(layout.lastCol, MIN_COLS);
  const columns: { col: number; letters: string; px: number }[] = [];
  for (let col = 1; col <= lastCol; col++) {
    const c = layout.columns.get(col);
    if (!c?.hidden) columns.push({ col, letters: columnLetters(col), px: columnPx(c?.width ?? DEFAULT_WIDTH) });
  }
  const shown = new Set(columns.map((c) => c.col));
  const anchorOf = new Map<string, Rect>();
  const covered = new Set<string>();
  for (const m of layout.merges) {
    // A merge whose first cell is in a hidden column is drawn as plain cells.
    if (!shown.has(m.left)) continue;
    anchorOf.set(`${m.top}:${m.left}`, m);
    for (let r = m.top; r <= m.bottom; r++)
      for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) covered.add(`${r}:${c}`);
  }
  const areaOf = new Map<string, Rect>();
  for (const m of anchorOf.values())
    for (let r = m.top; r <= m.bottom; r++) for (let c = m.left; c <= m.right; c++) areaOf.set(`${r}:${c}`, m);
  const rows = [];
  for (let row = 1; row <= lastRow; row++) {
    const cells: GridCell[] = [];
    for (const { col } of columns) {
      const key = `${row}:${col}`;
      if (covered.has(key)) continue;
      const m = anchorOf.get(key);
      const colspan = m ? columns.filter((c) => c.col >= m.left && c.col <= m.right).length : 1;
      cells.push({ row, col, rowspan: m ? Math.min(m.bottom, lastRow) - m.top + 1 : 1, colspan });
    }
    rows.push({ row, px: rowPx(layout.rows.get(row) ?? DEFAULT_HEIGHT), cells });
  }
  return {
    sheet: layout.name,
    columns,
    rows,
    areaAt: (row, col) => areaOf.get(`${row}:${col}`) ?? { top: row, left: col, bottom: row, right: col },
  };
}

export type Direction = 'up' | 'down' | 'left' | 'right';

/** Where an arrow key goes from a cell: past the merged area it is in, to the next drawn cell (or stays at the edge). */
export function move(model: GridModel, from: Position, direction: Direction): Position {
  const area = model.areaAt(from.row, from.col);
  const cols = model.columns.map((c) => c.col);
  const lastRow = model.rows.length;
  let { row, col } = from;
  if (direction === 'up') row = area.top - 1;
  if (direction === 'down') row = area.bottom + 1;
  if (direction === 'left') col = [...cols].reverse().find((c) => c < area.left) ?? from.col;
  if (direction === 'right') col = cols.find((c) => c > area.right) ?? from.col;
  if (row < 1 || row > lastRow) row = from.row;
  const target = model.areaAt(row, col);
  return { row: target.top, col: target.left };
}

/** `I36` */
export function addressText(at: Position): string {
  return `${columnLetters(at.col)}${at.row}`;
}

/**
 * Text typed into a cell, read as a spreadsheet reads it: a clean number (with a sign, thousands separators
 * or a percent sign) becomes a number, a leading apostrophe keeps the rest as text, nothing empties the
 * cell, and anything else is kept as typed. (A leading `=` stays text: the preview takes no typed formulas.)
 */
export function parseTyped(text: string): CellValue {
  if (text === '') return null;
  if (text.startsWith("'")) return text.slice(1);
  return numberFromText(text) ?? text;
}

/**
 * The data validation message for a typed value that breaks the cell's rule, or "". Excel would refuse
 * the value; the preview keeps it (and says so), so that a person can watch the checks catch it.
 */
export function breakMessage(rule: PlanValidation | undefined, value: CellValue): string {
  if (!rule || !breaksValidation(rule, value)) return '';
  return `${rule.message}（Excel 会拒绝这样的输入；预览保留它，以便查看校验结果。）`;
}

/** What a cell shows for its value under its style's number format (`0`, `0.0000` or General). */
export function displayText(value: Scalar, style: StyleName | undefined): string {
  if (value === null) return '';
  if (isFormulaError(value)) return value.error;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value;
  const format = style ? STYLES[style].numberFormat : undefined;
  const decimals = format === '0' ? 0 : format !== undefined && /^0\.0+$/.test(format) ? format.length - 2 : null;
  if (decimals === null) return numberText(value);
  const r = round(value, decimals);
  return (r === 0 ? 0 : r).toFixed(decimals);
}

const FONT_FALLBACKS: Readonly<Record<string, string>> = {
  宋体: '"宋体", SimSun, "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif',
  黑体: '"黑体", SimHei, "Heiti SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif',
};

/** A cell's look as CSS values: its style, with a mark's fill and font colour over it. */
export interface CellLook {
  readonly fontFamily: string;
  readonly fontSize: string;
  readonly fontWeight: string;
  readonly color: string;
  readonly background: string;
  readonly textAlign: 'left' | 'center' | 'right';
  readonly verticalAlign: 'top' | 'middle' | 'bottom';
  readonly wrap: boolean;
  readonly border: boolean;
}

export function cellLook(style: StyleName | undefined, mark: MarkName | null, value: Scalar): CellLook {
  const s = style ? STYLES[style] : undefined;
  // Without a style, a spreadsheet puts numbers right, text left, and booleans and errors in the middle.
  const natural = typeof value === 'number' ? 'right' : typeof value === 'string' || value === null ? 'left' : 'center';
  const name = s?.font.name ?? '宋体';
  return {
    fontFamily: FONT_FALLBACKS[name] ?? `"${name}", sans-serif`,
    fontSize: `${s?.font.size ?? 11}pt`,
    fontWeight: s?.font.bold ? 'bold' : 'normal',
    color: `#${mark ? MARKS[mark].font : (s?.font.color ?? '000000')}`,
    background: mark ? `#${MARKS[mark].fill}` : s?.fill ? `#${s.fill}` : '',
    textAlign: s?.align.h ?? natural,
    verticalAlign: s?.align.v ?? 'bottom',
    wrap: s?.align.wrap ?? false,
    border: s?.border ?? false,
  };
}

/** The words that go with a mark, so that colour is never the only cue. */
export const MARK_TEXT: Readonly<Record<MarkName, { readonly symbol: string; readonly label: string; readonly title: string }>> = {
  error: { symbol: '✕', label: '错误', title: '校验：此格有错误（红色 ✕），详见任务窗格' },
  warning: { symbol: '!', label: '提示', title: '校验：此格有提示（黄色 !），详见任务窗格' },
};
