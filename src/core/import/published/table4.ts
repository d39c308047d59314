import type { FormatDef } from '../../format';
import { IMPORT_MESSAGES } from './messages';
import { canon, isValueLike } from './normalize';
import type { TableSegment } from './route';
import {
  assignByPosition,
  assignInOrder,
  gridWidth,
  headerLabelProblems,
  headerPaths,
  headerTokens,
  layoutProblem,
  newSink,
  placeOf,
  splitRow,
  storeRow,
  type Assigned,
  type KnownLabel,
  type Sink,
  type Slot,
} from './table-common';
import type { Row } from './units';

/**
 * Table 四: one row of 15 values under a header of groups (行政复议; 行政诉讼: 未经复议直接起诉, 复议后起诉)
 * and result columns. In a grid each value is read under its group and column; in copied text the header
 * is checked and the values taken in the format's order, a column the header adds being left out.
 */

const TABLE = '表四';
const SUITS = 'suits';

function knownLabels(format: FormatDef): KnownLabel[] {
  const t4 = format.t4;
  const parents = new Set(t4.groups.flatMap((g) => g.parents));
  return [
    ...t4.groups.map((g) => ({ key: canon(g.label), id: g.key, kind: 'group' as const, label: g.label })),
    ...[...parents].map((p) => ({ key: canon(p), id: SUITS, kind: 'group' as const, label: p })),
    ...t4.columns.map((c) => ({ key: canon(c.label), id: c.key, kind: 'leaf' as const, label: c.label })),
  ];
}

/** A values row: mostly values, at least three of them. */
function isValuesRow(row: Row): boolean {
  const texts = row.fields.map((f) => f.text).filter((t) => t !== '');
  const values = texts.filter(isValueLike).length;
  return values >= 1 && values * 2 >= texts.length;
}

export function readTable4(segments: readonly TableSegment[], format: FormatDef): Sink {
  const sink = newSink();
  const t4 = format.t4;
  const known = knownLabels(format);
  const official: Slot[] = t4.groups.flatMap((g, gi) =>
    t4.columns.map((c, ci) => ({ key: `${g.key}.${c.key}`, label: `${g.label}“${c.label}”`, pos: gi * t4.columns.length + ci })),
  );
  const ids = official.map((s) => `T4.${s.key ?? ''}`);
  let found = false;
  let taken: string | null = null;
  let firstPlace: string | null = null;
  for (const segment of segments) {
    firstPlace ??= segment.place;
    const rows = segment.rows;
    const firstValues = rows.findIndex(isValuesRow);
    const header = firstValues < 0 ? rows : rows.slice(0, firstValues);
    const headerTokensAll = header.flatMap((row) => row.fields.flatMap((f) => headerTokens(row, f, known)));
    if (headerTokensAll.some((t) => t.known !== null)) found = true;
    let slots: Slot[] = official;
    let byPosition = false;
    if (rows[0]?.grid) {
      const width = gridWidth(rows);
      const paths = headerPaths(header, known, width);
      const positioned: Slot[] = [];
      paths.forEach((path, pos) => {
        const group = path.find((t) => t.known?.kind === 'group' && t.known.id !== SUITS);
        const leaf = [...path].reverse().find((t) => t.known === null || t.known.kind === 'leaf');
        if (!leaf || leaf.col !== pos) return;
        if (leaf.known && group?.known) positioned.push({ key: `${group.known.id}.${leaf.known.id}`, label: leaf.known.label, pos });
        else if (!leaf.known && positioned.length > 0) positioned.push({ key: null, label: leaf.written, pos });
      });
      const keys = positioned.map((s) => s.key);
      if (official.every((o) => keys.filter((k) => k === o.key).length === 1)) {
        slots = positioned;
        byPosition = true;
      }
      headerLabelProblems(sink, TABLE, [...new Set(paths.flat())]);
    } else {
      headerLabelProblems(sink, TABLE, headerTokensAll);
      // Header labels the format does not have (a 16th column) stand after the official ones.
      const extras = headerTokensAll.filter((t) => t.known === null);
      slots = [...official, ...extras.map((t, i) => ({ key: null, label: t.written, pos: official.length + i }))];
    }
    if (firstValues < 0) continue;
    // The values: one row in a grid; in copied text, as many lines of values as it takes.
    let values: string[] = [];
    let last = firstValues;
    const first = rows[firstValues];
    if (!first) continue;
    const place = placeOf(first, TABLE);
    let assigned: Assigned;
    if (byPosition) {
      assigned = assignByPosition(first, slots);
    } else {
      for (let i = firstValues; i < rows.length && values.length < official.length; i++) {
        const row = rows[i];
        if (!row || !isValuesRow(row)) break;
        values = [...values, ...(splitRow(row.fields).values ?? [])];
        last = i;
      }
      assigned = assignInOrder(values, slots, official);
    }
    for (const extra of rows.slice(last + 1)) {
      if (isValuesRow(extra))
        layoutProblem(
          sink,
          'F.extra',
          'warning',
          IMPORT_MESSAGES.extraRow(
            TABLE,
            extra.fields
              .map((f) => f.text)
              .join(' ')
              .trim(),
            placeOf(extra, TABLE),
          ),
          placeOf(extra, TABLE),
        );
    }
    found = true;
    if (taken !== null) {
      layoutProblem(sink, 'F.extra', 'warning', IMPORT_MESSAGES.duplicateRow(TABLE, '数据', place, taken), place);
      continue;
    }
    taken = place;
    for (const id of ids) sink.places.set(id, place);
    storeRow(
      sink,
      { table: TABLE, name: '数据', place, cells: ids, cell: (key) => `T4.${key}`, official: official.length, read: slots.length },
      assigned,
    );
  }
  sink.found = found;
  if (taken === null && found) {
    sink.problems.push({
      rule: 'F.missingRow',
      severity: 'error',
      message: IMPORT_MESSAGES.missingRow(TABLE, '数据', `表格始于${firstPlace ?? TABLE}`),
      cells: ids,
      ...(firstPlace ? { address: firstPlace } : {}),
    });
  }
  return sink;
}
