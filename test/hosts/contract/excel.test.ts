import { createExcelHost } from '../../../src/hosts/excel/excel-host';
import { FakeExcel, interpreterRecalc, rectOf } from '../excel/fake-excel';
import { cellAt, describeHostContract, type HeldFormats } from './host-contract';

/**
 * The Office.js host on the recording Excel fake (office-addin-mock's request context): every ExcelApi
 * set supported, formulas recalculated by the preview's interpreter, and change events for the add-in's
 * own writes raised after their sync without `triggerSource`, as Excel below 1.14 does — the host must
 * tell them from the clerk's by itself.
 */

/** The conditional formats and validation rules the calls leave on the sheets (a clear removes what was there). */
function heldFormats(fake: FakeExcel): HeldFormats {
  const cfs = new Map<string, number>();
  const rules = new Set<string>();
  for (const c of fake.calls) {
    const where = `${c.sheet ?? ''}!${c.address ?? ''}`;
    if (c.op === 'conditionalFormats.clearAll') cfs.set(where, 0);
    else if (c.op === 'conditionalFormats.add') cfs.set(where, (cfs.get(where) ?? 0) + 1);
    else if (c.op === 'dataValidation.clear') rules.delete(where);
    else if (c.op === 'dataValidation.rule') rules.add(where);
  }
  // Every address a format went to is a rectangle Excel can parse (no whole-sheet fallbacks).
  for (const where of [...cfs.keys(), ...rules]) rectOf(where.split('!')[1] ?? '');
  return { conditionalFormats: [...cfs.values()].reduce((a, b) => a + b, 0), validations: rules.size, names: [...fake.names] };
}

describeHostContract('Excel (Office.js on office-addin-mock)', () => {
  const fake = new FakeExcel({ sheets: [{ name: 'Sheet1' }], recalc: interpreterRecalc(), echoWrites: true });
  let clock = 1_000_000;
  const host = createExcelHost(fake.run, () => true, { now: () => clock });
  return Promise.resolve({
    host,
    clerkTypes: async (address, value) => {
      // The clerk types well after the add-in's last write (beyond the host's grace period for its own events).
      clock += 5_000;
      const at = cellAt(address);
      fake.enter(at.sheet, at.row, at.col, value);
      await fake.change({ address });
    },
    settle: () => new Promise((resolve) => setTimeout(resolve, 0)),
    formats: () => heldFormats(fake),
  });
});
