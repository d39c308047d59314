import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateFile } from '../../src/cli/load';
import { buildTemplate } from '../../src/core/layout/template';
import type { WorkbookPlan } from '../../src/core/layout/plan';
import { generateDocument } from '../../src/core/narrative/generate';
import { NARRATIVE_SHEET, narrativeSheetPlan } from '../../src/core/narrative/sheet';
import type { ReportData } from '../../src/core/report/types';
import { writeWorkbook } from '../../src/hosts/xlsx/write';
import { jiaokou } from '../support/reports';

/** The 正文 sheet's plan with the clerk's text typed over one paragraph (column B; column D keeps what was generated). */
function edited(plan: WorkbookPlan, id: string, text: string): { plan: WorkbookPlan; row: number } {
  const sheet = plan.sheets[0]!;
  const row = sheet.cells.find((c) => c.col === 1 && c.value === id)?.row;
  if (row === undefined) throw new Error(`no paragraph ${id}`);
  const cells = sheet.cells.map((c) => (c.row === row && c.col === 2 ? { ...c, value: text } : c));
  return { plan: { ...plan, sheets: [{ ...sheet, cells }] }, row };
}

async function workbook(data: ReportData, text: WorkbookPlan): Promise<string> {
  const { plan } = buildTemplate({ data });
  const file = join(mkdtempSync(join(tmpdir(), 'nianbao-text-')), '年报.xlsx');
  writeFileSync(file, await writeWorkbook({ ...plan, sheets: [...plan.sheets, ...text.sheets] }));
  return file;
}

describe('nianbao validate checks the 正文 sheet against the tables', () => {
  const data = jiaokou();
  data.cells['T3.carryForward.commercial'] = 0;

  it('reports an edited paragraph whose figure differs from 表三, at its row in the 正文 sheet', async () => {
    const { plan, row } = edited(narrativeSheetPlan(generateDocument(data), 0), 's1.2.text', '2024年，本机关共收到政府信息公开申请15件，均已按时办结。');
    const loaded = await validateFile(await workbook(data, plan));
    if (!loaded.ok) throw new Error(loaded.error);
    const mismatch = loaded.result.findings.find((f) => f.rule === 'N.mismatch');

    expect(mismatch?.severity).toBe('error');
    expect(mismatch?.cells).toContain('T3.new.total');
    expect(mismatch?.address).toBe(`${NARRATIVE_SHEET}!B${row}`);
    expect(mismatch?.message).toContain('15');
    expect(mismatch?.message).toContain('12');
  });

  it('reports the sections only the clerk can write while their 【请填写：…】 remain, and nothing else in generated text', async () => {
    const loaded = await validateFile(await workbook(data, narrativeSheetPlan(generateDocument(data), 0)));
    if (!loaded.ok) throw new Error(loaded.error);
    const text = loaded.result.findings.filter((f) => f.rule.startsWith('N.') || f.rule.startsWith('F.'));

    expect(text.length).toBeGreaterThan(0);
    expect(text.every((f) => f.rule === 'N.placeholder' && f.address?.startsWith(`${NARRATIVE_SHEET}!B`))).toBe(true);
  });

  it('checks no text in a workbook without a 正文 sheet', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nianbao-text-')), '年报.xlsx');
    writeFileSync(file, await writeWorkbook(buildTemplate({ data }).plan));
    const loaded = await validateFile(file);
    if (!loaded.ok) throw new Error(loaded.error);

    expect(loaded.result.findings).toEqual([]);
  });
});
