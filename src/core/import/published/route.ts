import type { TableId } from '../../format';
import { SECTION_HEADINGS_2021 } from '../../format';
import { findHeadings } from '../../narrative/outline';
import { MAX_LABEL, bestLabel, canon, endsSentence, isValueLike } from './normalize';
import type { Row, TextUnit, Unit } from './units';
import { tableHits, tableOf } from './vocabulary';

/**
 * Which units are rows of which official table, and which are the report's text. Rows are assigned by
 * the words they hold; a row that names no table (values, a label's tail, a page header) goes to the
 * table being read. A heading or a sentence ends a table; page-break noise inside one is dropped.
 */

/** Rows of one table, read together: a structured or Markdown table, or a run of copied lines. */
export interface TableSegment {
  readonly table: TableId;
  readonly rows: readonly Row[];
  /** Where the segment starts, for messages about the table as a whole. */
  readonly place: string;
}

export interface Routing {
  readonly segments: readonly TableSegment[];
  /** The text in reading order; `null` marks a blank line (a possible paragraph break). */
  readonly text: readonly (TextUnit | null)[];
}

/** Lines beyond this many are not analysed for tables (a report has a few hundred): text only. */
const MAX_TABLE_UNITS = 20000;
/** Rows kept for one table: a real one has a few dozen; a page of tab-separated noise is not read further. */
const MAX_TABLE_ROWS = 400;
/** Longest line that can be a label fragment inside a table rather than text. */
const FRAGMENT = 40;

/** Words a table's header starts with, on a line of their own in some copies. */
const OPENERS: readonly { readonly table: TableId; readonly keys: readonly string[] }[] = [
  { table: 'T2', keys: ['第二十条第（一）项', '信息内容'].map(canon) },
  { table: 'T3', keys: ['申请人情况', '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）'].map(canon) },
  { table: 'T4', keys: ['行政复议', '行政诉讼'].map(canon) },
];

const PAGE_NUMBER = /^[-—–~_·.]*(?:第)?\d{1,4}(?:页)?(?:[/,]?(?:共)?\d{1,4}页?)?[-—–~_·.]*$/;

/** A page number, `— 3 —`, `第 3 页 共 10 页`, `3/10`. */
function isPageNumber(text: string): boolean {
  const key = canon(text);
  return key.length <= 16 && /\d/.test(key) && PAGE_NUMBER.test(key);
}

/** A section heading of the format written as a plain line (`三、收到和处理政府信息公开申请情况`). */
export function isSectionHeading(text: string): boolean {
  return text.length <= MAX_LABEL && findHeadings([{ text }], SECTION_HEADINGS_2021).length > 0;
}

function valueShare(texts: readonly string[]): number {
  if (texts.length === 0) return 0;
  return texts.filter(isValueLike).length / texts.length;
}

function singleFieldRow(unit: TextUnit): Row {
  return { fields: [{ text: unit.text, col: 0, span: 1 }], above: [], grid: false, line: unit.line, index: unit.line };
}

/** The texts of a grid's cells, each once. */
function gridTexts(rows: readonly Row[]): string[] {
  return rows.flatMap((r) => r.fields.map((f) => f.text)).filter((t) => t !== '');
}

function gridTable(rows: readonly Row[]): TableId | null {
  const texts = gridTexts(rows);
  const hits = tableHits(texts);
  const best = tableOf(texts);
  // A layout table that happens to hold one table word is not an official table.
  return best !== null && hits[best] >= 2 ? best : null;
}

/** Short lines seen more than once (a page header repeated on every page): each kept only the first time. */
function repeatedLines(units: readonly Unit[]): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const u of units) {
    if (u.kind !== 'text' || u.text.length > FRAGMENT || endsSentence(u.text)) continue;
    const key = canon(u.text);
    if (key.length < 4) continue;
    if (seen.has(key)) repeated.add(key);
    else seen.add(key);
  }
  return repeated;
}

/** Assign every unit to a table or to the text. */
export function route(units: readonly Unit[]): Routing {
  const segments: TableSegment[] = [];
  const text: (TextUnit | null)[] = [];
  const repeated = repeatedLines(units);
  const shown = new Set<string>();
  const state: { open: { table: TableId; rows: Row[]; place: string } | null } = { open: null };
  const close = (): void => {
    const open = state.open;
    state.open = null;
    if (!open || open.rows.length === 0) return;
    // Copied lines all of one width (a spreadsheet pasted as text) are a grid: positions can be trusted.
    const width = open.rows[0]?.fields.length ?? 0;
    const uniform = width >= 2 && open.rows.every((r) => !r.grid && r.fields.length === width);
    segments.push(uniform ? { ...open, rows: open.rows.map((r) => ({ ...r, grid: true })) } : open);
  };
  const toText = (u: TextUnit): void => {
    const key = u.text.length <= FRAGMENT ? canon(u.text) : '';
    if (repeated.has(key)) {
      if (shown.has(key)) return;
      shown.add(key);
    }
    text.push(u);
  };
  units.forEach((unit, i) => {
    const analysed = i < MAX_TABLE_UNITS;
    switch (unit.kind) {
      case 'blank':
        text.push(null);
        return;
      case 'grid': {
        const table = analysed ? gridTable(unit.rows) : null;
        if (table) {
          close();
          segments.push({ table, rows: unit.rows, place: unit.place });
          return;
        }
        // Not an official table (a layout table on a web page): its cells are text.
        for (const r of unit.rows)
          for (const f of r.fields)
            if (f.text.trim() !== '')
              toText({
                kind: 'text',
                text: f.text.trim(),
                place: r.line !== null ? `第 ${r.line} 行` : `${unit.place}第 ${r.index} 行`,
                heading: null,
                joinable: false,
                line: r.line ?? r.index,
              });
        return;
      }
      case 'row': {
        const texts = unit.row.fields.map((f) => f.text).filter((t) => t !== '');
        const table = analysed ? tableOf(texts) : null;
        if (table) {
          if (!state.open || state.open.table !== table) {
            close();
            state.open = { table, rows: [], place: unit.place };
          }
          if (state.open.rows.length < MAX_TABLE_ROWS) state.open.rows.push(unit.row);
        } else if (state.open) {
          if (state.open.rows.length < MAX_TABLE_ROWS) state.open.rows.push(unit.row);
        } else if (valueShare(texts) < 0.5) {
          // Words separated by spaces or tabs outside any table: text after all.
          toText({
            kind: 'text',
            text: texts.join(' '),
            place: unit.place,
            heading: null,
            joinable: true,
            line: unit.row.line ?? unit.row.index,
          });
        }
        // A stray row of values outside any table is page-break noise.
        return;
      }
      case 'text': {
        if (unit.heading !== null) {
          close();
          toText(unit);
          return;
        }
        if (isPageNumber(unit.text)) return;
        const current = state.open;
        if (current && analysed) {
          const short = unit.text.length <= FRAGMENT && !endsSentence(unit.text);
          if (short && !(isSectionHeading(unit.text) && tableOf([unit.text]) !== current.table)) {
            // A label's head or tail, a group label on its own line, or a repeated page header.
            if ((!repeated.has(canon(unit.text)) || tableOf([unit.text]) !== null) && current.rows.length < MAX_TABLE_ROWS)
              current.rows.push(singleFieldRow(unit));
            return;
          }
          close();
        } else if (analysed && unit.text.length <= FRAGMENT && !endsSentence(unit.text)) {
          // A table's first header line on a line of its own (`第二十条第（一）项`, `申请人情况`, `行政复议`).
          const key = canon(unit.text);
          const opens = OPENERS.find((o) => bestLabel(key, o.keys).score >= 0.8);
          if (opens) {
            state.open = { table: opens.table, rows: [singleFieldRow(unit)], place: unit.place };
            return;
          }
        }
        toText(unit);
        return;
      }
    }
  });
  close();
  return { segments, text };
}
