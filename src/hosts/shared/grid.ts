import type { WorkbookGrid } from '../../core/import/grid';
import type { CellValue } from '../../core/report/types';

/** A sheet's used range as a host read it: `values` and `formulas` from (rowIndex, columnIndex), 0-based. */
export interface LoadedRange {
  readonly rowIndex: number;
  readonly columnIndex: number;
  readonly values: readonly (readonly unknown[])[];
  readonly formulas: readonly (readonly unknown[])[];
  /** Number format codes, where the host read them (a cell without a string here has none known). */
  readonly numberFormats?: readonly (readonly unknown[])[];
}

function cellValue(v: unknown): CellValue {
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  // Office.js and WPS give an empty cell as '' (WPS may also give null or undefined).
  if (typeof v === 'string') return v === '' ? null : v;
  return null;
}

/** A grid over what a host read: every sheet, and the used ranges of the sheets read (others read as empty). */
export function gridOf(sheets: WorkbookGrid['sheets'], ranges: ReadonlyMap<string, LoadedRange>): WorkbookGrid {
  const at = (sheet: string, row: number, col: number, pick: (r: LoadedRange) => readonly (readonly unknown[])[]): unknown => {
    const range = ranges.get(sheet);
    return range ? pick(range)[row - 1 - range.rowIndex]?.[col - 1 - range.columnIndex] : undefined;
  };
  return {
    sheets,
    value: (sheet, row, col) => cellValue(at(sheet, row, col, (r) => r.values)),
    formula: (sheet, row, col) => {
      const f = at(sheet, row, col, (r) => r.formulas);
      return typeof f === 'string' && f.startsWith('=') ? f.slice(1) : null;
    },
    numberFormat: (sheet, row, col) => {
      const code = at(sheet, row, col, (r) => r.numberFormats ?? []);
      return typeof code === 'string' && code !== '' ? code : null;
    },
  };
}
