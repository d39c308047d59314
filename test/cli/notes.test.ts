import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateFile } from '../../src/cli/load';
import { renderResult } from '../../src/cli/render';
import { buildTemplate } from '../../src/core/layout/template';
import { notesPlan, upsertNote, type NotedFinding } from '../../src/core/notes';
import type { ReportData } from '../../src/core/report/types';
import { evaluate } from '../../src/core/rules/evaluate';
import { writeWorkbook } from '../../src/hosts/xlsx/write';
import { jiaokou } from '../support/reports';

async function workbookWithNote(data: ReportData, explained: ReportData): Promise<string> {
  const warning = evaluate(explained).findings.find((f) => f.rule === 'T2.feeUnit')!;
  const notes = upsertNote([], warning, '含代收的土地出让金，已与财政核实', explained, new Date('2026-01-10T08:00:00Z'));
  const { plan } = buildTemplate({ data });
  const file = join(mkdtempSync(join(tmpdir(), 'nianbao-notes-')), '年报.xlsx');
  writeFileSync(file, await writeWorkbook({ ...plan, sheets: [...plan.sheets, ...notesPlan(notes, 0).sheets] }));
  return file;
}

describe('nianbao validate shows the 说明 recorded in a workbook', () => {
  const data = jiaokou();
  data.cells['T3.carryForward.commercial'] = 0;
  data.cells['T2.fee.amount'] = 150000;

  it('attaches the 说明 to its warning in the JSON and in the Chinese output', async () => {
    const file = await workbookWithNote(data, data);
    const loaded = await validateFile(file);
    if (!loaded.ok) throw new Error(loaded.error);
    const fee = (loaded.result.findings as NotedFinding[]).find((f) => f.rule === 'T2.feeUnit');

    expect(fee?.note).toEqual({ text: '含代收的土地出让金，已与财政核实', at: '2026-01-10T08:00:00.000Z', stale: false });
    expect(renderResult('年报.xlsx', loaded.result)).toContain('说明：含代收的土地出让金，已与财政核实');
  });

  it('says the 说明 needs another look when the figure changed after it was written', async () => {
    const before = { ...data, cells: { ...data.cells, 'T2.fee.amount': 120000 } };
    const loaded = await validateFile(await workbookWithNote(data, before));
    if (!loaded.ok) throw new Error(loaded.error);

    expect(renderResult('年报.xlsx', loaded.result)).toContain('说明（数字已改动，请重新确认）：含代收的土地出让金');
  });
});
