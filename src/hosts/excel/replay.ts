import { columnLetters, rangeA1, sheetPrefix, type Rect } from '../../core/layout/a1';
import { MARKS, STYLES, type CellStyle, type PlanValidation, type SheetPlan, type WorkbookPlan } from '../../core/layout/plan';
import { boundingBox, matrixOver, planInput, runsOf, styleRectangles } from '../shared/plan-cells';
import { columnWidthPoints } from './cell-input';
import type { ExcelCapabilities } from './features';

/**
 * Queue a workbook plan on an Office.js context: the same workbook as the exceljs replayer
 * (`src/hosts/xlsx/write.ts`) builds, as commands only. Nothing here reads or syncs; the caller syncs
 * once after it. Enum values are written as their string literals, so no Office global is touched.
 */

/** What the workbook holds already (lower case: Excel compares sheet and defined names without case). */
export interface WorkbookState {
  readonly sheets: ReadonlySet<string>;
  readonly names: ReadonlySet<string>;
}

const H = { left: 'Left', center: 'Center', right: 'Right' } as const;
const V = { top: 'Top', middle: 'Center', bottom: 'Bottom' } as const;
type Edge = 'EdgeTop' | 'EdgeBottom' | 'EdgeLeft' | 'EdgeRight' | 'InsideHorizontal' | 'InsideVertical';
const EDGES: readonly Edge[] = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight'];
const BLACK = '#000000';

const color = (rgb: string): string => `#${rgb}`;

function queueStyle(range: Excel.Range, rect: Rect, style: CellStyle): void {
  const format = range.format;
  format.font.name = style.font.name;
  format.font.size = style.font.size;
  format.font.bold = style.font.bold ?? false;
  format.font.color = style.font.color ? color(style.font.color) : BLACK;
  if (style.fill) format.fill.color = color(style.fill);
  else format.fill.clear();
  format.horizontalAlignment = H[style.align.h];
  format.verticalAlignment = V[style.align.v];
  format.wrapText = style.align.wrap;
  if (!style.border) return;
  // Inside edges only where the range has them: every cell of a bordered block is boxed.
  const edges: Edge[] = [...EDGES];
  if (rect.bottom > rect.top) edges.push('InsideHorizontal');
  if (rect.right > rect.left) edges.push('InsideVertical');
  for (const edge of edges) {
    const border = format.borders.getItem(edge);
    border.style = 'Continuous';
    border.weight = 'Thin';
    border.color = BLACK;
  }
}

function validationRule(v: PlanValidation): Excel.DataValidationRule {
  if (v.type === 'list') return { list: { inCellDropDown: true, source: v.items.join(',') } };
  const basic: Excel.BasicDataValidation =
    v.max !== undefined ? { formula1: v.min, formula2: v.max, operator: 'Between' } : { formula1: v.min, operator: 'GreaterThanOrEqualTo' };
  return v.type === 'whole' ? { wholeNumber: basic } : { decimal: basic };
}

function queueSheet(sheet: Excel.Worksheet, plan: SheetPlan, caps: ExcelCapabilities): void {
  for (const [from, to, c] of runsOf(
    plan.columns,
    (c) => c.col,
    (c) => `${c.width}|${c.hidden === true}`,
  )) {
    const columns = sheet.getRange(`${columnLetters(from)}:${columnLetters(to)}`);
    columns.format.columnWidth = columnWidthPoints(c.width);
    if (c.hidden) columns.columnHidden = true;
  }
  for (const [from, to, r] of runsOf(
    plan.rows,
    (r) => r.row,
    (r) => String(r.height),
  )) {
    sheet.getRange(`${from}:${to}`).format.rowHeight = r.height;
  }

  // Values and formulas: one write over the bounding box, null (unchanged) where the plan has nothing.
  const written = plan.cells.filter((c) => planInput(c) !== null);
  const box = boundingBox(written);
  if (box) sheet.getRange(rangeA1(box)).formulas = matrixOver(box, written, planInput);
  const numberFormat = (c: SheetPlan['cells'][number]): string | null => (c.style ? (STYLES[c.style].numberFormat ?? null) : null);
  const formatted = plan.cells.filter((c) => numberFormat(c) !== null);
  const formatBox = boundingBox(formatted);
  if (formatBox) sheet.getRange(rangeA1(formatBox)).numberFormat = matrixOver(formatBox, formatted, numberFormat);

  for (const m of plan.merges) sheet.getRange(rangeA1(m)).merge(false);

  // Each cell's last style (as when replayed cell by cell), then one range per rectangle of a style.
  for (const [name, rects] of styleRectangles(plan.cells)) {
    for (const rect of rects) queueStyle(sheet.getRange(rangeA1(rect)), rect, STYLES[name]);
  }

  if (caps.features.conditionalFormats) {
    // The plan owns these cells' marks: clear what a paste left there before adding, so a repair does
    // not pile up copies.
    const cleared = new Set<string>();
    for (const cf of plan.conditionalFormats) {
      const address = rangeA1(cf.range);
      const formats = sheet.getRange(address).conditionalFormats;
      if (!cleared.has(address)) {
        formats.clearAll();
        cleared.add(address);
      }
      const mark = MARKS[cf.mark];
      const custom = formats.add('Custom').custom;
      custom.rule.formula = `=${cf.formula}`;
      custom.format.fill.color = color(mark.fill);
      custom.format.font.color = color(mark.font);
    }
  }

  if (caps.features.dataValidation) {
    for (const v of plan.validations) {
      const dv = sheet.getRange(rangeA1(v.range)).dataValidation;
      dv.clear();
      dv.rule = validationRule(v);
      dv.errorAlert = { message: v.message, showAlert: true, style: 'Stop', title: '年报助手' };
      dv.ignoreBlanks = true;
    }
  }

  if (caps.features.printSetup && plan.print) {
    const layout = sheet.pageLayout;
    layout.setPrintArea(rangeA1(plan.print.area, true));
    layout.paperSize = 'A4';
    layout.orientation = 'Portrait';
    layout.centerHorizontally = true;
    // The exceljs replayer's margins (inches) in points.
    layout.leftMargin = 36;
    layout.rightMargin = 36;
    layout.topMargin = 43.2;
    layout.bottomMargin = 43.2;
    layout.headerMargin = 21.6;
    layout.footerMargin = 21.6;
    sheet.horizontalPageBreaks.removePageBreaks();
    for (const row of plan.print.breaksAfter) sheet.horizontalPageBreaks.add(`A${row + 1}`);
  }
}

/**
 * Queue every operation of `plan`: missing sheets added, existing ones written into. `state` may be wrong
 * (an outline read before the workbook changed): the batch then fails, and the order here makes the failure
 * come before anything it would misplace. Each sheet is added or, if it exists, touched (its visibility)
 * in the plan's order, so a sheet that is gone fails before a later sheet is added, and a retry adds it
 * where it belongs; a sheet or a name that came fails on its `add`.
 */
export function queuePlan(context: Excel.RequestContext, plan: WorkbookPlan, state: WorkbookState, caps: ExcelCapabilities): void {
  const worksheets = context.workbook.worksheets;
  // Every sheet first: the formulas of one sheet refer to the others.
  const handles = plan.sheets.map((s) => {
    const sheet = state.sheets.has(s.name.toLowerCase()) ? worksheets.getItem(s.name) : worksheets.add(s.name);
    sheet.visibility = s.visibility === 'veryHidden' ? 'VeryHidden' : 'Visible';
    return [s, sheet] as const;
  });
  for (const [plan, sheet] of handles) queueSheet(sheet, plan, caps);
  if (!caps.namesAndNullObjects) return;
  const names = context.workbook.names;
  for (const n of plan.names) {
    if (state.names.has(n.name.toLowerCase())) names.getItem(n.name).delete();
    names.add(n.name, `=${sheetPrefix(n.sheet)}${rangeA1(n.range, true)}`);
  }
}
