import type { FormatDef, TableId } from '../format';
import type { Position, Rect } from '../layout/a1';
import { buildTemplate, type TemplateLayout } from '../layout/template';
import type { InfoKey } from '../report/info';
import type { CellValue } from '../report/types';
import type { WorkbookGrid } from './grid';

/**
 * Rows that moved without the meta sheet's pointers: a row inserted or deleted inside a table by a tool
 * that did not update the pointer formulas (an old spreadsheet, a script, a copy of the sheet pasted over
 * another) leaves each pointer on a row that now holds a neighbour's figures. The template knows the label
 * beside every place it points at (a cell's row labels, for 表四 the column's heading above it; a table's
 * heading is its own label): where that label is not beside the pointed place but some rows away, the
 * place's row has shifted, and what is read there belongs to another row.
 */

/** A meta sheet pointer (`cell:T3.new.natural`, `info:organ`, `table:T3` …): where the template put it, where it points now. */
export interface Pointer {
  readonly key: string;
  /** Where the template built at A1 puts it (where the pointer pointed when it was written, less the origin). */
  readonly planned: Position;
  readonly now: { readonly sheet: string; readonly row: number; readonly col: number };
}

/** A label of the template (built at A1) that identifies a place's row. */
interface Anchor {
  readonly row: number;
  readonly col: number;
  readonly text: string;
}

/** A cell's text as labels are compared (here and by the integrity check): white space (line breaks the clerk added) aside. */
export const labelText = (v: CellValue): string => (v === null ? '' : String(v)).replace(/\s+/g, '');

/** How far a shifted row's labels are searched for, in rows either way. */
const MAX_SHIFT = 200;

interface Template {
  readonly layout: TemplateLayout;
  readonly anchorsAt: (p: Position) => readonly Anchor[];
  /** Every label's text, as compared (without white space). */
  readonly texts: ReadonlySet<string>;
}

const cache = new Map<FormatDef, Template>();

/** Where the template built at A1 puts what a pointer key names (`cell:…`, `info:…`, `table:…`), or null. */
export function plannedPosition(format: FormatDef, key: string): Position | null {
  const { layout } = templateOf(format);
  const [kind, id] = key.split(':') as [string, string | undefined];
  const top = (r: Rect | undefined): Position | null => (r ? { row: r.top, col: r.left } : null);
  if (id === undefined) return kind === 'title' ? top(layout.title) : null;
  if (kind === 'cell') return top(layout.cells.get(id));
  if (kind === 'info') return top(layout.info.get(id as InfoKey));
  if (kind === 'table' && (id === 'T2' || id === 'T3' || id === 'T4')) return layout.tables[id].title;
  return null;
}

/**
 * The template at A1 and the anchors of each of its positions: a label is its own anchor; any other place
 * has the labels left of it in its row, or, with none (表四's cells), the nearest heading above it in its table.
 */
function templateOf(format: FormatDef): Template {
  const cached = cache.get(format);
  if (cached) return cached;
  const { plan, layout } = buildTemplate({ format });
  const main = plan.sheets.find((s) => s.name === layout.sheet);
  const labels: Anchor[] = [];
  for (const c of main?.cells ?? []) {
    if (typeof c.value === 'string' && c.value.trim() !== '' && c.formula === undefined)
      labels.push({ row: c.row, col: c.col, text: c.value });
  }
  const tableOf = (row: number): TableId | null => {
    for (const t of ['T2', 'T3', 'T4'] as const) {
      const { area, title } = layout.tables[t];
      if (row >= title.row && row <= area.bottom) return t;
    }
    return null;
  };
  const memo = new Map<string, readonly Anchor[]>();
  const of = (p: Position): readonly Anchor[] => {
    const key = `${p.row}:${p.col}`;
    const known = memo.get(key);
    if (known) return known;
    const own = labels.filter((l) => l.row === p.row && l.col === p.col);
    const inRow = labels.filter((l) => l.row === p.row && l.col < p.col).sort((a, b) => a.col - b.col);
    const table = tableOf(p.row);
    const above = table
      ? labels.filter((l) => l.col === p.col && l.row < p.row && l.row > layout.tables[table].title.row).sort((a, b) => b.row - a.row)
      : [];
    const found = own.length > 0 ? own : inRow.length > 0 ? inRow : above.slice(0, 1);
    memo.set(key, found);
    return found;
  };
  const built = { layout, anchorsAt: of, texts: new Set(labels.map((l) => labelText(l.text))) };
  cache.set(format, built);
  return built;
}

/**
 * A pointer whose row has shifted: by how many rows (positive: down), or null when its row is gone (a
 * row deleted under stale pointers: the pointer now shows the next row's labels, and its own are nowhere);
 * and the label that tells.
 */
export interface Shift {
  readonly by: number | null;
  readonly label: string;
}

/**
 * The pointers whose row has shifted, by key: how many rows their labels now lie from where the pointer
 * says. A place whose labels are beside it, or nowhere near (a clerk reworded them, the sheet was not
 * read), is not listed: the first is fine, the second is no shift.
 */
export function shiftedRows(grid: WorkbookGrid, format: FormatDef, pointers: readonly Pointer[]): Map<string, Shift> {
  const { anchorsAt, texts } = templateOf(format);
  // The column shift of most pointers: where the labels went if the whole template moved sideways.
  const votes = new Map<number, number>();
  for (const p of pointers) votes.set(p.now.col - p.planned.col, (votes.get(p.now.col - p.planned.col) ?? 0) + 1);
  let sideways = 0;
  let most = 0;
  for (const [d, n] of votes) if (n > most) [sideways, most] = [d, n];

  interface Probe {
    readonly key: string;
    readonly own: readonly Anchor[];
    readonly nearest: Anchor;
    readonly shown: (a: Anchor, offset: number) => string[];
  }
  const probes = new Map<string, Probe>();
  const keyed: { readonly key: string; readonly probe: string }[] = [];
  for (const p of pointers) {
    const own = anchorsAt(p.planned);
    const nearest = own[own.length - 1];
    if (!nearest) continue;
    const dRow = p.now.row - p.planned.row;
    const colShifts = [...new Set([p.now.col - p.planned.col, sideways, 0])];
    const key = `${p.now.sheet}|${own.map((a) => `${a.row}:${a.col}`).join(',')}|${dRow}|${colShifts.join(',')}`;
    keyed.push({ key: p.key, probe: key });
    if (probes.has(key)) continue;
    const shown = (a: Anchor, offset: number): string[] => {
      const row = a.row + dRow + offset;
      return row < 1 ? [] : colShifts.filter((dc) => a.col + dc >= 1).map((dc) => labelText(grid.value(p.now.sheet, row, a.col + dc)));
    };
    probes.set(key, { key, own, nearest, shown });
  }
  const at = (probe: Probe, offset: number): boolean => probe.own.every((a) => probe.shown(a, offset).includes(labelText(a.text)));
  /** 0: in place (or not to be told); a number: moved by; null: its row gone. */
  const search = (probe: Probe): number | null => {
    for (let o = 1; o <= MAX_SHIFT; o++) {
      if (at(probe, o)) return o;
      if (at(probe, -o)) return -o;
    }
    // Nowhere to be found, and another row's label in its place: its row was deleted.
    return probe.shown(probe.nearest, 0).some((t) => t !== '' && texts.has(t)) ? null : 0;
  };
  const misplaced = [...probes.values()].filter((probe) => !at(probe, 0));
  // Nothing where any pointer says: the sheet was not read (a host that loaded the meta sheet alone), or
  // everything moved. A few searches tell which before all of them are made.
  if (misplaced.length === probes.size && !misplaced.slice(0, 3).some((probe) => search(probe) !== 0)) return new Map();
  const memo = new Map<string, number | null>();
  for (const probe of misplaced) memo.set(probe.key, search(probe));
  const found: { readonly key: string; readonly by: number | null; readonly probe: string; readonly label: string }[] = [];
  for (const { key, probe } of keyed) {
    const by = memo.has(probe) ? (memo.get(probe) ?? null) : 0; // null (a row gone) is kept, not taken for 0
    if (by !== 0) found.push({ key, by, probe, label: probes.get(probe)?.nearest.text ?? '' });
  }
  // A row inserted or deleted moves every row below it, so at least two rows (or 表四 columns) show the
  // same shift. One label found elsewhere alone is a label reworded into another's text, not a shift; a row
  // gone counts only beside rows that moved.
  const probesBy = new Map<number | null, Set<string>>();
  for (const { by, probe } of found) probesBy.set(by, (probesBy.get(by) ?? new Set<string>()).add(probe));
  const confirmed = new Set([...probesBy].filter(([by, seen]) => by !== null && seen.size >= 2).map(([by]) => by));
  const shifted = new Map<string, Shift>();
  for (const { key, by, label } of found) if (by === null ? confirmed.size > 0 : confirmed.has(by)) shifted.set(key, { by, label });
  return shifted;
}
