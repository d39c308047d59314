import type { FormatDef, RowDef } from '../../format';
import { IMPORT_MESSAGES } from './messages';
import { MAX_LABEL, canon, isValueLike, labelScore, segments, type Level, type Segment } from './normalize';
import type { TableSegment } from './route';
import {
  assignByPosition,
  assignInOrder,
  gridWidth,
  headerLabelProblems,
  headerPaths,
  headerTokens,
  labelProblem,
  layoutProblem,
  newSink,
  placeOf,
  splitRow,
  storeRow,
  type Assigned,
  type HeaderToken,
  type KnownLabel,
  type Sink,
  type Slot,
} from './table-common';
import type { Row } from './units';
import { tableOf } from './vocabulary';

/**
 * Table 三 read by its labels. Rows are recognised by their numbered labels (`三、` `（三）` `1.`) and words,
 * the group they sit in (`1.` under （三）, （四） … is told apart by the group last seen and by the
 * format's order), and labels split over lines or a page break are put back together. Columns come from
 * the header: by position in a grid, in order in a copied line.
 */

const TABLE = '表三';

interface RowModel {
  readonly index: number;
  readonly def: RowDef;
  /** The official leaf label as a segment (numbering and words). */
  readonly leaf: Segment;
  /** The words of the group label it sits under (`不予公开`), when it has one. */
  readonly group: string | null;
}

interface GroupModel {
  readonly level: Level;
  readonly num: number | null;
  readonly body: string;
  readonly label: string;
}

function segmentOf(label: string): Segment {
  const segs = segments(canon(label));
  const last = segs[segs.length - 1];
  if (segs.length === 1 && last) return last;
  return { level: null, num: null, body: segs.map((s) => s.body).join('') };
}

function models(format: FormatDef): { rows: RowModel[]; groups: GroupModel[] } {
  const rows = format.t3.rows.map((def, index) => ({
    index,
    def,
    leaf: segmentOf(def.labels[def.labels.length - 1] ?? def.name),
    group: def.labels.length >= 3 ? segmentOf(def.labels[1] ?? '').body : null,
  }));
  const groups: GroupModel[] = [];
  const seen = new Set<string>();
  for (const def of format.t3.rows) {
    // A label with rows under it: 三、本年度办理结果 and the groups （三）…（六）.
    for (let d = 0; d < def.labels.length - 1; d++) {
      const label = def.labels[d] ?? '';
      if (seen.has(label)) continue;
      seen.add(label);
      const s = segmentOf(label);
      groups.push({ level: s.level ?? (d === 0 ? 'A' : 'B'), num: s.num, body: s.body, label });
    }
  }
  return { rows, groups };
}

function knownLabels(format: FormatDef): KnownLabel[] {
  const t3 = format.t3;
  const groups = new Set(t3.columns.flatMap((c) => c.groups ?? []));
  return [
    ...t3.columns.map((c) => ({ key: canon(c.label), id: c.key, kind: 'leaf' as const, label: c.label })),
    ...[...groups].map((g) => ({ key: canon(g), id: g === t3.header ? 'applicants' : 'orgs', kind: 'group' as const, label: g })),
    { key: canon(t3.note), id: 'note', kind: 'ignore' as const, label: t3.note },
  ];
}

type Resolution =
  | { readonly kind: 'none' }
  | { readonly kind: 'context'; readonly a: GroupModel | null; readonly b: GroupModel | null }
  | {
      readonly kind: 'row';
      readonly model: RowModel;
      readonly score: number;
      /** How well the words alone match (numbering, group and order aside). */
      readonly body: number;
      /** Words of the leaf as written (canonical), for putting a split label back together. */
      readonly written: string;
      readonly a: GroupModel | null;
      readonly b: GroupModel | null;
      /** Group labels written in the row that differ from the format's. */
      readonly groupsOff: readonly { written: string; official: string }[];
    };

interface ReadRow {
  readonly model: RowModel;
  readonly place: string;
  /** The label as written (raw fields), and its leaf words canonical: a tail found later is added. */
  raw: string;
  written: string;
  /** Numbering written with the leaf, when any; it must agree with the format's. */
  readonly level: Level | null;
  readonly num: number | null;
}

interface GridLayout {
  readonly width: number;
  readonly slots: readonly Slot[];
  readonly firstValue: number;
}

const SUB_COLUMNS = new Set(['commercial', 'research', 'nonprofit', 'legal', 'otherOrg']);

/** Words that can only be a row's label: numbered (`1.` `（三）` `一、`) or table 三's own words. */
function looksLikeRowLabel(text: string): boolean {
  if (text.trim() === '' || isValueLike(text)) return false;
  const key = canon(text);
  return (segments(key)[0]?.level ?? null) !== null || (key.length >= 4 && tableOf([text]) === 'T3');
}

class Table3Reader {
  private readonly rows: RowModel[];
  private readonly groups: GroupModel[];
  private readonly known: KnownLabel[];
  private readonly official: Slot[];
  private slots: Slot[];
  private layout: GridLayout | null = null;
  private ctxA: GroupModel | null = null;
  private ctxB: GroupModel | null = null;
  private pointer = 0;
  private readonly read = new Map<number, ReadRow>();
  private pending: { texts: string[]; row: Row } | null = null;
  private last: ReadRow | null = null;
  private found = false;
  private firstPlace: string | null = null;
  readonly sink: Sink = newSink();

  constructor(private readonly format: FormatDef) {
    const m = models(format);
    this.rows = m.rows;
    this.groups = m.groups;
    this.known = knownLabels(format);
    this.official = format.t3.columns.map((c, pos) => ({ key: c.key, label: c.label, pos }));
    this.slots = this.official;
  }

  readSegment(segment: TableSegment): void {
    this.firstPlace ??= segment.place;
    const rows = segment.rows;
    let h = 0;
    while (h < rows.length && this.isHeader(rows[h])) h++;
    const header = rows.slice(0, h);
    if (header.length > 0) this.found = true;
    const grid = rows[0]?.grid === true;
    if (grid) {
      const width = gridWidth(rows);
      const layout = header.length > 0 ? this.gridLayout(header, width) : null;
      // A table continued after a page break without its header keeps the columns of its first part.
      this.layout = layout ?? (this.layout?.width === width ? this.layout : null);
      if (!this.layout && header.length > 0) this.slots = this.looseSlots(header);
    } else {
      this.layout = null;
      if (header.length > 0) this.slots = this.looseSlots(header);
    }
    for (const row of rows.slice(h)) this.readRow(row);
    this.flushPending();
  }

  /** A header row: column labels (or the note), no values, no row label. */
  private isHeader(row: Row | undefined): boolean {
    if (!row) return false;
    const texts = row.fields.map((f) => f.text).filter((t) => t !== '');
    if (texts.length === 0 || texts.some(isValueLike)) return false;
    const tokens = row.fields.flatMap((f) => headerTokens(row, f, this.known));
    // A column label as printed, or a piece of one (`商业` over `企业`); words merely like one are no header.
    if (!tokens.some((t) => t.known !== null && (t.exact || t.known.key.includes(t.written) || t.written.length >= 4))) return false;
    const r = this.resolve(texts, false);
    return !(r.kind === 'row' && r.score >= 0.8);
  }

  /** Columns of a grid header by position: each official column where its label starts. */
  private gridLayout(header: readonly Row[], width: number): GridLayout | null {
    const paths = headerPaths(header, this.known, width);
    const slots: Slot[] = [];
    const unknown: Slot[] = [];
    paths.forEach((path, pos) => {
      const leaf = [...path].reverse().find((t) => t.known === null || t.known.kind === 'leaf');
      if (!leaf || leaf.col !== pos) return;
      if (leaf.known) slots.push({ key: leaf.known.id, label: leaf.known.label, pos });
      else unknown.push({ key: null, label: leaf.written, pos });
    });
    const keys = slots.map((s) => s.key);
    if (this.official.some((o) => keys.filter((k) => k === o.key).length !== 1)) return null;
    const firstValue = Math.min(...slots.map((s) => s.pos));
    headerLabelProblems(this.sink, TABLE, [...new Set(paths.flat())]);
    const all = [...slots, ...unknown.filter((u) => u.pos > firstValue)].sort((a, b) => a.pos - b.pos);
    return { width, slots: all, firstValue };
  }

  /** Columns of a copied header in order: the 法人或其他组织 group is replaced by the columns under it. */
  private looseSlots(header: readonly Row[]): Slot[] {
    const lines = header.map((row) => row.fields.flatMap((f) => headerTokens(row, f, this.known)));
    headerLabelProblems(this.sink, TABLE, lines.flat());
    const leafish = (t: HeaderToken): boolean => t.known === null || t.known.kind === 'leaf';
    const upper = lines.findIndex((ts) =>
      ts.some((t) => t.known?.id === 'natural' || t.known?.id === 'orgs' || (t.known?.id === 'total' && t.known.kind === 'leaf')),
    );
    const sub = lines.findIndex((ts, i) => i > upper && ts.filter((t) => SUB_COLUMNS.has(t.known?.id ?? '')).length >= 2);
    let order: HeaderToken[];
    const upperLine = lines[upper];
    const subLine = lines[sub];
    if (
      upperLine &&
      subLine &&
      upperLine.some((t) => t.known?.id === 'orgs') &&
      !upperLine.some((t) => SUB_COLUMNS.has(t.known?.id ?? ''))
    ) {
      order = upperLine.flatMap((t) => (t.known?.id === 'orgs' ? subLine.filter(leafish) : leafish(t) ? [t] : []));
    } else {
      order = lines.flat().filter(leafish);
    }
    const slots = order.map((t, pos) => ({ key: t.known?.id ?? null, label: t.known?.label ?? t.written, pos }));
    const keys = slots.map((s) => s.key);
    const complete = this.official.every((o) => keys.filter((k) => k === o.key).length === 1);
    const inOrder = complete && slots.filter((s) => s.key !== null).every((s, i) => s.key === this.official[i]?.key);
    // A header read in an order other than the format's is a misreading more likely than a reordered table.
    return inOrder ? slots : this.official;
  }

  private readRow(row: Row): void {
    const place = placeOf(row, TABLE);
    const texts = row.fields.map((f) => f.text).filter((t) => t !== '');
    if (texts.length === 0 && row.above.length === 0) return;
    if (this.isHeader(row)) return;
    const layout = this.layout;
    let label: string[];
    let assigned: Assigned | null;
    // A row label standing where values should be: this row is laid out otherwise than the header.
    const misaligned = layout !== null && row.fields.some((f) => f.col >= layout.firstValue && looksLikeRowLabel(f.text));
    if (layout && !misaligned) {
      const own = row.fields.filter((f) => f.col < layout.firstValue && f.text !== '');
      const context = row.above.filter((f) => f.col < layout.firstValue && f.text !== '' && !own.some((o) => o.col === f.col));
      label = [...context, ...own].sort((a, b) => a.col - b.col).map((f) => f.text);
      const hasValues = layout.slots.some((s) => row.fields.some((f) => f.col === s.pos));
      assigned = hasValues ? assignByPosition(row, layout.slots) : null;
    } else {
      const split = splitRow(row.fields);
      label = split.label;
      assigned = split.values ? assignInOrder(split.values, this.slots, this.official) : null;
    }
    if (assigned === null) this.fragment(label, row);
    else this.dataRow(label, assigned, place);
  }

  /** A row's label matched against the format's rows, in the context of the groups seen before it. */
  /** `commit`: the place of a group label standing alone, taken as the context of the rows after it. */
  private resolve(written: readonly string[], commit: string | false): Resolution {
    const texts = this.withoutPieces(written);
    const key = canon(texts.join(''));
    if (key === '' || key.length > 2 * MAX_LABEL) return { kind: 'none' };
    const segs = segments(key);
    let a = this.ctxA;
    let b = this.ctxB;
    const groupsOff: { written: string; official: string }[] = [];
    const leaf = segs[segs.length - 1];
    if (!leaf) return { kind: 'none' };
    for (const s of segs.slice(0, -1)) {
      if (s.level === null) continue;
      const g = this.bestGroup(s);
      if (!g) continue;
      if (g.score < 1 && !g.group.body.includes(s.body)) groupsOff.push({ written: s.body, official: g.group.label });
      if (g.group.level === 'A') {
        a = g.group;
        b = null;
      } else b = g.group;
    }
    let best: { model: RowModel; score: number; body: number } | null = null;
    for (const model of this.rows) {
      const scored = this.score(model, leaf, b);
      if (scored && (!best || scored.score > best.score)) best = { model, ...scored };
    }
    if (leaf.level === 'A' || leaf.level === 'B') {
      const g = this.bestGroup(leaf);
      if (g && g.score >= 0.5 && (!best || g.score + 0.3 > best.score)) {
        // A part of the label (the rest on the next line, or printed down a merged cell) is no other wording.
        if (g.score < 1 && !g.group.body.includes(leaf.body)) groupsOff.push({ written: leaf.body, official: g.group.label });
        const ctx = g.group.level === 'A' ? { a: g.group, b: null } : { a, b: g.group };
        if (commit) {
          this.ctxA = ctx.a;
          this.ctxB = ctx.b;
          for (const off of groupsOff) labelProblem(this.sink, commit, '行标签', off.written, off.official);
        }
        return { kind: 'context', ...ctx };
      }
    }
    if (!best) return { kind: 'none' };
    return { kind: 'row', model: best.model, score: best.score, body: best.body, written: leaf.body, a, b, groupsOff };
  }

  /** How well a written leaf stands for a row; null when it cannot be that row. */
  private score(model: RowModel, leaf: Segment, b: GroupModel | null): { score: number; body: number } | null {
    const off = model.leaf;
    const body = leaf.body === '' ? 0 : labelScore(leaf.body, off.body);
    let s = body;
    const numbered = leaf.level !== null;
    const sameNumber = numbered && leaf.level === off.level && leaf.num === off.num;
    if (numbered) s += sameNumber ? 0.3 : leaf.level === off.level ? -0.3 : -0.4;
    const sameGroup = model.group !== null && b !== null && b.body === model.group;
    if (model.group !== null && b !== null) s += sameGroup ? 0.2 : -0.25;
    if (this.read.has(model.index)) s -= 0.3;
    else if (model.index === this.pointer) s += 0.1;
    else if (model.index > this.pointer) s += 0.05;
    const groupOk = model.group === null || b === null || sameGroup;
    const ok = body >= 0.5 || (sameNumber && groupOk && (body >= 0.2 || leaf.body === ''));
    return ok ? { score: s, body } : null;
  }

  /**
   * A label printed down a merged cell (`三` `、` `本` `年` …, `不予` `公开`) comes in pieces beside the rows'
   * own labels: pieces of a group label without numbering are left out of a row's label.
   */
  private withoutPieces(texts: readonly string[]): string[] {
    const kept = texts.filter((t) => {
      const key = canon(t);
      if (key === '' || key.length > 6 || (segments(key)[0]?.level ?? null) !== null) return true;
      return !this.groups.some((g) => canon(g.label).includes(key));
    });
    return kept.length > 0 ? kept : [...texts];
  }

  private bestGroup(s: Segment): { group: GroupModel; score: number } | null {
    let best: { group: GroupModel; score: number } | null = null;
    for (const g of this.groups) {
      if (s.level !== null && s.level !== g.level) continue;
      // `（三）` alone, its words on the lines below: the number says which group.
      if (s.body === '' && s.num !== null && s.num === g.num) return { group: g, score: 1 };
      const body = labelScore(s.body, g.body);
      const num = s.num !== null && s.num === g.num ? 0.1 : s.num !== null ? -0.3 : 0;
      const score = body + num;
      if (body >= 0.5 && (!best || score > best.score)) best = { group: g, score: Math.min(1, body) };
    }
    return best;
  }

  /** A row with a label and no values: a group label, the head of the next row's label, or the tail of the last one's. */
  private fragment(label: readonly string[], row: Row): void {
    if (label.length === 0) return;
    const r = this.resolve(label, placeOf(row, TABLE));
    if (r.kind === 'context') return;
    const last = this.last;
    if (last && last.written !== last.model.leaf.body) {
      const target = last.model.leaf.body;
      for (const t of [...label, label.join('')]) {
        const joined = last.written + canon(t);
        if (target.startsWith(joined)) {
          last.written = joined;
          last.raw += t;
          return;
        }
      }
    }
    this.flushPending();
    this.pending = { texts: [...label], row };
  }

  /** A label kept for the next row that never took it: a row of the format printed without values. */
  private flushPending(): void {
    const p = this.pending;
    this.pending = null;
    if (!p) return;
    const r = this.resolve(p.texts, false);
    // Only a label written out in full is a row of its own; a stray piece of words is dropped.
    if (r.kind === 'row' && r.body >= 0.8 && !this.read.has(r.model.index)) {
      this.take(r, p.texts, placeOf(p.row, TABLE), { kind: 'short', found: 0 });
    }
  }

  private dataRow(label: readonly string[], assigned: Assigned, place: string): void {
    let texts = [...label];
    let r = this.resolve(texts, false);
    const p = this.pending;
    if (p) {
      const joined = [...p.texts, ...label];
      const withPending = this.resolve(joined, false);
      if (withPending.kind === 'row' && (r.kind !== 'row' || withPending.score > r.score)) {
        r = withPending;
        texts = joined;
        this.pending = null;
      } else this.flushPending();
    }
    if (r.kind !== 'row') {
      const values = assigned.kind === 'ok' ? assigned.values.size : assigned.found;
      if (values > 0 || texts.length > 0) {
        layoutProblem(this.sink, 'F.extra', 'warning', IMPORT_MESSAGES.extraRow(TABLE, texts.join('') || '（无行标签）', place), place);
      }
      if (r.kind === 'context') {
        this.ctxA = r.a;
        this.ctxB = r.b;
      }
      return;
    }
    this.take(r, texts, place, assigned);
  }

  private take(r: Extract<Resolution, { kind: 'row' }>, texts: readonly string[], place: string, assigned: Assigned): void {
    const { model } = r;
    this.found = true;
    const earlier = this.read.get(model.index);
    if (earlier) {
      layoutProblem(this.sink, 'F.extra', 'warning', IMPORT_MESSAGES.duplicateRow(TABLE, model.def.name, place, earlier.place), place);
      return;
    }
    this.ctxA = r.a;
    this.ctxB = model.group !== null ? (this.groups.find((g) => g.level === 'B' && g.body === model.group) ?? r.b) : null;
    for (const g of r.groupsOff) labelProblem(this.sink, place, '行标签', g.written, g.official);
    const own = this.withoutPieces(texts);
    const leafSeg = segments(canon(own.join(''))).at(-1);
    const read: ReadRow = {
      model,
      place,
      raw: own.join(''),
      written: r.written,
      level: leafSeg?.level ?? null,
      num: leafSeg?.num ?? null,
    };
    this.read.set(model.index, read);
    this.last = read;
    this.pointer = Math.max(this.pointer, model.index + 1);
    const ids = this.format.t3.columns.map((c) => `T3.${model.def.key}.${c.key}`);
    for (const id of ids) this.sink.places.set(id, place);
    const target = {
      table: TABLE,
      name: model.def.name,
      place,
      cells: ids,
      cell: (col: string) => `T3.${model.def.key}.${col}`,
      official: this.official.length,
      read: this.slots.length,
    };
    storeRow(this.sink, target, assigned);
  }

  finish(): Sink {
    this.flushPending();
    this.sink.found = this.found;
    const t3 = this.format.t3;
    // A table not found at all is said once, by the importer, where its section is.
    if (!this.found) return this.sink;
    const where = this.firstPlace ?? TABLE;
    for (const model of this.rows) {
      const read = this.read.get(model.index);
      if (!read) {
        this.sink.problems.push({
          rule: 'F.missingRow',
          severity: 'error',
          message: IMPORT_MESSAGES.missingRow(TABLE, model.def.name, `表格始于${where}`),
          cells: t3.columns.map((c) => `T3.${model.def.key}.${c.key}`),
          address: where,
        });
        continue;
      }
      const off = model.leaf;
      const numberOff = read.level !== null && (read.level !== off.level || read.num !== off.num);
      if (read.written !== off.body || numberOff) {
        const cells = this.format.t3.columns.map((c) => `T3.${model.def.key}.${c.key}`);
        labelProblem(this.sink, read.place, '行标签', read.raw, model.def.labels[model.def.labels.length - 1] ?? model.def.name, cells);
      }
    }
    return this.sink;
  }
}

/** Read table 三 from its segments (in reading order). */
export function readTable3(segments: readonly TableSegment[], format: FormatDef): Sink {
  const reader = new Table3Reader(format);
  for (const s of segments) reader.readSegment(s);
  return reader.finish();
}
