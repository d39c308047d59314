import type { WorkbookGrid } from '../import/grid';
import type { CellValue } from '../report/types';
import { STYLES, type WorkbookPlan } from './plan';

/**
 * A workbook as plans say it is once replayed, without asking a spreadsheet: each plan cell's value, a
 * formula showing the `result` the core planned for it (what a spreadsheet computes for a freshly written
 * plan; the LibreOffice tests hold the core to that), and the number format of its style.
 *
 * Only the cells the plans write are known: every other cell reads as blank, as a sheet a host did not
 * load reads. So it stands for a real reading only where nothing else in the workbook is looked at: the
 * task pane uses it right after 插入模板 (see the controller), tests use it for workbooks made of plans.
 */

type SheetList = WorkbookGrid['sheets'];

interface Held {
  readonly value: CellValue;
  readonly formula: string | null;
  readonly numberFormat: string | null;
}

const key = (sheet: string, row: number, col: number): string => `${sheet.toLowerCase()}\u0000${row}\u0000${col}`;

/**
 * `plans` replayed in order over a workbook whose sheets are `existing` (their cells unknown): the sheets
 * are those, then each plan's new ones after them, as the hosts add them; a plan's sheet takes the
 * plan's visibility. Sheet names are matched without case, as spreadsheets match them.
 */
export function plannedGrid(plans: readonly WorkbookPlan[], existing: SheetList = []): WorkbookGrid {
  const sheets = new Map<string, { name: string; visibility: SheetList[number]['visibility'] }>();
  for (const s of existing) sheets.set(s.name.toLowerCase(), { name: s.name, visibility: s.visibility });
  const cells = new Map<string, Held>();
  for (const plan of plans) {
    for (const sheet of plan.sheets) {
      const known = sheets.get(sheet.name.toLowerCase());
      sheets.set(sheet.name.toLowerCase(), { name: known?.name ?? sheet.name, visibility: sheet.visibility });
      for (const c of sheet.cells) {
        const k = key(sheet.name, c.row, c.col);
        const prior = cells.get(k);
        // A style-only cell keeps what the cell holds; a style without a number format keeps the cell's.
        const format = (c.style ? STYLES[c.style].numberFormat : undefined) ?? prior?.numberFormat ?? null;
        if (c.formula !== undefined) cells.set(k, { value: c.result ?? null, formula: c.formula, numberFormat: format });
        else if (c.value !== undefined) cells.set(k, { value: c.value === '' ? null : c.value, formula: null, numberFormat: format });
        else cells.set(k, { value: prior?.value ?? null, formula: prior?.formula ?? null, numberFormat: format });
      }
    }
  }
  return {
    sheets: [...sheets.values()],
    value: (sheet, row, col) => cells.get(key(sheet, row, col))?.value ?? null,
    formula: (sheet, row, col) => cells.get(key(sheet, row, col))?.formula ?? null,
    numberFormat: (sheet, row, col) => cells.get(key(sheet, row, col))?.numberFormat ?? null,
  };
}
