import { readTemplateWorkbook } from '../../../src/core/import/workbook';
import { DEFAULT_SHEET, META_SHEET, buildTemplate } from '../../../src/core/layout/template';
import { HostError } from '../../../src/core/port';
import { createPreviewHost } from '../../../src/hosts/preview/preview-host';
import { createPreviewWorkbook } from '../../../src/hosts/preview/workbook';
import { jiaokou } from '../../support/reports';

async function inserted(data = jiaokou()) {
  const workbook = createPreviewWorkbook();
  const host = createPreviewHost(workbook);
  const { plan, layout } = buildTemplate({ data });
  await host.apply(plan);
  return { workbook, host, layout };
}

describe('createPreviewHost', () => {
  it('is labelled 预览 and can do everything', () => {
    const host = createPreviewHost(createPreviewWorkbook());

    expect(host.label).toBe('预览');
    expect(Object.values(host.features)).toEqual([true, true, true, true]);
  });

  it('reads the report back from the meta sheet alone (valuesFrom meta)', async () => {
    const data = jiaokou();
    const { host } = await inserted(data);

    const reading = readTemplateWorkbook(await host.read([META_SHEET]), { valuesFrom: 'meta' });
    if (!reading.ok) throw new Error(reading.error);

    expect(reading.value.data.cells).toEqual(data.cells);
    expect([reading.value.data.organ, reading.value.data.year]).toEqual([data.organ, data.year]);
    expect(reading.value.data.info).toEqual(expect.objectContaining({ organLevel: null, publishedOn: '2025-01-16', postcode: '032400' }));
    expect(reading.value.problems).toEqual([]);
  });

  it('reads what the clerk typed through the meta sheet’s mirror', async () => {
    const { workbook, host, layout } = await inserted();
    const at = layout.cells.get('T3.new.natural')!;

    workbook.setCells([{ sheet: DEFAULT_SHEET, row: at.top, col: at.left, value: '13件' }], 'user');
    const reading = readTemplateWorkbook(await host.read([META_SHEET]), { valuesFrom: 'meta' });

    expect(reading.ok && reading.value.data.cells['T3.new.natural']).toBe('13件');
  });

  it('calls onChange after the clerk’s edit in the grid, not after the add-in applies or writes', async () => {
    const { workbook, host, layout } = await inserted();
    const at = layout.cells.get('T3.new.natural')!;
    const calls: string[] = [];
    const stop = await host.onChange(() => calls.push('change'));

    await host.write([{ sheet: DEFAULT_SHEET, row: at.top, col: at.left, value: 5 }]);
    await host.apply(buildTemplate({ data: jiaokou() }).plan);
    await host.select({ sheet: DEFAULT_SHEET, row: at.top, col: at.left });
    expect(calls).toEqual([]);

    workbook.setCells([{ sheet: DEFAULT_SHEET, row: at.top, col: at.left, value: 13 }], 'user');
    expect(calls).toEqual(['change']);

    stop();
    workbook.setCells([{ sheet: DEFAULT_SHEET, row: at.top, col: at.left, value: 14 }], 'user');
    expect(calls).toEqual(['change']);
  });

  it('writes plain values, a formula replaced by the value', async () => {
    const { workbook, host, layout } = await inserted();
    const total = layout.cells.get('T3.new.total')!;

    await host.write([{ sheet: DEFAULT_SHEET, row: total.top, col: total.left, value: 40 }]);

    expect([workbook.value(DEFAULT_SHEET, total.top, total.left), workbook.formula(DEFAULT_SHEET, total.top, total.left)]).toEqual([
      40,
      null,
    ]);
  });

  it('rejects a write to a sheet that does not exist with a HostError', async () => {
    const host = createPreviewHost(createPreviewWorkbook());

    await expect(host.write([{ sheet: '年报', row: 1, col: 1, value: 1 }])).rejects.toBeInstanceOf(HostError);
  });

  it('records the selection (the top-left of a merged area) and gives it in the outline', async () => {
    const { host, layout } = await inserted();

    await host.select({ sheet: DEFAULT_SHEET, row: layout.title.top, col: layout.title.left + 5 });

    expect(await host.outline()).toEqual({
      sheets: [
        { name: 'Sheet1', visibility: 'visible' },
        { name: DEFAULT_SHEET, visibility: 'visible' },
        { name: META_SHEET, visibility: 'veryHidden' },
        { name: 'nianbao_calc', visibility: 'veryHidden' },
      ],
      names: ['NB_T2', 'NB_T3', 'NB_T4'],
      active: { sheet: DEFAULT_SHEET, row: layout.title.top, col: layout.title.left },
    });
  });

  it.each([
    ['a very hidden sheet', META_SHEET],
    ['a sheet that does not exist', '无此表'],
  ])('refuses to select a cell of %s', async (_what, sheet) => {
    const { host } = await inserted();

    await expect(host.select({ sheet, row: 1, col: 1 })).rejects.toBeInstanceOf(HostError);
  });

  it('says whether a place is empty (a sheet that does not exist is)', async () => {
    const { host, layout } = await inserted();
    const t3 = layout.tables.T3.area;

    expect(await host.isEmpty(DEFAULT_SHEET, t3)).toBe(false);
    expect(await host.isEmpty(DEFAULT_SHEET, { top: 200, left: 1, bottom: 260, right: 20 })).toBe(true);
    expect(await host.isEmpty('Sheet1', { top: 1, left: 1, bottom: 100, right: 30 })).toBe(true);
    expect(await host.isEmpty('无此表', t3)).toBe(true);
  });

  it('inserts the template into an empty sheet that exists, written into in place', async () => {
    const workbook = createPreviewWorkbook();
    const host = createPreviewHost(workbook);

    await host.apply(buildTemplate({ sheet: 'Sheet1' }).plan);

    expect(workbook.sheets().map((s) => s.name)).toEqual(['Sheet1', META_SHEET, 'nianbao_calc']);
    expect(workbook.value('Sheet1', 1, 1)).toBe('（机关名称）    年政府信息公开工作年度报告');
  });
});
