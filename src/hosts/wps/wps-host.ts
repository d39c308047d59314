import { a1, columnLetters, rangeA1, sheetPrefix, type Rect } from '../../core/layout/a1';
import { MARKS, STYLES, type CellStyle, type PlanValidation, type SheetPlan, type WorkbookPlan } from '../../core/layout/plan';
import { HostError, type HostFeatures, type SpreadsheetHost, type WorkbookOutline } from '../../core/port';
import { gridOf, type LoadedRange } from '../shared/grid';
import { cellInput, planInput, rectangles, runsOf, styleRectangles } from '../shared/plan-cells';
import {
  activeCellOf,
  bgr,
  cellOf,
  itemOf,
  itemsOf,
  matrixOf,
  readValues,
  visibilityOf,
  writeValues,
  type WpsApplication,
  type WpsRange,
  type WpsWorkbook,
  type WpsWorksheet,
} from './compat';

/**
 * The WPS 表格 host: the port over the synchronous ET object model of a WPS JS add-in. What to write
 * comes from the core's plan; how WPS builds differ is in compat.ts. Nothing here touches `window`:
 * the entry file passes `window.Application`.
 *
 * Constants are the Excel VBA enumeration values, which the WPS ET object model takes (documented by
 * WPS as "same as Excel"; not verified on a real WPS here).
 */

export interface WpsHostOptions {
  /**
   * For how long after its own write the host still takes `SheetChange` events for its own (ms). WPS is
   * assumed to raise them synchronously during the write; the grace covers builds that deliver later.
   */
  readonly ownChangeGraceMs?: number;
  readonly now?: () => number;
}

const XL = {
  sheetVisible: -1,
  sheetVeryHidden: 2,
  left: -4131,
  center: -4108,
  right: -4152,
  top: -4160,
  bottom: -4107,
  colorIndexNone: -4142,
  continuous: 1,
  thin: 2,
  edgeLeft: 7,
  edgeTop: 8,
  edgeBottom: 9,
  edgeRight: 10,
  insideVertical: 11,
  insideHorizontal: 12,
  expression: 2,
  validateWholeNumber: 1,
  validateDecimal: 2,
  validateList: 3,
  validAlertStop: 1,
  between: 1,
  greaterEqual: 7,
  paperA4: 9,
  portrait: 1,
} as const;

const H = { left: XL.left, center: XL.center, right: XL.right } as const;
const V = { top: XL.top, middle: XL.center, bottom: XL.bottom } as const;
const BLACK = 0;

function detail(cause: unknown): string {
  if (cause instanceof Error && cause.message) return cause.message;
  return String(cause);
}

/** Every port method is async; a WPS failure (thrown synchronously) becomes a HostError, cause kept. */
async function guard<T>(what: string, work: () => T): Promise<T> {
  await Promise.resolve();
  try {
    return work();
  } catch (cause) {
    if (cause instanceof HostError) throw cause;
    throw new HostError(`${what}失败：${detail(cause)}`, { cause });
  }
}

function workbookOf(app: WpsApplication): WpsWorkbook {
  const book = app.ActiveWorkbook;
  if (!book) throw new HostError('WPS 表格中没有打开的工作簿');
  return book;
}

/** Sheets by lower-case name (WPS, like Excel, compares sheet names without case). */
function sheetsByName(book: WpsWorkbook): Map<string, WpsWorksheet> {
  return new Map(itemsOf(book.Worksheets).map((s) => [s.Name.toLowerCase(), s]));
}

function setStyle(range: WpsRange, rect: Rect, style: CellStyle): void {
  const font = range.Font;
  font.Name = style.font.name;
  font.Size = style.font.size;
  font.Bold = style.font.bold ?? false;
  font.Color = style.font.color ? bgr(style.font.color) : BLACK;
  if (style.fill) range.Interior.Color = bgr(style.fill);
  else range.Interior.ColorIndex = XL.colorIndexNone;
  range.HorizontalAlignment = H[style.align.h];
  range.VerticalAlignment = V[style.align.v];
  range.WrapText = style.align.wrap;
  if (style.numberFormat) range.NumberFormat = style.numberFormat;
  if (!style.border) return;
  // Inside edges only where the range has them: every cell of a bordered block is boxed.
  const edges: number[] = [XL.edgeTop, XL.edgeBottom, XL.edgeLeft, XL.edgeRight];
  if (rect.bottom > rect.top) edges.push(XL.insideHorizontal);
  if (rect.right > rect.left) edges.push(XL.insideVertical);
  for (const edge of edges) {
    const border = itemOf(range.Borders, edge);
    border.LineStyle = XL.continuous;
    border.Weight = XL.thin;
    border.Color = BLACK;
  }
}

function addValidation(range: WpsRange, v: PlanValidation): void {
  const dv = range.Validation;
  if (!dv) return;
  dv.Delete();
  if (v.type === 'list') {
    dv.Add(XL.validateList, XL.validAlertStop, XL.between, v.items.join(','));
    dv.InCellDropdown = true;
  } else {
    const type = v.type === 'whole' ? XL.validateWholeNumber : XL.validateDecimal;
    if (v.max !== undefined) dv.Add(type, XL.validAlertStop, XL.between, String(v.min), String(v.max));
    else dv.Add(type, XL.validAlertStop, XL.greaterEqual, String(v.min));
  }
  dv.IgnoreBlank = true;
  dv.ShowError = true;
  dv.ErrorTitle = '年报助手';
  dv.ErrorMessage = v.message;
}

/**
 * Values and formulas. Constants go in as 2-D arrays through `Value2`, one per rectangle that the plan
 * fills completely (a write over a bounding box would clear the holes: WPS, unlike Office.js, has no
 * "leave unchanged" entry). Formulas go in one cell at a time through `Range.Formula = "=…"`: that is the
 * one form every build takes for certain (assigning an array to `Formula` is VBA behaviour not documented
 * for WPS JS; `FormulaArray` would make array (CSE) formulas, which the template's checks are not), and a
 * synchronous in-process call costs no round trip.
 */
function writeCells(sheet: WpsWorksheet, plan: SheetPlan): void {
  const last = new Map<string, SheetPlan['cells'][number]>();
  for (const c of plan.cells) if (planInput(c) !== null) last.set(`${c.row},${c.col}`, c);
  const constants = [...last.values()].filter((c) => c.formula === undefined);
  const at = new Map(constants.map((c) => [`${c.row},${c.col}`, planInput(c)]));
  for (const rect of rectangles(constants)) {
    const rows: (string | number | null)[][] = [];
    for (let r = rect.top; r <= rect.bottom; r++) {
      const row: (string | number | null)[] = [];
      for (let c = rect.left; c <= rect.right; c++) row.push(at.get(`${r},${c}`) ?? null);
      rows.push(row);
    }
    const range = sheet.Range(rangeA1(rect));
    // A single cell takes a scalar (the form every build accepts).
    writeValues(range, rows.length === 1 && rows[0]?.length === 1 ? rows[0][0] : rows);
  }
  for (const c of last.values()) if (c.formula !== undefined) sheet.Range(a1(c)).Formula = `=${c.formula}`;
}

function writeSheet(sheet: WpsWorksheet, plan: SheetPlan, features: HostFeatures): void {
  for (const [from, to, c] of runsOf(
    plan.columns,
    (c) => c.col,
    (c) => `${c.width}|${c.hidden === true}`,
  )) {
    const columns = sheet.Range(`${columnLetters(from)}:${columnLetters(to)}`);
    // Plan widths are Excel character units, which `ColumnWidth` takes as they are.
    columns.ColumnWidth = c.width;
    if (c.hidden) columns.EntireColumn.Hidden = true;
  }
  for (const [from, to, r] of runsOf(
    plan.rows,
    (r) => r.row,
    (r) => String(r.height),
  )) {
    sheet.Range(`${from}:${to}`).RowHeight = r.height;
  }

  writeCells(sheet, plan);
  for (const m of plan.merges) sheet.Range(rangeA1(m)).Merge(false);
  for (const [name, rects] of styleRectangles(plan.cells)) {
    for (const rect of rects) setStyle(sheet.Range(rangeA1(rect)), rect, STYLES[name]);
  }

  if (features.conditionalFormats && plan.conditionalFormats.length > 0) addConditionalFormats(sheet, plan);
  if (features.dataValidation) for (const v of plan.validations) addValidation(sheet.Range(rangeA1(v.range)), v);

  if (features.printSetup && plan.print) {
    const page = sheet.PageSetup;
    page.PrintArea = rangeA1(plan.print.area, true);
    page.PaperSize = XL.paperA4;
    page.Orientation = XL.portrait;
    page.CenterHorizontally = true;
    // The exceljs replayer's margins (inches) in points.
    page.LeftMargin = 36;
    page.RightMargin = 36;
    page.TopMargin = 43.2;
    page.BottomMargin = 43.2;
    page.HeaderMargin = 21.6;
    page.FooterMargin = 21.6;
    sheet.ResetAllPageBreaks();
    for (const row of plan.print.breaksAfter) sheet.HPageBreaks.Add(sheet.Range(`A${row + 1}`));
  }
}

/**
 * Conditional formats. A rule's relative references are meant relative to its range's top-left cell.
 * Excel's VBA reads them relative to the active cell instead; whether WPS does too is not known. So the
 * top-left cell is selected before each `Add`: both readings then agree. That needs the sheet active, so
 * a very hidden sheet (which cannot be activated) gets its rules without the selection (none in the
 * template). The plan owns these cells' marks: their rules are deleted before adding, so a repair does not
 * pile up copies.
 */
function addConditionalFormats(sheet: WpsWorksheet, plan: SheetPlan): void {
  const canSelect = plan.visibility === 'visible';
  if (canSelect) sheet.Activate();
  const cleared = new Set<string>();
  for (const cf of plan.conditionalFormats) {
    const address = rangeA1(cf.range);
    const range = sheet.Range(address);
    const formats = range.FormatConditions;
    if (!formats) return;
    if (!cleared.has(address)) {
      formats.Delete();
      cleared.add(address);
    }
    if (canSelect) sheet.Range(a1({ row: cf.range.top, col: cf.range.left })).Select();
    const mark = MARKS[cf.mark];
    const rule = formats.Add(XL.expression, undefined, `=${cf.formula}`);
    rule.Interior.Color = bgr(mark.fill);
    rule.Font.Color = bgr(mark.font);
  }
}

/** The clerk's view (active sheet and cell) before a write that has to move it, and back afterwards. */
function keepView(app: WpsApplication): () => void {
  const sheet = app.ActiveSheet;
  const cell = activeCellOf(app);
  const address = cell ? a1({ row: cell.Row, col: cell.Column }) : null;
  return () => {
    if (!sheet || visibilityOf(sheet.Visible) !== 'visible') return;
    sheet.Activate();
    if (address) sheet.Range(address).Select();
  };
}

/** Replays a plan: every sheet first (formulas of one refer to the others), then each sheet, then names. */
function applyPlan(app: WpsApplication, plan: WorkbookPlan, features: HostFeatures): void {
  const book = workbookOf(app);
  const restore = keepView(app);
  const existing = sheetsByName(book);
  const sheets = plan.sheets.map((p) => {
    let sheet = existing.get(p.name.toLowerCase());
    if (!sheet) {
      const all = itemsOf(book.Worksheets);
      sheet = book.Worksheets.Add(undefined, all[all.length - 1]);
      sheet.Name = p.name;
      existing.set(p.name.toLowerCase(), sheet);
    }
    return [p, sheet] as const;
  });
  // Visible first, so that a sheet to hide is never the last visible one while the others are hidden.
  for (const [p, sheet] of sheets) if (p.visibility === 'visible') sheet.Visible = XL.sheetVisible;
  for (const [p, sheet] of sheets) writeSheet(sheet, p, features);
  restore();
  for (const [p, sheet] of sheets) if (p.visibility === 'veryHidden') sheet.Visible = XL.sheetVeryHidden;

  const names = new Map(itemsOf(book.Names).map((n) => [n.Name.toLowerCase(), n]));
  for (const n of plan.names) {
    names.get(n.name.toLowerCase())?.Delete();
    book.Names.Add(n.name, `=${sheetPrefix(n.sheet)}${rangeA1(n.range, true)}`);
  }
}

/** What a cell shown as a date has for a format when its own cannot be read: it is a date, that much is known. */
const SHOWN_AS_DATE = 'yyyy/m/d';

/**
 * The number formats of the cells the used range shows as dates (others left unknown). `Value` gives such
 * a cell as a Date where `Value2` gives its serial number (VBA's rule, which the ET object model follows; a
 * build without `Value2` gave `read` through `Value`). Only those cells' formats are read, one by one: a
 * range's `NumberFormat` is null when its cells' formats differ, as a template's always do.
 */
function dateFormats(sheet: WpsWorksheet, used: WpsRange, read: readonly (readonly unknown[])[]): unknown[][] | undefined {
  let shown: readonly (readonly unknown[])[];
  try {
    shown = 'Value2' in used ? matrixOf(used.Value) : read;
  } catch {
    return undefined; // no dates told apart: numbers read as numbers, as before
  }
  let formats: unknown[][] | undefined;
  shown.forEach((line, r) =>
    line.forEach((v, c) => {
      if (!(v instanceof Date)) return;
      formats ??= shown.map((l) => l.map(() => undefined));
      let code: unknown;
      try {
        code = sheet.Range(a1({ row: used.Row + r, col: used.Column + c })).NumberFormat;
      } catch {
        code = undefined;
      }
      const row = formats[r];
      if (row) row[c] = typeof code === 'string' && code !== '' ? code : SHOWN_AS_DATE;
    }),
  );
  return formats;
}

/** A sheet's used range as rows of values and formulas, and the formats of the cells it shows as dates. */
function loadedRange(sheet: WpsWorksheet): LoadedRange {
  const used = sheet.UsedRange;
  const read = matrixOf(readValues(used));
  const values = read.map((row) => row.map(cellOf));
  const formulas = matrixOf(used.Formula).map((row, r) =>
    row.map((f, c) => {
      // `Formula` of a text constant is its text: `=说明` written as text is not a formula. Its value is
      // the same text, which no formula of the template evaluates to.
      const v = values[r]?.[c];
      return typeof f === 'string' && f.startsWith('=') && v !== f ? f : '';
    }),
  );
  const numberFormats = dateFormats(sheet, used, read);
  return { rowIndex: used.Row - 1, columnIndex: used.Column - 1, values, formulas, ...(numberFormats ? { numberFormats } : {}) };
}

/** What this build has: the objects looked for on a cell of the active sheet, and `ApiEvent`. */
function featuresOf(app: WpsApplication): HostFeatures {
  let probe: WpsRange | null = null;
  try {
    probe = app.ActiveSheet?.Range('A1') ?? null;
  } catch {
    // No sheet to look at (no workbook open yet): assume the build has them, as current builds do.
  }
  const has = (key: 'FormatConditions' | 'Validation'): boolean => (probe ? probe[key] !== undefined && probe[key] !== null : true);
  return {
    conditionalFormats: has('FormatConditions'),
    dataValidation: has('Validation'),
    changeEvents: typeof app.ApiEvent?.AddApiEventListener === 'function',
    printSetup: true,
  };
}

export function createWpsHost(app: WpsApplication, options: WpsHostOptions = {}): SpreadsheetHost {
  const features = featuresOf(app);
  const now = options.now ?? ((): number => Date.now());
  const grace = options.ownChangeGraceMs ?? 300;
  let writing = 0;
  let quietUntil = Number.NEGATIVE_INFINITY;

  /** Runs a write with the screen still; `SheetChange` events raised during it (and just after) are the host's own. */
  const own = <T>(work: () => T): T => {
    writing++;
    const screen = app.ScreenUpdating;
    const alerts = app.DisplayAlerts;
    // Merging cells could otherwise ask the clerk (as Excel does) whether to keep only the top-left value.
    if (screen !== undefined) app.ScreenUpdating = false;
    if (alerts !== undefined) app.DisplayAlerts = false;
    try {
      return work();
    } finally {
      if (screen !== undefined) app.ScreenUpdating = screen;
      if (alerts !== undefined) app.DisplayAlerts = alerts;
      writing--;
      quietUntil = now() + grace;
    }
  };

  const listeners = new Set<() => void>();
  const onSheetChange = (): void => {
    if (writing > 0 || now() < quietUntil) return;
    for (const listener of [...listeners]) listener();
  };
  let registered = false;

  return {
    label: 'WPS 表格',
    features,

    outline: () =>
      guard('读取工作表列表', (): WorkbookOutline => {
        const book = workbookOf(app);
        const sheets = itemsOf(book.Worksheets).map((s) => ({ name: s.Name, visibility: visibilityOf(s.Visible) }));
        const names = itemsOf(book.Names).map((n) => n.Name);
        const sheet = app.ActiveSheet;
        const cell = activeCellOf(app);
        return { sheets, names, active: sheet && cell ? { sheet: sheet.Name, row: cell.Row, col: cell.Column } : null };
      }),

    isEmpty: (sheetName, rect) =>
      guard('检查区域是否为空', () => {
        const sheet = sheetsByName(workbookOf(app)).get(sheetName.toLowerCase());
        if (!sheet) return true;
        // `Formula` gives '' for an empty cell and the text of anything else, formulas included.
        return matrixOf(sheet.Range(rangeA1(rect)).Formula).every((row) => row.every((f) => f === '' || f === null || f === undefined));
      }),

    // No use for an outline (`known`): the ET object model answers in-process, so looking at what exists
    // costs no round trip, and what applyPlan sees is the workbook as it is now.
    apply: (plan) => guard('写入模板', () => own(() => applyPlan(app, plan, features))),

    read: (names) =>
      guard('读取工作簿', () => {
        const all = itemsOf(workbookOf(app).Worksheets);
        const byName = new Map(all.map((s) => [s.Name.toLowerCase(), s]));
        const ranges = new Map<string, LoadedRange>();
        for (const name of names) {
          const sheet = byName.get(name.toLowerCase());
          if (sheet) ranges.set(name, loadedRange(sheet));
        }
        return gridOf(
          all.map((s) => ({ name: s.Name, visibility: visibilityOf(s.Visible) })),
          ranges,
        );
      }),

    write: (cells) =>
      guard('写入单元格', () =>
        own(() => {
          const sheets = sheetsByName(workbookOf(app));
          for (const cell of cells) {
            const sheet = sheets.get(cell.sheet.toLowerCase());
            if (!sheet) throw new Error(`没有名为“${cell.sheet}”的工作表`);
            writeValues(sheet.Range(a1(cell)), cellInput(cell.value));
          }
        }),
      ),

    select: (at) =>
      guard(`选中单元格 ${at.sheet}!${a1(at)} `, () => {
        const sheet = sheetsByName(workbookOf(app)).get(at.sheet.toLowerCase());
        if (!sheet) throw new Error(`没有名为“${at.sheet}”的工作表`);
        sheet.Activate();
        sheet.Range(a1(at)).Select();
      }),

    onChange: async (listener) => {
      const events = app.ApiEvent;
      if (!features.changeEvents || !events) return () => undefined;
      if (!registered) {
        await guard('监听工作表修改', () => events.AddApiEventListener('SheetChange', onSheetChange));
        registered = true;
      }
      listeners.add(listener);
      return () => {
        if (!listeners.delete(listener) || listeners.size > 0 || !registered) return;
        registered = false;
        try {
          events.RemoveApiEventListener('SheetChange', onSheetChange);
        } catch {
          // Nothing to tell anyone: with no listener left the handler calls no one even if it stays.
        }
      };
    },
  };
}
