import type { CellValue } from '../report/types';

/** A read-only view of a workbook, as any host can give it (exceljs, Office.js, WPS, the preview). */
export interface WorkbookGrid {
  readonly sheets: readonly { readonly name: string; readonly visibility: 'visible' | 'hidden' | 'veryHidden' }[];
  /** What the cell shows: its value, or a formula's last computed result; null when blank. */
  value(sheet: string, row: number, col: number): CellValue;
  /** The cell's formula without `=`, or null. */
  formula(sheet: string, row: number, col: number): string | null;
}
