import { cellsOf, FORMAT_2021 } from '../../src/core/format';
import { checkTemplateIntegrity, translateFormula, type TemplateIntegrity } from '../../src/core/integrity';
import { readTemplateWorkbook } from '../../src/core/import/workbook';
import { a1 } from '../../src/core/layout/a1';
import { buildTemplate, DEFAULT_SHEET, META_SHEET } from '../../src/core/layout/template';
import { INFO_FIELDS } from '../../src/core/report/info';
import type { CellValue } from '../../src/core/report/types';
import { validReport2021 } from '../fixtures/rules/reports';
import { FakeHost } from '../support/fake-host';

const SHEET = DEFAULT_SHEET;
const INPUTS = cellsOf(FORMAT_2021).filter((c) => !c.computed);

/** A workbook holding a filled template at `origin`. */
async function filled(origin = { row: 1, col: 1 }): Promise<{ host: FakeHost; layout: ReturnType<typeof buildTemplate>['layout'] }> {
  const host = new FakeHost({ sheets: [SHEET] });
  const data = {
    ...validReport2021(),
    organ: '交口县人民政府',
    year: 2024,
    info: { organLevel: 'county' as const, phone: '0358-1234567' },
  };
  const { plan, layout } = buildTemplate({ data, sheet: SHEET, origin });
  await host.apply(plan);
  return { host, layout };
}

function check(host: FakeHost): TemplateIntegrity {
  const result = checkTemplateIntegrity(host.grid([SHEET, META_SHEET]));
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

/** Every input value (tables and 基本信息) by id, read where the meta sheet says each cell is now. */
function inputValues(host: FakeHost): Map<string, CellValue> {
  const reading = readTemplateWorkbook(host.grid(), { valuesFrom: 'cells' });
  if (!reading.ok) throw new Error(reading.error);
  const grid = host.grid();
  const out = new Map<string, CellValue>();
  for (const id of [...INPUTS.map((c) => c.id), ...INFO_FIELDS.map((f) => `info:${f.key}`)]) {
    const address = reading.value.addresses.get(id);
    const at = address ? /^(.+)!([A-Z]+)(\d+)$/.exec(address) : null;
    out.set(id, at ? grid.value(at[1]!, Number(at[3]), colOf(at[2]!)) : null);
  }
  return out;
}

const colOf = (letters: string): number => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
const addressOf = (r: { top: number; left: number }): string => `${SHEET}!${a1({ row: r.top, col: r.left })}`;

describe('checkTemplateIntegrity', () => {
  it('finds nothing wrong in a template as inserted, and offers an in-place repair', async () => {
    const { host } = await filled();

    const result = check(host);

    expect(result.sheet).toBe(SHEET);
    expect(result.findings).toEqual([]);
    expect(result.repair.kind).toBe('inPlace');
  });

  it('reports F.formula when a total formula is overwritten by a number', async () => {
    const { host, layout } = await filled();
    host.type(addressOf(layout.cells.get('T3.new.total')!), 99);

    const result = check(host);

    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({
      rule: 'F.formula',
      severity: 'error',
      cells: ['T3.new.total'],
      table: 'T3',
      address: addressOf(layout.cells.get('T3.new.total')!),
    });
    expect(result.findings[0]!.message).toContain('“99”');
  });

  it('reports F.label when a label is changed, naming both wordings', async () => {
    const { host, layout } = await filled();
    const label = buildTemplate({ sheet: SHEET }).plan.sheets[0]!.cells.find((c) => c.value === '本年废止件数')!;
    host.type(`${SHEET}!${a1(label)}`, '本年度止件数');

    const result = check(host);

    expect(result.findings.map((f) => [f.rule, f.severity, f.table])).toEqual([['F.label', 'warning', 'T2']]);
    expect(result.findings[0]!.message).toContain('本年度止件数');
    expect(result.findings[0]!.message).toContain('本年废止件数');
    expect(layout.tables.T2.area.top).toBeLessThanOrEqual(label.row);
  });

  it('repairs labels, formulas and marks in place without touching any input value', async () => {
    const { host, layout } = await filled();
    const total = addressOf(layout.cells.get('T4.review.total')!);
    const label = buildTemplate({ sheet: SHEET }).plan.sheets[0]!.cells.find((c) => c.value === '本年废止件数')!;
    host.type(total, 7);
    host.type(`${SHEET}!${a1(label)}`, '止');
    host.pasteOverFormats(SHEET);
    const before = inputValues(host);

    const { repair } = check(host);
    await host.apply(repair.plan);

    expect(inputValues(host)).toEqual(before);
    expect(check(host).findings).toEqual([]);
    expect(host.formulaAt(total)).toMatch(/^SUM\(/);
    expect(host.sheet(SHEET).conditionalFormats).toHaveLength(layout.cells.size * 2);
    expect(host.sheet(SHEET).validations.length).toBeGreaterThan(INPUTS.length);
  });

  it('writes no value or formula into any input cell in an in-place repair', async () => {
    const { host, layout } = await filled();
    const inputs = new Set([...INPUTS.map((c) => layout.cells.get(c.id)!), ...layout.info.values()].map((r) => `${r.top}:${r.left}`));

    const { repair } = check(host);
    const main = repair.plan.sheets.find((s) => s.name === SHEET)!;

    const written = main.cells.filter((c) => inputs.has(`${c.row}:${c.col}`));
    expect(written.length).toBe(inputs.size);
    expect(written.every((c) => c.value === undefined && c.formula === undefined && c.style !== undefined)).toBe(true);
    expect(repair.plan.sheets.map((s) => s.name)).toEqual([SHEET]);
  });

  it('follows a template moved down and right by inserted rows, and repairs it where it is', async () => {
    const { host, layout } = await filled({ row: 3, col: 2 });
    host.insertRows(SHEET, 1, 4);
    const total = layout.cells.get('T3.total.total')!;
    const moved = `${SHEET}!${a1({ row: total.top + 4, col: total.left })}`;
    host.type(moved, 5);

    const result = check(host);

    expect(result.findings.map((f) => [f.rule, f.address])).toEqual([['F.formula', moved]]);
    const before = inputValues(host);
    await host.apply(result.repair.plan);
    expect(host.formulaAt(moved)).toMatch(/^SUM\(/);
    expect(inputValues(host)).toEqual(before);
  });

  it('tolerates a row the clerk inserted inside 表三 and leaves what was typed there alone', async () => {
    const { host, layout } = await filled();
    const row = layout.cells.get('T3.withheld3.natural')!.top;
    host.insertRows(SHEET, row, 1);
    host.type(`${SHEET}!A${row}`, '备注：本行为自行插入');

    const result = check(host);
    await host.apply(result.repair.plan);

    expect(result.findings).toEqual([]);
    expect(result.repair.kind).toBe('inPlace');
    expect(host.valueAt(`${SHEET}!A${row}`)).toBe('备注：本行为自行插入');
    expect(check(host).findings).toEqual([]);
  });

  it('asks for a rebuild when a row inside 表三 was deleted, and the rebuild keeps every other input value', async () => {
    const { host, layout } = await filled();
    const row = layout.cells.get('T3.withheld3.natural')!.top;
    const before = inputValues(host);
    host.deleteRows(SHEET, row, 1);

    const result = check(host);

    // The reading reports the cells of the deleted row; integrity adds no label noise for the rows below.
    expect(result.findings).toEqual([]);
    expect(result.repair.kind).toBe('rebuild');
    if (result.repair.kind !== 'rebuild') return;
    expect(result.repair.beyond).toEqual({ top: layout.tables.T4.area.bottom, left: 1, bottom: layout.tables.T4.area.bottom, right: 35 });
    await host.apply(result.repair.plan);

    const after = inputValues(host);
    for (const [id, v] of before) expect([id, after.get(id)]).toEqual([id, id.startsWith('T3.withheld3.') ? null : v]);
    const reread = readTemplateWorkbook(host.grid([META_SHEET]), { valuesFrom: 'meta' });
    expect(reread.ok && reread.value.problems).toEqual([]);
    expect(check(host).findings).toEqual([]);
    expect(addressOf(layout.cells.get('T4.review.upheld')!)).toBe(reread.ok ? reread.value.addresses.get('T4.review.upheld') : '');
  });

  it('rebuilds a 表三 whose rows moved under stale pointers, every value carried from where its row is now', async () => {
    const { host, layout } = await filled();
    const before = inputValues(host);
    host.insertRows(SHEET, layout.cells.get('T3.withheld3.natural')!.top, 2, { staleReferences: true });

    const stale = readTemplateWorkbook(host.grid(), { valuesFrom: 'cells' });
    const result = check(host);

    // The reading says it once (F.missingRow on the moved cells); integrity adds no label noise.
    expect(stale.ok && stale.value.problems.map((p) => p.rule)).toEqual(['F.missingRow']);
    expect(result.findings).toEqual([]);
    expect(result.repair.kind).toBe('rebuild');
    await host.apply(result.repair.plan);
    expect(inputValues(host)).toEqual(before);
    const reread = readTemplateWorkbook(host.grid([META_SHEET]), { valuesFrom: 'meta' });
    expect(reread.ok && reread.value.problems).toEqual([]);
    expect(check(host).findings).toEqual([]);
  });

  it('rebuilds a 表三 with a row deleted under stale pointers: that row comes back blank, every other value where it was', async () => {
    const { host, layout } = await filled();
    const before = inputValues(host);
    host.deleteRows(SHEET, layout.cells.get('T3.withheld3.natural')!.top, 1, { staleReferences: true });

    const stale = readTemplateWorkbook(host.grid(), { valuesFrom: 'cells' });
    const result = check(host);

    expect(stale.ok && stale.value.problems.map((p) => [p.rule, p.cells.includes('T3.withheld3.natural')])).toEqual([['F.missingRow', true]]);
    expect(stale.ok && stale.value.problems[0]!.message).toContain('已不在原处');
    expect(result.findings).toEqual([]);
    expect(result.repair.kind).toBe('rebuild');
    await host.apply(result.repair.plan);
    const after = inputValues(host);
    for (const [id, v] of before) expect([id, after.get(id)]).toEqual([id, id.startsWith('T3.withheld3.') ? null : v]);
    expect(check(host).findings).toEqual([]);
  });

  it('reports F.missingRow for a deleted header row, which no cell pointer covers', async () => {
    const { host, layout } = await filled();
    host.deleteRows(SHEET, layout.tables.T3.title.row + 1, 1);

    const result = check(host);

    expect(result.findings.map((f) => [f.rule, f.table])).toEqual([['F.missingRow', 'T3']]);
    expect(result.repair.kind).toBe('rebuild');
  });

  it('reports a deleted 基本信息 row', async () => {
    const { host, layout } = await filled();
    host.deleteRows(SHEET, layout.info.get('fax')!.top, 1);

    const result = check(host);

    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ rule: 'F.missingRow', table: null });
    expect(result.findings[0]!.message).toContain('传真');
  });

  it('groups many damaged labels of one table into one finding', async () => {
    const { host } = await filled();
    const { plan, layout } = buildTemplate({ sheet: SHEET });
    const t3Labels = plan.sheets[0]!.cells.filter(
      (c) => typeof c.value === 'string' && c.row > layout.tables.T3.title.row && c.row <= layout.tables.T3.area.bottom,
    );
    for (const c of t3Labels.slice(0, 6)) host.type(`${SHEET}!${a1(c)}`, 'x');

    const result = check(host);

    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]!.message).toContain('6 处');
  });
});

describe('translateFormula', () => {
  const shift = (p: { row: number; col: number }): { row: number; col: number } => ({ row: p.row + 2, col: p.col + 1 });

  it('moves unqualified and own-sheet references, leaves other sheets and string literals alone', () => {
    expect(translateFormula('IF(TRIM(E4)="","E4 A1",E4)&nianbao_calc!$D$8&\'年报\'!$C$7', '年报', shift)).toBe(
      'IF(TRIM(F6)="","E4 A1",F6)&nianbao_calc!$D$8&\'年报\'!$D$9',
    );
  });

  it('gives null when a reference cannot be placed', () => {
    expect(translateFormula('U30=2', '年报', () => null)).toBeNull();
  });
});
