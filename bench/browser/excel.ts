/// <reference types="office-js" />
/**
 * Injected before office.js in the built task pane page: a fake Excel (the recording fake of
 * test/hosts/excel, office-addin-mock's request context) holding the template filled with the report the
 * bench passed, written through the real Office.js host. Its formulas give the values the core computed for
 * the plan (what Excel would have calculated and keeps), so reading costs a lookup, as it does in Excel.
 * Not timed: it is done before office.js runs. The time the pane's reads then spend inside the fake's
 * `context.sync()` is added up (`fakeMs`), to tell it apart from the pane's own.
 */
import type { CellValue } from '../../src/core/report/types';
import { plannedGrid } from '../../src/core/layout/planned-grid';
import { buildTemplate } from '../../src/core/layout/template';
import { createExcelHost } from '../../src/hosts/excel/excel-host';
import { FakeExcel } from '../../test/hosts/excel/fake-excel';
import { benchWindow, type BenchMarks } from './shared';

const w = benchWindow();
const marks: BenchMarks = { fakeMs: 0 };
const data = w.nianbaoBenchData;
const plan = data ? buildTemplate({ data }).plan : null;
const planned = plannedGrid(plan ? [plan] : []);

const fake = new FakeExcel({
  sheets: [{ name: 'Sheet1' }],
  recalc: (_fake, sheet, row, col): CellValue => planned.value(sheet, row, col),
});
const prepared = plan
  ? createExcelHost(fake.run, () => true, { ownChangeGraceMs: 0 })
      .apply(plan)
      .then(() => {
        marks.prepared = performance.now();
        const sync = fake.context.sync.bind(fake.context);
        fake.context.sync = async (): Promise<void> => {
          const start = performance.now();
          try {
            await sync();
          } finally {
            marks.fakeMs = (marks.fakeMs ?? 0) + performance.now() - start;
          }
        };
      })
  : Promise.reject(new Error('no report data for the fake workbook'));
prepared.catch((error: unknown) => {
  marks.error = `preparing the fake Excel: ${String(error)}`;
});
w.nianbaoBench = { run: fake.run, prepared, marks };
