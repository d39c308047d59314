import { a1, parseRef, rangeA1 } from '../../core/layout/a1';
import type { WorkbookGrid } from '../../core/import/grid';
import type { WorkbookPlan } from '../../core/layout/plan';
import { HostError, type CellAddress, type SpreadsheetHost, type WorkbookOutline } from '../../core/port';
import { cellInput } from './cell-input';
import { capabilitiesOf, type IsSetSupported } from './features';
import { gridOf, visibilityOf, type LoadedRange } from './grid';
import { queuePlan, type WorkbookState } from './replay';

/**
 * The Office.js host: the port over `Excel.run`. Thin on purpose: what to write comes from the core's
 * plan (replay.ts), how cells are read back from grid.ts. Every operation is one `Excel.run` (a second
 * only where its comment says why); the sync count of each is in its comment and counted by
 * test/hosts/excel. No Office global is touched here: the entry file passes `Excel.run` and
 * `Office.context.requirements.isSetSupported`.
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
/** `numberFormat` (ExcelApi 1.1) comes in the same sync: a count shown as a date is then told from a count. */
const RANGE_FIELDS = 'rowIndex,columnIndex,values,formulas,numberFormat';

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

/** What the workbook holds, from sheet and name lists (lower case: Excel matches both without case). */
function stateOf(held: { readonly sheets: readonly { readonly name: string }[]; readonly names: readonly string[] }): WorkbookState {
  return {
    sheets: new Set(held.sheets.map((s) => s.name.toLowerCase())),
    names: new Set(held.names.map((n) => n.toLowerCase())),
  };
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
  const numberFormats: unknown = range.numberFormat;
  return {
    rowIndex: range.rowIndex,
    columnIndex: range.columnIndex,
    values,
    formulas,
    ...(Array.isArray(numberFormats) ? { numberFormats: numberFormats as unknown[][] } : {}),
  };
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

  /**
   * One batch with the whole plan, over `state` (what the workbook holds); with null, a sync first to find
   * that out, as Excel cannot add a sheet only if it is missing and `names.add` fails on a name that exists.
   */
  const applyOver = (plan: WorkbookPlan, state: WorkbookState | null): Promise<void> =>
    run(async (context) => {
      let held = state;
      if (!held) {
        const worksheets = context.workbook.worksheets;
        worksheets.load('items/name');
        const names = caps.namesAndNullObjects ? context.workbook.names : null;
        names?.load('items/name');
        await context.sync();
        held = stateOf({ sheets: worksheets.items, names: (names?.items ?? []).map((n) => n.name) });
      }
      if (caps.suspendCalculation) context.application.suspendApiCalculationUntilNextSync();
      queuePlan(context, plan, held, caps);
      await context.sync();
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

    /**
     * 1 sync (2 when the selection is not a range, such as a chart). The defined names come in the same
     * sync, so that `apply` given this outline need not look for them itself.
     */
    outline: () =>
      guard('读取工作表列表', async () => {
        const attempt = (withSelection: boolean): Promise<WorkbookOutline> =>
          run(async (context) => {
            const worksheets = context.workbook.worksheets;
            worksheets.load(SHEET_LIST);
            const names = caps.namesAndNullObjects ? context.workbook.names : null;
            names?.load('items/name');
            const selected = withSelection ? context.workbook.getSelectedRange() : null;
            selected?.load('address');
            await context.sync();
            return {
              sheets: worksheets.items.map((s) => ({ name: s.name, visibility: visibilityOf(s.visibility) })),
              names: (names?.items ?? []).map((n) => n.name),
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

    /**
     * With `known`: 1 sync. Without it: 2 syncs, what sheets and names exist, then everything. With a
     * `known` the workbook no longer matches: 1 failed sync, then those 2.
     */
    apply: (plan, known) =>
      guard('写入模板', () =>
        own(async () => {
          if (known) {
            try {
              return await applyOver(plan, stateOf(known));
            } catch {
              // A sheet or name that came or went since the outline fails the batch (getItem of a sheet
              // that is gone, add of one that is there, a name likewise), and Excel does not undo the
              // commands before the failing one. Which error code each of these gives is not documented
              // call by call, so any failure is retried, once, the way that looks first: the replay is idempotent
              // (sheets written into, marks and validation cleared before they are added, names replaced),
              // so it finishes what the failed batch began; a failure that has nothing to do with the
              // outline fails again there and is the one reported.
            }
          }
          return applyOver(plan, null);
        }),
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
