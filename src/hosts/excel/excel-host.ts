import { a1, parseRef, rangeA1 } from '../../core/layout/a1';
import type { WorkbookGrid } from '../../core/import/grid';
import { HostError, type CellAddress, type SpreadsheetHost, type WorkbookOutline } from '../../core/port';
import { cellInput } from './cell-input';
import { capabilitiesOf, type IsSetSupported } from './features';
import { gridOf, visibilityOf, type LoadedRange } from './grid';
import { queuePlan } from './replay';

/**
 * The Office.js host: the port over `Excel.run`. Thin on purpose: what to write comes from the core's
 * plan (replay.ts), how cells are read back from grid.ts. Every operation is one `Excel.run`; the sync
 * count of each is in its comment and counted by test/hosts/excel. No Office global is touched here:
 * the entry file passes `Excel.run` and `Office.context.requirements.isSetSupported`.
 */

export interface ExcelHostOptions {
  /**
   * For how long after its own write the host still takes change events for its own (ms). Excel
   * delivers them asynchronously, after the sync that caused them resolved; ExcelApi 1.14 marks them
   * (`triggerSource`), older versions do not.
   */
  readonly ownChangeGraceMs?: number;
  readonly now?: () => number;
}

type Run = typeof Excel.run;

const SHEET_LIST = 'items/name,items/visibility';
const RANGE_FIELDS = 'rowIndex,columnIndex,values,formulas';

function detail(cause: unknown): string {
  if (cause instanceof Error && cause.message) return cause.message;
  return String(cause);
}

function codeOf(cause: unknown): string | undefined {
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Failures become a HostError: what failed in Chinese, Excel's own words after it, the cause kept. */
async function guard<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (cause) {
    if (cause instanceof HostError) throw cause;
    throw new HostError(`${what}失败：${detail(cause)}`, { cause });
  }
}

/** `'年报'!C7:D9` → the top-left cell; null for whole rows or columns, or anything else. */
export function selectionCell(address: string): CellAddress | null {
  const ref = parseRef(address.split(':')[0] ?? '');
  return ref && ref.sheet !== null ? { sheet: ref.sheet, row: ref.row, col: ref.col } : null;
}

function loadedRange(range: Excel.Range): LoadedRange {
  const values = range.values;
  // `formulas` gives a text constant as its text, the quote prefix dropped (office-js#6687): `=说明` kept as
  // text is not a formula. Its value is that same text, which no formula of the template evaluates to.
  const formulas = range.formulas.map((row, r) =>
    row.map((f: unknown, c) => (typeof f === 'string' && f.startsWith('=') && values[r]?.[c] === f ? '' : f)),
  );
  return { rowIndex: range.rowIndex, columnIndex: range.columnIndex, values, formulas };
}

export function createExcelHost(run: Run, isSetSupported: IsSetSupported, options: ExcelHostOptions = {}): SpreadsheetHost {
  const caps = capabilitiesOf(isSetSupported);
  const now = options.now ?? ((): number => Date.now());
  const grace = options.ownChangeGraceMs ?? 500;
  let writing = 0;
  let quietUntil = Number.NEGATIVE_INFINITY;

  /** Runs a write; change events that arrive during it (and just after) are the host's own. */
  const own = async <T>(work: () => Promise<T>): Promise<T> => {
    writing++;
    try {
      return await work();
    } finally {
      writing--;
      quietUntil = now() + grace;
    }
  };

  /** 1 sync: every sheet, and each requested sheet's used range (a missing sheet gives a null object). */
  const readOnce = (sheets: readonly string[]): Promise<WorkbookGrid> =>
    run(async (context) => {
      const worksheets = context.workbook.worksheets;
      worksheets.load(SHEET_LIST);
      const used = sheets.map((name) => {
        const range = worksheets.getItemOrNullObject(name).getUsedRangeOrNullObject(true);
        range.load(RANGE_FIELDS);
        return [name, range] as const;
      });
      await context.sync();
      const ranges = new Map<string, LoadedRange>();
      for (const [name, range] of used) if (!range.isNullObject) ranges.set(name, loadedRange(range));
      return gridOf(worksheets.items, ranges);
    });

  /** 2 syncs, for ExcelApi below 1.4 (no null objects): the sheet list, then the used ranges of those that exist. */
  const readInTwo = (sheets: readonly string[]): Promise<WorkbookGrid> =>
    run(async (context) => {
      const worksheets = context.workbook.worksheets;
      worksheets.load(SHEET_LIST);
      await context.sync();
      const present = new Map(worksheets.items.map((s) => [s.name.toLowerCase(), s]));
      const used: (readonly [string, Excel.Range])[] = [];
      for (const name of sheets) {
        const sheet = present.get(name.toLowerCase());
        if (!sheet) continue;
        const range = sheet.getUsedRange();
        range.load(RANGE_FIELDS);
        used.push([name, range]);
      }
      await context.sync();
      return gridOf(worksheets.items, new Map(used.map(([name, range]) => [name, loadedRange(range)])));
    });

  let registration: Promise<OfficeExtension.EventHandlerResult<Excel.WorksheetChangedEventArgs>> | null = null;
  const listeners = new Set<() => void>();
  const onChanged = (event: Excel.WorksheetChangedEventArgs): Promise<void> => {
    const ours = event.triggerSource === 'ThisLocalAddin' || writing > 0 || now() < quietUntil;
    if (!ours) for (const listener of [...listeners]) listener();
    return Promise.resolve();
  };

  return {
    label: 'Excel',
    features: caps.features,

    /** 1 sync (2 when the selection is not a range, such as a chart). */
    outline: () =>
      guard('读取工作表列表', async () => {
        const attempt = (withSelection: boolean): Promise<WorkbookOutline> =>
          run(async (context) => {
            const worksheets = context.workbook.worksheets;
            worksheets.load(SHEET_LIST);
            const selected = withSelection ? context.workbook.getSelectedRange() : null;
            selected?.load('address');
            await context.sync();
            return {
              sheets: worksheets.items.map((s) => ({ name: s.name, visibility: visibilityOf(s.visibility) })),
              active: selected ? selectionCell(selected.address) : null,
            };
          });
        try {
          return await attempt(true);
        } catch {
          // getSelectedRange fails when a shape or chart is selected: the sheets without the selection.
          return await attempt(false);
        }
      }),

    /** 1 sync. */
    isEmpty: (sheet, rect) =>
      guard('检查区域是否为空', () =>
        run(async (context) => {
          const range = context.workbook.worksheets.getItem(sheet).getRange(rangeA1(rect));
          range.load('formulas');
          try {
            await context.sync();
          } catch (cause) {
            if (codeOf(cause) === 'ItemNotFound') return true; // no such sheet: nothing there
            throw cause;
          }
          return range.formulas.every((row) => row.every((v) => v === '' || v === null));
        }),
      ),

    /** 2 syncs: what sheets and names exist (Excel cannot add a sheet only if missing), then everything. */
    apply: (plan) =>
      guard('写入模板', () =>
        own(() =>
          run(async (context) => {
            const worksheets = context.workbook.worksheets;
            worksheets.load('items/name');
            const names = caps.namesAndNullObjects ? context.workbook.names : null;
            names?.load('items/name');
            await context.sync();
            const state = {
              sheets: new Set(worksheets.items.map((s) => s.name.toLowerCase())),
              names: new Set((names?.items ?? []).map((n) => n.name.toLowerCase())),
            };
            if (caps.suspendCalculation) context.application.suspendApiCalculationUntilNextSync();
            queuePlan(context, plan, state, caps);
            await context.sync();
          }),
        ),
      ),

    /** 1 sync (ExcelApi below 1.4: 2; if a null object cannot be chained on this Excel: 1 + 2). */
    read: (sheets) =>
      guard('读取工作簿', async () => {
        if (caps.namesAndNullObjects) {
          try {
            return await readOnce(sheets);
          } catch {
            // Some Excel builds may refuse a call on a missing sheet's null object; read the long way.
          }
        }
        return readInTwo(sheets);
      }),

    /** 1 sync. */
    write: (cells) =>
      guard('写入单元格', () =>
        own(() =>
          run(async (context) => {
            const sheets = new Map<string, Excel.Worksheet>();
            for (const cell of cells) {
              const sheet = sheets.get(cell.sheet) ?? context.workbook.worksheets.getItem(cell.sheet);
              sheets.set(cell.sheet, sheet);
              sheet.getRange(a1(cell)).values = [[cellInput(cell.value)]];
            }
            await context.sync();
          }),
        ),
      ),

    /** 1 sync. */
    select: (at) =>
      guard(`选中单元格 ${at.sheet}!${a1(at)} `, () =>
        run(async (context) => {
          const sheet = context.workbook.worksheets.getItem(at.sheet);
          sheet.activate();
          sheet.getRange(a1(at)).select();
          await context.sync();
        }),
      ),

    /** 1 sync to register (once for all listeners); without ExcelApi 1.7 nothing to listen to. */
    onChange: async (listener) => {
      if (!caps.features.changeEvents) return () => undefined;
      listeners.add(listener);
      registration ??= guard('监听工作表修改', () =>
        run(async (context) => {
          const result = context.workbook.worksheets.onChanged.add(onChanged);
          await context.sync();
          return result;
        }),
      );
      try {
        await registration;
      } catch (cause) {
        listeners.delete(listener);
        registration = null;
        throw cause;
      }
      return () => {
        if (!listeners.delete(listener) || listeners.size > 0 || !registration) return;
        const pending = registration;
        registration = null;
        void pending
          .then((result) =>
            run(result.context, async (context) => {
              result.remove();
              await context.sync();
            }),
          )
          // Nothing to tell anyone: with no listener left the handler calls no one even if it stays.
          .catch(() => undefined);
      };
    },
  };
}
