import { createPreviewHost } from '../../../src/hosts/preview/preview-host';
import { parseTyped } from '../../../src/hosts/preview/grid-model';
import { createPreviewWorkbook } from '../../../src/hosts/preview/workbook';
import { cellAt, describeHostContract } from './host-contract';

/** The in-browser preview: its own workbook and formula interpreter; the clerk types through the grid view's parser. */
describeHostContract(
  'the preview',
  () => {
    const workbook = createPreviewWorkbook();
    const host = createPreviewHost(workbook);
    return Promise.resolve({
      host,
      clerkTypes: (address, value) => {
        const at = cellAt(address);
        workbook.setCells([{ ...at, value: typeof value === 'string' ? parseTyped(value) : value }], 'user');
        return Promise.resolve();
      },
      settle: () => Promise.resolve(),
      formats: () => {
        const sheets = workbook.sheets().map((s) => s.name);
        return {
          conditionalFormats: sheets.reduce((n, s) => n + workbook.conditionalFormats(s).length, 0),
          validations: sheets.reduce((n, s) => n + workbook.validations(s).length, 0),
          names: workbook.names().map((n) => n.name),
        };
      },
    });
  },
  // The preview selects a merged area whole, as a click in its grid does.
  { selectionInMerge: 'mergeTopLeft' },
);
