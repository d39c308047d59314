/// <reference types="office-js" />
/**
 * `context.sync()` calls per task-pane operation, counted as the Excel host tests count them: the real task
 * pane controller over the real Office.js host (src/hosts/excel) over the recording Excel fake of
 * test/hosts/excel (office-addin-mock's request context, whose `sync` the fake counts). A count, not a
 * timing: it is the same on every machine.
 */
import { DEFAULT_SHEET, buildTemplate } from '../src/core/layout/template';
import { createExcelHost } from '../src/hosts/excel/excel-host';
import { TaskpaneController, type OperationResult } from '../src/taskpane/controller';
import { summarizeWorkbook } from '../src/commands/validate-command';
import { FakeExcel, interpreterRecalc } from '../test/hosts/excel/fake-excel';

/** The syncs one operation took, over all its `Excel.run` batches. */
export interface SyncCount {
  readonly syncs: number;
  /** Syncs of each `Excel.run`, in order. */
  readonly runs: readonly number[];
}

export interface SyncCounts {
  /**
   * 插入模板 (new sheet) on an empty workbook: the outline (a free sheet name; the sheets and names, which
   * the host's apply is given), the template written; the pane reads it from the plan, not back.
   */
  readonly insert: SyncCount;
  /** The pane's 校验 on a workbook holding a template (the pane already started). */
  readonly validate: SyncCount;
  /** The ribbon's 校验 (function command) on the same workbook. */
  readonly ribbon: SyncCount;
  /** The clerk types a number into an input cell; the pane re-checks after its debounce. */
  readonly liveEdit: SyncCount;
}

function done(what: string, result: OperationResult): void {
  if (result.status !== 'done')
    throw new Error(`${what}: ${result.status}${'message' in result && result.message ? ` (${result.message})` : ''}`);
}

/** Counts the syncs `op` makes on `fake`. */
async function counted(fake: FakeExcel, op: () => Promise<unknown>): Promise<SyncCount> {
  const syncs = fake.syncs;
  const runs = fake.runs.length;
  await op();
  return { syncs: fake.syncs - syncs, runs: fake.runs.slice(runs) };
}

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function countSyncs(): Promise<SyncCounts> {
  // Every ExcelApi set supported; formulas recalculated by the preview's interpreter (as in test/hosts/contract).
  const fake = new FakeExcel({ sheets: [{ name: 'Sheet1' }], recalc: interpreterRecalc() });
  let clock = 1_000_000;
  const host = createExcelHost(fake.run, () => true, { now: () => clock });
  const controller = new TaskpaneController(host, { debounceMs: 0 });
  try {
    done('start', await controller.start());

    const insert = await counted(fake, async () => done('insertTemplate', await controller.insertTemplate('newSheet')));
    if (controller.getState().template !== 'present') throw new Error('insertTemplate: no template afterwards');

    const validate = await counted(fake, async () => done('validate', await controller.validate()));
    const ribbon = await counted(fake, async () => {
      const summary = await summarizeWorkbook(host);
      if (summary.kind === 'error' || summary.kind === 'noTemplate')
        throw new Error(`ribbon 校验: ${summary.title} ${summary.lines.join(' ')}`);
    });

    // The clerk types well after the add-in's own last write (beyond the host's grace period for its own events).
    clock += 5_000;
    const { layout } = buildTemplate({ sheet: DEFAULT_SHEET });
    const cell = layout.cells.get('T3.new.natural');
    if (!cell) throw new Error('no T3.new.natural in the layout');
    const sheet = controller.getState().sheet ?? DEFAULT_SHEET;
    const liveEdit = await counted(fake, async () => {
      fake.enter(sheet, cell.top, cell.left, 12);
      await fake.change({ address: `${sheet}!A1` });
      await settle(20); // the debounce (0 ms here) fires, then the re-check is queued
      await controller.whenIdle();
    });
    if (liveEdit.syncs === 0) throw new Error('live edit: the pane did not re-check after the change');
    return { insert, validate, ribbon, liveEdit };
  } finally {
    controller.dispose();
  }
}
