import type { PublishedDocument } from './published/document';

/** A saved web page as a document: the report's paragraphs and tables, the site's page chrome left out. */
export function htmlToDocument(html: string): PublishedDocument {
  throw new Error(`not implemented yet (${html.length})`);
}
