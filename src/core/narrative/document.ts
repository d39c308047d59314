import type { TableId } from '../format';

/**
 * The report as a document: a flat list of blocks in reading order, each with a stable id, so that the
 * workbook's 正文 sheet, the checks and the Word export all speak of the same paragraphs.
 */

export type BlockKind = 'title' | 'heading1' | 'heading2' | 'paragraph' | 'table' | 'signature' | 'date';

/** Who wrote a block's text. */
export type BlockSource =
  /** Written by the generator from the cells and 基本信息. */
  | 'generated'
  /** A visible `【请填写：…】` the clerk must replace (validation reports it while it remains). */
  | 'placeholder'
  /** The clerk's own text (an edited generated paragraph, or a placeholder filled in). */
  | 'clerk';

export interface Block {
  /** Stable across years and regenerations, e.g. `preamble.basis`, `s1.2.text`, `s3.summary`, `s3.table`. */
  readonly id: string;
  readonly kind: BlockKind;
  /** The text; for a table block the table's caption (may be empty). */
  readonly text: string;
  /** For `table` blocks: which official table. */
  readonly table?: TableId;
  readonly source: BlockSource;
  /**
   * For a `clerk` block: the text the generator gives for it now. The 正文 sheet keeps it beside the
   * clerk's text, so that a later regeneration still sees the paragraph as edited.
   */
  readonly generated?: string;
}

export interface ReportDocument {
  readonly year: number | null;
  readonly organ: string | null;
  readonly blocks: readonly Block[];
}

/** How a placeholder starts and ends: `【请填写：本年度主动公开工作的主要做法】`. */
export const PLACEHOLDER_OPEN = '【请填写：';
export const PLACEHOLDER_CLOSE = '】';

export function placeholder(what: string): string {
  return `${PLACEHOLDER_OPEN}${what}${PLACEHOLDER_CLOSE}`;
}

export function hasPlaceholder(text: string): boolean {
  return text.includes(PLACEHOLDER_OPEN);
}

/** How a figure the generator could not print starts: `【请核对：表三“…”行“总计”列为空】`. */
export const REVIEW_OPEN = '【请核对：';

/** A visible marker in generated text where a cell is blank or not a usable number. */
export function reviewMarker(what: string): string {
  return `${REVIEW_OPEN}${what}${PLACEHOLDER_CLOSE}`;
}

export function hasReviewMarker(text: string): boolean {
  return text.includes(REVIEW_OPEN);
}
