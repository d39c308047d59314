import ExcelJS from 'exceljs';
import { columnLetters, rangeA1, sheetPrefix } from '../../core/layout/a1';
import { MARKS, STYLES, type CellStyle, type PlanValidation, type SheetPlan, type WorkbookPlan } from '../../core/layout/plan';

const argb = (rgb: string): string => `FF${rgb}`;
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } };

function applyStyle(cell: ExcelJS.Cell, style: CellStyle): void {
  cell.font = { name: style.font.name, size: style.font.size, ...(style.font.bold ? { bold: true } : {}), ...(style.font.color ? { color: { argb: argb(style.font.color) } } : {}) };
  if (style.fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(style.fill) } };
  cell.alignment = { horizontal: style.align.h, vertical: style.align.v, wrapText: style.align.wrap };
  if (style.border) cell.border = { top: THIN, left: THIN, bottom: THIN, right: THIN };
  if (style.numberFormat) cell.numFmt = style.numberFormat;
}

function validation(v: PlanValidation): ExcelJS.DataValidation {
  const common = { allowBlank: true, showErrorMessage: true, errorStyle: 'stop', errorTitle: '年报助手', error: v.message } as const;
  if (v.type === 'list') return { ...common, type: 'list', formulae: [`"${v.items.join(',')}"`] };
  if (v.max !== undefined) return { ...common, type: v.type, operator: 'between', formulae: [v.min, v.max] };
  return { ...common, type: v.type, operator: 'greaterThanOrEqual', formulae: [v.min] };
}

function writeSheet(wb: ExcelJS.Workbook, plan: SheetPlan): void {
  const ws = wb.addWorksheet(plan.name, {
    state: plan.visibility,
    properties: { defaultRowHeight: 18 },
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true },
  });
  for (const c of plan.columns) {
    const col = ws.getColumn(c.col);
    col.width = c.width;
    if (c.hidden) col.hidden = true;
  }
  for (const r of plan.rows) ws.getRow(r.row).height = r.height;
  for (const m of plan.merges) ws.mergeCells(m.top, m.left, m.bottom, m.right);
  for (const c of plan.cells) {
    const cell = ws.getCell(c.row, c.col);
    if (c.formula !== undefined) {
      cell.value = c.result !== undefined ? ({ formula: c.formula, result: c.result }) : ({ formula: c.formula });
    } else if (c.value !== undefined) {
      cell.value = c.value;
    }
    if (c.style) applyStyle(cell, STYLES[c.style]);
  }
  let priority = 1;
  for (const cf of plan.conditionalFormats) {
    const mark = MARKS[cf.mark];
    ws.addConditionalFormatting({
      ref: rangeA1(cf.range),
      rules: [
        {
          type: 'expression',
          priority: priority++,
          formulae: [cf.formula],
          style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: argb(mark.fill) } }, font: { color: { argb: argb(mark.font) } } },
        },
      ],
    });
  }
  for (const v of plan.validations) {
    for (let r = v.range.top; r <= v.range.bottom; r++) {
      for (let c = v.range.left; c <= v.range.right; c++) ws.getCell(r, c).dataValidation = validation(v);
    }
  }
  if (plan.print) {
    // exceljs writes `$` before each corner as given: `A$18` becomes `$A$18`. A print area with relative
    // rows (`$A18:$O68`) is ignored by LibreOffice, which then prints the whole sheet, status column included.
    const { top, left, bottom, right } = plan.print.area;
    ws.pageSetup.printArea = `${columnLetters(left)}$${top}:${columnLetters(right)}$${bottom}`;
    ws.pageSetup.margins = { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 };
    for (const row of plan.print.breaksAfter) ws.getRow(row).addPageBreak();
  }
}

/** Replay a workbook plan into a new .xlsx (exceljs). Formulas are recalculated when the file is opened. */
export async function writeWorkbook(plan: WorkbookPlan): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '年报助手';
  wb.calcProperties.fullCalcOnLoad = true;
  for (const sheet of plan.sheets) writeSheet(wb, sheet);
  for (const n of plan.names) wb.definedNames.add(sheetPrefix(n.sheet) + rangeA1(n.range, true), n.name);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
