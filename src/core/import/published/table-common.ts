import type { CellId } from '../../format';
import type { CellValue } from '../../report/types';
import type { Finding } from '../../rules/evaluate';
import { IMPORT_MESSAGES } from './messages';
import { MAX_LABEL, canon, isValueLike, labelScore, parseValue } from './normalize';
import type { Field, Row } from './units';

/** What reading one table gives: the cells found, where each was, and what could not be read faithfully. */
export interface Sink {
  readonly cells: Record<CellId, CellValue>;
  readonly places: Map<string, string>;
  readonly problems: Finding[];
  /** Whether any of the table (a header, a row) was recognised at all. */
  found: boolean;
  /** What has been said already (see `layoutProblem`). */
  readonly said: Set<string>;
}

export function newSink(): Sink {
  return { cells: {}, places: new Map(), problems: [], found: false, said: new Set() };
}

/** `第 61 行` for a copied line, `表三第 5 行` for a row of a structured table. */
export function placeOf(row: Row, table: string): string {
  return row.line !== null ? `第 ${row.line} 行` : `${table}第 ${row.index} 行`;
}

/** How many grid columns the rows take (a loop: a spread of thousands of rows would overflow the stack). */
export function gridWidth(rows: readonly Row[]): number {
  let width = 0;
  for (const r of rows) for (const f of r.fields) width = Math.max(width, f.col + f.span);
  return width;
}

/**
 * A problem of the layout: the place in the message and address, and the cells it concerns when there are
 * any (a reworded label: the cells under it; a column the format does not have: none).
 */
export function layoutProblem(
  sink: Sink,
  rule: Finding['rule'],
  severity: Finding['severity'],
  message: string,
  place: string,
  once: string = message,
  cells: readonly CellId[] = [],
): void {
  // One finding per fact: a column the format does not have is said once, not on every row.
  if (sink.said.has(once)) return;
  sink.said.add(once);
  sink.problems.push({ rule, severity, message, cells: [...cells], address: place });
}

/** F.label for a label written otherwise than the format has it; `cells`: the cells the label names. */
export function labelProblem(
  sink: Sink,
  place: string,
  what: string,
  written: string,
  official: string,
  cells: readonly CellId[] = [],
): void {
  // A piece of the label (the rest on another line: `商业` `企业`, `结果` `维持`) is the label split, not reworded.
  if (what === '列标题' && canon(official).includes(canon(written))) return;
  const message = IMPORT_MESSAGES.label(place, what, written, official);
  layoutProblem(sink, 'F.label', 'warning', message, place, message, cells);
}

/** F.label for each header label written otherwise than the format has it (words to skip aside). */
export function headerLabelProblems(sink: Sink, table: string, tokens: readonly HeaderToken[]): void {
  for (const t of tokens) {
    if (t.known && !t.exact && t.known.kind !== 'ignore') labelProblem(sink, placeOf(t.row, table), '列标题', t.written, t.known.label);
  }
}

/** How a read row's cells are named and counted, for `storeRow`. */
export interface RowTarget {
  readonly table: string;
  /** The row's name in messages (`数据` for table 四's single row). */
  readonly name: string;
  readonly place: string;
  /** Every cell of the row: the cells of a row too short to place. */
  readonly cells: readonly CellId[];
  /** The cell of a column key. */
  readonly cell: (column: string) => CellId;
  /** Columns the format has, and columns the header read has (its extra ones included). */
  readonly official: number;
  readonly read: number;
}

/**
 * A row's assigned values put into the sink: F.missingRow when there were too few to place, else its cells,
 * and F.extra for values under columns the format does not have or beyond every column.
 */
export function storeRow(sink: Sink, target: RowTarget, assigned: Assigned): void {
  const { table, name, place } = target;
  if (assigned.kind === 'short') {
    sink.problems.push({
      rule: 'F.missingRow',
      severity: 'error',
      message: IMPORT_MESSAGES.shortRow(table, name, place, assigned.found, target.official),
      cells: [...target.cells],
      address: place,
    });
    return;
  }
  for (const [column, value] of assigned.values) sink.cells[target.cell(column)] = value;
  for (const slot of assigned.extraSlots)
    layoutProblem(sink, 'F.extra', 'warning', IMPORT_MESSAGES.extraColumn(table, slot.label, place), place, `column:${slot.label}`);
  if (assigned.extraValues > 0) {
    const expected = target.read;
    layoutProblem(
      sink,
      'F.extra',
      'warning',
      IMPORT_MESSAGES.extraValues(table, name, place, expected + assigned.extraValues, expected),
      place,
    );
  }
}

/** A column as read: the official column's key, or null for one the format does not have. */
export interface Slot {
  readonly key: string | null;
  readonly label: string;
  /** The grid column it sits in (a structured or Markdown table); its order in a copied line otherwise. */
  readonly pos: number;
}

/** A copied row split into its label words (before the first value) and its values (trailing empty fields dropped). */
export function splitRow(fields: readonly Field[]): { label: string[]; values: string[] | null } {
  const texts = fields.map((f) => f.text);
  const first = texts.findIndex(isValueLike);
  if (first < 0) return { label: texts.filter((t) => t !== ''), values: null };
  const values = texts.slice(first);
  while (values.length > 0 && values[values.length - 1] === '') values.pop();
  return { label: texts.slice(0, first).filter((t) => t !== ''), values };
}

/** Values given to columns, or a row with too few of them. */
export type Assigned =
  | {
      readonly kind: 'ok';
      readonly values: ReadonlyMap<string, CellValue>;
      readonly extraSlots: readonly Slot[];
      readonly extraValues: number;
    }
  | { readonly kind: 'short'; readonly found: number };

/**
 * Values of a copied row given to the columns in order. A row holding exactly the official count skips
 * columns the format does not have; values beyond every column are extra; fewer values than the format
 * has columns cannot be placed and are not guessed.
 */
export function assignInOrder(values: readonly string[], slots: readonly Slot[], official: readonly Slot[]): Assigned {
  const n = values.length;
  const use = n === slots.length || n > slots.length ? slots : n === official.length ? official : null;
  if (!use) return { kind: 'short', found: n };
  const out = new Map<string, CellValue>();
  const extraSlots: Slot[] = [];
  use.forEach((slot, i) => {
    const v = values[i] ?? '';
    if (slot.key === null) {
      if (v !== '') extraSlots.push(slot);
    } else out.set(slot.key, parseValue(v));
  });
  return { kind: 'ok', values: out, extraSlots, extraValues: Math.max(0, n - use.length) };
}

/** The row's own field starting at a grid column; null where no cell starts there (covered or missing). */
function fieldAt(row: Row, pos: number): Field | null {
  return row.fields.find((f) => f.col === pos) ?? null;
}

/** Values of a grid row read at the columns' positions; a column with no cell of its own makes the row short. */
export function assignByPosition(row: Row, slots: readonly Slot[]): Assigned {
  const out = new Map<string, CellValue>();
  const extraSlots: Slot[] = [];
  let found = 0;
  let missing = false;
  for (const slot of slots) {
    const f = fieldAt(row, slot.pos);
    if (!f) {
      if (slot.key !== null) missing = true;
      continue;
    }
    if (slot.key === null) {
      if (f.text.trim() !== '') extraSlots.push(slot);
      continue;
    }
    found++;
    out.set(slot.key, parseValue(f.text));
  }
  if (missing) return { kind: 'short', found };
  const last = Math.max(...slots.map((s) => s.pos));
  const extraValues = row.fields.filter((f) => f.col > last && f.text.trim() !== '').length;
  return { kind: 'ok', values: out, extraSlots, extraValues };
}

/** A header label the table knows: an official column (leaf), a group above columns, or words to skip. */
export interface KnownLabel {
  readonly key: string;
  readonly id: string;
  readonly kind: 'leaf' | 'group' | 'ignore';
  /** The official wording, for messages. */
  readonly label: string;
}

export interface HeaderToken {
  readonly known: KnownLabel | null;
  /** As written (canonical). */
  readonly written: string;
  readonly exact: boolean;
  readonly row: Row;
  /** Grid column where the field starts, and how many it spans. */
  readonly col: number;
  readonly span: number;
}

/** Least score for a header text to be taken for a label written otherwise. */
const HEADER_SIMILAR = 0.6;

/** A header text taken for the label it stands for, exactly or approximately, or for none. */
function matchHeader(written: string, known: readonly KnownLabel[]): { known: KnownLabel; exact: boolean } | null {
  if (written === '' || written.length > MAX_LABEL) return null;
  let best: KnownLabel | null = null;
  let score = 0;
  for (const k of known) {
    // A short label (`其他`, `总计`) found inside longer words is no reading of them.
    if (k.key.length < 4 && written.length > k.key.length + 2) continue;
    const s = labelScore(written, k.key);
    if (s > score) {
      score = s;
      best = k;
    }
  }
  return best && score >= HEADER_SIMILAR ? { known: best, exact: score === 1 } : null;
}

/** Whether a leftover run of header text looks like a column label of its own (`小计`), not noise. */
function columnLike(text: string): boolean {
  return text.length >= 2 && text.length <= 10 && !/\d/.test(text) && /[\u4e00-\u9fff]/.test(text);
}

/**
 * The labels in one header field, left to right: known labels found inside it (a copied line may run
 * `商业企业 科研机构` together), and the runs between them matched approximately or kept as unknown.
 */
export function headerTokens(row: Row, field: Field, known: readonly KnownLabel[]): HeaderToken[] {
  const key = canon(field.text);
  if (key === '' || key.length > 4 * MAX_LABEL) return [];
  const whole = known.find((k) => k.key === key);
  const base = { row, col: field.col, span: field.span };
  if (whole) return [{ known: whole, written: key, exact: true, ...base }];
  const byLength = [...known].sort((a, b) => b.key.length - a.key.length);
  const out: HeaderToken[] = [];
  let run = '';
  const flush = (): void => {
    if (run === '') return;
    const m = matchHeader(run, known);
    if (m) out.push({ known: m.known, written: run, exact: m.exact, ...base });
    else if (columnLike(run)) out.push({ known: null, written: run, exact: false, ...base });
    run = '';
  };
  for (let i = 0; i < key.length;) {
    // Two-character labels (`其他`, `总计`) occur inside other words (`不计其他情形`): only whole fields or runs.
    const hit = byLength.find((k) => k.key.length >= 3 && key.startsWith(k.key, i));
    if (hit) {
      flush();
      out.push({ known: hit, written: hit.key, exact: true, ...base });
      i += hit.key.length;
    } else {
      run += key[i];
      i++;
    }
  }
  flush();
  return out;
}

/**
 * For each grid column, the header labels above it from top to bottom. A Markdown table writes a label
 * spanning columns only in its first column: a group label is carried right over the empty cells after it.
 */
export function headerPaths(rows: readonly Row[], known: readonly KnownLabel[], width: number): HeaderToken[][] {
  const paths: HeaderToken[][] = Array.from({ length: width }, () => []);
  for (const row of rows) {
    let group: HeaderToken | null = null;
    for (const field of [...row.fields].sort((a, b) => a.col - b.col)) {
      const tokens = headerTokens(row, field, known);
      const token = tokens.length === 1 ? tokens[0] : (tokens.find((t) => t.known?.kind === 'leaf') ?? tokens[0]);
      if (!token) {
        if (group && field.text.trim() === '' && field.span === 1) paths[field.col]?.push({ ...group, col: group.col });
        else if (field.text.trim() !== '') group = null;
        continue;
      }
      group = token.known?.kind === 'group' ? token : null;
      for (let c = field.col; c < field.col + field.span && c < width; c++) paths[c]?.push(token);
    }
  }
  return paths;
}
