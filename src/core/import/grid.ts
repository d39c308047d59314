import type { CellValue } from '../report/types';

/** A read-only view of a workbook, as any host can give it (exceljs, Office.js, WPS, the preview). */
export interface WorkbookGrid {
  readonly sheets: readonly { readonly name: string; readonly visibility: 'visible' | 'hidden' | 'veryHidden' }[];
  /** What the cell shows: its value, or a formula's last computed result; null when blank. */
  value(sheet: string, row: number, col: number): CellValue;
  /** The cell's formula without `=`, or null. */
  formula(sheet: string, row: number, col: number): string | null;
  /**
   * The cell's number format code (`General`, `0.00`, `yyyy/m/d` …), or null when the host does not know it.
   * Optional: a host that cannot read formats leaves it out, and a number in a date-formatted cell is then
   * read as the number it holds.
   */
  numberFormat?(sheet: string, row: number, col: number): string | null;
}
