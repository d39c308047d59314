import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTemplateWorkbook } from '../../../src/core/import/workbook';
import type { WorkbookPlan } from '../../../src/core/layout/plan';
import { buildTemplate } from '../../../src/core/layout/template';
import { generateDocument } from '../../../src/core/narrative/generate';
import { NARRATIVE_SHEET, documentFromWorkbook, narrativeSheetPlan, readNarrativeSheet } from '../../../src/core/narrative/sheet';
import { readXlsxGrid } from '../../../src/hosts/xlsx/read';
import { writeWorkbook } from '../../../src/hosts/xlsx/write';
import { editWithLibreOffice, unoAvailable } from '../../support/lo-edit';
import { jiaokou } from '../../support/reports';

const run = unoAvailable('正文 sheet edited in LibreOffice (test/support/lo-edit.py)');
const describeLo = run ? describe : describe.skip;

describeLo('the 正文 sheet edited by a clerk in LibreOffice Calc', () => {
  const data = jiaokou();
  const doc = generateDocument(data);
  const rowOf = (id: string): number => 2 + doc.blocks.findIndex((b) => b.id === id);
  const clerk = '2024年我县共受理政府信息公开申请12件，均在法定期限内答复。';
  const added = '另：本年度未发生政府信息公开工作责任追究情况。';
  let grid: ReturnType<typeof readXlsxGrid>;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-text-'));
    const template = buildTemplate({ data }).plan;
    const plan: WorkbookPlan = { sheets: [...template.sheets, ...narrativeSheetPlan(doc, 0).sheets], names: template.names };
    const input = join(dir, 'in.xlsx');
    const output = join(dir, 'out.xlsx');
    writeFileSync(input, await writeWorkbook(plan));
    editWithLibreOffice([
      {
        input,
        output,
        edits: [
          { op: 'text', sheet: NARRATIVE_SHEET, cell: `B${rowOf('s1.2.text')}`, text: clerk },
          { op: 'insertRows', sheet: NARRATIVE_SHEET, before: rowOf('s6.fee') + 1, count: 1 },
          { op: 'text', sheet: NARRATIVE_SHEET, cell: `B${rowOf('s6.fee') + 1}`, text: added },
        ],
      },
    ]);
    grid = readXlsxGrid(readFileSync(output));
  }, 180_000);

  it("shows the edited paragraph as 已修改 by the sheet's own formula, recalculated by Calc", () => {
    expect(grid.value(NARRATIVE_SHEET, rowOf('s1.2.text'), 3)).toBe('已修改');
    expect(grid.value(NARRATIVE_SHEET, rowOf('s1.1.text'), 3)).toBe('待填写');
    expect(grid.value(NARRATIVE_SHEET, rowOf('s4.summary'), 3)).toBe('自动生成');
  });

  it('keeps the edit and the inserted paragraph when the text is generated again', () => {
    const rows = readNarrativeSheet(grid);
    expect(rows?.find((r) => r.id === 's1.2.text')).toMatchObject({ text: clerk, status: '已修改' });
    const reading = readTemplateWorkbook(grid);
    if (!reading.ok) throw new Error(reading.error);
    const again = documentFromWorkbook(grid, reading.value.data);
    const ids = again.blocks.map((b) => b.id);
    expect(again.blocks.find((b) => b.id === 's1.2.text')).toMatchObject({ text: clerk, source: 'clerk' });
    expect(ids.slice(ids.indexOf('s6.fee'), ids.indexOf('s6.fee') + 2)).toEqual(['s6.fee', 's6.fee+1']);
    expect(again.blocks[ids.indexOf('s6.fee+1')]).toMatchObject({ kind: 'paragraph', text: added, source: 'clerk' });
  });
});
