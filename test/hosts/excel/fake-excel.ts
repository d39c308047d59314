import { OfficeMockObject } from 'office-addin-mock';
import { a1, columnNumber, sheetPrefix, type Rect } from '../../../src/core/layout/a1';
import type { CellValue } from '../../../src/core/report/types';
import { evaluateParsed, isFormulaError, parseCached, type CellSource, type Scalar } from '../../../src/hosts/preview/formula';

/**
 * A recording fake of the part of Excel's object model the adapter uses, with Office.js's batching:
 * every property set and method call is queued and happens at `context.sync()`, in order; a failing
 * command rejects the sync and drops the rest of the batch; a loaded property can be read only after
 * the sync that loads it. Cells are kept as Excel would keep what was written (it parses input as if
 * typed: `=…` a formula, `'…` text, `033000` a number, `2025-01-16` a date).
 *
 * office-addin-mock provides the request context, whose `sync` is wrapped here to count round trips,
 * and the loadable results (used ranges, the selection), which enforce load → sync → read. It cannot
 * model the rest: collections loaded as `items/name`, methods that return a new object per call
 * (`getRange`, `getItem`, `add`), queued writes, null objects, events; those are the classes below.
 */

export interface Call {
  readonly op: string;
  readonly sheet?: string;
  readonly address?: string;
  readonly value?: unknown;
  /** Objects returned by `add` (conditional formats) are told apart by this. */
  readonly id?: number;
}

interface StoredCell {
  readonly formula?: string;
  readonly value: CellValue;
}

export interface FakeSheet {
  name: string;
  visibility: 'Visible' | 'Hidden' | 'VeryHidden';
  readonly cells: Map<string, StoredCell>;
  /** Number formats set on cells (`General` elsewhere); kept apart from the cells, as Excel keeps a format when a value is cleared. */
  readonly formats: Map<string, string>;
}

export class OfficeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** How Excel reads typed input (the subset that matters: numbers, booleans, ISO dates, formulas, the quote prefix). */
export function typedInput(input: unknown): StoredCell | null {
  if (input === '' || input === null || input === undefined) return null;
  if (typeof input === 'number' || typeof input === 'boolean') return { value: input };
  if (typeof input !== 'string') throw new OfficeError('InvalidArgument', `cannot write ${typeof input}`);
  if (input.startsWith("'")) return { value: input.slice(1) };
  if (input.startsWith('=')) return { formula: input.slice(1), value: null };
  const t = input.trim();
  if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return { value: Number(t) };
  if (/^(true|false)$/i.test(t)) return { value: t.toUpperCase() === 'TRUE' };
  const date = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (date) return { value: Math.round(Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3])) / 86400000) + 25569 };
  return { value: input };
}

const key = (row: number, col: number): string => `${row},${col}`;

/** `C7`, `C7:D9`, `A:O`, `5:7` → 1-based rectangle (whole rows/columns capped at the sheet's size). */
export function rectOf(address: string): Rect {
  const [from = '', to = from] = address.split(':');
  const part = (p: string): { row: number | null; col: number | null } => {
    const m = /^\$?([A-Z]*)\$?(\d*)$/.exec(p);
    if (!m) throw new OfficeError('InvalidArgument', `bad address ${address}`);
    return { col: m[1] ? columnNumber(m[1]) : null, row: m[2] ? Number(m[2]) : null };
  };
  const a = part(from);
  const b = part(to);
  return { top: a.row ?? 1, left: a.col ?? 1, bottom: b.row ?? 1048576, right: b.col ?? 16384 };
}

export interface FakeOptions {
  readonly sheets?: readonly {
    readonly name: string;
    readonly visibility?: FakeSheet['visibility'];
    readonly cells?: Readonly<Record<string, unknown>>;
  }[];
  readonly names?: readonly string[];
  /** Selected cells, or `'chart'` when the selection is not a range. */
  readonly selection?: string;
  /** `throw`: calls on a missing sheet's null object fail at sync (an Excel that does not chain them). */
  readonly nullObjects?: 'chain' | 'throw';
  /** A formula's value when read (Excel recalculates; the fake asks). */
  readonly recalc?: (fake: FakeExcel, sheet: string, row: number, col: number, formula: string) => CellValue;
  /** Excel refuses every command of this kind at sync, with this error code. */
  readonly failOn?: { readonly op: string; readonly code: string };
  /**
   * Raise change events for the add-in's own cell writes too, as Excel does: delivered after the sync that
   * made them resolved, and without `triggerSource` (ExcelApi below 1.14 does not say whose they were).
   */
  readonly echoWrites?: boolean;
}

type Handler = (args: unknown) => Promise<void>;

/**
 * A `recalc` that computes every formula from the cells the adapter wrote, with the preview's interpreter
 * (Excel's semantics for the functions the template uses): a fake that recalculates as Excel does, not one
 * that hands back the plan's cached results. Cached until the next sync or the clerk's next edit.
 */
export function interpreterRecalc(): NonNullable<FakeOptions['recalc']> {
  let memo = new Map<string, Scalar>();
  let generation = '';
  return (fake, sheet, row, col) => {
    const now = `${fake.syncs}:${fake.edits}`;
    if (now !== generation) {
      memo = new Map();
      generation = now;
    }
    const computing = new Set<string>();
    const valueAt = (name: string, r: number, c: number): Scalar | undefined => {
      const s = fake.sheet(name);
      if (!s) return undefined;
      const k = `${s.name}|${r}|${c}`;
      if (memo.has(k)) return memo.get(k) ?? null;
      const cell = s.cells.get(key(r, c));
      if (!cell) return null;
      if (cell.formula === undefined) return cell.value;
      if (computing.has(k)) return 0; // a circular reference: Excel shows 0
      computing.add(k);
      let v: Scalar;
      try {
        v = evaluateParsed(parseCached(cell.formula), sourceFor(s.name), { at: { row: r, col: c } });
      } catch {
        v = { error: '#NAME?' }; // a formula the interpreter cannot read
      }
      computing.delete(k);
      memo.set(k, v);
      return v;
    };
    const sourceFor = (home: string): CellSource => ({ cell: (s, r, c) => valueAt(s ?? home, r, c) });
    const v = valueAt(sheet, row, col) ?? null;
    return isFormulaError(v) ? v.error : v;
  };
}

export class FakeExcel {
  readonly sheets: FakeSheet[] = [];
  readonly names = new Set<string>();
  readonly calls: Call[] = [];
  readonly handlers = new Set<Handler>();
  syncs = 0;
  /** Cells the clerk typed into (`enter`), so that a recalculation knows its cache is stale. */
  edits = 0;
  /** The selected cells, as `getSelectedRange().address` gives them; `select()` moves it. */
  selection: string;
  /** The addresses of cell writes in the current batch (for `echoWrites`). */
  private written: string[] = [];
  /** The syncs of each `Excel.run`, in order. */
  readonly runs: number[] = [];
  private pending: (() => void)[] = [];
  private loaders: (() => void)[] = [];
  private mocks: OfficeMockObject[] = [];
  private nextId = 1;
  readonly context: OfficeMockObject;

  constructor(readonly options: FakeOptions = {}) {
    this.selection = options.selection ?? "'Sheet1'!A1";
    for (const s of options.sheets ?? []) {
      const sheet = this.addSheet(s.name);
      sheet.visibility = s.visibility ?? 'Visible';
      for (const [address, input] of Object.entries(s.cells ?? {})) {
        const r = rectOf(address);
        const cell = typedInput(input);
        if (cell) sheet.cells.set(key(r.top, r.left), cell);
      }
    }
    for (const n of options.names ?? []) this.names.add(n);
    const context = new OfficeMockObject({});
    const mockSync = context.sync.bind(context);
    context.sync = async (): Promise<void> => {
      this.syncs++;
      this.runs[this.runs.length - 1]! += 1;
      const ops = this.pending;
      const loaders = this.loaders;
      const mocks = this.mocks;
      this.pending = [];
      this.loaders = [];
      this.mocks = [];
      for (const op of ops) op(); // a throw rejects this sync; the rest of the batch is dropped
      for (const load of loaders) load();
      for (const m of mocks) await m.sync();
      await mockSync();
      const written = this.written;
      this.written = [];
      if (this.options.echoWrites) for (const address of written) setTimeout(() => void this.change({ address }), 0);
    };
    context.workbook = new FakeWorkbook(this);
    context.application = {
      suspendApiCalculationUntilNextSync: () => this.queue({ op: 'suspendApiCalculationUntilNextSync' }, () => undefined),
    };
    this.context = context;
  }

  /** `Excel.run` over this fake: every batch gets the same context, as the adapter never nests runs. */
  readonly run = ((...args: unknown[]): Promise<unknown> => {
    const batch = args[args.length - 1] as (context: unknown) => Promise<unknown>;
    this.runs.push(0);
    const leftover = (): void => {
      this.written = [];
      this.pending = [];
      this.loaders = [];
      this.mocks = [];
    };
    return batch(this.context).finally(leftover);
  }) as unknown as typeof Excel.run;

  queue(call: Call, op: () => void): void {
    this.calls.push(call);
    const fail = this.options.failOn;
    this.pending.push(
      fail?.op === call.op
        ? () => {
            throw new OfficeError(fail.code, `Excel refused ${call.op}`);
          }
        : op,
    );
  }

  onLoad(load: () => void): void {
    this.loaders.push(load);
  }

  track(mock: OfficeMockObject): OfficeMockObject {
    this.mocks.push(mock);
    return mock;
  }

  id(): number {
    return this.nextId++;
  }

  addSheet(name: string): FakeSheet {
    if (this.sheet(name)) throw new OfficeError('ItemAlreadyExists', `sheet ${name} exists`);
    const sheet: FakeSheet = { name, visibility: 'Visible', cells: new Map(), formats: new Map() };
    this.sheets.push(sheet);
    return sheet;
  }

  sheet(name: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  /** What a cell holds now, formulas recalculated through `options.recalc`. */
  cell(sheet: string, row: number, col: number): StoredCell | undefined {
    return this.sheet(sheet)?.cells.get(key(row, col));
  }

  valueOf(sheet: string, row: number, col: number): CellValue {
    const c = this.cell(sheet, row, col);
    if (!c) return null;
    return c.formula !== undefined ? (this.options.recalc?.(this, sheet, row, col, c.formula) ?? null) : c.value;
  }

  /** Record a cell write of this batch (its change event follows the sync, with `echoWrites`). */
  wrote(address: string): void {
    this.written.push(address);
  }

  /** The clerk types into a cell (no event: follow with `change`). */
  enter(sheet: string, row: number, col: number, input: unknown): void {
    const s = this.sheet(sheet);
    if (!s) throw new OfficeError('ItemNotFound', `no sheet ${sheet}`);
    const cell = typedInput(input);
    if (cell) s.cells.set(key(row, col), cell);
    else s.cells.delete(key(row, col));
    this.edits++;
  }

  /** The clerk (or Excel) changed cells: the registered change handlers run. */
  async change(args: { triggerSource?: string; address?: string } = {}): Promise<void> {
    for (const h of [...this.handlers]) await h({ type: 'WorksheetChanged', source: 'Local', address: 'A1', ...args });
  }

  /** Calls of one kind. */
  ops(op: string): Call[] {
    return this.calls.filter((c) => c.op === op);
  }
}

type SheetRef = () => FakeSheet | null;

class FakeWorkbook {
  readonly worksheets: FakeWorksheets;
  readonly names: FakeNames;
  constructor(private readonly fake: FakeExcel) {
    this.worksheets = new FakeWorksheets(fake);
    this.names = new FakeNames(fake);
  }

  getSelectedRange(): OfficeMockObject {
    const selection = this.fake.selection;
    if (selection === 'chart')
      this.fake.queue({ op: 'getSelectedRange' }, () => {
        throw new OfficeError('InvalidSelection', 'The current selection is invalid for this operation.');
      });
    else this.fake.calls.push({ op: 'getSelectedRange' });
    return this.fake.track(new OfficeMockObject({ address: selection }));
  }
}

class Loadable<T> {
  private loaded: T | undefined;
  protected set(value: T): void {
    this.loaded = value;
  }
  protected get(what: string): T {
    if (this.loaded === undefined) throw new OfficeError('PropertyNotLoaded', `${what} was not loaded (load, then sync, then read)`);
    return this.loaded;
  }
}

class FakeWorksheets extends Loadable<FakeWorksheet[]> {
  readonly onChanged: { add: (handler: Handler) => { context: unknown; remove: () => void } };
  constructor(private readonly fake: FakeExcel) {
    super();
    this.onChanged = {
      add: (handler) => {
        fake.queue({ op: 'onChanged.add' }, () => fake.handlers.add(handler));
        return {
          context: fake.context,
          remove: () => fake.queue({ op: 'onChanged.remove' }, () => fake.handlers.delete(handler)),
        };
      },
    };
  }

  get items(): FakeWorksheet[] {
    return this.get('worksheets.items');
  }

  load(what: string): this {
    this.fake.calls.push({ op: 'worksheets.load', value: what });
    this.fake.onLoad(() =>
      this.set(
        this.fake.sheets.map((s) => {
          const item = new FakeWorksheet(this.fake, s.name, () => this.fake.sheet(s.name) ?? null);
          item.loadedName = s.name;
          item.loadedVisibility = s.visibility;
          return item;
        }),
      ),
    );
    return this;
  }

  getItem(name: string): FakeWorksheet {
    return new FakeWorksheet(this.fake, name, () => {
      const sheet = this.fake.sheet(name);
      if (!sheet) throw new OfficeError('ItemNotFound', `The requested resource doesn't exist (${name}).`);
      return sheet;
    });
  }

  getItemOrNullObject(name: string): FakeWorksheet {
    return new FakeWorksheet(this.fake, name, () => this.fake.sheet(name) ?? null, true);
  }

  add(name: string): FakeWorksheet {
    this.fake.queue({ op: 'worksheets.add', sheet: name }, () => this.fake.addSheet(name));
    return this.getItem(name);
  }
}

class FakeNames extends Loadable<{ name: string }[]> {
  constructor(private readonly fake: FakeExcel) {
    super();
  }
  get items(): { name: string }[] {
    return this.get('names.items');
  }
  load(what: string): this {
    this.fake.calls.push({ op: 'names.load', value: what });
    this.fake.onLoad(() => this.set([...this.fake.names].map((name) => ({ name }))));
    return this;
  }
  getItem(name: string): { delete: () => void } {
    return {
      delete: () =>
        this.fake.queue({ op: 'names.delete', value: name }, () => {
          if (!this.fake.names.delete(name)) throw new OfficeError('ItemNotFound', `no name ${name}`);
        }),
    };
  }
  add(name: string, reference: string): void {
    this.fake.queue({ op: 'names.add', value: { name, reference } }, () => {
      if (this.fake.names.has(name)) throw new OfficeError('ItemAlreadyExists', `name ${name} exists`);
      this.fake.names.add(name);
    });
  }
}

/**
 * An object path that records every property set and method call under `op` (`format.font.name`,
 * `pageLayout.setPrintArea` …); method results are new paths with an id.
 */
function recorder(fake: FakeExcel, base: Omit<Call, 'op'>, path: string, check: () => void): unknown {
  const target = function () {
    /* callable target for the apply trap */
  };
  return new Proxy(target, {
    get: (_, prop) => (typeof prop === 'symbol' || prop === 'then' ? undefined : recorder(fake, base, `${path}.${prop}`, check)),
    set: (_, prop, value: unknown) => {
      fake.queue({ ...base, op: `${path}.${String(prop)}`, value }, check);
      return true;
    },
    apply: (_, __, args: unknown[]) => {
      const id = fake.id();
      fake.queue({ ...base, op: path, value: args.length <= 1 ? args[0] : args, id }, check);
      return recorder(fake, { ...base, id }, `${path}()`, check);
    },
  });
}

class FakeWorksheet {
  loadedName: string | undefined;
  loadedVisibility: string | undefined;
  constructor(
    private readonly fake: FakeExcel,
    private readonly label: string,
    private readonly resolve: SheetRef,
    private readonly nullable = false,
  ) {}

  private must(): FakeSheet {
    const sheet = this.resolve();
    if (!sheet) throw new OfficeError('ItemNotFound', `no sheet ${this.label}`);
    return sheet;
  }

  get name(): string {
    if (this.loadedName === undefined) throw new OfficeError('PropertyNotLoaded', 'name was not loaded');
    return this.loadedName;
  }
  get visibility(): string {
    if (this.loadedVisibility === undefined) throw new OfficeError('PropertyNotLoaded', 'visibility was not loaded');
    return this.loadedVisibility;
  }
  set visibility(v: string) {
    this.fake.queue({ op: 'visibility', sheet: this.label, value: v }, () => {
      this.must().visibility = v as FakeSheet['visibility'];
    });
  }

  get pageLayout(): unknown {
    return recorder(this.fake, { sheet: this.label }, 'pageLayout', () => void this.must());
  }
  get horizontalPageBreaks(): unknown {
    return recorder(this.fake, { sheet: this.label }, 'horizontalPageBreaks', () => void this.must());
  }

  activate(): void {
    this.fake.queue({ op: 'activate', sheet: this.label }, () => void this.must());
  }

  getRange(address: string): FakeRange {
    return new FakeRange(this.fake, this.label, address, () => this.must());
  }

  private usedRange(nullable: boolean): OfficeMockObject {
    const sheet = this.resolve();
    const call: Call = { op: nullable ? 'getUsedRangeOrNullObject' : 'getUsedRange', sheet: this.label };
    if (!sheet && (!this.nullable || this.fake.options.nullObjects === 'throw')) {
      this.fake.queue(call, () => {
        throw new OfficeError(this.nullable ? 'InvalidObjectPath' : 'ItemNotFound', `no sheet ${this.label}`);
      });
    } else {
      this.fake.calls.push(call);
    }
    const cells = sheet ? [...sheet.cells.keys()].map((k) => k.split(',').map(Number) as [number, number]) : [];
    if (cells.length === 0) {
      const empty = new OfficeMockObject({ rowIndex: 0, columnIndex: 0, values: [['']], formulas: [['']], numberFormat: [['General']] });
      empty.isNullObject = nullable;
      return this.fake.track(empty);
    }
    const top = Math.min(...cells.map(([r]) => r));
    const left = Math.min(...cells.map(([, c]) => c));
    const bottom = Math.max(...cells.map(([r]) => r));
    const right = Math.max(...cells.map(([, c]) => c));
    const values: unknown[][] = [];
    const formulas: unknown[][] = [];
    const numberFormat: unknown[][] = [];
    for (let r = top; r <= bottom; r++) {
      const vs: unknown[] = [];
      const fs: unknown[] = [];
      const ns: unknown[] = [];
      for (let c = left; c <= right; c++) {
        const cell = sheet!.cells.get(key(r, c));
        const v = this.fake.valueOf(sheet!.name, r, c);
        vs.push(v ?? '');
        fs.push(cell?.formula !== undefined ? `=${cell.formula}` : (cell?.value ?? ''));
        ns.push(sheet!.formats.get(key(r, c)) ?? 'General');
      }
      values.push(vs);
      formulas.push(fs);
      numberFormat.push(ns);
    }
    const range = new OfficeMockObject({
      rowIndex: top - 1,
      columnIndex: left - 1,
      values,
      formulas,
      numberFormat,
      address: `${sheet!.name}!${a1({ row: top, col: left })}`,
    });
    range.isNullObject = false;
    return this.fake.track(range);
  }

  getUsedRangeOrNullObject(_valuesOnly?: boolean): OfficeMockObject {
    return this.usedRange(true);
  }

  getUsedRange(_valuesOnly?: boolean): OfficeMockObject {
    return this.usedRange(false);
  }
}

class FakeRange extends Loadable<unknown[][]> {
  constructor(
    private readonly fake: FakeExcel,
    private readonly sheetName: string,
    private readonly address: string,
    private readonly sheet: () => FakeSheet,
  ) {
    super();
  }

  private write(op: string, matrix: unknown, store: boolean): void {
    this.fake.queue({ op, sheet: this.sheetName, address: this.address, value: matrix }, () => {
      const sheet = this.sheet();
      const r = rectOf(this.address);
      if (
        !Array.isArray(matrix) ||
        matrix.length !== r.bottom - r.top + 1 ||
        matrix.some((row) => !Array.isArray(row) || row.length !== r.right - r.left + 1)
      ) {
        throw new OfficeError('InvalidArgument', `${op}: the matrix does not match ${this.address}`);
      }
      if (op === 'numberFormat') {
        (matrix as unknown[][]).forEach((line, i) =>
          line.forEach((code, j) => {
            if (typeof code === 'string') sheet.formats.set(key(r.top + i, r.left + j), code);
          }),
        );
      }
      if (!store) return;
      this.fake.wrote(`${sheetPrefix(sheet.name)}${this.address}`);
      (matrix as unknown[][]).forEach((line, i) =>
        line.forEach((input, j) => {
          if (input === null) return; // Office.js: null leaves the cell as it is
          const cell = typedInput(input);
          if (cell) sheet.cells.set(key(r.top + i, r.left + j), cell);
          else sheet.cells.delete(key(r.top + i, r.left + j));
        }),
      );
    });
  }

  set formulas(matrix: unknown[][]) {
    this.write('formulas', matrix, true);
  }
  get formulas(): unknown[][] {
    return this.get('formulas');
  }
  set values(matrix: unknown[][]) {
    this.write('values', matrix, true);
  }
  set numberFormat(matrix: unknown[][]) {
    this.write('numberFormat', matrix, false);
  }
  set columnHidden(v: boolean) {
    this.fake.queue({ op: 'columnHidden', sheet: this.sheetName, address: this.address, value: v }, () => void this.sheet());
  }

  load(what: string): this {
    this.fake.calls.push({ op: 'range.load', sheet: this.sheetName, address: this.address, value: what });
    this.fake.onLoad(() => {
      const sheet = this.sheet();
      const r = rectOf(this.address);
      const out: unknown[][] = [];
      for (let row = r.top; row <= r.bottom; row++) {
        const line: unknown[] = [];
        for (let col = r.left; col <= r.right; col++) {
          const cell = sheet.cells.get(key(row, col));
          line.push(cell?.formula !== undefined ? `=${cell.formula}` : (cell?.value ?? ''));
        }
        out.push(line);
      }
      this.set(out);
    });
    return this;
  }

  merge(across?: boolean): void {
    this.fake.queue({ op: 'merge', sheet: this.sheetName, address: this.address, value: across }, () => void this.sheet());
  }
  select(): void {
    this.fake.queue({ op: 'select', sheet: this.sheetName, address: this.address }, () => {
      this.fake.selection = `${sheetPrefix(this.sheet().name)}${this.address}`;
    });
  }
  get format(): unknown {
    return recorder(this.fake, { sheet: this.sheetName, address: this.address }, 'format', () => void this.sheet());
  }
  get conditionalFormats(): unknown {
    return recorder(this.fake, { sheet: this.sheetName, address: this.address }, 'conditionalFormats', () => void this.sheet());
  }
  get dataValidation(): unknown {
    return recorder(this.fake, { sheet: this.sheetName, address: this.address }, 'dataValidation', () => void this.sheet());
  }
}
