import { createWpsHost } from '../../../src/hosts/wps/wps-host';
import { a1 } from '../../../src/core/layout/a1';
import { createFakeWps, type FakeWpsOptions } from '../wps/fake-wps';
import { cellAt, describeHostContract, type MakeHost } from './host-contract';

/**
 * The WPS host on the fake `Application` (test/hosts/wps/fake-wps.ts), which records calls, holds a grid
 * and recalculates with the preview's interpreter. Run twice: a current build, and a build with every
 * quirk compat.ts handles at once (`Count()` a method, collections called without `Item`, no `Value2`,
 * `SheetChange` raised after the write instead of during it).
 */
function wps(options: FakeWpsOptions): MakeHost {
  return () => {
    const fake = createFakeWps(options);
    let clock = 1_000_000;
    const host = createWpsHost(fake.app, { now: () => clock });
    return Promise.resolve({
      host,
      clerkTypes: (address, value) => {
        // The clerk types well after the add-in's last write (beyond the host's grace period for its own events).
        clock += 5_000;
        const at = cellAt(address);
        fake.edit(at.sheet, a1(at), value);
        return new Promise((resolve) => setTimeout(resolve, 0));
      },
      settle: () => new Promise((resolve) => setTimeout(resolve, 0)),
      formats: () => ({
        conditionalFormats: fake.sheets.reduce((n, s) => n + s.conditionalFormats.length, 0),
        validations: fake.sheets.reduce((n, s) => n + s.validations.length, 0),
        names: [...fake.names.values()].map((n) => n.name),
      }),
    });
  };
}

describeHostContract('WPS 表格 (a current build)', wps({}));
describeHostContract(
  'WPS 表格 (a build with Count(), callable collections, no Value2, late SheetChange)',
  wps({ countAsMethod: true, callableCollections: true, noValue2: true, deferEvents: true }),
);
