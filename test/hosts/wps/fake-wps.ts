import { dateLikeFormat } from '../../../src/core/import/number-format';
import { a1, columnLetters, type Rect } from '../../../src/core/layout/a1';
import type { CellValue } from '../../../src/core/report/types';
import type { WpsApplication, WpsCount, WpsEventHandler } from '../../../src/hosts/wps/compat';
import {
  evaluateParsed,
  isFormulaError,
  parseCached,
  parseFormula,
  type CellSource,
  type Reference,
  type Scalar,
} from '../../../src/hosts/preview/formula';
import { rectOf, typedInput } from '../excel/fake-excel';

/**
 * A recording fake of the part of the WPS 表格 object model the adapter uses (src/hosts/wps/compat.ts),
 * synchronous as WPS is. It holds a grid — values, formulas (recalculated on read with the preview's
 * formula interpreter, as WPS would compute them), merges, formats, conditional formats, validation,
 * names, sheet visibility, the selection — and records every call in `calls`. Writes parse input as if
 * typed (`=…` a formula, `'…` text, `033000` a number), as Excel and WPS do.
 *
 * Like Excel's VBA, a write by code raises `SheetChange` (synchronously, or later with `deferEvents`),
 * a conditional format's relative references are read relative to the active cell (`anchor`), a range
 * can be selected only on the active sheet, and a hidden sheet cannot be activated. Variants model the
 * build differences compat.ts handles: `Count` as a method, collections callable without `Item`, no
 * `Value2`, and builds without FormatConditions, Validation or ApiEvent.
 */

export interface FakeCall {
  readonly op: string;
  readonly sheet?: string;
  readonly address?: string;
  readonly value?: unknown;
}

interface StoredCell {
  readonly formula?: string;
  readonly value: CellValue;
}

export interface FakeConditionalFormat {
  readonly range: Rect;
  readonly type: number;
  readonly formula: string;
  /** The active cell when it was added: where Excel's VBA reads its relative references from. */
  readonly anchor: string | null;
  fill?: number;
  font?: number;
}

export interface FakeValidation {
  readonly range: Rect;
  type?: number;
  alertStyle?: number;
  operator?: number;
  formula1?: string;
  formula2?: string | undefined;
  IgnoreBlank?: boolean;
  InCellDropdown?: boolean;
  ShowError?: boolean;
  ErrorTitle?: string;
  ErrorMessage?: string;
}

export interface FakeWpsSheet {
  name: string;
  /** -1 visible, 0 hidden, 2 very hidden. */
  visible: number;
  readonly cells: Map<string, StoredCell>;
  readonly formats: Map<string, Record<string, unknown>>;
  readonly merges: Rect[];
  readonly columns: Map<number, { width?: number; hidden?: boolean }>;
  readonly rows: Map<number, number>;
  readonly conditionalFormats: FakeConditionalFormat[];
  readonly validations: FakeValidation[];
  readonly pageSetup: Record<string, unknown>;
  readonly pageBreaks: number[];
}

export interface FakeWpsOptions {
  readonly sheets?: readonly { readonly name: string; readonly visible?: number; readonly cells?: Readonly<Record<string, unknown>> }[];
  /** `Count` is a method (`Worksheets.Count()`), as on some builds. */
  readonly countAsMethod?: boolean;
  /** Collections have no `Item`; they are called (`Worksheets(1)`). */
  readonly callableCollections?: boolean;
  /** Ranges have no `Value2`, only `Value`. */
  readonly noValue2?: boolean;
  readonly noFormatConditions?: boolean;
  readonly noValidation?: boolean;
  readonly noApiEvent?: boolean;
  /** `SheetChange` raised after the write (a timer), not during it. */
  readonly deferEvents?: boolean;
  /** Every call or property set of this name throws (`Merge`, `Value2`, `Formula`, `Worksheets.Add` …). */
  readonly failOn?: string;
  /** `Visible` reads as a boolean (very hidden still 2). */
  readonly visibleAsBoolean?: boolean;
}

const key = (row: number, col: number): string => `${row},${col}`;

function* cellsOf(r: Rect): Generator<{ row: number; col: number }> {
  for (let row = r.top; row <= r.bottom; row++) for (let col = r.left; col <= r.right; col++) yield { row, col };
}

const sameRect = (a: Rect, b: Rect): boolean => a.top === b.top && a.left === b.left && a.bottom === b.bottom && a.right === b.right;

export class FakeWps {
  readonly sheets: FakeWpsSheet[] = [];
  /** Defined names by lower-case name. */
  readonly names = new Map<string, { name: string; refersTo: string }>();
  readonly calls: FakeCall[] = [];
  readonly handlers = new Map<string, Set<WpsEventHandler>>();
  /** The active sheet's name and its selected cell. */
  active: { sheet: string; row: number; col: number } | null = null;
  readonly app: WpsApplication;
  private cache = new Map<string, Scalar>();

  constructor(readonly options: FakeWpsOptions = {}) {
    for (const s of options.sheets ?? [{ name: 'Sheet1' }]) {
      const sheet = this.addSheet(s.name);
      sheet.visible = s.visible ?? -1;
      for (const [address, input] of Object.entries(s.cells ?? {})) {
        const r = rectOf(address);
        const cell = typedInput(input);
        if (cell) sheet.cells.set(key(r.top, r.left), cell);
      }
    }
    const first = this.sheets.find((s) => s.visible === -1);
    if (first) this.active = { sheet: first.name, row: 1, col: 1 };
    this.app = this.application();
  }

  // ---- the grid -------------------------------------------------------------------------------

  sheet(name: string): FakeWpsSheet | undefined {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  private must(name: string): FakeWpsSheet {
    const sheet = this.sheet(name);
    if (!sheet) throw new Error(`下标越界：没有工作表 ${name}`);
    return sheet;
  }

  addSheet(name: string, after?: FakeWpsSheet): FakeWpsSheet {
    if (this.sheet(name)) throw new Error(`工作表 ${name} 已存在`);
    const sheet: FakeWpsSheet = {
      name,
      visible: -1,
      cells: new Map(),
      formats: new Map(),
      merges: [],
      columns: new Map(),
      rows: new Map(),
      conditionalFormats: [],
      validations: [],
      pageSetup: {},
      pageBreaks: [],
    };
    const at = after ? this.sheets.indexOf(after) + 1 : this.sheets.length;
    this.sheets.splice(at, 0, sheet);
    return sheet;
  }

  /** What a cell holds. */
  cell(sheet: string, row: number, col: number): StoredCell | undefined {
    return this.sheet(sheet)?.cells.get(key(row, col));
  }

  /** A cell's format properties as set (`Font.Name`, `Interior.Color`, `NumberFormat` …). */
  format(sheet: string, row: number, col: number): Record<string, unknown> {
    return this.sheet(sheet)?.formats.get(key(row, col)) ?? {};
  }

  /** What the cell shows: its value, or its formula computed now. */
  valueOf(sheet: string, row: number, col: number): Scalar {
    const c = this.cell(sheet, row, col);
    if (!c) return null;
    if (c.formula === undefined) return c.value;
    const id = `${sheet.toLowerCase()}|${row}|${col}`;
    const cached = this.cache.get(id);
    if (cached !== undefined) return cached;
    this.cache.set(id, { error: '#REF!' }); // a circular reference reads as an error, not a stack overflow
    const source: CellSource = {
      cell: (s, r, cc) => (s === null || this.sheet(s) ? this.valueOf(s ?? sheet, r, cc) : undefined),
      name: (n) => this.nameRef(n),
    };
    let v: Scalar;
    try {
      v = evaluateParsed(parseCached(c.formula), source, { at: { row, col } });
    } catch {
      v = { error: '#NAME?' };
    }
    this.cache.set(id, v);
    return v;
  }

  private nameRef(name: string): Reference | undefined {
    const n = this.names.get(name.toLowerCase());
    return n ? parseFormula(n.refersTo.replace(/^=/, '')).references[0] : undefined;
  }

  private put(sheet: FakeWpsSheet, row: number, col: number, input: unknown): void {
    const cell = typedInput(input);
    if (cell) sheet.cells.set(key(row, col), cell);
    else sheet.cells.delete(key(row, col));
    this.cache.clear();
  }

  /** The clerk types into a cell: the cell changes and `SheetChange` is raised. */
  edit(sheet: string, address: string, input: unknown): void {
    const s = this.must(sheet);
    const r = rectOf(address);
    this.put(s, r.top, r.left, input);
    this.raise('SheetChange', s.name, address);
  }

  private raise(event: string, sheet: string, address: string): void {
    const fire = (): void => {
      for (const h of [...(this.handlers.get(event) ?? [])]) h(sheet, address);
    };
    if (this.options.deferEvents) setTimeout(fire, 0);
    else fire();
  }

  /** Calls of one kind. */
  ops(op: string): FakeCall[] {
    return this.calls.filter((c) => c.op === op);
  }

  private record(call: FakeCall): void {
    this.calls.push(call);
    if (this.options.failOn === call.op) throw new Error(`WPS 拒绝了 ${call.op}`);
  }

  // ---- the object model -----------------------------------------------------------------------

  private count(n: () => number): WpsCount {
    return this.options.countAsMethod ? (): number => n() : n();
  }

  /** A collection as this build has it: `Item` + `Count`, or callable. */
  private collection<T extends object, E extends object>(
    items: () => T[],
    byName: (name: string) => T | undefined,
    extra: E,
  ): E & { readonly Count: WpsCount } {
    const get = (index: number | string): T => {
      const item = typeof index === 'number' ? items()[index - 1] : byName(index);
      if (!item) throw new Error(`下标越界：${index}`);
      return item;
    };
    const target: object = this.options.callableCollections ? (index: number | string): T => get(index) : { Item: get };
    Object.assign(target, extra);
    Object.defineProperty(target, 'Count', {
      get: () => this.count(() => items().length),
    });
    return target as E & { readonly Count: WpsCount };
  }

  private worksheet(sheet: FakeWpsSheet): object {
    return ((fake: FakeWps): object => {
      return {
        get Name(): string {
          return sheet.name;
        },
        set Name(name: string) {
          fake.record({ op: 'Name', sheet: sheet.name, value: name });
          const other = fake.sheet(name);
          if (other && other !== sheet) throw new Error(`工作表名称 ${name} 已被使用`);
          if (fake.active?.sheet === sheet.name) fake.active.sheet = name;
          sheet.name = name;
        },
        get Visible(): number | boolean {
          if (fake.options.visibleAsBoolean && sheet.visible !== 2) return sheet.visible === -1;
          return sheet.visible;
        },
        set Visible(v: number) {
          fake.record({ op: 'Visible', sheet: sheet.name, value: v });
          if (v !== -1 && !fake.sheets.some((s) => s !== sheet && s.visible === -1)) throw new Error('工作簿中至少要有一张可见的工作表');
          sheet.visible = v;
          if (v !== -1 && fake.active?.sheet === sheet.name) {
            const next = fake.sheets.find((s) => s.visible === -1);
            fake.active = next ? { sheet: next.name, row: 1, col: 1 } : null;
          }
        },
        Range: (address: string): object => fake.range(sheet, address),
        get UsedRange(): object {
          let box: Rect | null = null;
          for (const k of sheet.cells.keys()) {
            const [row = 1, col = 1] = k.split(',').map(Number);
            box = box
              ? {
                  top: Math.min(box.top, row),
                  left: Math.min(box.left, col),
                  bottom: Math.max(box.bottom, row),
                  right: Math.max(box.right, col),
                }
              : { top: row, left: col, bottom: row, right: col };
          }
          const r = box ?? { top: 1, left: 1, bottom: 1, right: 1 };
          fake.record({ op: 'UsedRange', sheet: sheet.name });
          return fake.range(sheet, `${a1({ row: r.top, col: r.left })}:${a1({ row: r.bottom, col: r.right })}`);
        },
        Activate: (): void => {
          fake.record({ op: 'Activate', sheet: sheet.name });
          if (sheet.visible !== -1) throw new Error('不能激活隐藏的工作表');
          fake.active = { sheet: sheet.name, row: 1, col: 1 };
        },
        PageSetup: new Proxy(sheet.pageSetup, {
          set: (target, prop, value: unknown) => {
            fake.record({ op: `PageSetup.${String(prop)}`, sheet: sheet.name, value });
            target[String(prop)] = value;
            return true;
          },
        }),
        HPageBreaks: {
          Add: (before: { Row: number }): void => {
            fake.record({ op: 'HPageBreaks.Add', sheet: sheet.name, value: before.Row });
            sheet.pageBreaks.push(before.Row - 1);
          },
        },
        ResetAllPageBreaks: (): void => {
          fake.record({ op: 'ResetAllPageBreaks', sheet: sheet.name });
          sheet.pageBreaks.length = 0;
        },
      };
    })(this);
  }

  private range(sheet: FakeWpsSheet, address: string): object {
    return ((fake: FakeWps): object => {
      const rect = rectOf(address);
      const at = { sheet: sheet.name, address };
      const single = rect.top === rect.bottom && rect.left === rect.right;
      const setFormat = (prop: string, value: unknown): void => {
        fake.record({ op: prop, ...at, value });
        for (const { row, col } of cellsOf(rect)) {
          const f = sheet.formats.get(key(row, col)) ?? {};
          f[prop] = value;
          sheet.formats.set(key(row, col), f);
        }
      };
      const formatted = (prefix: string, props: readonly string[]): object => {
        const o = {};
        for (const p of props)
          Object.defineProperty(o, p, {
            get: () => fake.format(sheet.name, rect.top, rect.left)[`${prefix}${p}`],
            set: (v: unknown) => setFormat(`${prefix}${p}`, v),
          });
        return o;
      };
      const readMatrix = (pick: (row: number, col: number) => unknown): unknown => {
        const rows: unknown[][] = [];
        for (let row = rect.top; row <= rect.bottom; row++) {
          const line: unknown[] = [];
          for (let col = rect.left; col <= rect.right; col++) line.push(pick(row, col));
          rows.push(line);
        }
        return single ? rows[0]?.[0] : rows;
      };
      const writeMatrix = (op: string, input: unknown): void => {
        fake.record({ op, ...at, value: input });
        for (const { row, col } of cellsOf(rect)) {
          const v = Array.isArray(input) ? (input as unknown[][])[row - rect.top]?.[col - rect.left] : input;
          fake.put(sheet, row, col, v);
        }
        fake.raise('SheetChange', sheet.name, address);
      };
      const shown = (row: number, col: number): unknown => {
        const v = fake.valueOf(sheet.name, row, col);
        return isFormulaError(v) ? v.error : v;
      };
      const range: Record<string, unknown> = {
        Row: rect.top,
        Column: rect.left,
        Merge: (across?: boolean): void => {
          fake.record({ op: 'Merge', ...at, value: across });
          sheet.merges.push(rect);
          for (const { row, col } of cellsOf(rect)) if (row !== rect.top || col !== rect.left) sheet.cells.delete(key(row, col));
        },
        Select: (): void => {
          fake.record({ op: 'Select', ...at });
          if (fake.active?.sheet !== sheet.name) throw new Error('Range 类的 Select 方法无效（工作表未激活）');
          fake.active = { sheet: sheet.name, row: rect.top, col: rect.left };
        },
        Interior: formatted('Interior.', ['Color', 'ColorIndex']),
        Font: formatted('Font.', ['Name', 'Size', 'Bold', 'Color']),
        EntireColumn: {
          set Hidden(v: boolean) {
            fake.record({ op: 'EntireColumn.Hidden', ...at, value: v });
            for (let col = rect.left; col <= rect.right; col++) sheet.columns.set(col, { ...sheet.columns.get(col), hidden: v });
          },
        },
      };
      // Borders(i) / Borders.Item(i): one recorder per edge.
      const border = (edge: number | string): object => {
        const o = {};
        for (const p of ['LineStyle', 'Weight', 'Color'])
          Object.defineProperty(o, p, { set: (v: unknown) => setFormat(`Borders(${edge}).${p}`, v) });
        return o;
      };
      if (fake.options.callableCollections) {
        const borders = (edge: number | string): object => border(edge);
        Object.defineProperty(borders, 'Count', { get: () => fake.count(() => 6) });
        range['Borders'] = borders;
      } else {
        range['Borders'] = { Item: border, Count: fake.count(() => 6) };
      }
      for (const p of ['HorizontalAlignment', 'VerticalAlignment', 'WrapText', 'NumberFormat'])
        Object.defineProperty(range, p, {
          get: () => fake.format(sheet.name, rect.top, rect.left)[p],
          set: (v: unknown) => setFormat(p, v),
          enumerable: true,
        });
      Object.defineProperty(range, 'ColumnWidth', {
        set: (v: number) => {
          fake.record({ op: 'ColumnWidth', ...at, value: v });
          for (let col = rect.left; col <= rect.right; col++) sheet.columns.set(col, { ...sheet.columns.get(col), width: v });
        },
      });
      Object.defineProperty(range, 'RowHeight', {
        set: (v: number) => {
          fake.record({ op: 'RowHeight', ...at, value: v });
          for (let row = rect.top; row <= rect.bottom; row++) sheet.rows.set(row, v);
        },
      });
      const value = { get: () => readMatrix(shown), set: (v: unknown) => writeMatrix('Value2', v), enumerable: true };
      if (!fake.options.noValue2) Object.defineProperty(range, 'Value2', value);
      // `Value`, as in VBA, gives a number in a date or time format as a Date (`Value2` its serial number).
      const asValue = (row: number, col: number): unknown => {
        const v = shown(row, col);
        const format = fake.format(sheet.name, row, col)['NumberFormat'];
        return typeof v === 'number' && typeof format === 'string' && dateLikeFormat(format) ? new Date(Math.round((v - 25569) * 86400000)) : v;
      };
      Object.defineProperty(range, 'Value', { get: () => readMatrix(asValue), set: (v: unknown) => writeMatrix('Value', v), enumerable: true });
      Object.defineProperty(range, 'Formula', {
        get: () =>
          readMatrix((row, col) => {
            const c = fake.cell(sheet.name, row, col);
            if (!c) return '';
            if (c.formula !== undefined) return `=${c.formula}`;
            return typeof c.value === 'boolean' ? (c.value ? 'TRUE' : 'FALSE') : String(c.value ?? '');
          }),
        set: (v: unknown) => writeMatrix('Formula', v),
        enumerable: true,
      });
      if (!fake.options.noFormatConditions)
        range['FormatConditions'] = {
          Delete: (): void => {
            fake.record({ op: 'FormatConditions.Delete', ...at });
            const keep = sheet.conditionalFormats.filter((cf) => !sameRect(cf.range, rect));
            sheet.conditionalFormats.splice(0, sheet.conditionalFormats.length, ...keep);
          },
          Add: (type: number, operator: number | undefined, formula1: string): object => {
            fake.record({ op: 'FormatConditions.Add', ...at, value: [type, operator, formula1] });
            const active = fake.active;
            const cf: FakeConditionalFormat = {
              range: rect,
              type,
              formula: formula1,
              anchor: active?.sheet === sheet.name ? a1(active) : null,
            };
            sheet.conditionalFormats.push(cf);
            return {
              Interior: {
                set Color(v: number) {
                  cf.fill = v;
                },
              },
              Font: {
                set Color(v: number) {
                  cf.font = v;
                },
              },
            };
          },
        };
      if (!fake.options.noValidation) {
        const find = (): FakeValidation | undefined => sheet.validations.find((v) => sameRect(v.range, rect));
        const validation: Record<string, unknown> = {
          Delete: (): void => {
            fake.record({ op: 'Validation.Delete', ...at });
            const keep = sheet.validations.filter((v) => !sameRect(v.range, rect));
            sheet.validations.splice(0, sheet.validations.length, ...keep);
          },
          Add: (type: number, alertStyle: number, operator: number, formula1: string, formula2?: string): void => {
            fake.record({ op: 'Validation.Add', ...at, value: [type, alertStyle, operator, formula1, formula2] });
            if (find()) throw new Error('该区域已有数据有效性（先 Delete）');
            sheet.validations.push({ range: rect, type, alertStyle, operator, formula1, formula2 });
          },
        };
        for (const p of ['IgnoreBlank', 'InCellDropdown', 'ShowError', 'ErrorTitle', 'ErrorMessage'] as const)
          Object.defineProperty(validation, p, {
            set: (v: never) => {
              fake.record({ op: `Validation.${p}`, ...at, value: v });
              const dv = find();
              if (!dv) throw new Error('没有数据有效性可设置');
              dv[p] = v;
            },
          });
        range['Validation'] = validation;
      }
      return range;
    })(this);
  }

  private application(): WpsApplication {
    return ((fake: FakeWps): WpsApplication => {
      const worksheets = this.collection(
        () => fake.sheets.map((s) => fake.worksheet(s)),
        (name) => {
          const s = fake.sheet(name);
          return s ? fake.worksheet(s) : undefined;
        },
        {
          Add: (_before?: unknown, after?: { Name: string }): object => {
            fake.record({ op: 'Worksheets.Add', value: after?.Name });
            let n = fake.sheets.length + 1;
            while (fake.sheet(`Sheet${n}`)) n++;
            const sheet = fake.addSheet(`Sheet${n}`, after ? fake.must(after.Name) : undefined);
            fake.active = { sheet: sheet.name, row: 1, col: 1 };
            return fake.worksheet(sheet);
          },
        },
      );
      const nameItem = (n: { name: string; refersTo: string }): object => ({
        Name: n.name,
        RefersTo: n.refersTo,
        Delete: (): void => {
          fake.record({ op: 'Names.Delete', value: n.name });
          fake.names.delete(n.name.toLowerCase());
        },
      });
      const names = this.collection(
        () => [...fake.names.values()].map(nameItem),
        (name) => {
          const n = fake.names.get(name.toLowerCase());
          return n ? nameItem(n) : undefined;
        },
        {
          Add: (name: string, refersTo: string): void => {
            fake.record({ op: 'Names.Add', value: { name, refersTo } });
            fake.names.set(name.toLowerCase(), { name, refersTo });
            fake.cache.clear();
          },
        },
      );
      const workbook = { Worksheets: worksheets, Names: names };
      const app: Record<string, unknown> = { ScreenUpdating: true, DisplayAlerts: true };
      Object.defineProperties(app, {
        ActiveWorkbook: { get: () => workbook },
        ActiveSheet: {
          get: () => {
            const s = fake.active ? fake.sheet(fake.active.sheet) : undefined;
            return s ? fake.worksheet(s) : null;
          },
        },
        ActiveCell: {
          get: () => {
            const s = fake.active ? fake.sheet(fake.active.sheet) : undefined;
            return s && fake.active ? fake.range(s, `${columnLetters(fake.active.col)}${fake.active.row}`) : null;
          },
        },
      });
      if (!fake.options.noApiEvent)
        app['ApiEvent'] = {
          AddApiEventListener: (event: string, handler: WpsEventHandler): void => {
            fake.record({ op: 'AddApiEventListener', value: event });
            const set = fake.handlers.get(event) ?? new Set();
            set.add(handler);
            fake.handlers.set(event, set);
          },
          RemoveApiEventListener: (event: string, handler: WpsEventHandler): void => {
            fake.record({ op: 'RemoveApiEventListener', value: event });
            fake.handlers.get(event)?.delete(handler);
          },
        };
      return app as unknown as WpsApplication;
    })(this);
  }
}

/** A fake WPS 表格 (`fake.app` is what `createWpsHost` takes); one sheet `Sheet1` unless told otherwise. */
export function createFakeWps(options: FakeWpsOptions = {}): FakeWps {
  return new FakeWps(options);
}
