/** The browser preview's spreadsheet: an in-memory workbook, the port in front of it, and its grid view. */
export { createPreviewWorkbook, PreviewWorkbook, type WorkbookEvent, type EditSource } from './workbook';
export { createPreviewHost } from './preview-host';
export { mountGridView, type GridView } from './grid-view';
