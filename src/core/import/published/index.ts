import type { ReportData } from '../../report/types';
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
  throw new Error(`not implemented yet (${text.length})`);
}

/**
 * Read the official tables, the figures and the narrative out of a published report. A document in which
 * none of the tables and none of the section headings can be found is not a report: an error saying so.
 */
export function importPublished(doc: PublishedDocument): ReadResult<PublishedImport> {
  throw new Error(`not implemented yet (${doc.blocks.length})`);
}
