import type { Position, Rect } from '../../core/layout/a1';
import type { PlanCell, StyleName } from '../../core/layout/plan';

/**
 * How plan cells become spreadsheet input, shared by the hosts that write as if a person typed (Office.js
 * `formulas`/`values`, WPS `Range.Value2`/`Range.Formula`). Both parse what is written: `=…` becomes a
 * formula, `033000` the number 33000, `2025-01-16` a date, `TRUE` a boolean. Text that could be read as
 * anything but text is written with a leading apostrophe, which the spreadsheet keeps as the cell's quote
 * prefix and does not show or return, so the cell holds exactly the plan's text.
 */

/** Characters that make a spreadsheet try a number, date, time, percentage, formula, error or prefix. */
const NOT_PLAIN_TEXT = /[0-9\uFF10-\uFF19]|^\s*[=+\-@'#\uFF1D\uFF0B\uFF0D]|^\s*(?:true|false)\s*$/i;

/** A value as typed input: numbers as numbers, blank as `''` (clears the cell), text kept as text. */
export function cellInput(value: string | number | null): string | number {
  if (value === null) return '';
  if (typeof value !== 'string') return value;
  return value !== '' && NOT_PLAIN_TEXT.test(value) ? `'${value}` : value;
}

/** What a plan cell writes, or `null` (leave the cell as it is) when it only carries a style. */
export function planInput(cell: PlanCell): string | number | null {
  if (cell.formula !== undefined) return `=${cell.formula}`;
  if (cell.value !== undefined) return cellInput(cell.value);
  return null;
}

/** The smallest rectangle holding every position; `null` for none. */
export function boundingBox(cells: readonly Position[]): Rect | null {
  let box: { top: number; left: number; bottom: number; right: number } | null = null;
  for (const { row, col } of cells) {
    if (!box) box = { top: row, left: col, bottom: row, right: col };
    else {
      box.top = Math.min(box.top, row);
      box.left = Math.min(box.left, col);
      box.bottom = Math.max(box.bottom, row);
      box.right = Math.max(box.right, col);
    }
  }
  return box;
}

/**
 * One matrix over `box` with `pick(cell)` at each cell's place and `null` (unchanged) everywhere else.
 * Later cells at the same place win, as they do when a plan is replayed cell by cell.
 */
export function matrixOver<T>(box: Rect, cells: readonly PlanCell[], pick: (cell: PlanCell) => T | null): (T | null)[][] {
  const rows = box.bottom - box.top + 1;
  const cols = box.right - box.left + 1;
  const out: (T | null)[][] = Array.from({ length: rows }, () => new Array<T | null>(cols).fill(null));
  for (const cell of cells) {
    const v = pick(cell);
    const line = out[cell.row - box.top];
    if (v !== null && line) line[cell.col - box.left] = v;
  }
  return out;
}

/**
 * Positions as few rectangles: runs along each row, and runs of equal columns on consecutive rows
 * joined. Styles are set per rectangle, so a table's cells cost a handful of ranges, not one each.
 */
export function rectangles(cells: readonly Position[]): Rect[] {
  const byRow = new Map<number, number[]>();
  for (const { row, col } of cells) {
    const cols = byRow.get(row) ?? [];
    cols.push(col);
    byRow.set(row, cols);
  }
  const done: Rect[] = [];
  let open = new Map<string, Rect>();
  for (const row of [...byRow.keys()].sort((a, b) => a - b)) {
    const cols = [...new Set(byRow.get(row))].sort((a, b) => a - b);
    const runs: { left: number; right: number }[] = [];
    for (const col of cols) {
      const last = runs[runs.length - 1];
      if (last && last.right === col - 1) last.right = col;
      else runs.push({ left: col, right: col });
    }
    const next = new Map<string, Rect>();
    for (const run of runs) {
      const key = `${run.left}:${run.right}`;
      const above = open.get(key);
      if (above && above.bottom === row - 1) {
        next.set(key, { ...above, bottom: row });
        open.delete(key);
      } else {
        next.set(key, { top: row, left: run.left, bottom: row, right: run.right });
      }
    }
    done.push(...open.values());
    open = next;
  }
  done.push(...open.values());
  return done.sort((a, b) => a.top - b.top || a.left - b.left);
}

/** Runs of consecutive indexes that share a key: `[from, to, item]`. */
export function runsOf<T>(items: readonly T[], index: (item: T) => number, key: (item: T) => string): [number, number, T][] {
  const sorted = [...items].sort((a, b) => index(a) - index(b));
  const out: [number, number, T][] = [];
  for (const item of sorted) {
    const last = out[out.length - 1];
    if (last && last[1] === index(item) - 1 && key(last[2]) === key(item)) last[1] = index(item);
    else out.push([index(item), index(item), item]);
  }
  return out;
}

/** Each cell's last style (as when replayed cell by cell), as few rectangles per style as `rectangles` gives. */
export function styleRectangles(cells: readonly PlanCell[]): [StyleName, Rect[]][] {
  const styleAt = new Map<string, { row: number; col: number; style: StyleName }>();
  for (const c of cells) if (c.style) styleAt.set(`${c.row},${c.col}`, { row: c.row, col: c.col, style: c.style });
  const byStyle = new Map<StyleName, Position[]>();
  for (const c of styleAt.values()) {
    const at = byStyle.get(c.style) ?? [];
    at.push(c);
    byStyle.set(c.style, at);
  }
  return [...byStyle].map(([name, at]) => [name, rectangles(at)]);
}
