import { FORMATS, cellsOf, type CellId, type FormatDef, type TableId } from '../core/format';
import { labelSpans } from '../core/layout/spans';
import { computedParts } from '../core/layout/template';
import type { CellValue, ReportData } from '../core/report/types';
import { classifyCell, usableValue } from '../core/rules/cell-value';

/**
 * The official tables as grids of merged cells, independent of any document format: what each cell
 * says, where it sits and what it spans. The header merges come from the same label paths
 * (`labelSpans`) as the workbook's, so the Word tables and the sheet agree.
 */

/** What a cell of a printed table is, which decides how it is set. */
export type GridCellRole =
  /** A T2 part's heading row (`第二十条第（一）项`). */
  | 'part'
  /** T3's corner note. */
  | 'note'
  /** A column header. */
  | 'header'
  /** A row label that groups rows (`三、本年度办理结果`, `（三）不予公开`). */
  | 'group'
  /** A row's own label. */
  | 'label'
  /** A figure. */
  | 'value';

/** One cell of a grid, possibly merged over `rowSpan` × `colSpan` positions (0-based). */
export interface GridCell {
  readonly row: number;
  readonly col: number;
  readonly rowSpan: number;
  readonly colSpan: number;
  readonly text: string;
  readonly role: GridCellRole;
}

/** A printed table: its grid columns' relative widths, its header rows and its cells, row by row. */
export interface GridTable {
  readonly table: TableId;
  /** Relative widths of the grid columns (the renderer scales them to the page). */
  readonly widths: readonly number[];
  readonly rows: number;
  /** Leading rows that are the column header (repeated when the table runs onto another page). */
  readonly headerRows: number;
  /** Kept on one page when it fits (tables 二 and 四); table 三 is too long for that and runs on. */
  readonly keepTogether: boolean;
  readonly cells: readonly GridCell[];
}

/** A value as the clerk wrote it: numbers as written (no float noise), text as typed, blank as empty. */
export function cellText(raw: CellValue | undefined): string {
  if (raw === null || raw === undefined) return '';
  if (typeof raw === 'boolean') return raw ? 'TRUE' : 'FALSE';
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return String(raw);
    const tidy = Number(raw.toPrecision(15));
    const text = String(tidy);
    return text.includes('e') ? tidy.toFixed(20).replace(/\.?0+$/, '') : text;
  }
  return classifyCell(raw).state === 'blank' ? '' : raw.trim();
}

/**
 * Each cell's printed text. A total the data leaves out altogether is printed as the workbook's formula
 * would compute it (the sum of its parts' usable values), so a report exported from its JSON reads as
 * the same report filled into the template; a total given blank stays blank.
 */
export function printedValues(format: FormatDef, data: ReportData): ReadonlyMap<CellId, string> {
  const parts = computedParts(format);
  const memo = new Map<CellId, number>();
  const sum = (id: CellId): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const ps = parts.get(id);
    const v =
      ps && !Object.hasOwn(data.cells, id) ? ps.reduce((acc, p) => acc + sum(p), 0) : (usableValue(classifyCell(data.cells[id])) ?? 0);
    memo.set(id, v);
    return v;
  };
  const out = new Map<CellId, string>();
  for (const spec of cellsOf(format)) {
    const given = Object.hasOwn(data.cells, spec.id);
    out.set(spec.id, given ? cellText(data.cells[spec.id]) : parts.has(spec.id) ? cellText(sum(spec.id)) : '');
  }
  return out;
}

class GridBuilder {
  readonly cells: GridCell[] = [];
  put(row: number, col: number, text: string, role: GridCellRole, rowSpan = 1, colSpan = 1): void {
    this.cells.push({ row, col, rowSpan, colSpan, text, role });
  }
  done(table: TableId, widths: readonly number[], rows: number, headerRows: number, keepTogether: boolean): GridTable {
    const taken = new Set<number>();
    for (const c of this.cells) {
      for (let r = c.row; r < c.row + c.rowSpan; r++) {
        for (let k = c.col; k < c.col + c.colSpan; k++) {
          const at = r * widths.length + k;
          if (k >= widths.length || r >= rows || taken.has(at))
            throw new Error(`${table}: cell at ${r},${k} is outside the grid or covered twice`);
          taken.add(at);
        }
      }
    }
    if (taken.size !== rows * widths.length)
      throw new Error(`${table}: ${rows * widths.length - taken.size} grid positions are not covered`);
    const cells = [...this.cells].sort((a, b) => a.row - b.row || a.col - b.col);
    return { table, widths, rows, headerRows, keepTogether, cells };
  }
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** Table 二: the parts one under another in one grid; a part with fewer columns spreads them evenly. */
function t2Grid(format: FormatDef, values: ReadonlyMap<CellId, string>): GridTable {
  const parts = format.t2.parts;
  const valueColumns = parts.reduce((acc, p) => (acc * p.columns.length) / gcd(acc, p.columns.length), 1);
  const b = new GridBuilder();
  let r = 0;
  for (const part of parts) {
    b.put(r, 0, part.heading, 'part', 1, valueColumns + 1);
    r++;
    const span = valueColumns / part.columns.length;
    b.put(r, 0, part.rowHeader, 'header');
    part.columns.forEach((column, i) => b.put(r, 1 + i * span, column.label, 'header', 1, span));
    r++;
    for (const row of part.rows) {
      b.put(r, 0, row.labels.join(''), 'label');
      part.columns.forEach((column, i) => b.put(r, 1 + i * span, values.get(`T2.${row.key}.${column.key}`) ?? '', 'value', 1, span));
      r++;
    }
  }
  // The label column takes a little over a quarter of the width: the longest label is 7 characters.
  const labelWidth = 0.28;
  return b.done('T2', [labelWidth, ...Array.from({ length: valueColumns }, () => (1 - labelWidth) / valueColumns)], r, 0, true);
}

/**
 * Table 三's three label columns (一、 / （一） / 1.) and its data columns, as relative widths (twips of the
 * 156 mm text width): two characters of 10 pt for 三、本年度办理结果, four for （三）不予公开, fourteen for most
 * 1.… labels; a data column holds a five-digit figure and wraps 社会公益组织 as the published tables do.
 */
const T3_LABEL_WIDTHS = [540, 900, 2925] as const;
const T3_DATA_WIDTH = 640;

/** Table 三: the note in the corner over three label columns and three header rows, then 25 rows. */
function t3Grid(format: FormatDef, values: ReadonlyMap<CellId, string>): GridTable {
  const t3 = format.t3;
  const labelColumns = T3_LABEL_WIDTHS.length;
  const columnPaths = t3.columns.map((col) => [...(col.groups ?? []), col.label]);
  const headerRows = Math.max(...columnPaths.map((p) => p.length));
  const b = new GridBuilder();
  b.put(0, 0, t3.note, 'note', headerRows, labelColumns);
  for (const s of labelSpans(columnPaths)) {
    b.put(s.depth, labelColumns + s.first, s.label, 'header', s.leaf ? headerRows - s.depth : 1, s.last - s.first + 1);
  }
  for (const s of labelSpans(t3.rows.map((row) => row.labels))) {
    const colSpan = s.leaf ? labelColumns - s.depth : 1;
    b.put(headerRows + s.first, s.depth, s.label, s.leaf ? 'label' : 'group', s.last - s.first + 1, colSpan);
  }
  t3.rows.forEach((row, i) => {
    t3.columns.forEach((column, j) => b.put(headerRows + i, labelColumns + j, values.get(`T3.${row.key}.${column.key}`) ?? '', 'value'));
  });
  return b.done('T3', [...T3_LABEL_WIDTHS, ...t3.columns.map(() => T3_DATA_WIDTH)], headerRows + t3.rows.length, headerRows, false);
}

/** Table 四: groups × results, the header as deep as the deepest path, then the one row of figures. */
function t4Grid(format: FormatDef, values: ReadonlyMap<CellId, string>): GridTable {
  const t4 = format.t4;
  const leaves = t4.groups.flatMap((g) =>
    t4.columns.map((col) => ({ id: `T4.${g.key}.${col.key}`, path: [...g.parents, g.label, col.label] })),
  );
  const headerRows = Math.max(...leaves.map((l) => l.path.length));
  const b = new GridBuilder();
  for (const s of labelSpans(leaves.map((l) => l.path))) {
    b.put(s.depth, s.first, s.label, 'header', s.leaf ? headerRows - s.depth : 1, s.last - s.first + 1);
  }
  leaves.forEach((leaf, i) => b.put(headerRows, i, values.get(leaf.id) ?? '', 'value'));
  return b.done(
    'T4',
    leaves.map(() => 1),
    headerRows + 1,
    headerRows,
    true,
  );
}

/** The official table `table` of a report, laid out as the format prints it, holding the report's values. */
export function officialTable(table: TableId, data: ReportData, format: FormatDef = FORMATS[data.format]): GridTable {
  const values = printedValues(format, data);
  if (table === 'T2') return t2Grid(format, values);
  if (table === 'T3') return t3Grid(format, values);
  return t4Grid(format, values);
}
