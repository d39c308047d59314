/**
 * A published report as any reader sees it (copied text, a saved web page, a Word file): paragraphs and
 * tables in reading order. The importer finds the official tables in it by their labels.
 */

/** A line of plain text (copied from a PDF or a web page), tabs kept: a table row copied as text. */
export interface TextLineBlock {
  readonly kind: 'line';
  readonly text: string;
  /** 1-based line number in the source file, for messages. */
  readonly line: number;
}

/** A paragraph of a structured document (HTML, .docx). */
export interface ParagraphBlock {
  readonly kind: 'paragraph';
  readonly text: string;
  /** Heading level when the source marks it (`<h2>`, a Word heading style). */
  readonly heading?: number;
}

/**
 * A table of a structured document: each row lists its physical cells left to right. A merged cell
 * appears once, in the row and column where it starts; rows a rowspan/vMerge covers do not repeat it
 * (so every cell after a row's labels is one of its values, an empty one included).
 */
export interface TableBlock {
  readonly kind: 'table';
  readonly rows: readonly (readonly TableCell[])[];
}

export interface TableCell {
  /** Cell text, paragraphs and `<br>` joined with '\n', entities decoded, `&nbsp;` as a space. */
  readonly text: string;
  readonly colSpan: number;
  readonly rowSpan: number;
}

export type PublishedBlock = TextLineBlock | ParagraphBlock | TableBlock;

export interface PublishedDocument {
  readonly source: 'text' | 'html' | 'docx';
  readonly blocks: readonly PublishedBlock[];
}
