import { FORMAT_2019 } from './format-2019';
import { FORMAT_2021 } from './format-2021';
import type { CellId, CellSpec, FormatDef, FormatId, TableId } from './types';

export * from './types';
export { FORMAT_2021, SECTION_HEADINGS_2021 } from './format-2021';
export { FORMAT_2019, MAP_2019_TO_2021 } from './format-2019';

/** Every format the product knows, by id. */
export const FORMATS: Readonly<Record<FormatId, FormatDef>> = { '2021': FORMAT_2021, '2019': FORMAT_2019 };

const TABLE_NAMES: Readonly<Record<TableId, string>> = { T2: '表二', T3: '表三', T4: '表四' };

/** `表三` for `T3`. */
export function tableName(table: TableId): string {
  return TABLE_NAMES[table];
}

const catalogueCache = new Map<FormatDef, readonly CellSpec[]>();

/** Every cell of a format in document order (T2 parts, T3 row by row, T4 left to right). */
export function cellsOf(format: FormatDef): readonly CellSpec[] {
  const cached = catalogueCache.get(format);
  if (cached) return cached;
  const cells: CellSpec[] = [];
  for (const part of format.t2.parts) {
    for (const row of part.rows) {
      for (const column of part.columns) {
        const label = part.columns.length === 1 ? `表二“${row.name}”` : `表二“${row.name}”“${column.label}”`;
        cells.push({
          id: `T2.${row.key}.${column.key}`,
          table: 'T2',
          row: row.key,
          column: column.key,
          kind: column.kind ?? 'count',
          computed: false,
          signed: column.signed === true,
          rowName: row.name,
          columnLabel: column.label,
          label,
        });
      }
    }
  }
  for (const row of format.t3.rows) {
    for (const column of format.t3.columns) {
      const computed = column.key === 'total' || row.role === 'total';
      cells.push({
        id: `T3.${row.key}.${column.key}`,
        table: 'T3',
        row: row.key,
        column: column.key,
        kind: 'count',
        computed,
        signed: false,
        rowName: row.name,
        columnLabel: column.label,
        label: `表三“${row.name}”行“${column.label}”列`,
      });
    }
  }
  for (const group of format.t4.groups) {
    for (const column of format.t4.columns) {
      cells.push({
        id: `T4.${group.key}.${column.key}`,
        table: 'T4',
        row: group.key,
        column: column.key,
        kind: 'count',
        computed: column.key === 'total',
        signed: false,
        rowName: group.name,
        columnLabel: column.label,
        label: `表四“${group.name}”“${column.label}”`,
      });
    }
  }
  catalogueCache.set(format, cells);
  return cells;
}

const indexCache = new Map<FormatDef, ReadonlyMap<CellId, CellSpec>>();

/** Look a cell up by id; `undefined` for an id the format does not have. */
export function cellSpec(format: FormatDef, id: CellId): CellSpec | undefined {
  let index = indexCache.get(format);
  if (!index) {
    index = new Map(cellsOf(format).map((c) => [c.id, c]));
    indexCache.set(format, index);
  }
  return index.get(id);
}
