import { buildTemplate } from '../../../src/core/layout/template';
import type { WorkbookPlan } from '../../../src/core/layout/plan';
import type { ReportDocument } from '../../../src/core/narrative/document';
import { generateDocument } from '../../../src/core/narrative/generate';
import {
  NARRATIVE_SHEET,
  documentFromWorkbook,
  narrativeRowsUsed,
  narrativeSheetPlan,
  readNarrativeSheet,
  regenerate,
  type NarrativeRow,
} from '../../../src/core/narrative/sheet';
import type { ReportData } from '../../../src/core/report/types';
import { jiaokou } from '../../support/reports';
import { validReport2021 } from '../../fixtures/rules/reports';
import { planGrid } from '../support/plan-grid';

const textOf = (doc: ReportDocument, id: string): string => doc.blocks.find((b) => b.id === id)?.text ?? `(no block ${id})`;
const sourceOf = (doc: ReportDocument, id: string): string | undefined => doc.blocks.find((b) => b.id === id)?.source;

/** The sheet row holding a block id (column A). */
function rowOf(plan: WorkbookPlan, id: string): number {
  const cell = plan.sheets[0]?.cells.find((c) => c.col === 1 && c.value === id);
  if (!cell) throw new Error(`no row for ${id}`);
  return cell.row;
}

/** The plan with the clerk's typing: column B of each given row replaced (a row number inserts a new row's text). */
function typed(plan: WorkbookPlan, edits: Readonly<Record<string, string>>, inserted: Readonly<Record<number, string>> = {}): WorkbookPlan {
  const [sheet] = plan.sheets;
  if (!sheet) throw new Error('no sheet');
  const rows = new Map(Object.entries(edits).map(([id, text]) => [rowOf(plan, id), text]));
  const cells = sheet.cells.map((c) => (c.col === 2 && rows.has(c.row) ? { ...c, value: rows.get(c.row) ?? null } : c));
  for (const [row, text] of Object.entries(inserted)) cells.push({ row: Number(row), col: 2, value: text });
  return { ...plan, sheets: [{ ...sheet, cells }] };
}

/** Figures of 交口县 changed: two more applications received from 自然人, both 予以公开. */
function moreApplications(): ReportData {
  const data = jiaokou();
  for (const id of ['T3.new.natural', 'T3.new.total', 'T3.disclosed.natural', 'T3.disclosed.total', 'T3.total.natural', 'T3.total.total']) {
    data.cells[id] = 14;
  }
  return data;
}

describe('narrativeSheetPlan', () => {
  const doc = generateDocument(jiaokou());
  const plan = narrativeSheetPlan(doc, 0);
  const [sheet] = plan.sheets;

  it('is one visible sheet, a block per row under a header, ids and generated text in hidden columns', () => {
    expect(plan.sheets.map((s) => [s.name, s.visibility])).toEqual([[NARRATIVE_SHEET, 'visible']]);
    expect(sheet?.columns).toEqual([
      { col: 1, width: 14, hidden: true },
      { col: 2, width: 90 },
      { col: 3, width: 10 },
      { col: 4, width: 40, hidden: true },
      { col: 5, width: 10, hidden: true },
    ]);
    const grid = planGrid(plan);
    doc.blocks.forEach((b, i) => {
      expect(grid.value(NARRATIVE_SHEET, i + 2, 1)).toBe(b.id);
      if (b.kind !== 'table') expect(grid.value(NARRATIVE_SHEET, i + 2, 2)).toBe(b.text);
    });
  });

  it('prints column B only, from the title to the date', () => {
    expect(sheet?.print).toEqual({ area: { top: 2, left: 2, bottom: doc.blocks.length + 1, right: 2 }, breaksAfter: [] });
  });

  it('shows a table as a line pointing to the 年报 sheet, and headings in bold', () => {
    const grid = planGrid(plan);
    expect(grid.value(NARRATIVE_SHEET, rowOf(plan, 's2.table'), 2)).toBe('〔表二：见“年报”工作表〕');
    expect(grid.cell(NARRATIVE_SHEET, rowOf(plan, 's1.heading'), 2)?.style).toBe('textHeading1');
    expect(grid.cell(NARRATIVE_SHEET, rowOf(plan, 's1.1.heading'), 2)?.style).toBe('textHeading2');
    expect(grid.cell(NARRATIVE_SHEET, rowOf(plan, 's1.2.text'), 2)?.style).toBe('text');
  });

  it("says each row's status in words, and the sheet's own formula follows the clerk's typing", () => {
    const grid = planGrid(plan);
    const status = (id: string): unknown => grid.value(NARRATIVE_SHEET, rowOf(plan, id), 3);
    expect([status('s1.2.text'), status('s1.1.text'), status('s2.table')]).toEqual(['自动生成', '待填写', '自动生成']);
    // The formula's own result is what the plan writes for readers that do not recalculate.
    for (const b of doc.blocks)
      expect(grid.value(NARRATIVE_SHEET, rowOf(plan, b.id), 3)).toBe(grid.cell(NARRATIVE_SHEET, rowOf(plan, b.id), 3)?.result);
    const edited = planGrid(
      typed(plan, { 's1.2.text': '2024年我县共受理政府信息公开申请12件。', 's1.1.text': '全年发布政策性文件13件。' }),
    );
    expect(edited.value(NARRATIVE_SHEET, rowOf(plan, 's1.2.text'), 3)).toBe('已修改');
    expect(edited.value(NARRATIVE_SHEET, rowOf(plan, 's1.1.text'), 3)).toBe('已修改');
    const marked = planGrid(typed(plan, { 's1.2.text': '【请核对：表三】' }));
    expect(marked.value(NARRATIVE_SHEET, rowOf(plan, 's1.2.text'), 3)).toBe('待核对');
  });

  it('blanks the rows the sheet used before beyond the new ones', () => {
    const longer = narrativeSheetPlan(doc, doc.blocks.length + 5);
    const blanked = longer.sheets[0]?.cells.filter((c) => c.row > doc.blocks.length + 1) ?? [];
    expect(new Set(blanked.map((c) => c.row))).toEqual(new Set([0, 1, 2, 3, 4].map((i) => doc.blocks.length + 2 + i)));
    expect(blanked.every((c) => c.value === null && c.formula === undefined)).toBe(true);
    expect(blanked).toHaveLength(5 * 5);
  });
});

describe('readNarrativeSheet', () => {
  it('reads back what the plan wrote: ids, kinds, tables, texts, statuses', () => {
    const doc = generateDocument(jiaokou());
    const rows = readNarrativeSheet(planGrid(narrativeSheetPlan(doc, 0)));
    expect(rows?.map((r) => [r.id, r.kind, r.table])).toEqual(doc.blocks.map((b) => [b.id, b.kind, b.table]));
    expect(rows?.filter((r) => r.kind !== 'table').map((r) => r.text)).toEqual(
      doc.blocks.filter((b) => b.kind !== 'table').map((b) => b.text),
    );
    expect(rows?.every((r) => r.text === r.generated)).toBe(true);
    expect(rows?.filter((r) => r.status === '待填写').map((r) => r.id)).toEqual([
      's1.1.text',
      's1.3.text',
      's1.4.text',
      's1.5.text',
      's5.problems',
      's5.improvements',
    ]);
    expect(narrativeRowsUsed(rows)).toBe(doc.blocks.length);
  });

  it('is null for a workbook without a 正文 sheet', () => {
    expect(readNarrativeSheet(planGrid(buildTemplate({ data: jiaokou() }).plan))).toBeNull();
    expect(narrativeRowsUsed(null)).toBe(0);
  });

  it("takes a row the clerk inserted as the clerk's own paragraph after the row above it", () => {
    const plan = narrativeSheetPlan(generateDocument(jiaokou()), 0);
    const last = rowOf(plan, 'date');
    const rows = readNarrativeSheet(planGrid(typed(plan, {}, { [last + 3]: '附件：政府信息公开工作联系人名单' }))) ?? [];
    expect(rows[rows.length - 1]).toMatchObject({
      id: 'date+1',
      kind: 'paragraph',
      text: '附件：政府信息公开工作联系人名单',
      generated: '',
      status: '已修改',
      row: last + 3,
    });
    expect(narrativeRowsUsed(rows)).toBe(last + 2);
  });
});

describe('regenerate', () => {
  const first = generateDocument(jiaokou());
  const plan = narrativeSheetPlan(first, 0);
  const clerk = '认真贯彻落实《条例》要求，2024年我县共受理政府信息公开申请12件。';
  const filled = '全年，我县政府门户网站更新政务动态信息1735条，发布政策性文件13件，政策解读12条。';
  const previous = readNarrativeSheet(planGrid(typed(plan, { 's1.2.text': clerk, 's1.1.text': filled })));
  const again = regenerate(previous, generateDocument(moreApplications()));

  it("keeps an edited paragraph, marked as the clerk's, with the text the generator gives now", () => {
    expect(textOf(again, 's1.2.text')).toBe(clerk);
    expect(again.blocks.find((b) => b.id === 's1.2.text')).toMatchObject({
      source: 'clerk',
      generated: textOf(generateDocument(moreApplications()), 's1.2.text'),
    });
  });

  it('keeps a placeholder the clerk filled in', () => {
    expect(textOf(again, 's1.1.text')).toBe(filled);
    expect(sourceOf(again, 's1.1.text')).toBe('clerk');
  });

  it('updates a paragraph the clerk did not edit after a figure changed', () => {
    expect(textOf(first, 's3.summary')).toContain('新收的12件申请');
    expect(textOf(again, 's3.summary')).toContain('新收的14件申请');
    expect(sourceOf(again, 's3.summary')).toBe('generated');
    expect(sourceOf(again, 's1.3.text')).toBe('placeholder');
  });

  it('keeps the edit through the next round: the sheet written from it still shows it as edited', () => {
    const rows = readNarrativeSheet(planGrid(narrativeSheetPlan(again, narrativeRowsUsed(previous))));
    const row = rows?.find((r) => r.id === 's1.2.text');
    expect(row).toMatchObject({ text: clerk, status: '已修改' });
    const third = regenerate(rows, generateDocument(jiaokou()));
    expect(textOf(third, 's1.2.text')).toBe(clerk);
    expect(textOf(third, 's3.summary')).toContain('新收的12件申请');
  });

  it('takes the fresh text again when the clerk puts back the generated words', () => {
    const rows = readNarrativeSheet(planGrid(typed(plan, { 's1.2.text': textOf(generateDocument(moreApplications()), 's1.2.text') })));
    const doc = regenerate(rows, generateDocument(moreApplications()));
    expect(sourceOf(doc, 's1.2.text')).toBe('generated');
  });

  it("keeps the clerk's added paragraphs in place and ignores edits to a table row", () => {
    const row = rowOf(plan, 's5.improvements');
    const rows: NarrativeRow[] = readNarrativeSheet(planGrid(typed(plan, { 's2.table': '表格略' }, {}))) ?? [];
    const withAdded = [
      ...rows.slice(0, row - 1),
      {
        id: 's5.improvements+1',
        kind: 'paragraph' as const,
        text: '下一步，我县将……',
        generated: '',
        status: '已修改' as const,
        row: row + 1,
      },
      ...rows.slice(row - 1),
    ];
    const doc = regenerate(withAdded, generateDocument(jiaokou()));
    const ids = doc.blocks.map((b) => b.id);
    expect(ids.slice(ids.indexOf('s5.improvements'), ids.indexOf('s5.improvements') + 3)).toEqual([
      's5.improvements',
      's5.improvements+1',
      's6.heading',
    ]);
    expect(doc.blocks.find((b) => b.id === 's2.table')).toEqual(generateDocument(jiaokou()).blocks.find((b) => b.id === 's2.table'));
  });

  it('is the fresh document when there is no sheet', () => {
    const fresh = generateDocument(jiaokou());
    expect(regenerate(null, fresh)).toBe(fresh);
  });
});

describe('documentFromWorkbook', () => {
  const data = jiaokou();

  it('generates the document of a workbook without a 正文 sheet', () => {
    const grid = planGrid(buildTemplate({ data }).plan);
    expect(documentFromWorkbook(grid, data)).toEqual(generateDocument(data));
  });

  it("uses the 正文 sheet, the clerk's edits included", () => {
    const template = buildTemplate({ data }).plan;
    const narrative = typed(narrativeSheetPlan(generateDocument(data), 0), { 's5.problems': '一是监管力度不够；二是公开不够及时。' });
    const grid = planGrid({ sheets: [...template.sheets, ...narrative.sheets], names: template.names });
    const doc = documentFromWorkbook(grid, data);
    expect(textOf(doc, 's5.problems')).toBe('一是监管力度不够；二是公开不够及时。');
    expect(sourceOf(doc, 's5.problems')).toBe('clerk');
    expect(textOf(doc, 's4.summary')).toBe(textOf(generateDocument(data), 's4.summary'));
  });
});

describe('regression (property nothing-lost, issue 7): words typed over a table stand-in row', () => {
  it('are kept as the clerk’s paragraph after the table when the 正文 is regenerated, and stay on a second regeneration', () => {
    const fresh = generateDocument(validReport2021());
    const table = fresh.blocks.find((b) => b.kind === 'table')!;
    const rows = (doc: ReportDocument): NarrativeRow[] => readNarrativeSheet(planGrid(narrativeSheetPlan(doc, 0)))!;
    const typed = rows(fresh).map((r) => (r.id === table.id ? { ...r, text: '表格另附。' } : r));

    const once = regenerate(typed, fresh);
    const i = once.blocks.findIndex((b) => b.id === table.id);
    expect(once.blocks[i + 1]).toMatchObject({ kind: 'paragraph', text: '表格另附。', source: 'clerk' });

    const twice = regenerate(rows(once), fresh);
    expect(twice.blocks.filter((b) => b.text === '表格另附。')).toHaveLength(1);
  });
});
