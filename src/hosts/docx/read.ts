import type { PublishedDocument } from '../../core/import/published/document';
import type { ReadResult } from '../../core/import/workbook';

/**
 * A Word (.docx) file as a document: body paragraphs and tables with merged cells. A file that is not a
 * readable .docx (not a zip, encrypted, no document part) is a Chinese error, never a throw.
 */
export function readDocxDocument(bytes: Uint8Array): ReadResult<PublishedDocument> {
  return { ok: false, error: `not implemented yet (${bytes.length})` };
}
