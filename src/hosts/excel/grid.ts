import type { WorkbookGrid } from '../../core/import/grid';
import type { CellValue } from '../../core/report/types';

type Visibility = WorkbookGrid['sheets'][number]['visibility'];

/** A sheet's used range as Office.js loaded it: `values` and `formulas` from (rowIndex, columnIndex), 0-based. */
export interface LoadedRange {
  readonly rowIndex: number;
  readonly columnIndex: number;
  readonly values: readonly (readonly unknown[])[];
  readonly formulas: readonly (readonly unknown[])[];
}

/** Office.js `Worksheet.visibility` as the grid names it. */
export function visibilityOf(v: string): Visibility {
  return v === 'VeryHidden' ? 'veryHidden' : v === 'Hidden' ? 'hidden' : 'visible';
}

function cellValue(v: unknown): CellValue {
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  // Office.js gives an empty cell as ''.
  if (typeof v === 'string') return v === '' ? null : v;
  return null;
}

/** A grid over what one round trip loaded: every sheet's name, and the used ranges of the sheets read. */
export function gridOf(
  sheets: readonly { readonly name: string; readonly visibility: string }[],
  ranges: ReadonlyMap<string, LoadedRange>,
): WorkbookGrid {
  const at = (sheet: string, row: number, col: number, pick: (r: LoadedRange) => readonly (readonly unknown[])[]): unknown => {
    const range = ranges.get(sheet);
    return range ? pick(range)[row - 1 - range.rowIndex]?.[col - 1 - range.columnIndex] : undefined;
  };
  return {
    sheets: sheets.map((s) => ({ name: s.name, visibility: visibilityOf(s.visibility) })),
    value: (sheet, row, col) => cellValue(at(sheet, row, col, (r) => r.values)),
    formula: (sheet, row, col) => {
      const f = at(sheet, row, col, (r) => r.formulas);
      return typeof f === 'string' && f.startsWith('=') ? f.slice(1) : null;
    },
  };
}
