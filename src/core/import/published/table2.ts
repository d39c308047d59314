import type { FormatDef, RowDef, T2PartDef } from '../../format';
import { IMPORT_MESSAGES } from './messages';
import { canon, isValueLike, labelScore } from './normalize';
import type { TableSegment } from './route';
import {
  assignByPosition,
  assignInOrder,
  headerTokens,
  labelProblem,
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
 * Table 二: parts headed `第二十条第（一）项` …, each a header row (`信息内容` and its columns) and rows.
 * A row is recognised by its label wherever it sits; its values are read under the header's columns (by
 * position in a grid, in order in a copied line), or in the format's order when no header precedes it.
 */

const TABLE = '表二';
const ROW_LABEL = 0.5;
const HEADING = 0.8;

interface RowModel {
  readonly part: number;
  readonly def: RowDef;
  readonly key: string;
}

interface Header {
  readonly part: number;
  readonly slots: readonly Slot[];
  readonly byPosition: boolean;
}

/** Every column label of the parts, once (parts (五) and (六) share theirs). */
function columnLabels(parts: readonly T2PartDef[]): KnownLabel[] {
  const labels = [...new Set(parts.flatMap((p) => p.columns.map((c) => c.label)))];
  return labels.map((label) => ({ key: canon(label), id: label, kind: 'leaf' as const, label }));
}

function sameColumns(slots: readonly Slot[], columns: readonly Slot[]): boolean {
  const keys = slots.map((s) => s.key).filter((k): k is string => k !== null);
  return keys.length === columns.length && columns.every((c) => c.key !== null && keys.includes(c.key));
}

export function readTable2(segments: readonly TableSegment[], format: FormatDef): Sink {
  const sink = newSink();
  const parts = format.t2.parts;
  const rows: RowModel[] = parts.flatMap((part, p) => part.rows.map((def) => ({ part: p, def, key: canon(def.labels.join('')) })));
  const headings = parts.map((part) => canon(part.heading));
  const rowHeaders = new Set(parts.map((part) => canon(part.rowHeader)));
  const known = columnLabels(parts);
  const read = new Map<string, string>();
  let found = false;
  let firstPlace: string | null = null;
  let currentPart = -1;

  const official = (p: number): Slot[] => (parts[p]?.columns ?? []).map((c, pos) => ({ key: c.key, label: c.label, pos }));

  const readHeader = (row: Row): Header | null => {
    const place = placeOf(row, TABLE);
    const tokens = row.fields
      .filter((f) => f.text !== '')
      .slice(1)
      .flatMap((f) => headerTokens(row, f, known));
    // The part whose columns the header names; (五) and (六) share theirs: the part whose heading came last.
    let part = -1;
    let most = 0;
    parts.forEach((candidate, p) => {
      const keys = new Set(candidate.columns.map((c) => canon(c.label)));
      const votes = tokens.filter((t) => t.known !== null && keys.has(t.known.key)).length;
      if (votes > most || (votes > 0 && votes === most && p === currentPart)) {
        part = p;
        most = votes;
      }
    });
    const columns = parts[part]?.columns;
    if (!columns) return null;
    const slots: Slot[] = tokens.map((t, i) => {
      const column = t.known ? columns.find((c) => canon(c.label) === t.known?.key) : undefined;
      if (column && !t.exact)
        labelProblem(
          sink,
          place,
          '列标题',
          t.written,
          column.label,
          (parts[part]?.rows ?? []).map((r) => `T2.${r.key}.${column.key}`),
        );
      return { key: column?.key ?? null, label: column?.label ?? t.written, pos: row.grid ? t.col : i };
    });
    const keys = slots.map((s) => s.key);
    const complete = official(part).every((o) => keys.filter((k) => k === o.key).length === 1);
    return complete ? { part, slots, byPosition: row.grid } : { part, slots: official(part), byPosition: false };
  };

  for (const segment of segments) {
    firstPlace ??= segment.place;
    let header: Header | null = null;
    for (const row of segment.rows) {
      const texts = row.fields.map((f) => f.text).filter((t) => t !== '');
      const first = texts[0];
      if (first === undefined) continue;
      const place = placeOf(row, TABLE);
      const key = canon(first);
      // A part heading (`第二十条第（一）项`), alone in its row.
      if (texts.length === 1 && !isValueLike(first)) {
        const h = headings.map((k) => labelScore(key, k));
        const best = Math.max(...h);
        if (best >= HEADING || /第二十条/.test(key)) {
          found = true;
          header = null;
          const p = h.indexOf(best);
          currentPart = p;
          if (best < 1 && best >= HEADING) labelProblem(sink, place, '标题', first, parts[p]?.heading ?? '');
          continue;
        }
      }
      // A header row: 信息内容 and the part's columns.
      if (!texts.some(isValueLike) && (rowHeaders.has(key) || [...rowHeaders].some((h) => labelScore(key, h) >= 0.6))) {
        found = true;
        if (!rowHeaders.has(key)) labelProblem(sink, place, '列标题', first, parts[0]?.rowHeader ?? '');
        header = readHeader(row);
        continue;
      }
      // A data row: its label, then its values (in a grid under a header, the label is what stands left of them).
      const positioned = header?.byPosition && row.grid ? header : null;
      const firstValue = positioned ? Math.min(...positioned.slots.map((s) => s.pos)) : 0;
      const split = positioned
        ? { label: row.fields.filter((f) => f.col < firstValue && f.text !== '').map((f) => f.text), values: null }
        : splitRow(row.fields);
      const labelText = split.label.join('');
      let best: RowModel | null = null;
      let score = 0;
      for (const m of rows) {
        const s = labelScore(canon(labelText), m.key);
        if (s > score) {
          score = s;
          best = m;
        }
      }
      if (!best || score < ROW_LABEL) {
        if (positioned || (split.values && split.values.some((v) => v !== ''))) {
          layoutProblem(sink, 'F.extra', 'warning', IMPORT_MESSAGES.extraRow(TABLE, labelText || '（无行标签）', place), place);
        }
        continue;
      }
      found = true;
      const model = best;
      const rowKey = `${model.part}:${model.def.key}`;
      const earlier = read.get(rowKey);
      if (earlier) {
        layoutProblem(sink, 'F.extra', 'warning', IMPORT_MESSAGES.duplicateRow(TABLE, model.def.name, place, earlier), place);
        continue;
      }
      read.set(rowKey, place);
      const columns = official(model.part);
      const ids = columns.map((c) => `T2.${model.def.key}.${c.key ?? ''}`);
      if (score < 1) labelProblem(sink, place, '行标签', labelText, model.def.labels.join(''), ids);
      for (const id of ids) sink.places.set(id, place);
      // The header read last serves a row whose part has the same columns ((五) and (六) do).
      const usable = header && sameColumns(header.slots, columns) ? header : null;
      let assigned: Assigned;
      if (usable?.byPosition && row.grid) assigned = assignByPosition(row, usable.slots);
      else assigned = assignInOrder((positioned ? splitRow(row.fields) : split).values ?? [], usable?.slots ?? columns, columns);
      storeRow(
        sink,
        {
          table: TABLE,
          name: model.def.name,
          place,
          cells: ids,
          cell: (col) => `T2.${model.def.key}.${col}`,
          official: columns.length,
          read: (usable?.slots ?? columns).length,
        },
        assigned,
      );
    }
  }
  sink.found = found;
  // A table not found at all is said once, by the importer, where its section is.
  if (!found) return sink;
  for (const m of rows) {
    if (read.has(`${m.part}:${m.def.key}`)) continue;
    sink.problems.push({
      rule: 'F.missingRow',
      severity: 'error',
      message: IMPORT_MESSAGES.missingRow(TABLE, m.def.name, `表格始于${firstPlace ?? TABLE}`),
      cells: (parts[m.part]?.columns ?? []).map((c) => `T2.${m.def.key}.${c.key}`),
      ...(firstPlace ? { address: firstPlace } : {}),
    });
  }
  return sink;
}
