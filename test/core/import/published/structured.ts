import type { PublishedBlock, PublishedDocument, TableCell } from '../../../../src/core/import/published/document';
import { FORMATS, type FormatDef, type TableId } from '../../../../src/core/format';
import { labelSpans } from '../../../../src/core/layout/spans';
import { generateDocument } from '../../../../src/core/narrative/generate';
import type { CellValue, ReportData } from '../../../../src/core/report/types';

/**
 * A report as the HTML and .docx readers give it: paragraphs (headings marked) and the official tables
 * as structured tables with merged cells, each merged cell once where it starts — built here from report
 * data so that tests can read it back.
 */

const cell = (text: string, colSpan = 1, rowSpan = 1): TableCell => ({ text, colSpan, rowSpan });
const value = (v: CellValue | undefined): TableCell => cell(v === null || v === undefined ? '' : String(v));

/** Header rows over label paths: each label once, spanning the columns and rows it covers. */
function headerRows(paths: readonly (readonly string[])[], lead: TableCell[] = []): TableCell[][] {
  const depth = Math.max(...paths.map((p) => p.length));
  const rows: TableCell[][] = Array.from({ length: depth }, (_, i) => (i === 0 ? [...lead] : []));
  for (const s of labelSpans(paths).sort((a, b) => a.depth - b.depth || a.first - b.first)) {
    rows[s.depth]?.push(cell(s.label, s.last - s.first + 1, s.leaf ? depth - s.depth : 1));
  }
  return rows;
}

function t2Rows(format: FormatDef, data: ReportData): TableCell[][] {
  const width = 1 + Math.max(...format.t2.parts.map((p) => p.columns.length));
  const rows: TableCell[][] = [];
  for (const part of format.t2.parts) {
    const last = width - part.columns.length; // the last column spans what is left
    rows.push([cell(part.heading, width)]);
    rows.push([cell(part.rowHeader), ...part.columns.map((c, i) => cell(c.label, i === part.columns.length - 1 ? last : 1))]);
    for (const row of part.rows) {
      rows.push([
        cell(row.labels.join('')),
        ...part.columns.map((c, i) => ({
          ...value(data.cells[`T2.${row.key}.${c.key}`]),
          colSpan: i === part.columns.length - 1 ? last : 1,
        })),
      ]);
    }
  }
  return rows;
}

function t3Rows(format: FormatDef, data: ReportData): TableCell[][] {
  const t3 = format.t3;
  const depth = Math.max(...t3.rows.map((r) => r.labels.length));
  const header = headerRows(
    t3.columns.map((c) => [...(c.groups ?? []), c.label]),
    [cell(t3.note, depth, 3)],
  );
  const body: TableCell[][] = t3.rows.map(() => []);
  for (const s of labelSpans(t3.rows.map((r) => r.labels)).sort((a, b) => a.depth - b.depth)) {
    body[s.first]?.push(cell(s.label, s.leaf ? depth - s.depth : 1, s.last - s.first + 1));
  }
  t3.rows.forEach((row, i) => body[i]?.push(...t3.columns.map((c) => value(data.cells[`T3.${row.key}.${c.key}`]))));
  return [...header, ...body];
}

function t4Rows(format: FormatDef, data: ReportData): TableCell[][] {
  const t4 = format.t4;
  const leaves = t4.groups.flatMap((g) => t4.columns.map((c) => ({ id: `T4.${g.key}.${c.key}`, path: [...g.parents, g.label, c.label] })));
  return [...headerRows(leaves.map((l) => l.path)), leaves.map((l) => value(data.cells[l.id]))];
}

export function tableBlock(table: TableId, data: ReportData): PublishedBlock {
  const format = FORMATS[data.format];
  const rows = table === 'T2' ? t2Rows(format, data) : table === 'T3' ? t3Rows(format, data) : t4Rows(format, data);
  return { kind: 'table', rows };
}

/** The generated report as a structured document (what the HTML or .docx reader would give). */
export function structuredDocument(data: ReportData, source: 'html' | 'docx' = 'html'): PublishedDocument {
  const blocks: PublishedBlock[] = [];
  for (const b of generateDocument(data).blocks) {
    if (b.kind === 'table' && b.table) blocks.push(tableBlock(b.table, data));
    else if (b.kind === 'title') blocks.push({ kind: 'paragraph', text: b.text, heading: 1 });
    else if (b.kind === 'heading1') blocks.push({ kind: 'paragraph', text: b.text, heading: 2 });
    else if (b.kind === 'heading2') blocks.push({ kind: 'paragraph', text: b.text, heading: 3 });
    else if (b.text !== '') blocks.push({ kind: 'paragraph', text: b.text });
  }
  return { source, blocks };
}
