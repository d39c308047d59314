import { FORMATS, type FormatDef, type TableId } from '../format';
import { labelSpans } from '../layout/spans';
import type { CellValue, ReportData } from '../report/types';
import type { ReportDocument } from './document';

/**
 * The report as Markdown: `#` title, `##` sections, `###` sub-sections, paragraphs, and each table block
 * as a Markdown table of the data with the official labels. Markdown has no merged cells: a label that
 * spans columns or rows is written once, in its first cell, and the others are left empty.
 */

type Grid = string[][];

function valueText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

function tableCell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/([\\|])/g, '\\$1');
}

function markdownTable(grid: Grid): string {
  const width = Math.max(1, ...grid.map((r) => r.length));
  const line = (row: readonly string[]): string => `| ${Array.from({ length: width }, (_, i) => tableCell(row[i] ?? '')).join(' | ')} |`;
  const [head = [], ...rest] = grid;
  return [line(head), `|${' --- |'.repeat(width)}`, ...rest.map(line)].join('\n');
}

/** Header rows over `offset` label columns: each label in the first column and row it spans. */
function headerRows(paths: readonly (readonly string[])[], offset: number, depth: number): Grid {
  const rows: Grid = Array.from({ length: depth }, () => new Array<string>(offset + paths.length).fill(''));
  for (const s of labelSpans(paths)) {
    const row = rows[s.depth];
    if (row) row[offset + s.first] = s.label;
  }
  return rows;
}

function t2Grid(format: FormatDef, data: ReportData): Grid {
  const width = 1 + Math.max(...format.t2.parts.map((p) => p.columns.length));
  const pad = (row: string[]): string[] => [...row, ...new Array<string>(Math.max(0, width - row.length)).fill('')];
  const grid: Grid = [];
  for (const part of format.t2.parts) {
    grid.push(pad([part.heading]));
    grid.push(pad([part.rowHeader, ...part.columns.map((c) => c.label)]));
    for (const row of part.rows)
      grid.push(pad([row.labels.join(''), ...part.columns.map((c) => valueText(data.cells[`T2.${row.key}.${c.key}`]))]));
  }
  return grid;
}

function t3Grid(format: FormatDef, data: ReportData): Grid {
  const t3 = format.t3;
  const labelDepth = Math.max(...t3.rows.map((r) => r.labels.length));
  const columnPaths = t3.columns.map((c) => [...(c.groups ?? []), c.label]);
  const header = headerRows(columnPaths, labelDepth, Math.max(...columnPaths.map((p) => p.length)));
  if (header[0]) header[0][0] = t3.note;
  const body: Grid = t3.rows.map((row) => [
    ...new Array<string>(labelDepth).fill(''),
    ...t3.columns.map((c) => valueText(data.cells[`T3.${row.key}.${c.key}`])),
  ]);
  for (const s of labelSpans(t3.rows.map((r) => r.labels))) {
    const row = body[s.first];
    if (row) row[s.depth] = s.label;
  }
  return [...header, ...body];
}

function t4Grid(format: FormatDef, data: ReportData): Grid {
  const t4 = format.t4;
  const leaves = t4.groups.flatMap((g) => t4.columns.map((c) => ({ id: `T4.${g.key}.${c.key}`, path: [...g.parents, g.label, c.label] })));
  const header = headerRows(
    leaves.map((l) => l.path),
    0,
    Math.max(...leaves.map((l) => l.path.length)),
  );
  return [...header, leaves.map((l) => valueText(data.cells[l.id]))];
}

/** One official table of the data as a Markdown table, labels verbatim. */
export function tableMarkdown(table: TableId, data: ReportData, format: FormatDef = FORMATS[data.format] ?? FORMATS['2021']): string {
  const grid = table === 'T2' ? t2Grid(format, data) : table === 'T3' ? t3Grid(format, data) : t4Grid(format, data);
  return markdownTable(grid);
}

/** A paragraph line as Markdown text: characters Markdown would read as markup are escaped. */
function escapeLine(line: string): string {
  return line
    .replace(/([\\`*_<[\]])/g, '\\$1')
    .replace(/^(\s*)([#>+-])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/** The document as Markdown; a block's lines (the clerk may break a cell into lines) become paragraphs. */
export function documentToMarkdown(doc: ReportDocument, data: ReportData): string {
  const out: string[] = [];
  const lines = (text: string): string[] =>
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '');
  for (const block of doc.blocks) {
    switch (block.kind) {
      case 'title':
        for (const l of lines(block.text)) out.push(`# ${escapeLine(l)}`);
        break;
      case 'heading1':
        for (const l of lines(block.text)) out.push(`## ${escapeLine(l)}`);
        break;
      case 'heading2':
        for (const l of lines(block.text)) out.push(`### ${escapeLine(l)}`);
        break;
      case 'table':
        for (const l of lines(block.text)) out.push(escapeLine(l));
        if (block.table) out.push(tableMarkdown(block.table, data));
        break;
      default:
        for (const l of lines(block.text)) out.push(escapeLine(l));
    }
  }
  return `${out.join('\n\n')}\n`;
}
