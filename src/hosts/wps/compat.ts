/**
 * The subset of the WPS 表格 (ET) object model the adapter calls, and every build difference in one place.
 *
 * WPS JS add-ins get a synchronous, VBA-like object model on `window.Application` (WPS 加载项开发文档,
 * "ET 对象模型"). Builds are known to differ in a few spots; the helpers below absorb them, so the rest of
 * the adapter never asks which build it runs on:
 * - a collection's `Count` is a property on most builds and a method on some;
 * - an item is `Worksheets.Item(i)` on most builds; on some only `Worksheets(i)` (the collection callable);
 * - `Range.Value2` (raw values: dates as serial numbers) is missing on some builds, where `Range.Value` is used;
 * - `Worksheet.Visible` reads as -1 / 0 / 2 (xlSheetVisible / xlSheetHidden / xlSheetVeryHidden) or as a boolean;
 * - a multi-cell `Value2`/`Formula` reads as an array of rows, a single cell as a scalar;
 * - an error value may come back as the text (`#DIV/0!`) or as the COM error code (-2146826281).
 * Which of these a given build does is assumed from VBA and reports about WPS builds, not verified on WPS.
 */

/** A count that is a property on most builds and a method on some. */
export type WpsCount = number | (() => number);

/** A WPS collection: `Item(i)` (1-based, or by name) on most builds. */
export interface WpsItems<T> {
  readonly Count: WpsCount;
  Item(index: number | string): T;
}
/** A WPS collection that is itself callable (`Worksheets(1)`), as on some builds. */
export type WpsCallable<T> = ((index: number | string) => T) & { readonly Count: WpsCount };
export type WpsCollection<T> = WpsItems<T> | WpsCallable<T>;

export interface WpsFont {
  Name: string;
  Size: number;
  Bold: boolean;
  /** BGR. */
  Color: number;
}

export interface WpsInterior {
  /** BGR. */
  Color: number;
  /** `xlColorIndexNone` (-4142) clears the fill. */
  ColorIndex: number;
}

export interface WpsBorder {
  LineStyle: number;
  Weight: number;
  Color: number;
}

export interface WpsFormatCondition {
  readonly Interior: WpsInterior;
  readonly Font: Pick<WpsFont, 'Color'>;
}

export interface WpsFormatConditions {
  /** `Add(xlExpression = 2, undefined, "=…")` for a formula rule. */
  Add(type: number, operator?: number, formula1?: string, formula2?: string): WpsFormatCondition;
  Delete(): void;
}

export interface WpsValidation {
  Add(type: number, alertStyle: number, operator: number, formula1: string, formula2?: string): void;
  Delete(): void;
  IgnoreBlank: boolean;
  InCellDropdown: boolean;
  ShowError: boolean;
  ErrorTitle: string;
  ErrorMessage: string;
}

export interface WpsRange {
  /** Missing on some builds: go through `readValues`/`writeValues`. */
  Value2?: unknown;
  Value?: unknown;
  Formula: unknown;
  readonly Row: number;
  readonly Column: number;
  Merge(across?: boolean): void;
  Select(): unknown;
  readonly Interior: WpsInterior;
  readonly Font: WpsFont;
  HorizontalAlignment: number;
  VerticalAlignment: number;
  WrapText: boolean;
  NumberFormat: string;
  /** `Borders.Item(xlEdgeTop)`, or `Borders(xlEdgeTop)` on some builds. */
  readonly Borders: WpsCollection<WpsBorder>;
  /** Characters of the default font: the plan's (Excel's) unit. */
  ColumnWidth: number;
  /** Points. */
  RowHeight: number;
  readonly EntireColumn: { Hidden: boolean };
  /** Missing where a build has no conditional formats. */
  readonly FormatConditions?: WpsFormatConditions;
  /** Missing where a build has no data validation. */
  readonly Validation?: WpsValidation;
}

export interface WpsPageSetup {
  PrintArea: string;
  PaperSize: number;
  Orientation: number;
  CenterHorizontally: boolean;
  LeftMargin: number;
  RightMargin: number;
  TopMargin: number;
  BottomMargin: number;
  HeaderMargin: number;
  FooterMargin: number;
}

export interface WpsWorksheet {
  Name: string;
  Visible: number | boolean;
  Range(address: string): WpsRange;
  readonly UsedRange: WpsRange;
  Activate(): void;
  readonly PageSetup: WpsPageSetup;
  readonly HPageBreaks: { Add(before: WpsRange): unknown };
  ResetAllPageBreaks(): void;
}

export type WpsWorksheets = WpsCollection<WpsWorksheet> & {
  /** `Add(Before, After)`: a new sheet after `after` (and activated, as in Excel). */
  Add(before?: WpsWorksheet, after?: WpsWorksheet): WpsWorksheet;
};

export interface WpsName {
  readonly Name: string;
  Delete(): void;
}

export type WpsNames = WpsCollection<WpsName> & {
  /** `Names.Add(Name, RefersTo)`, `RefersTo` as `='年报'!$A$1:$B$2`. */
  Add(name: string, refersTo: string): unknown;
};

export interface WpsWorkbook {
  readonly Worksheets: WpsWorksheets;
  readonly Names: WpsNames;
}

export type WpsEventHandler = (...args: unknown[]) => void;

export interface WpsApiEvent {
  AddApiEventListener(event: string, handler: WpsEventHandler): unknown;
  RemoveApiEventListener(event: string, handler: WpsEventHandler): unknown;
}

/** `window.Application` of WPS 表格, as far as the adapter uses it. */
export interface WpsApplication {
  readonly ActiveWorkbook: WpsWorkbook | null;
  readonly ActiveSheet: WpsWorksheet | null;
  /** Null (or throwing) when the selection is not a range, such as a chart. */
  readonly ActiveCell: WpsRange | null;
  /** Missing on builds without add-in events. */
  readonly ApiEvent?: WpsApiEvent;
  ScreenUpdating?: boolean;
  DisplayAlerts?: boolean;
}

/** `Count`, a property or a method. */
export function countOf(collection: { readonly Count: WpsCount }): number {
  const count = collection.Count;
  return typeof count === 'function' ? count.call(collection) : count;
}

/** `collection.Item(i)`, or `collection(i)` where the build has no `Item`. */
export function itemOf<T>(collection: WpsCollection<T>, index: number | string): T {
  if ('Item' in collection && typeof collection.Item === 'function') return collection.Item(index);
  if (typeof collection === 'function') return collection(index);
  throw new TypeError('WPS 集合既没有 Item 方法也不能直接调用');
}

/** Every item, 1 to Count. */
export function itemsOf<T>(collection: WpsCollection<T>): T[] {
  const out: T[] = [];
  const n = countOf(collection);
  for (let i = 1; i <= n; i++) out.push(itemOf(collection, i));
  return out;
}

/** `Value2`, or `Value` where the build has no `Value2`. */
export function readValues(range: WpsRange): unknown {
  return 'Value2' in range ? range.Value2 : range.Value;
}

/** Writes raw values: `Value2`, or `Value` where the build has no `Value2`. */
export function writeValues(range: WpsRange, values: unknown): void {
  if ('Value2' in range) range.Value2 = values;
  else range.Value = values;
}

/** What a multi-cell read gives as rows: arrays of rows as they are, a scalar (one cell) as `[[v]]`. */
export function matrixOf(read: unknown): unknown[][] {
  if (!Array.isArray(read)) return [[read]];
  const rows: unknown[] = read;
  // A single row may come back flat on some builds (assumed, not seen).
  return rows.every((r) => Array.isArray(r)) ? (rows as unknown[][]) : [rows];
}

/** COM error codes (`CVErr`, as VT_ERROR SCODE) → the error's text. */
const ERROR_CODES: ReadonlyMap<number, string> = new Map([
  [-2146826288, '#NULL!'],
  [-2146826281, '#DIV/0!'],
  [-2146826273, '#VALUE!'],
  [-2146826265, '#REF!'],
  [-2146826259, '#NAME?'],
  [-2146826252, '#NUM!'],
  [-2146826246, '#N/A'],
]);

/** One cell as read: errors as their text, dates (from `Value`) as serial numbers, empty as null. */
export function cellOf(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return ERROR_CODES.get(v) ?? v;
  if (v instanceof Date) return v.getTime() / 86400000 + 25569;
  return v;
}

/** The sheet's visibility, whichever form the build reads it in. */
export function visibilityOf(visible: number | boolean): 'visible' | 'hidden' | 'veryHidden' {
  if (visible === 2) return 'veryHidden';
  return visible === true || visible === -1 || visible === 1 ? 'visible' : 'hidden';
}

/** The active cell, or null where the selection is not a range (some builds throw, others give null). */
export function activeCellOf(app: WpsApplication): WpsRange | null {
  try {
    return app.ActiveCell ?? null;
  } catch {
    return null;
  }
}

/** RRGGBB (the plan's colours) → the BGR integer WPS takes (`Interior.Color`, `Font.Color`). The only conversion. */
export function bgr(rgb: string): number {
  const n = parseInt(rgb, 16);
  return ((n & 0xff) << 16) | (n & 0xff00) | ((n >> 16) & 0xff);
}
