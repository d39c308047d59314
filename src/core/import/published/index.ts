import { findFormatMarkers } from './format-detect';
import { IMPORT_MESSAGES } from './messages';
import { readMeta } from './meta';
import { paragraphsOf } from './narrative';
import { route } from './route';
import { readTable2 } from './table2';
import { readTable3 } from './table3';
import { readTable4 } from './table4';
import { linesOf, unitsOf } from './units';
import { findHeadings } from '../../narrative/outline';
import { FORMATS, cellsOf, tableName, type CellId } from '../../format';
import type { CellValue, ReportData } from '../../report/types';
import type { Finding } from '../../rules/evaluate';
import type { ReadResult } from '../workbook';
import type { PublishedDocument } from './document';

export type { PublishedDocument } from './document';

/** A published report read back: its figures, what could not be read faithfully, and its text. */
export interface PublishedImport {
  readonly data: ReportData;
  /** F.* findings made while reading (labels, missing/short rows, extra columns, old format, year, deadline). */
  readonly problems: readonly Finding[];
  /** The narrative in reading order (headings included), for the N.* rules; ids `p1`, `p2` … */
  readonly paragraphs: readonly { readonly id: string; readonly text: string }[];
  /** Where a paragraph or a cell was found, for messages: `第 57 行`, `表三第 12 行`. */
  readonly places: ReadonlyMap<string, string>;
}

/** Plain text (copied from a PDF or a web page, or Markdown) as a document of lines. */
export function textToDocument(text: string): PublishedDocument {
  return linesOf(text);
}

/**
 * Read the official tables, the figures and the narrative out of a published report. A document in which
 * none of the tables and none of the section headings can be found is not a report: an error saying so.
 */
export function importPublished(doc: PublishedDocument): ReadResult<PublishedImport> {
  const routing = route(unitsOf(doc));
  const texts = paragraphsOf(routing.text);
  const detected = findFormatMarkers(routing.segments);
  const format = FORMATS[detected.format];
  const bySegment = (table: 'T2' | 'T3' | 'T4') => routing.segments.filter((s) => s.table === table);
  const t2 = readTable2(bySegment('T2'), format);
  const t3 = readTable3(bySegment('T3'), format);
  const t4 = readTable4(bySegment('T4'), format);
  const headings = findHeadings(texts, format.sections);
  const anyTable = t2.found || t3.found || t4.found;
  if (!anyTable && headings.length === 0) return { ok: false, error: IMPORT_MESSAGES.notReport() };

  const meta = readMeta(texts, headings);
  const cells: Record<CellId, CellValue> = { ...t2.cells, ...t3.cells, ...t4.cells };
  const data: ReportData = { format: format.id, year: meta.year, organ: meta.organ, cells, info: meta.info };
  const problems: Finding[] = [];
  const tables = [
    { id: 'T2', sink: t2, title: format.t2.title, section: 1 },
    { id: 'T3', sink: t3, title: format.t3.title, section: 2 },
    { id: 'T4', sink: t4, title: format.t4.title, section: 3 },
  ] as const;
  for (const t of tables) {
    if (t.sink.found) {
      problems.push(...t.sink.problems);
      continue;
    }
    // A table not found at all: one finding for all its cells, placed at its section's heading.
    const heading = headings.find((h) => h.section === t.section);
    const place = heading ? (texts[heading.paragraph]?.place ?? null) : null;
    problems.push({
      rule: 'F.missingRow',
      severity: 'error',
      message: IMPORT_MESSAGES.missingTable(tableName(t.id), t.title, place),
      cells: cellsOf(format)
        .filter((c) => c.table === t.id)
        .map((c) => c.id),
      ...(place ? { address: place } : {}),
    });
  }
  if (format.id === '2019' && meta.year !== null && meta.year >= 2021) {
    const marker = detected.marker;
    const place = marker?.place ?? '';
    problems.push({
      rule: 'F.oldFormat',
      severity: 'error',
      message: IMPORT_MESSAGES.oldFormat(meta.year, marker?.text ?? '本年新制作数量', place),
      cells: [],
      ...(place ? { address: place } : {}),
    });
  }
  problems.push(...meta.problems);

  const places = new Map<string, string>([...t2.places, ...t3.places, ...t4.places, ...meta.places]);
  const paragraphs = texts.map((p, i) => {
    const id = `p${i + 1}`;
    places.set(id, p.place);
    return { id, text: p.text };
  });
  return { ok: true, value: { data, problems, paragraphs, places } };
}
