import type { WorkbookGrid } from '../../core/import/grid';
import type { Rect } from '../../core/layout/a1';
import type { WorkbookPlan } from '../../core/layout/plan';
import {
  HostError,
  type CellAddress,
  type CellWrite,
  type HostFeatures,
  type SpreadsheetHost,
  type WorkbookOutline,
} from '../../core/port';
import type { PreviewWorkbook } from './workbook';

/** The preview can do everything the port asks: it is our own spreadsheet. */
const FEATURES: HostFeatures = { conditionalFormats: true, dataValidation: true, changeEvents: true, printSetup: true };

/**
 * The port over the preview workbook. Like Excel, it tells `onChange` listeners about the clerk's edits
 * (typed in the grid view) and not about what the add-in itself applies or writes.
 */
export function createPreviewHost(workbook: PreviewWorkbook): SpreadsheetHost {
  return {
    label: '预览',
    features: FEATURES,
    outline(): Promise<WorkbookOutline> {
      return Promise.resolve({ sheets: workbook.sheets(), names: workbook.names().map((n) => n.name), active: workbook.selection() });
    },
    isEmpty(sheet: string, rect: Rect): Promise<boolean> {
      return Promise.resolve(workbook.isEmpty(sheet, rect));
    },
    /** No use for an outline (`known`): the preview's workbook is in memory, looking costs nothing. */
    apply(plan: WorkbookPlan): Promise<void> {
      return attempt(() => workbook.apply(plan));
    },
    read(sheets: readonly string[]): Promise<WorkbookGrid> {
      return Promise.resolve(workbook.snapshot(sheets));
    },
    write(cells: readonly CellWrite[]): Promise<void> {
      return attempt(() => workbook.setCells(cells, 'addin'));
    },
    select(at: CellAddress): Promise<void> {
      return attempt(() => {
        const sheet = workbook.sheets().find((s) => s.name.toLowerCase() === at.sheet.toLowerCase());
        if (sheet && sheet.visibility !== 'visible') throw new HostError(`工作表“${sheet.name}”是隐藏的，无法选中其中的单元格。`);
        workbook.select(at);
      });
    },
    onChange(listener: () => void): Promise<() => void> {
      const stop = workbook.subscribe((event) => {
        if (event.kind === 'cells' && event.source === 'user') listener();
      });
      return Promise.resolve(stop);
    },
  };
}

/** Run a change; a failure comes back as a rejected promise with a HostError, as from a real host. */
function attempt(change: () => void): Promise<void> {
  try {
    change();
    return Promise.resolve();
  } catch (e) {
    return Promise.reject(e instanceof HostError ? e : new HostError('预览工作簿无法完成此操作。', { cause: e }));
  }
}
