import type { SpreadsheetHost } from '../../src/core/port';
import { TaskpaneController } from '../../src/taskpane/controller';

/** What the task pane shows of the workbook: its state without what it is doing or last said. */
export function readingOf(controller: TaskpaneController): unknown {
  return { ...controller.getState(), busy: null, notice: null, error: null };
}

/** The reading a new pane over `host` makes from the workbook (as when the clerk reopens the pane). */
export async function rereadOf(host: SpreadsheetHost, now: () => Date = () => new Date('2025-01-10T08:00:00Z')): Promise<unknown> {
  const fresh = new TaskpaneController(host, { now });
  await fresh.validate();
  fresh.dispose();
  return readingOf(fresh);
}
