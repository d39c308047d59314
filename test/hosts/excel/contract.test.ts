import type { WorkbookGrid } from '../../../src/core/import/grid';
import { readTemplateWorkbook } from '../../../src/core/import/workbook';
import { parseRef } from '../../../src/core/layout/a1';
import type { WorkbookPlan } from '../../../src/core/layout/plan';
import { plannedGrid } from '../../../src/core/layout/planned-grid';
import { META_SHEET, buildTemplate } from '../../../src/core/layout/template';
import { NOTES_SHEET, attachNotes, notesPlan, readNotes } from '../../../src/core/notes';
import type { CellValue, ReportData } from '../../../src/core/report/types';
import { validateReport } from '../../../src/core/validate';
import { createExcelHost } from '../../../src/hosts/excel/excel-host';
import { readXlsxGrid } from '../../../src/hosts/xlsx/read';
import { writeWorkbook } from '../../../src/hosts/xlsx/write';
import { DAMAGES, damage, generatedReport, jiaokou, seeded, validReport } from '../../support/reports';
import { FakeExcel } from './fake-excel';

/**
 * The contract every host keeps: a report written by `apply` reads back, through the host's own
 * `read` (one round trip, the meta sheet only), as the same report — the same data and the same
 * findings as the exceljs host gives for the same plan.
 *
 * The fake cannot recalculate. It evaluates the meta sheet's mirror formulas from the cells the
 * adapter actually wrote (so a value written to the wrong cell or turned into a number shows), and
 * takes every other formula's value from the plan's `result` (what the core computes and the
 * LibreOffice tests hold a real engine to).
 */

const MIRROR = /^IF\(ISBLANK\((.+)\),"",\1\)$/;

function recalculating(plan: WorkbookPlan): FakeExcel {
  const planned = plannedGrid([plan]);
  const result = (sheet: string, row: number, col: number): CellValue => planned.value(sheet, row, col);
  return new FakeExcel({
    sheets: [{ name: 'Sheet1' }],
    recalc: (fake, sheet, row, col, formula) => {
      const mirror = MIRROR.exec(formula);
      const ref = mirror ? parseRef(mirror[1] ?? '') : null;
      if (!ref?.sheet) return result(sheet, row, col);
      const target = fake.cell(ref.sheet, ref.row, ref.col);
      if (!target) return '';
      return target.formula !== undefined ? result(ref.sheet, ref.row, ref.col) : target.value;
    },
  });
}

function report(grid: WorkbookGrid): { data: ReportData; findings: unknown } {
  const reading = readTemplateWorkbook(grid, { valuesFrom: 'meta' });
  if (!reading.ok) throw new Error(reading.error);
  const result = validateReport(reading.value.data, reading.value);
  return { data: result.data, findings: attachNotes(result.findings, readNotes(grid), result.data) };
}

function cases(): [string, ReportData][] {
  const out: [string, ReportData][] = [['jiaokou', jiaokou()]];
  DAMAGES.forEach((kind, i) => {
    const random = seeded(50_000 + i);
    out.push([`damage-${kind}`, damage(validReport(random), kind, random)]);
  });
  for (const seed of [3, 7, 11]) out.push([`generated-${seed}`, generatedReport(seed).data]);
  const base = validReport(seeded(50_100));
  out.push([
    'text that Excel would turn into something else',
    {
      ...base,
      organ: '<img src=x onerror=alert(1)>',
      info: {
        ...base.info,
        postcode: '033000',
        phone: '0358-1234567',
        publishedOn: '2025-01-16',
        website: '=HYPERLINK("x")',
        compiledBy: 'TRUE',
      },
      cells: {
        ...base.cells,
        'T3.new.natural': '１２',
        'T3.new.commercial': "'3",
        'T2.license.decisions': '1,939',
        'T4.review.upheld': '#REF!',
      },
    },
  ]);
  return out;
}

describe('the Excel host reads back what it wrote, as the xlsx host does', () => {
  it.each(cases())('%s', async (_, data) => {
    const { plan } = buildTemplate({ data });
    const fake = recalculating(plan);
    const host = createExcelHost(fake.run, () => true);
    await host.apply(plan);
    fake.runs.length = 0;
    const viaExcel = report(await host.read([META_SHEET, NOTES_SHEET]));
    expect(fake.runs).toEqual([1]);
    const viaXlsx = report(readXlsxGrid(await writeWorkbook(plan)));
    expect(viaExcel).toEqual(viaXlsx);
  });

  it('gives back the sample report as it was written', async () => {
    const data = jiaokou();
    const { plan } = buildTemplate({ data });
    const fake = recalculating(plan);
    const host = createExcelHost(fake.run, () => true);
    await host.apply(plan);
    const back = report(await host.read([META_SHEET])).data;
    expect(back.organ).toBe(data.organ);
    expect(back.year).toBe(data.year);
    for (const [id, v] of Object.entries(data.cells)) expect([id, back.cells[id]]).toEqual([id, v]);
  });

  it('reads the 说明 recorded with write() in the same round trip', async () => {
    const data = damage(validReport(seeded(7)), 'inForceBelowIssued', seeded(8));
    const { plan } = buildTemplate({ data });
    const fake = recalculating(plan);
    const host = createExcelHost(fake.run, () => true);
    await host.apply(plan);
    const first = report(await host.read([META_SHEET, NOTES_SHEET]));
    const warning = (first.findings as { severity: string; rule: string; cells: string[] }[]).find((f) => f.severity === 'warning');
    expect(warning).toBeDefined();
    const note = {
      key: `${warning!.rule}|${warning!.cells.join(',')}`,
      text: '=说明：年中清理',
      values: JSON.stringify(warning!.cells.map((c) => first.data.cells[c] ?? null)),
      at: '2025-01-16T08:00:00.000Z',
    };
    await host.apply(notesPlan([note], 0));
    fake.runs.length = 0;
    const again = report(await host.read([META_SHEET, NOTES_SHEET]));
    expect(fake.runs).toEqual([1]);
    const noted = (again.findings as { rule: string; note?: { text: string; stale: boolean } }[]).find((f) => f.rule === warning!.rule);
    expect(noted?.note).toEqual({ text: '=说明：年中清理', at: '2025-01-16T08:00:00.000Z', stale: false });
  });
});
