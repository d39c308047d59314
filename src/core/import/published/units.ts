import type { PublishedDocument, TableBlock } from './document';
import { isValueLike } from './normalize';

/**
 * A published document as units the importer reasons about: text (a line or a paragraph), a row of
 * fields (a table row copied as text: tabs, runs of spaces, a Markdown pipe row) or a grid (a structured
 * table, a Markdown pipe table). Markdown marks are taken off here, so the rest sees plain text.
 */

/** One field of a row: its text and, in a grid, the column it starts in and how many it spans. */
export interface Field {
  readonly text: string;
  readonly col: number;
  readonly span: number;
}

/** A table row: its own fields left to right, and in a grid the merged cells from rows above that cover it. */
export interface Row {
  readonly fields: readonly Field[];
  /** Cells of rows above whose rowspan covers this row (structured tables only). */
  readonly above: readonly Field[];
  /** Whether `col` is a real column position (a grid) rather than the field's order in a copied line. */
  readonly grid: boolean;
  /** `第 61 行`, or for a structured table its row number, filled in as `表三第 5 行` once the table is known. */
  readonly line: number | null;
  readonly index: number;
}

export interface TextUnit {
  readonly kind: 'text';
  readonly text: string;
  readonly place: string;
  /** Heading level when marked (`#`, `<h2>`, a Word heading style). */
  readonly heading: number | null;
  /** A copied line, which may be one line of a paragraph broken by the PDF (structured paragraphs are whole). */
  readonly joinable: boolean;
  /** The source line (text) or paragraph number, for ordering and messages. */
  readonly line: number;
}

export interface BlankUnit {
  readonly kind: 'blank';
}

export interface RowUnit {
  readonly kind: 'row';
  readonly row: Row;
  /** The line as written, for when it turns out to be text after all. */
  readonly text: string;
  readonly place: string;
}

export interface GridUnit {
  readonly kind: 'grid';
  readonly rows: readonly Row[];
  /** `第 40 行` for a Markdown table, `第 3 个表格` for a structured one. */
  readonly place: string;
  /** Structured table (HTML, .docx): its rows are numbered within it; a Markdown table's rows are lines. */
  readonly structured: boolean;
}

export type Unit = TextUnit | BlankUnit | RowUnit | GridUnit;

/** Longest line the row and heading analysis looks at: longer lines are prose, taken as they are. */
const MAX_ANALYSED_LINE = 4000;
/** Lines beyond this many are taken as plain text (a report has a few hundred; this bounds the work on junk). */
const MAX_ANALYSED_LINES = 50000;
/** Largest span honoured in a structured table (a broken file may claim a million). */
const MAX_SPAN = 64;
const MAX_GRID_ROWS = 2000;
const MAX_GRID_COLUMNS = 200;

/** Control characters (a form feed between pages, NULs of a binary file) taken out; tabs kept. */
function stripControls(text: string): string {
  let clean = true;
  for (let i = 0; i < text.length && clean; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a) || c === 0x7f) clean = false;
  }
  if (clean) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c < 0x20 && c !== 0x09 && c !== 0x0a) || c === 0x7f)) out += text[i];
  }
  return out;
}

/** Markdown's backslash escapes (as our own `nianbao narrative` writes them) undone. */
function unescapeMarkdown(text: string): string {
  return text.replace(/\\([\\`*_<>[\]#+\-.)|!])/g, '$1');
}

/** Inline Markdown taken off a line of text: links and images to their text, emphasis marks dropped. */
function inlineMarkdown(text: string): string {
  if (!/[[*_`<\\]/.test(text)) return text;
  return unescapeMarkdown(
    text
      .replace(/!\[([^\]\n]{0,200})\]\([^)\n]{0,500}\)/g, '$1')
      .replace(/\[([^\]\n]{0,200})\]\([^)\n]{0,500}\)/g, '$1')
      .replace(/<((?:https?:\/\/|www\.)[^>\s]{1,500})>/g, '$1')
      .replace(/(\*\*|__)(?=\S)([^*_\n]{1,500}?)\1/g, '$2'),
  );
}

/** `# 一、总体情况` → level 1 and its text; null for a line that is no ATX heading. */
function atxHeading(line: string): { level: number; text: string } | null {
  let i = 0;
  while (i < 3 && line[i] === ' ') i++;
  let level = 0;
  while (line[i + level] === '#') level++;
  if (level === 0 || level > 6) return null;
  const rest = line.slice(i + level);
  if (rest !== '' && !/^[ \t]/.test(rest)) return null;
  // `## 标题 ##`: closing hashes go when a space separates them from the text.
  let end = rest.trimEnd().length;
  let h = end;
  while (h > 0 && rest[h - 1] === '#') h--;
  if (h < end && (h === 0 || /\s/.test(rest[h - 1] ?? ''))) end = h;
  return { level, text: inlineMarkdown(rest.slice(0, end).trim()) };
}

/** Fields of a Markdown pipe row `| a | b \| c |`: split at unescaped pipes, outer ones dropped. */
function pipeFields(line: string): string[] {
  const t = line.trim();
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < t.length; i++) {
    const ch = t[i] ?? '';
    if (ch === '\\' && i + 1 < t.length) {
      cur += ch + (t[i + 1] ?? '');
      i++;
    } else if (ch === '|') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  if (t.startsWith('|')) out.shift();
  if (t.endsWith('|') && !t.endsWith('\\|')) out.pop();
  return out.map((f) => unescapeMarkdown(f.trim()));
}

const PIPE_SEPARATOR = /^:?-{3,}:?$/;

/** A line's fields when it is a table row copied as text: tab-separated, or separated by runs of 2+ spaces. */
function textFields(line: string): string[] | null {
  // trim() takes U+3000 and NBSP too (a regex `\s+$` would be quadratic on a long run of spaces).
  if (line.includes('\t')) return line.split('\t').map((f) => f.trim());
  const t = line.trim();
  if (!/[ \u3000\u00a0]{2}/.test(t)) return null;
  return t.split(/[ \u3000\u00a0]{2,}/).flatMap(peelValues);
}

/**
 * A field of a line laid out with spaces whose last words are values a single space away (`禁止公开 0`,
 * the label filling its column): the values as fields of their own.
 */
function peelValues(field: string): string[] {
  const words = field.split(/[ \u3000\u00a0]/);
  let k = words.length;
  while (k > 1 && isValueLike(words[k - 1] ?? '')) k--;
  if (k === words.length || isValueLike(words[k - 1] ?? '')) return [field];
  return [words.slice(0, k).join(' '), ...words.slice(k)];
}

function looseRow(fields: readonly string[], line: number, index: number): Row {
  return { fields: fields.map((text, col) => ({ text, col, span: 1 })), above: [], grid: false, line, index };
}

/** Plain text (copied from a PDF or a web page, or Markdown) as a document of lines. */
export function linesOf(text: string): PublishedDocument {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  return { source: 'text', blocks: lines.map((t, i) => ({ kind: 'line', text: t, line: i + 1 })) };
}

/**
 * A structured table's rows with merged cells placed: each physical cell at the column where it starts,
 * and cells whose rowspan covers a later row listed as that row's `above`.
 */
function gridOfTable(table: TableBlock): Row[] {
  const rows: Row[] = [];
  // Columns covered by a rowspan from above: col → the cell and the first row it no longer covers.
  const covering = new Map<number, { field: Field; until: number }>();
  table.rows.slice(0, MAX_GRID_ROWS).forEach((cells, r) => {
    const fields: Field[] = [];
    const above = [...new Set([...covering.values()].filter((c) => c.until > r).map((c) => c.field))].sort((a, b) => a.col - b.col);
    let col = 0;
    for (const cell of cells) {
      while ((covering.get(col)?.until ?? 0) > r && col < MAX_GRID_COLUMNS) col++;
      if (col >= MAX_GRID_COLUMNS) break;
      const span = Math.max(1, Math.min(MAX_SPAN, Math.floor(Number.isFinite(cell.colSpan) ? cell.colSpan : 1)));
      const rowSpan = Math.max(1, Math.min(MAX_GRID_ROWS, Math.floor(Number.isFinite(cell.rowSpan) ? cell.rowSpan : 1)));
      const field: Field = { text: cell.text.replace(/\s*\n\s*/g, ''), col, span };
      fields.push(field);
      if (rowSpan > 1) for (let c = col; c < col + span; c++) covering.set(c, { field, until: r + rowSpan });
      col += span;
    }
    for (const [c, cover] of [...covering]) if (cover.until <= r + 1) covering.delete(c);
    rows.push({ fields, above, grid: true, line: null, index: r + 1 });
  });
  return rows;
}

/** The document as units, in reading order. */
export function unitsOf(doc: PublishedDocument): Unit[] {
  const units: Unit[] = [];
  let paragraphNo = 0;
  let tableNo = 0;
  const blocks = doc.blocks;
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b];
    if (!block) continue;
    if (block.kind === 'table') {
      tableNo++;
      units.push({ kind: 'grid', rows: gridOfTable(block), place: `第 ${tableNo} 个表格`, structured: true });
      continue;
    }
    if (block.kind === 'paragraph') {
      paragraphNo++;
      const text = stripControls(block.text);
      const place = `第 ${paragraphNo} 段`;
      if (text.trim() === '') {
        units.push({ kind: 'blank' });
        continue;
      }
      const fields = block.heading === undefined && text.length <= MAX_ANALYSED_LINE && text.includes('\t') ? textFields(text) : null;
      if (fields && fields.filter((f) => f !== '').length >= 2) {
        units.push({ kind: 'row', row: looseRow(fields, paragraphNo, paragraphNo), text, place });
      } else {
        units.push({ kind: 'text', text: text.trim(), place, heading: block.heading ?? null, joinable: false, line: paragraphNo });
      }
      continue;
    }
    const raw = stripControls(block.text);
    const line = block.line;
    const place = `第 ${line} 行`;
    if (raw.trim() === '') {
      units.push({ kind: 'blank' });
      continue;
    }
    if (raw.length > MAX_ANALYSED_LINE || b >= MAX_ANALYSED_LINES) {
      units.push({ kind: 'text', text: raw.trim(), place, heading: null, joinable: true, line });
      continue;
    }
    const heading = atxHeading(raw);
    if (heading) {
      units.push({ kind: 'text', text: heading.text, place, heading: heading.level, joinable: false, line });
      continue;
    }
    if (/^\s*\|.*\|/.test(raw)) {
      // A Markdown pipe table: its lines together, as a grid when every row has the same width.
      const rows: Row[] = [];
      let e = b;
      for (; e < blocks.length; e++) {
        const next = blocks[e];
        const text = next?.kind === 'line' ? stripControls(next.text) : '';
        if (!next || next.kind !== 'line' || text.length > MAX_ANALYSED_LINE || !/^\s*\|.*\|/.test(text)) break;
        if (rows.length >= MAX_GRID_ROWS) continue; // a pipe table of thousands of rows is no report's table
        const fields = pipeFields(text);
        if (fields.length > 0 && fields.every((f) => PIPE_SEPARATOR.test(f))) continue;
        rows.push(looseRow(fields, next.line, next.line));
      }
      b = Math.max(b, e - 1); // always past this line, whatever the loop above saw
      const width = rows[0]?.fields.length ?? 0;
      if (rows.length > 0 && rows.every((r) => r.fields.length === width)) {
        units.push({ kind: 'grid', rows: rows.map((r) => ({ ...r, grid: true })), place, structured: false });
      } else {
        for (const r of rows)
          units.push({ kind: 'row', row: r, text: r.fields.map((f) => f.text).join(' '), place: `第 ${r.line ?? 0} 行` });
      }
      continue;
    }
    const fields = textFields(raw);
    if (fields && fields.filter((f) => f !== '').length >= 2) {
      units.push({ kind: 'row', row: looseRow(fields, line, line), text: raw.trim(), place });
      continue;
    }
    const text = inlineMarkdown(raw.trim());
    if (/^(?:[-*_]\s*){3,}$/.test(text)) continue; // a Markdown rule
    units.push({ kind: 'text', text, place, heading: null, joinable: true, line });
  }
  return units;
}
