import type { WorkbookGrid } from '../../core/import/grid';
import type { Rect } from '../../core/layout/a1';
import type { MARKS, PlanConditionalFormat, PlanValidation, StyleName, WorkbookPlan } from '../../core/layout/plan';
import { HostError, type CellAddress } from '../../core/port';
import type { CellValue } from '../../core/report/types';
import {
  FormulaSyntaxError,
  evaluateParsed,
  isFormulaError,
  numberText,
  parseCached,
  type CellSource,
  type ParsedFormula,
  type Reference,
  type Scalar,
} from './formula';

/**
 * The preview's in-memory workbook: sheets of cells (values or formulas) with the formats a plan gives
 * them, recalculated after every change by the formula interpreter, as a spreadsheet would. It knows
 * nothing of the DOM; the grid view draws it and the preview host puts the port in front of it.
 */

export type Visibility = 'visible' | 'hidden' | 'veryHidden';
/** The mark a conditional format puts on a cell. */
export type MarkName = keyof typeof MARKS;
/** Who changed cells: the clerk typing in the grid, or the add-in through the port. */
export type EditSource = 'user' | 'addin';

export type WorkbookEvent =
  /** Cells whose content, value or mark changed (including those a recalculation changed). */
  | { readonly kind: 'cells'; readonly source: EditSource; readonly cells: readonly CellAddress[] }
  /** Sheets, merges, formats or many cells changed (a plan was applied): draw everything again. */
  | { readonly kind: 'structure' }
  | { readonly kind: 'selection'; readonly at: CellAddress | null };

export interface CellEdit extends CellAddress {
  readonly value: CellValue;
}

/** What the grid view needs to draw a sheet. */
export interface SheetLayout {
  readonly name: string;
  readonly visibility: Visibility;
  readonly merges: readonly Rect[];
  /** Widths in Excel's character units. */
  readonly columns: ReadonlyMap<number, { readonly width?: number; readonly hidden?: boolean }>;
  /** Heights in points. */
  readonly rows: ReadonlyMap<number, number>;
  /** The last row and column holding anything (content, a style, a merge, a size). */
  readonly lastRow: number;
  readonly lastCol: number;
}

export interface RecalcStats {
  readonly formulas: number;
  readonly ms: number;
}

interface Cell {
  /** The content when it is not a formula (null: blank). */
  input: Scalar;
  formula: ParsedFormula | null;
  /** A formula the interpreter cannot read (shown as #NAME?, as a spreadsheet shows an unknown function). */
  badFormula: string | null;
  /** What the cell shows: the input, or the formula's last result. */
  value: Scalar;
  style: StyleName | undefined;
  circular: boolean;
}

interface Sheet {
  name: string;
  visibility: Visibility;
  cells: Map<number, Cell>;
  merges: Rect[];
  columns: Map<number, { width?: number; hidden?: boolean }>;
  rows: Map<number, number>;
  conditionalFormats: { cf: PlanConditionalFormat; parsed: ParsedFormula | null }[];
  validations: PlanValidation[];
  print: { area: Rect; breaksAfter: readonly number[] } | undefined;
  marks: Map<number, MarkName>;
  source: CellSource;
}

interface FormulaCell {
  readonly sheet: Sheet;
  readonly key: number;
  readonly cell: Cell;
}

const COLS = 16384;
const keyOf = (row: number, col: number): number => (row - 1) * COLS + (col - 1);
const rowOf = (key: number): number => Math.floor(key / COLS) + 1;
const colOf = (key: number): number => (key % COLS) + 1;
const inside = (r: Rect, row: number, col: number): boolean => row >= r.top && row <= r.bottom && col >= r.left && col <= r.right;
const overlaps = (a: Rect, b: Rect): boolean => a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;

function sameScalar(a: Scalar, b: Scalar): boolean {
  if (isFormulaError(a) || isFormulaError(b)) return isFormulaError(a) && isFormulaError(b) && a.error === b.error;
  return a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
}

/** A cell's value as a grid gives it: error values as their text (`#REF!`). */
export function cellValueOf(v: Scalar): CellValue {
  return isFormulaError(v) ? v.error : v;
}

/** Whether a value breaks a data validation rule (a blank cell never does). */
export function breaksValidation(v: PlanValidation, value: CellValue): boolean {
  if (value === null || value === '') return false;
  if (v.type === 'list') return typeof value !== 'string' || !v.items.includes(value);
  if (typeof value !== 'number') return true;
  if (v.type === 'whole' && !Number.isInteger(value)) return true;
  return value < v.min || (v.max !== undefined && value > v.max);
}

export class PreviewWorkbook {
  private readonly sheetList: Sheet[] = [];
  private readonly byName = new Map<string, Sheet>();
  private readonly definedNames = new Map<string, { name: string; sheet: string; range: Rect }>();
  private readonly listeners = new Set<(event: WorkbookEvent) => void>();
  private order: FormulaCell[] | null = null;
  private active: CellAddress | null = null;
  private last: RecalcStats = { formulas: 0, ms: 0 };

  constructor(sheets: readonly string[] = ['Sheet1']) {
    for (const name of sheets) this.addSheet(name, 'visible');
  }

  // ---- reading ----

  /** Sheet names and visibility, in tab order. */
  sheets(): readonly { readonly name: string; readonly visibility: Visibility }[] {
    return this.sheetList.map((s) => ({ name: s.name, visibility: s.visibility }));
  }

  hasSheet(name: string): boolean {
    return this.find(name) !== undefined;
  }

  layout(sheet: string): SheetLayout | undefined {
    const s = this.find(sheet);
    if (!s) return undefined;
    let lastRow = 0;
    let lastCol = 0;
    const see = (row: number, col: number): void => {
      lastRow = Math.max(lastRow, row);
      lastCol = Math.max(lastCol, col);
    };
    for (const [key, cell] of s.cells)
      if (cell.input !== null || cell.formula || cell.badFormula !== null || cell.style) see(rowOf(key), colOf(key));
    for (const m of s.merges) see(m.bottom, m.right);
    for (const col of s.columns.keys()) see(0, col);
    for (const row of s.rows.keys()) see(row, 0);
    return { name: s.name, visibility: s.visibility, merges: s.merges, columns: s.columns, rows: s.rows, lastRow, lastCol };
  }

  /** What the cell shows, as a grid gives it. */
  value(sheet: string, row: number, col: number): CellValue {
    return cellValueOf(this.result(sheet, row, col));
  }

  /** What the cell shows, error values as errors. */
  result(sheet: string, row: number, col: number): Scalar {
    return this.find(sheet)?.cells.get(keyOf(row, col))?.value ?? null;
  }

  /** The cell's formula without `=`, or null. */
  formula(sheet: string, row: number, col: number): string | null {
    const cell = this.find(sheet)?.cells.get(keyOf(row, col));
    return cell?.formula?.text ?? cell?.badFormula ?? null;
  }

  /** The cell's content as a formula bar or an editor shows it: `=SUM(…)`, `12`, `见附表`. */
  content(sheet: string, row: number, col: number): string {
    const cell = this.find(sheet)?.cells.get(keyOf(row, col));
    if (!cell) return '';
    const formula = cell.formula?.text ?? cell.badFormula;
    if (formula !== null) return `=${formula}`;
    const v = cell.input;
    if (v === null) return '';
    if (typeof v === 'number') return numberText(v);
    if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
    return isFormulaError(v) ? v.error : v;
  }

  style(sheet: string, row: number, col: number): StyleName | undefined {
    return this.find(sheet)?.cells.get(keyOf(row, col))?.style;
  }

  /** The conditional-format mark on a cell after the last recalculation. */
  mark(sheet: string, row: number, col: number): MarkName | null {
    return this.find(sheet)?.marks.get(keyOf(row, col)) ?? null;
  }

  /** The merged area a cell belongs to. */
  mergeAt(sheet: string, row: number, col: number): Rect | undefined {
    return this.find(sheet)?.merges.find((m) => inside(m, row, col));
  }

  /** The data validation on a cell (the one applied last). */
  validationAt(sheet: string, row: number, col: number): PlanValidation | undefined {
    const list = this.find(sheet)?.validations ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const v = list[i];
      if (v && inside(v.range, row, col)) return v;
    }
    return undefined;
  }

  conditionalFormats(sheet: string): readonly PlanConditionalFormat[] {
    return this.find(sheet)?.conditionalFormats.map((c) => c.cf) ?? [];
  }

  /** The data validation rules of a sheet, in the order they were applied. */
  validations(sheet: string): readonly PlanValidation[] {
    return this.find(sheet)?.validations ?? [];
  }

  names(): readonly { readonly name: string; readonly sheet: string; readonly range: Rect }[] {
    return [...this.definedNames.values()];
  }

  /** Whether no cell of `rect` holds a value or a formula (a missing sheet is empty). */
  isEmpty(sheet: string, rect: Rect): boolean {
    const s = this.find(sheet);
    if (!s) return true;
    for (const [key, cell] of s.cells) {
      if ((cell.input !== null || cell.formula || cell.badFormula !== null) && inside(rect, rowOf(key), colOf(key))) return false;
    }
    return true;
  }

  /**
   * A copy of the named sheets' values and formulas, as one round trip of a real host reads them: later
   * changes do not show through, and cells of sheets not asked for read as blank. Every sheet is listed.
   */
  snapshot(sheets: readonly string[]): WorkbookGrid {
    const copied = new Map<string, Map<number, { value: CellValue; formula: string | null }>>();
    for (const name of sheets) {
      const s = this.find(name);
      if (!s || copied.has(s.name.toLowerCase())) continue;
      const cells = new Map<number, { value: CellValue; formula: string | null }>();
      for (const [key, cell] of s.cells) {
        const formula = cell.formula?.text ?? cell.badFormula;
        if (cell.value !== null || formula !== null) cells.set(key, { value: cellValueOf(cell.value), formula });
      }
      copied.set(s.name.toLowerCase(), cells);
    }
    const at = (sheet: string, row: number, col: number) => copied.get(sheet.toLowerCase())?.get(keyOf(row, col));
    return {
      sheets: this.sheets(),
      value: (sheet, row, col) => at(sheet, row, col)?.value ?? null,
      formula: (sheet, row, col) => at(sheet, row, col)?.formula ?? null,
    };
  }

  selection(): CellAddress | null {
    return this.active;
  }

  /** The last recalculation: how many formulas, how long. */
  lastRecalc(): RecalcStats {
    return this.last;
  }

  // ---- changing ----

  /** Listen to changes; returns a function that stops listening. */
  subscribe(listener: (event: WorkbookEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Replay a plan as the port's `apply` does: sheets that exist are written into (only the cells the
   * plan has: a cell with only a style keeps its content), the others are added after them.
   */
  apply(plan: WorkbookPlan): void {
    for (const sp of plan.sheets) {
      const sheet = this.find(sp.name) ?? this.addSheet(sp.name, sp.visibility);
      sheet.visibility = sp.visibility;
      for (const pc of sp.cells) {
        const cell = this.cellAt(sheet, pc.row, pc.col);
        if (pc.formula !== undefined) this.setFormula(cell, pc.formula);
        else if (pc.value !== undefined) this.setInput(cell, pc.value);
        if (pc.style !== undefined) cell.style = pc.style;
      }
      for (const m of sp.merges) {
        sheet.merges = sheet.merges.filter((old) => !overlaps(old, m));
        sheet.merges.push(m);
      }
      for (const c of sp.columns) sheet.columns.set(c.col, { width: c.width, ...(c.hidden !== undefined ? { hidden: c.hidden } : {}) });
      for (const r of sp.rows) sheet.rows.set(r.row, r.height);
      for (const cf of sp.conditionalFormats) {
        const same = (o: PlanConditionalFormat): boolean =>
          o.formula === cf.formula &&
          o.mark === cf.mark &&
          o.range.top === cf.range.top &&
          o.range.left === cf.range.left &&
          o.range.bottom === cf.range.bottom &&
          o.range.right === cf.range.right;
        if (sheet.conditionalFormats.some((o) => same(o.cf))) continue;
        sheet.conditionalFormats.push({ cf, parsed: parseOrNull(cf.formula) });
      }
      for (const v of sp.validations) {
        sheet.validations = sheet.validations.filter(
          (old) => !(inside(v.range, old.range.top, old.range.left) && inside(v.range, old.range.bottom, old.range.right)),
        );
        sheet.validations.push(v);
      }
      if (sp.print) sheet.print = sp.print;
    }
    for (const n of plan.names) this.definedNames.set(n.name.toUpperCase(), n);
    this.order = null;
    this.recalc(new Set());
    if (this.active && !this.find(this.active.sheet)) this.active = null;
    this.emit({ kind: 'structure' });
  }

  /**
   * Put values into cells, as the clerk typing (`user`) or the add-in writing (`addin`) does: a value
   * replaces a formula, "" empties the cell. Everything is recalculated once, then one event tells which
   * cells changed.
   */
  setCells(edits: readonly CellEdit[], source: EditSource): void {
    const touched = new Set<string>();
    const sheets = edits.map((e) => {
      const s = this.find(e.sheet);
      if (!s) throw new HostError(`找不到工作表“${e.sheet}”。`);
      return s;
    });
    edits.forEach((e, i) => {
      const sheet = sheets[i] as Sheet;
      const cell = this.cellAt(sheet, e.row, e.col);
      if (cell.formula || cell.badFormula !== null) this.order = null;
      this.setInput(cell, e.value);
      touched.add(`${sheet.name}\u0000${keyOf(e.row, e.col)}`);
    });
    const changed = this.recalc(touched);
    this.emit({ kind: 'cells', source, cells: changed });
  }

  /** Select a cell (the top-left of its merged area); null clears the selection. */
  select(at: CellAddress | null): void {
    if (at) {
      const s = this.find(at.sheet);
      if (!s) throw new HostError(`找不到工作表“${at.sheet}”。`);
      const m = s.merges.find((r) => inside(r, at.row, at.col));
      this.active = { sheet: s.name, row: m ? m.top : at.row, col: m ? m.left : at.col };
    } else this.active = null;
    this.emit({ kind: 'selection', at: this.active });
  }

  /** Compute every formula again (in dependency order) and the conditional formats. */
  recalculate(): RecalcStats {
    this.recalc(new Set());
    return this.last;
  }

  // ---- inside ----

  private find(name: string): Sheet | undefined {
    return this.byName.get(name.toLowerCase());
  }

  private addSheet(name: string, visibility: Visibility): Sheet {
    const sheet: Sheet = {
      name,
      visibility,
      cells: new Map(),
      merges: [],
      columns: new Map(),
      rows: new Map(),
      conditionalFormats: [],
      validations: [],
      print: undefined,
      marks: new Map(),
      source: { cell: () => null },
    };
    sheet.source = this.sourceFor(sheet);
    this.sheetList.push(sheet);
    this.byName.set(name.toLowerCase(), sheet);
    this.order = null;
    return sheet;
  }

  private sourceFor(home: Sheet): CellSource {
    return {
      cell: (sheet, row, col) => {
        const s = sheet === null ? home : this.find(sheet);
        if (!s) return undefined;
        return s.cells.get(keyOf(row, col))?.value ?? null;
      },
      name: (name) => {
        const n = this.definedNames.get(name.toUpperCase());
        if (!n) return undefined;
        const { top, left, bottom, right } = n.range;
        return {
          text: name,
          sheet: n.sheet,
          top,
          left,
          bottom,
          right,
          range: true,
          fixed: { top: true, left: true, bottom: true, right: true },
        };
      },
    };
  }

  private cellAt(sheet: Sheet, row: number, col: number): Cell {
    const key = keyOf(row, col);
    let cell = sheet.cells.get(key);
    if (!cell) {
      cell = { input: null, formula: null, badFormula: null, value: null, style: undefined, circular: false };
      sheet.cells.set(key, cell);
    }
    return cell;
  }

  private setInput(cell: Cell, value: CellValue): void {
    cell.formula = null;
    cell.badFormula = null;
    cell.circular = false;
    cell.input = value === '' ? null : value;
    cell.value = cell.input;
  }

  private setFormula(cell: Cell, text: string): void {
    const parsed = parseOrNull(text);
    cell.input = null;
    cell.formula = parsed;
    cell.badFormula = parsed ? null : text;
    if (!parsed) cell.value = { error: '#NAME?' };
    this.order = null;
  }

  /** The formula cells a reference covers. */
  private formulaCellsIn(home: Sheet, ref: Reference, formulaCells: Map<Sheet, FormulaCell[]>): FormulaCell[] {
    const sheet = ref.sheet === null ? home : this.find(ref.sheet);
    if (!sheet) return [];
    const area = (ref.bottom - ref.top + 1) * (ref.right - ref.left + 1);
    const all = formulaCells.get(sheet) ?? [];
    if (area > all.length) return all.filter((f) => inside(ref, rowOf(f.key), colOf(f.key)));
    const out: FormulaCell[] = [];
    for (let row = ref.top; row <= ref.bottom; row++) {
      for (let col = ref.left; col <= ref.right; col++) {
        const key = keyOf(row, col);
        const cell = sheet.cells.get(key);
        if (cell?.formula) out.push({ sheet, key, cell });
      }
    }
    return out;
  }

  /** Every formula cell, each after the cells it reads (a cycle's cells are flagged and show 0, as in Excel). */
  private evaluationOrder(): FormulaCell[] {
    const formulaCells = new Map<Sheet, FormulaCell[]>();
    for (const sheet of this.sheetList) {
      const list: FormulaCell[] = [];
      for (const [key, cell] of sheet.cells) {
        cell.circular = false;
        if (cell.formula) list.push({ sheet, key, cell });
      }
      formulaCells.set(sheet, list);
    }
    const deps = new Map<Cell, FormulaCell[]>();
    const depsOf = (f: FormulaCell): FormulaCell[] => {
      let d = deps.get(f.cell);
      if (!d) {
        d = [];
        for (const ref of f.cell.formula?.references ?? []) d.push(...this.formulaCellsIn(f.sheet, ref, formulaCells));
        for (const name of namesIn(f.cell.formula)) {
          const n = this.definedNames.get(name.toUpperCase());
          const target = n ? this.find(n.sheet) : undefined;
          if (n && target)
            d.push(
              ...this.formulaCellsIn(
                target,
                { text: name, sheet: null, ...n.range, range: true, fixed: { top: true, left: true, bottom: true, right: true } },
                formulaCells,
              ),
            );
        }
        deps.set(f.cell, d);
      }
      return d;
    };
    const order: FormulaCell[] = [];
    const state = new Map<Cell, 1 | 2>();
    for (const list of formulaCells.values()) {
      for (const start of list) {
        if (state.has(start.cell)) continue;
        const stack: { f: FormulaCell; next: number }[] = [{ f: start, next: 0 }];
        state.set(start.cell, 1);
        while (stack.length > 0) {
          const top = stack[stack.length - 1] as { f: FormulaCell; next: number };
          const d = depsOf(top.f);
          if (top.next < d.length) {
            const dep = d[top.next++] as FormulaCell;
            const s = state.get(dep.cell);
            if (s === undefined) {
              state.set(dep.cell, 1);
              stack.push({ f: dep, next: 0 });
            } else if (s === 1) {
              // A cycle: every cell on the stack from `dep` up.
              for (let i = stack.findIndex((x) => x.f.cell === dep.cell); i >= 0 && i < stack.length; i++)
                (stack[i] as { f: FormulaCell }).f.cell.circular = true;
            }
          } else {
            state.set(top.f.cell, 2);
            order.push(top.f);
            stack.pop();
          }
        }
      }
    }
    return order;
  }

  /** Recalculate; returns the cells whose value or mark changed, plus `touched` (`sheet\0key`). */
  private recalc(touched: Set<string>): CellAddress[] {
    const started = performance.now();
    this.order ??= this.evaluationOrder();
    const changed = new Set(touched);
    for (const { sheet, key, cell } of this.order) {
      if (!cell.formula) continue;
      const before = cell.value;
      cell.value = cell.circular ? 0 : evaluateParsed(cell.formula, sheet.source, { at: { row: rowOf(key), col: colOf(key) } });
      if (!sameScalar(before, cell.value)) changed.add(`${sheet.name}\u0000${key}`);
    }
    for (const sheet of this.sheetList) {
      const marks = new Map<number, MarkName>();
      for (const { cf, parsed } of sheet.conditionalFormats) {
        if (!parsed) continue;
        const { top, left, bottom, right } = cf.range;
        for (let row = top; row <= bottom; row++) {
          for (let col = left; col <= right; col++) {
            const key = keyOf(row, col);
            if (marks.has(key)) continue; // the first rule that applies wins
            const v = evaluateParsed(parsed, sheet.source, { at: { row, col }, offset: { rows: row - top, cols: col - left } });
            if (v === true || (typeof v === 'number' && v !== 0)) marks.set(key, cf.mark);
          }
        }
      }
      for (const [key, mark] of marks) if (sheet.marks.get(key) !== mark) changed.add(`${sheet.name}\u0000${key}`);
      for (const key of sheet.marks.keys()) if (!marks.has(key)) changed.add(`${sheet.name}\u0000${key}`);
      sheet.marks = marks;
    }
    this.last = { formulas: this.order.length, ms: performance.now() - started };
    return [...changed].map((k) => {
      const [sheet = '', key = '0'] = k.split('\u0000');
      return { sheet, row: rowOf(Number(key)), col: colOf(Number(key)) };
    });
  }

  private emit(event: WorkbookEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}

function parseOrNull(text: string): ParsedFormula | null {
  try {
    return parseCached(text);
  } catch (e) {
    if (e instanceof FormulaSyntaxError) return null;
    throw e;
  }
}

/** Defined names a formula uses. */
function namesIn(formula: ParsedFormula | null): string[] {
  const out: string[] = [];
  const walk = (n: ParsedFormula['root']): void => {
    if (n.k === 'name') out.push(n.name);
    else if (n.k === 'call') n.args.forEach(walk);
    else if (n.k === 'bin') {
      walk(n.a);
      walk(n.b);
    } else if (n.k === 'unary') walk(n.a);
  };
  if (formula) walk(formula.root);
  return out;
}

/** A new preview workbook with one empty sheet, as a spreadsheet starts. */
export function createPreviewWorkbook(sheets: readonly string[] = ['Sheet1']): PreviewWorkbook {
  return new PreviewWorkbook(sheets);
}
