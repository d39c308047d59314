// The browser preview: the same task pane as in Excel, over an in-browser workbook (no Office needed).
import { createPreviewHost, createPreviewWorkbook, mountGridView } from '../hosts/preview';
import { mountTaskpane } from '../taskpane/mount';

const grid = document.getElementById('preview-grid');
const pane = document.getElementById('preview-pane');
if (grid && pane) {
  const workbook = createPreviewWorkbook();
  const host = createPreviewHost(workbook);
  mountGridView(grid, workbook, host);
  mountTaskpane(pane, host);
}
