import type { WorkbookGrid } from '../../core/import/grid';
import { gridOf as sharedGridOf, type LoadedRange } from '../shared/grid';

export type { LoadedRange } from '../shared/grid';

type Visibility = WorkbookGrid['sheets'][number]['visibility'];

/** Office.js `Worksheet.visibility` as the grid names it. */
export function visibilityOf(v: string): Visibility {
  return v === 'VeryHidden' ? 'veryHidden' : v === 'Hidden' ? 'hidden' : 'visible';
}

/** A grid over what one round trip loaded: every sheet's name, and the used ranges of the sheets read. */
export function gridOf(
  sheets: readonly { readonly name: string; readonly visibility: string }[],
  ranges: ReadonlyMap<string, LoadedRange>,
): WorkbookGrid {
  return sharedGridOf(
    sheets.map((s) => ({ name: s.name, visibility: visibilityOf(s.visibility) })),
    ranges,
  );
}
