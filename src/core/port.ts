import type { WorkbookGrid } from './import/grid';
import type { Rect } from './layout/a1';
import type { WorkbookPlan } from './layout/plan';

/**
 * The port between the add-in and a spreadsheet: the core and the task pane speak only this; each host
 * (Office.js, WPS, the in-browser preview) implements it. Every method is one round trip at most, except
 * where its comment says otherwise.
 */

/** A cell on a sheet (1-based). */
export interface CellAddress {
  readonly sheet: string;
  readonly row: number;
  readonly col: number;
}

/** What this host (and this version of it) can do; the task pane says in Chinese what is missing. */
export interface HostFeatures {
  /** Conditional formats (Excel: ExcelApi 1.6). Without them the sheet shows no marks. */
  readonly conditionalFormats: boolean;
  /** Data validation (ExcelApi 1.8). */
  readonly dataValidation: boolean;
  /** A change event to re-check while the clerk types (ExcelApi 1.7). */
  readonly changeEvents: boolean;
  /** Print area and page breaks (ExcelApi 1.9). */
  readonly printSetup: boolean;
}

export interface WorkbookOutline {
  readonly sheets: readonly { readonly name: string; readonly visibility: 'visible' | 'hidden' | 'veryHidden' }[];
  /**
   * The workbook-level defined names. A host that cannot add names (Excel below ExcelApi 1.4, where `apply`
   * leaves them out too) gives none.
   */
  readonly names: readonly string[];
  /** The selected cell, when there is one. */
  readonly active: CellAddress | null;
}

export interface CellWrite extends CellAddress {
  readonly value: string | number | null;
}

export interface SpreadsheetHost {
  /** Shown to the clerk: `Excel`, `WPS 表格`, `预览`. */
  readonly label: string;
  readonly features: HostFeatures;
  /** Sheets, defined names and the selection. */
  outline(): Promise<WorkbookOutline>;
  /** Whether every cell of `rect` is empty (a sheet that does not exist is empty). */
  isEmpty(sheet: string, rect: Rect): Promise<boolean>;
  /**
   * Replay a plan: sheets that exist are written into (only the cells the plan has), others are added;
   * defined names that exist are replaced. `known`, an outline the caller has just read, saves a host
   * that would otherwise look first at what exists (Excel) that round trip. It is a hint, never trusted
   * blindly: a workbook that changed since gives the same result as without it, at the old cost or more.
   */
  apply(plan: WorkbookPlan, known?: WorkbookOutline): Promise<void>;
  /** The sheets a report is read from: at least every sheet named in `sheets` (one round trip). */
  read(sheets: readonly string[]): Promise<WorkbookGrid>;
  /** Write plain values into cells (a fix, a 说明). */
  write(cells: readonly CellWrite[]): Promise<void>;
  /** Select a cell and bring it into view. */
  select(at: CellAddress): Promise<void>;
  /** Call `listener` after the clerk changes cells; resolves to a function that stops listening. */
  onChange(listener: () => void): Promise<() => void>;
}

/** A host failure with a Chinese message for the clerk and the cause for the log. */
export class HostError extends Error {
  override readonly name = 'HostError';
}
