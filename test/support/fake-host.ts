import type { WorkbookGrid } from '../../src/core/import/grid';
import { a1, columnNumber, parseRef, type Rect } from '../../src/core/layout/a1';
import type { PlanConditionalFormat, PlanValidation, StyleName, WorkbookPlan } from '../../src/core/layout/plan';
import type { CellAddress, CellWrite, HostFeatures, SpreadsheetHost, WorkbookOutline } from '../../src/core/port';
import { HostError } from '../../src/core/port';
import type { CellValue } from '../../src/core/report/types';
import { evaluateFormula, type Resolved, type Scalar } from '../../src/hosts/preview/formula';

/**
 * An in-memory spreadsheet behind the port, for tests of the task pane: it replays plans into cells,
 * recalculates formulas with the test interpreter when read (so the meta sheet's mirror follows what a
 * clerk types), counts every port call (one call = one host round trip), and can do to the workbook what
 * a clerk does: type, delete rows, paste over formats.
 */

export interface FakeCell {
  value?: string | number | boolean | null;
  formula?: string;
  /** A formula's cached value, used only when the formula cannot be computed. */
  result?: string | number;
  style?: StyleName;
}

export interface FakeSheet {
  name: string;
  visibility: 'visible' | 'hidden' | 'veryHidden';
  cells: Map<string, FakeCell>;
  merges: Rect[];
  conditionalFormats: PlanConditionalFormat[];
  validations: PlanValidation[];
  columns: Map<number, { width: number; hidden?: boolean }>;
}

export type PortCall = 'outline' | 'isEmpty' | 'apply' | 'read' | 'write' | 'select' | 'onChange';

export const ALL_FEATURES: HostFeatures = { conditionalFormats: true, dataValidation: true, changeEvents: true, printSetup: true };

const key = (row: number, col: number): string => `${row}:${col}`;
const unkey = (k: string): { row: number; col: number } => {
  const [r, c] = k.split(':');
  return { row: Number(r), col: Number(c) };
};
const REF = /^(?:(?:'((?:[^']|'')+)'|([A-Za-z_][A-Za-z0-9_.]*))!)?\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/;
const MIRROR = /^IF\(ISBLANK\((.+)\),"",\1\)$/;

export class FakeHost implements SpreadsheetHost {
  readonly label: string;
  readonly features: HostFeatures;
  readonly workbook = new Map<string, FakeSheet>();
  /** Every port call, in order. */
  readonly calls: PortCall[] = [];
  /** The sheets each `read` asked for. */
  readonly reads: (readonly string[])[] = [];
  /** Every cell each `write` wrote. */
  readonly writes: (readonly CellWrite[])[] = [];
  readonly plans: WorkbookPlan[] = [];
  /** The outline each `apply` was given (`known`), null where none; not used, as looking costs nothing here. */
  readonly knowns: (WorkbookOutline | null)[] = [];
  readonly names = new Map<string, { sheet: string; range: Rect }>();
  active: CellAddress | null = null;
  selected: CellAddress | null = null;
  /** Whether the host's own writes raise change events too (Excel's do). */
  changesFromWrites = true;
  /** The next port call of this kind fails with a HostError. */
  failNext: { call: PortCall; message: string } | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(options: { label?: string; features?: Partial<HostFeatures>; sheets?: string[] } = {}) {
    this.label = options.label ?? 'Excel';
    this.features = { ...ALL_FEATURES, ...options.features };
    for (const name of options.sheets ?? ['Sheet1']) this.sheet(name);
    const first = options.sheets?.[0] ?? 'Sheet1';
    this.active = { sheet: first, row: 1, col: 1 };
  }

  /** The number of round trips since the last `resetCalls`. */
  get roundTrips(): number {
    return this.calls.length;
  }

  resetCalls(): void {
    this.calls.length = 0;
    this.reads.length = 0;
    this.writes.length = 0;
  }

  private call(name: PortCall): void {
    this.calls.push(name);
    if (this.failNext?.call === name) {
      const { message } = this.failNext;
      this.failNext = null;
      throw new HostError(message);
    }
  }

  sheet(name: string, visibility: FakeSheet['visibility'] = 'visible'): FakeSheet {
    let s = this.workbook.get(name);
    if (!s) {
      s = { name, visibility, cells: new Map(), merges: [], conditionalFormats: [], validations: [], columns: new Map() };
      this.workbook.set(name, s);
    }
    return s;
  }

  private emit(): void {
    for (const l of [...this.listeners]) l();
  }

  // --- the port ---

  outline(): Promise<WorkbookOutline> {
    this.call('outline');
    return Promise.resolve({
      sheets: [...this.workbook.values()].map((s) => ({ name: s.name, visibility: s.visibility })),
      names: [...this.names.keys()],
      active: this.active,
    });
  }

  isEmpty(sheet: string, rect: Rect): Promise<boolean> {
    this.call('isEmpty');
    const s = this.workbook.get(sheet);
    if (!s) return Promise.resolve(true);
    for (const [k, c] of s.cells) {
      const { row, col } = unkey(k);
      if (row < rect.top || row > rect.bottom || col < rect.left || col > rect.right) continue;
      if (c.formula !== undefined || (c.value !== undefined && c.value !== null && c.value !== '')) return Promise.resolve(false);
    }
    return Promise.resolve(true);
  }

  apply(plan: WorkbookPlan, known?: WorkbookOutline): Promise<void> {
    this.call('apply');
    this.plans.push(plan);
    this.knowns.push(known ?? null);
    for (const sp of plan.sheets) {
      const s = this.sheet(sp.name, sp.visibility);
      for (const c of sp.cells) {
        const k = key(c.row, c.col);
        const prior = s.cells.get(k) ?? {};
        const style = c.style ?? prior.style;
        const styled = style !== undefined ? { style } : {};
        if (c.formula !== undefined)
          s.cells.set(k, { formula: c.formula, ...(c.result !== undefined ? { result: c.result } : {}), ...styled });
        else if (c.value !== undefined) s.cells.set(k, { value: c.value, ...styled });
        else s.cells.set(k, { ...prior, ...styled });
      }
      for (const m of sp.merges) if (!s.merges.some((x) => sameRect(x, m))) s.merges.push(m);
      for (const cf of sp.conditionalFormats) {
        if (!s.conditionalFormats.some((x) => sameRect(x.range, cf.range) && x.mark === cf.mark)) s.conditionalFormats.push(cf);
      }
      for (const v of sp.validations) {
        s.validations = s.validations.filter((x) => !sameRect(x.range, v.range));
        s.validations.push(v);
      }
      for (const c of sp.columns) s.columns.set(c.col, { width: c.width, ...(c.hidden ? { hidden: true } : {}) });
    }
    for (const n of plan.names) this.names.set(n.name, { sheet: n.sheet, range: n.range });
    if (this.changesFromWrites) this.emit();
    return Promise.resolve();
  }

  read(sheets: readonly string[]): Promise<WorkbookGrid> {
    this.call('read');
    this.reads.push([...sheets]);
    return Promise.resolve(this.grid(sheets));
  }

  write(cells: readonly CellWrite[]): Promise<void> {
    this.call('write');
    this.writes.push([...cells]);
    for (const c of cells) {
      const s = this.workbook.get(c.sheet);
      if (!s) return Promise.reject(new HostError(`找不到工作表“${c.sheet}”。`));
      const prior = s.cells.get(key(c.row, c.col));
      s.cells.set(key(c.row, c.col), { value: c.value, ...(prior?.style ? { style: prior.style } : {}) });
    }
    if (this.changesFromWrites) this.emit();
    return Promise.resolve();
  }

  select(at: CellAddress): Promise<void> {
    this.call('select');
    if (!this.workbook.has(at.sheet)) return Promise.reject(new HostError(`找不到工作表“${at.sheet}”。`));
    this.selected = at;
    this.active = at;
    return Promise.resolve();
  }

  onChange(listener: () => void): Promise<() => void> {
    this.call('onChange');
    this.listeners.add(listener);
    return Promise.resolve(() => {
      this.listeners.delete(listener);
    });
  }

  get listening(): number {
    return this.listeners.size;
  }

  // --- what a clerk does (no round trips) ---

  /** Type into a cell (`年报!C7` or sheet, row, col), as a clerk does: it raises a change event. */
  type(address: string, value: string | number | null): void {
    const at = this.at(address);
    const s = this.sheet(at.sheet);
    const prior = s.cells.get(key(at.row, at.col));
    s.cells.set(key(at.row, at.col), { value, ...(prior?.style ? { style: prior.style } : {}) });
    this.emit();
  }

  /** A cell as the clerk sees it (computed). */
  valueAt(address: string): CellValue {
    const at = this.at(address);
    return this.grid([at.sheet]).value(at.sheet, at.row, at.col);
  }

  formulaAt(address: string): string | null {
    const at = this.at(address);
    return this.workbook.get(at.sheet)?.cells.get(key(at.row, at.col))?.formula ?? null;
  }

  /**
   * Delete whole rows, as a spreadsheet does: cells move up, references to them become `#REF!`; with
   * `staleReferences`, as a tool without a spreadsheet's bookkeeping, no formula anywhere is updated.
   */
  deleteRows(sheetName: string, first: number, count: number, options: { readonly staleReferences?: boolean } = {}): void {
    const last = first + count - 1;
    const s = this.sheet(sheetName);
    const moved = new Map<string, FakeCell>();
    for (const [k, c] of s.cells) {
      const { row, col } = unkey(k);
      if (row < first) moved.set(k, c);
      else if (row > last) moved.set(key(row - count, col), c);
    }
    s.cells = moved;
    const shiftRect = (r: Rect): Rect | null => {
      if (r.top >= first && r.bottom <= last) return null;
      const top = r.top > last ? r.top - count : r.top >= first ? first : r.top;
      const bottom = r.bottom > last ? r.bottom - count : r.bottom >= first ? first - 1 : r.bottom;
      return bottom < top ? null : { ...r, top, bottom };
    };
    s.merges = s.merges.map(shiftRect).filter((r): r is Rect => r !== null);
    s.conditionalFormats = s.conditionalFormats.flatMap((cf) => {
      const range = shiftRect(cf.range);
      return range ? [{ ...cf, range }] : [];
    });
    s.validations = s.validations.flatMap((v) => {
      const range = shiftRect(v.range);
      return range ? [{ ...v, range }] : [];
    });
    for (const other of options.staleReferences ? [] : this.workbook.values()) {
      for (const c of other.cells.values()) {
        if (c.formula !== undefined)
          c.formula = shiftRefs(c.formula, other.name, sheetName, (row) => (row < first ? row : row > last ? row - count : null));
      }
    }
    this.emit();
  }

  /**
   * Insert blank rows before `before`: cells move down and references follow; with `staleReferences`, as a
   * tool that moves cells without a spreadsheet's bookkeeping, no formula anywhere is updated.
   */
  insertRows(sheetName: string, before: number, count: number, options: { readonly staleReferences?: boolean } = {}): void {
    const s = this.sheet(sheetName);
    const moved = new Map<string, FakeCell>();
    for (const [k, c] of s.cells) {
      const { row, col } = unkey(k);
      moved.set(row >= before ? key(row + count, col) : k, c);
    }
    s.cells = moved;
    const shift = (r: Rect): Rect => ({
      ...r,
      top: r.top >= before ? r.top + count : r.top,
      bottom: r.bottom >= before ? r.bottom + count : r.bottom,
    });
    s.merges = s.merges.map(shift);
    s.conditionalFormats = s.conditionalFormats.map((cf) => ({ ...cf, range: shift(cf.range) }));
    s.validations = s.validations.map((v) => ({ ...v, range: shift(v.range) }));
    for (const other of options.staleReferences ? [] : this.workbook.values()) {
      for (const c of other.cells.values()) {
        if (c.formula !== undefined) c.formula = shiftRefs(c.formula, other.name, sheetName, (row) => (row >= before ? row + count : row));
      }
    }
    this.emit();
  }

  /** What a paste from elsewhere does to formats: the conditional formats and validation of the sheet are gone. */
  pasteOverFormats(sheetName: string): void {
    const s = this.sheet(sheetName);
    s.conditionalFormats = [];
    s.validations = [];
    this.emit();
  }

  private at(address: string): { sheet: string; row: number; col: number } {
    const ref = parseRef(address);
    if (!ref || ref.sheet === null) throw new Error(`not a sheet address: ${address}`);
    return { sheet: ref.sheet, row: ref.row, col: ref.col };
  }

  /** A snapshot of the workbook as a grid; cells of sheets not in `only` read as blank (a host that did not load them). */
  grid(only?: readonly string[]): WorkbookGrid {
    const snapshot = new Map<string, Map<string, FakeCell>>();
    for (const [name, s] of this.workbook) snapshot.set(name, new Map([...s.cells].map(([k, c]) => [k, { ...c }])));
    const memo = new Map<string, Scalar>();
    const computing = new Set<string>();
    const cellOf = (sheet: string, row: number, col: number): FakeCell | undefined => snapshot.get(sheet)?.get(key(row, col));
    const valueAt = (sheet: string, row: number, col: number): Scalar => {
      const k = `${sheet}\u0000${row}\u0000${col}`;
      const known = memo.get(k);
      if (known !== undefined) return known;
      const c = cellOf(sheet, row, col);
      let v: Scalar = null;
      if (c?.formula !== undefined) {
        if (computing.has(k)) return { error: '#VALUE!' };
        computing.add(k);
        v = compute(sheet, c.formula);
        computing.delete(k);
      } else if (c?.value !== undefined && c.value !== '') v = c.value;
      memo.set(k, v);
      return v;
    };
    const resolve =
      (home: string) =>
      (ref: string): Resolved => {
        const m = REF.exec(ref);
        if (!m) throw new Error(`cannot resolve ${ref}`);
        const sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : (m[2] ?? home);
        if (!snapshot.has(sheet)) return { error: '#REF!' };
        const [c1, r1] = [columnNumber(m[3] ?? ''), Number(m[4])];
        if (m[5] === undefined) return valueAt(sheet, r1, c1);
        const [c2, r2] = [columnNumber(m[5]), Number(m[6])];
        const out: Scalar[] = [];
        for (let r = r1; r <= r2; r++) for (let c = c1; c <= c2; c++) out.push(valueAt(sheet, r, c));
        return out;
      };
    const compute = (sheet: string, formula: string): Scalar => {
      if (formula.includes('#REF!')) return { error: '#REF!' };
      // The meta sheet's mirror: the interpreter has no ISBLANK, and this is all it would do.
      const mirror = MIRROR.exec(formula);
      if (mirror?.[1] !== undefined) {
        const v = resolve(sheet)(mirror[1]);
        const one = Array.isArray(v) ? ((v[0] as Scalar | undefined) ?? null) : (v as Scalar);
        return one === null ? '' : one;
      }
      return evaluateFormula(formula, resolve(sheet));
    };
    const loaded = (sheet: string): boolean => only === undefined || only.includes(sheet);
    return {
      sheets: [...this.workbook.values()].map((s) => ({ name: s.name, visibility: s.visibility })),
      value: (sheet, row, col) => {
        if (!loaded(sheet)) return null;
        const v = valueAt(sheet, row, col);
        return typeof v === 'object' && v !== null ? v.error : v;
      },
      formula: (sheet, row, col) => (loaded(sheet) ? (cellOf(sheet, row, col)?.formula ?? null) : null),
    };
  }

  /** Every non-blank value of a sheet by A1 address (for before/after comparisons). */
  values(sheetName: string): Map<string, CellValue> {
    const grid = this.grid();
    const out = new Map<string, CellValue>();
    for (const k of this.workbook.get(sheetName)?.cells.keys() ?? []) {
      const { row, col } = unkey(k);
      const v = grid.value(sheetName, row, col);
      if (v !== null) out.set(a1({ row, col }), v);
    }
    return out;
  }
}

function sameRect(a: Rect, b: Rect): boolean {
  return a.top === b.top && a.left === b.left && a.bottom === b.bottom && a.right === b.right;
}

/** Move the row of every reference into `target` (qualified, or unqualified in a formula on `target`); null → `#REF!`. */
function shiftRefs(formula: string, home: string, target: string, row: (r: number) => number | null): string {
  const TOKEN = /(?<![A-Za-z0-9_.$'!])((?:'(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!)?(\$?[A-Z]{1,3}\$?)(\d+)(?![A-Za-z0-9_(!])/g;
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(TOKEN, (whole, prefix: string | undefined, col: string, digits: string) => {
            const sheet = prefix !== undefined ? parseRef(`${prefix}A1`)?.sheet : home;
            if (sheet !== target) return whole;
            const to = row(Number(digits));
            return to === null ? '#REF!' : `${prefix ?? ''}${col}${to}`;
          }),
    )
    .join('');
}
