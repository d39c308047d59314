import type { WorkbookGrid } from '../../../src/core/import/grid';
import { readTemplateWorkbook } from '../../../src/core/import/workbook';
import { a1, parseRef, sheetPrefix } from '../../../src/core/layout/a1';
import type { WorkbookPlan } from '../../../src/core/layout/plan';
import { CALC_SHEET, DEFAULT_SHEET, META_SHEET, buildTemplate } from '../../../src/core/layout/template';
import { generateDocument } from '../../../src/core/narrative/generate';
import {
  NARRATIVE_SHEET,
  narrativeRowsUsed,
  narrativeSheetPlan,
  narrativeStatus,
  readNarrativeSheet,
  tableRowText,
} from '../../../src/core/narrative/sheet';
import { NOTES_SHEET, attachNotes, notesPlan, readNotes, type Note } from '../../../src/core/notes';
import { PREVIOUS_SHEET, previousPlan, previousRowsUsed, readPrevious } from '../../../src/core/previous';
import type { ComparedReport } from '../../../src/core/rules/across-years';
import { HostError, type CellWrite, type SpreadsheetHost } from '../../../src/core/port';
import type { CellValue, ReportData } from '../../../src/core/report/types';
import { validateReport } from '../../../src/core/validate';
import { readXlsxGrid } from '../../../src/hosts/xlsx/read';
import { writeWorkbook } from '../../../src/hosts/xlsx/write';
import { damage, generatedReport, jiaokou, seeded, validReport } from '../../support/reports';

/**
 * One contract every host of the port keeps (STYLE.md: "one contract suite that every host adapter
 * passes"), written as what a clerk relies on. Each host's file gives a fresh host over a workbook with
 * one empty sheet, `Sheet1`, and the means to act as the clerk in it; the suite does the rest through the
 * port alone. Where a host legitimately differs, the difference is a field of `HostDifferences`, named and
 * explained in the host's file, and the contract asserts the host's side of it — nothing is skipped.
 */

/** What the workbook holds of the plan's formats, as far as the host lets a test see them. */
export interface HeldFormats {
  /** Conditional formats on every sheet. */
  readonly conditionalFormats: number;
  /** Data validation rules on every sheet. */
  readonly validations: number;
  /** Workbook-level defined names, as many times as each is held. */
  readonly names: readonly string[];
}

export interface HostUnderTest {
  readonly host: SpreadsheetHost;
  /**
   * The clerk types `value` into a cell (`'年报'!C7`) through the host's own UI, as the host takes typed
   * input; resolves once the host has taken it (its change event raised).
   */
  clerkTypes(address: string, value: string | number): Promise<void>;
  /** Let the host deliver what it delivers late (Excel raises change events after the sync that caused them). */
  settle(): Promise<void>;
  /** The formats the workbook holds now. */
  formats(): HeldFormats;
}

/** Where a host may differ from the others, on purpose; each field says which way this host goes. */
export interface HostDifferences {
  /**
   * A cell selected inside a merged area: `'cell'` — the outline gives the cell asked for (Office.js
   * reports the range it selected); `'mergeTopLeft'` — the top-left of the area (the preview selects
   * merged areas whole, as a clerk's click does).
   */
  readonly selectionInMerge?: 'cell' | 'mergeTopLeft';
}

/** A fresh host over a workbook holding one empty sheet, `Sheet1`. */
export type MakeHost = () => Promise<HostUnderTest>;

/** The report as the task pane reads it: data from the meta sheet, findings with their 说明. */
function reportOf(grid: WorkbookGrid): { data: ReportData; findings: unknown } {
  const reading = readTemplateWorkbook(grid, { valuesFrom: 'meta' });
  if (!reading.ok) throw new Error(reading.error);
  const result = validateReport(reading.value.data, reading.value);
  return { data: result.data, findings: attachNotes(result.findings, readNotes(grid), result.data) };
}

/** The same plan written to an xlsx file by exceljs and read back: what every host must agree with. */
async function viaXlsx(plan: WorkbookPlan): Promise<{ data: ReportData; findings: unknown }> {
  return reportOf(readXlsxGrid(await writeWorkbook(plan)));
}

/** Reports to write and read back: the sample, generated ones, and text a spreadsheet likes to reinterpret. */
export function contractDatasets(): [string, ReportData][] {
  const out: [string, ReportData][] = [['jiaokou (the sample report)', jiaokou()]];
  for (const seed of [1, 2, 3, 7]) out.push([`generated report, seed ${seed}`, generatedReport(seed).data]);
  const random = seeded(60_000);
  out.push(['blanks: a cell left empty', damage(validReport(random), 'blank', random)]);
  out.push(['text with a clean number (12件, full-width digits)', damage(validReport(random), 'cleanText', random)]);
  out.push(['text that is no number (／, 见附表)', damage(validReport(random), 'unusableText', random)]);
  const base = validReport(seeded(60_100));
  out.push([
    'text a spreadsheet would turn into something else',
    {
      ...base,
      organ: '=某县人民政府',
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
        'T3.carried.natural': '0012',
        'T2.license.decisions': '1,939',
        'T4.review.upheld': '#REF!',
        'T4.review.corrected': '=1+1',
        'T4.review.other': null,
      },
    },
  ]);
  return out;
}

/** Values `write` must give back as they were: numbers, text that looks like something else, blanks. */
const ROUND_TRIP: readonly (readonly [string, string | number | null, CellValue])[] = [
  ['a whole number', 12, 12],
  ['zero', 0, 0],
  ['a negative fraction', -3.5, -3.5],
  ['an amount with 4 decimals', 1234.5678, 1234.5678],
  ['plain text', '见附表', '见附表'],
  ['text that looks like a number', '12', '12'],
  ['text with leading zeros', '0012', '0012'],
  ['full-width digits', '１２', '１２'],
  ['text that looks like a formula', '=1+1', '=1+1'],
  ['text with a leading apostrophe', "'3", "'3"],
  ['text that looks like a date', '2025-01-16', '2025-01-16'],
  ['text that looks like a boolean', 'TRUE', 'TRUE'],
  ['text that looks like an error value', '#REF!', '#REF!'],
  ['text with spaces around a number', ' 12 ', ' 12 '],
  ['a line break inside text', '第一行\n第二行', '第一行\n第二行'],
  ['null (blank)', null, null],
  ['the empty string (blank)', '', null],
];

/** A row below the template at A1, for a cell of the clerk’s that must survive it. */
const CLERKS_ROW = 80;

const NOTES: readonly Note[] = [
  { key: 'T3.carry|T3.new.natural,T3.carried.natural', text: '=说明：年中清理', values: '[12,null]', at: '2025-01-16T08:00:00.000Z' },
  { key: 'T2.inForce|T2.normative.inForce', text: '12', values: '["0012"]', at: '2025-01-17T09:30:00.000Z' },
];

export function describeHostContract(name: string, makeHost: MakeHost, differences: HostDifferences = {}): void {
  describe(`the host contract: ${name}`, () => {
    describe('apply the template, then read the meta sheet alone: the report, as the xlsx path gives it', () => {
      it.each(contractDatasets())('%s', async (_what, data) => {
        const { host } = await makeHost();
        const { plan } = buildTemplate({ data });
        await host.apply(plan);
        const back = reportOf(await host.read([META_SHEET]));

        expect(back).toEqual(await viaXlsx(plan));
        // And that is the report written: every cell as it was (a blank as null), the organ and the year.
        for (const [id, v] of Object.entries(data.cells)) expect([id, back.data.cells[id] ?? null]).toEqual([id, v === '' ? null : v]);
        expect([back.data.organ, back.data.year]).toEqual([data.organ, data.year]);
      });
    });

    it('adds the plan’s sheets with their visibility, after the sheets already there', async () => {
      const { host } = await makeHost();
      await host.apply(buildTemplate({ data: jiaokou() }).plan);

      expect((await host.outline()).sheets).toEqual([
        { name: 'Sheet1', visibility: 'visible' },
        { name: DEFAULT_SHEET, visibility: 'visible' },
        { name: META_SHEET, visibility: 'veryHidden' },
        { name: CALC_SHEET, visibility: 'veryHidden' },
      ]);
    });

    it('gives the defined names in the outline: none on a new workbook, the plan’s once applied', async () => {
      const { host } = await makeHost();
      expect((await host.outline()).names).toEqual([]);
      const { plan } = buildTemplate();
      await host.apply(plan);

      expect([...(await host.outline()).names].sort()).toEqual(plan.names.map((n) => n.name).sort());
    });

    describe('apply given an outline (`known`): the same workbook as without one', () => {
      /** What the clerk and the pane see of a workbook: its sheets and names, the report, the formats, a cell of the clerk’s. */
      async function seen(t: HostUnderTest): Promise<unknown> {
        const outline = await t.host.outline();
        const grid = await t.host.read([DEFAULT_SHEET, META_SHEET]);
        return {
          sheets: outline.sheets,
          names: [...outline.names].sort(),
          report: reportOf(grid),
          formats: { ...t.formats(), names: [...t.formats().names].sort() },
          clerks: grid.value(DEFAULT_SHEET, CLERKS_ROW, 1),
        };
      }

      /** A sheet 年报 with a cell of the clerk’s below where the template goes, and a name of the same name as one of the template’s. */
      const before: WorkbookPlan = {
        sheets: [
          {
            name: DEFAULT_SHEET,
            visibility: 'visible',
            cells: [{ row: CLERKS_ROW, col: 1, value: '别的内容' }],
            merges: [],
            columns: [],
            rows: [],
            conditionalFormats: [],
            validations: [],
          },
        ],
        names: [{ name: 'NB_T2', sheet: DEFAULT_SHEET, range: { top: CLERKS_ROW, left: 1, bottom: CLERKS_ROW, right: 1 } }],
      };

      it('the outline just read', async () => {
        const { plan } = buildTemplate({ data: jiaokou() });
        const without = await makeHost();
        await without.host.apply(plan);
        const given = await makeHost();
        await given.host.apply(plan, await given.host.outline());

        expect(await seen(given)).toEqual(await seen(without));
      });

      it('an outline read before a sheet and a name came: they are written into and replaced, not added twice', async () => {
        const { plan } = buildTemplate({ data: jiaokou() });
        const without = await makeHost();
        await without.host.apply(before);
        await without.host.apply(plan);
        const given = await makeHost();
        const stale = await given.host.outline();
        await given.host.apply(before);
        await given.host.apply(plan, stale);

        const after = await seen(given);
        expect(after).toEqual(await seen(without));
        expect(after).toMatchObject({ clerks: '别的内容' });
      });

      it('an outline that lists a sheet and a name the workbook does not have', async () => {
        const { plan } = buildTemplate({ data: jiaokou() });
        const without = await makeHost();
        await without.host.apply(plan);
        const given = await makeHost();
        const outline = await given.host.outline();
        const wrong = {
          ...outline,
          sheets: [
            ...outline.sheets,
            { name: DEFAULT_SHEET, visibility: 'visible' as const },
            { name: META_SHEET, visibility: 'veryHidden' as const },
          ],
          names: ['NB_T2', 'NB_T4'],
        };
        await given.host.apply(plan, wrong);

        expect(await seen(given)).toEqual(await seen(without));
      });
    });

    it('writes into a sheet that exists only the cells the plan has: the clerk’s cells elsewhere survive', async () => {
      const t = await makeHost();
      await t.clerkTypes('Sheet1!A1', '本表由办公室填写');
      await t.clerkTypes('Sheet1!B400', 7);
      const data = jiaokou();
      const { plan } = buildTemplate({ data, sheet: 'Sheet1', origin: { row: 3, col: 2 } });
      await t.host.apply(plan);
      const grid = await t.host.read(['Sheet1', META_SHEET]);

      expect([grid.value('Sheet1', 1, 1), grid.value('Sheet1', 400, 2)]).toEqual(['本表由办公室填写', 7]);
      expect((await t.host.outline()).sheets.map((s) => s.name)).toEqual(['Sheet1', META_SHEET, CALC_SHEET]);
      expect(reportOf(grid).data.cells).toEqual(data.cells);
    });

    it('applies the same plan twice as once: no error, no second copy of marks, validation or names', async () => {
      const t = await makeHost();
      const { plan } = buildTemplate({ data: generatedReport(5).data });
      await t.host.apply(plan);
      const once = { report: reportOf(await t.host.read([META_SHEET])), formats: t.formats() };
      await t.host.apply(plan);
      const twice = { report: reportOf(await t.host.read([META_SHEET])), formats: t.formats() };

      expect(twice).toEqual(once);
      const planned = plan.sheets.reduce(
        (n, s) => ({
          conditionalFormats: n.conditionalFormats + s.conditionalFormats.length,
          validations: n.validations + s.validations.length,
        }),
        { conditionalFormats: 0, validations: 0 },
      );
      expect({ ...twice.formats, names: [...twice.formats.names].sort() }).toEqual({
        ...planned,
        names: plan.names.map((n) => n.name).sort(),
      });
    });

    it('reads a sheet that does not exist without failing: blank cells, and the sheets that do exist', async () => {
      const { host } = await makeHost();
      const grid = await host.read(['无此表']);

      expect(grid.sheets).toEqual([{ name: 'Sheet1', visibility: 'visible' }]);
      expect([grid.value('无此表', 1, 1), grid.formula('无此表', 1, 1)]).toEqual([null, null]);
    });

    describe('write, then read: the value as written', () => {
      it.each(ROUND_TRIP)('%s', async (_what, value, expected) => {
        const { host } = await makeHost();
        await host.write([{ sheet: 'Sheet1', row: 2, col: 3, value: 'something before' }]);
        await host.write([{ sheet: 'Sheet1', row: 2, col: 3, value }]);
        const grid = await host.read(['Sheet1']);

        expect([grid.value('Sheet1', 2, 3), grid.formula('Sheet1', 2, 3)]).toEqual([expected, null]);
      });

      it('several cells on several sheets in one call', async () => {
        const { host } = await makeHost();
        await host.apply(buildTemplate().plan);
        const cells: CellWrite[] = [
          { sheet: 'Sheet1', row: 1, col: 1, value: 1 },
          { sheet: DEFAULT_SHEET, row: 300, col: 2, value: '０１' },
          { sheet: 'Sheet1', row: 9, col: 27, value: '=A1' },
        ];
        await host.write(cells);
        const grid = await host.read(['Sheet1', DEFAULT_SHEET]);

        expect(cells.map((c) => grid.value(c.sheet, c.row, c.col))).toEqual([1, '０１', '=A1']);
      });

      it('a value written over a formula replaces it', async () => {
        const { host } = await makeHost();
        const { plan, layout } = buildTemplate({ data: jiaokou() });
        await host.apply(plan);
        const total = layout.cells.get('T3.new.total')!;
        const before = await host.read([DEFAULT_SHEET]);
        expect(before.formula(DEFAULT_SHEET, total.top, total.left)).toMatch(/^SUM\(/);

        await host.write([{ sheet: DEFAULT_SHEET, row: total.top, col: total.left, value: 40 }]);
        const after = await host.read([DEFAULT_SHEET]);

        expect([after.value(DEFAULT_SHEET, total.top, total.left), after.formula(DEFAULT_SHEET, total.top, total.left)]).toEqual([
          40,
          null,
        ]);
      });
    });

    it('says a place is empty when the sheet is missing or no cell holds anything, and not once one does', async () => {
      const { host } = await makeHost();
      const rect = { top: 3, left: 2, bottom: 10, right: 6 };
      expect(await host.isEmpty('无此表', rect)).toBe(true);
      expect(await host.isEmpty('Sheet1', rect)).toBe(true);

      await host.write([{ sheet: 'Sheet1', row: 11, col: 2, value: 'just outside' }]);
      expect(await host.isEmpty('Sheet1', rect)).toBe(true);
      await host.write([{ sheet: 'Sheet1', row: 10, col: 6, value: 0 }]);
      expect(await host.isEmpty('Sheet1', rect)).toBe(false);
      await host.write([{ sheet: 'Sheet1', row: 10, col: 6, value: null }]);
      expect(await host.isEmpty('Sheet1', rect)).toBe(true);

      const { plan, layout } = buildTemplate();
      await host.apply(plan);
      expect(await host.isEmpty(DEFAULT_SHEET, layout.title)).toBe(false); // a formula is not empty
    });

    describe('select, then the outline’s active cell is that cell', () => {
      it('a cell of a plain sheet', async () => {
        const { host } = await makeHost();
        await host.select({ sheet: 'Sheet1', row: 17, col: 28 });
        expect((await host.outline()).active).toEqual({ sheet: 'Sheet1', row: 17, col: 28 });
      });

      it('a cell of the template', async () => {
        const { host } = await makeHost();
        const { plan, layout } = buildTemplate({ data: jiaokou() });
        await host.apply(plan);
        const at = layout.cells.get('T3.new.natural')!;
        await host.select({ sheet: DEFAULT_SHEET, row: at.top, col: at.left });
        expect((await host.outline()).active).toEqual({ sheet: DEFAULT_SHEET, row: at.top, col: at.left });
      });

      it(`a cell inside a merged area: ${differences.selectionInMerge ?? 'cell'}`, async () => {
        const { host } = await makeHost();
        const { plan, layout } = buildTemplate({ data: jiaokou() });
        await host.apply(plan);
        const inside = { sheet: DEFAULT_SHEET, row: layout.title.top, col: layout.title.left + 3 };
        await host.select(inside);
        const expected =
          differences.selectionInMerge === 'mergeTopLeft'
            ? { sheet: DEFAULT_SHEET, row: layout.title.top, col: layout.title.left }
            : inside;
        expect((await host.outline()).active).toEqual(expected);
      });
    });

    it('calls onChange after the clerk’s edit, not after its own apply or write, and not once stopped', async () => {
      const t = await makeHost();
      const { plan, layout } = buildTemplate({ data: jiaokou() });
      await t.host.apply(plan);
      const at = layout.cells.get('T3.new.natural')!;
      const address = `${sheetPrefix(DEFAULT_SHEET)}${a1({ row: at.top, col: at.left })}`;
      let calls = 0;
      const stop = await t.host.onChange(() => calls++);

      await t.host.apply(plan);
      await t.host.write([{ sheet: DEFAULT_SHEET, row: at.top, col: at.left, value: 5 }]);
      await t.settle();
      expect(calls).toBe(0);

      await t.clerkTypes(address, 13);
      await t.settle();
      expect(calls).toBe(1);

      stop();
      await t.settle();
      await t.clerkTypes(address, 14);
      await t.settle();
      expect(calls).toBe(1);
    });

    it('reads what the clerk typed into the template through the meta sheet’s mirror', async () => {
      const t = await makeHost();
      const { plan, layout } = buildTemplate({ data: jiaokou() });
      await t.host.apply(plan);
      const cell = (id: string): string => {
        const at = layout.cells.get(id)!;
        return `${sheetPrefix(DEFAULT_SHEET)}${a1({ row: at.top, col: at.left })}`;
      };
      await t.clerkTypes(cell('T3.new.natural'), '13件');
      await t.clerkTypes(cell('T3.new.legal'), 4);
      const data = reportOf(await t.host.read([META_SHEET])).data;

      expect([data.cells['T3.new.natural'], data.cells['T3.new.legal']]).toEqual(['13件', 4]);
      // The total the template computes follows the typed number (the text one counts as nothing).
      const expectedTotal = Object.entries(jiaokou().cells)
        .filter(([id]) => id.startsWith('T3.new.') && id !== 'T3.new.total' && id !== 'T3.new.natural' && id !== 'T3.new.legal')
        .reduce((sum, [, v]) => sum + (typeof v === 'number' ? v : 0), 4 + 13);
      expect(data.cells['T3.new.total']).toBe(expectedTotal);
    });

    it('keeps the 说明 sheet: notes written by notesPlan read back, a removed one gone', async () => {
      const { host } = await makeHost();
      await host.apply(notesPlan(NOTES, 0));
      expect(readNotes(await host.read([NOTES_SHEET]))).toEqual(NOTES);
      expect((await host.outline()).sheets).toContainEqual({ name: NOTES_SHEET, visibility: 'veryHidden' });

      await host.apply(notesPlan(NOTES.slice(1), NOTES.length));
      expect(readNotes(await host.read([NOTES_SHEET]))).toEqual(NOTES.slice(1));
    });

    it('keeps last year’s report (导入上年年报): text that looks like something else read back as written, a shorter one leaving nothing behind', async () => {
      const { host } = await makeHost();
      const tricky = contractDatasets().find(([name]) => name.startsWith('text a spreadsheet'))![1];
      const kept: ComparedReport = { data: tricky, paragraphs: [{ id: 'p1', text: '=一、总体情况' }, { id: 'p2', text: '2024' }] };
      await host.apply(previousPlan(kept, 0));
      const grid = await host.read([PREVIOUS_SHEET]);
      const back = readPrevious(grid);

      expect((await host.outline()).sheets).toContainEqual({ name: PREVIOUS_SHEET, visibility: 'veryHidden' });
      expect(back?.data.organ).toBe(tricky.organ);
      expect(back?.data.cells).toEqual(Object.fromEntries(Object.entries(tricky.cells).filter(([, v]) => v !== null && v !== undefined)));
      expect(back?.data.info).toEqual(tricky.info);
      expect(back?.paragraphs).toEqual(kept.paragraphs);

      const shorter: ComparedReport = { data: { format: '2019', year: 2020, organ: '某县', cells: { 'T3.carryForward.natural': 2 } } };
      await host.apply(previousPlan(shorter, previousRowsUsed(grid)));
      expect(readPrevious(await host.read([PREVIOUS_SHEET]))).toEqual({ data: { ...shorter.data } });
    });

    it('keeps the 正文 sheet: paragraphs read back with their status, a clerk’s edit seen, leftover rows blanked', async () => {
      const t = await makeHost();
      const doc = generateDocument(jiaokou());
      await t.host.apply(narrativeSheetPlan(doc, 0));
      const grid = await t.host.read([NARRATIVE_SHEET]);
      const rows = readNarrativeSheet(grid);

      const shown = (b: (typeof doc.blocks)[number]): string => (b.kind === 'table' && b.table ? tableRowText(b.table) : b.text);
      expect(rows?.map((r) => [r.id, r.kind, r.text, r.status])).toEqual(
        doc.blocks.map((b) => [b.id, b.kind, shown(b), narrativeStatus(shown(b), b.kind === 'table' ? shown(b) : (b.generated ?? b.text))]),
      );
      // The status column is a formula the host computes, and it says what the core says.
      expect(rows?.map((r) => grid.value(NARRATIVE_SHEET, r.row, 3))).toEqual(rows?.map((r) => r.status));

      const paragraph = rows!.find((r) => r.kind === 'paragraph' && r.status === '自动生成')!;
      await t.clerkTypes(`${sheetPrefix(NARRATIVE_SHEET)}B${paragraph.row}`, '本机关全年未收到依申请公开，已核实。');
      const edited = await t.host.read([NARRATIVE_SHEET]);
      const again = readNarrativeSheet(edited)!.find((r) => r.id === paragraph.id);
      expect([again?.text, again?.status, edited.value(NARRATIVE_SHEET, paragraph.row, 3)]).toEqual([
        '本机关全年未收到依申请公开，已核实。',
        '已修改',
        '已修改',
      ]);

      const shorter = { ...doc, blocks: doc.blocks.slice(0, 3) };
      await t.host.apply(narrativeSheetPlan(shorter, narrativeRowsUsed(rows)));
      expect(readNarrativeSheet(await t.host.read([NARRATIVE_SHEET]))?.map((r) => r.id)).toEqual(shorter.blocks.map((b) => b.id));
    });

    describe('fails with a HostError, as a rejected promise', () => {
      it('select on a sheet that does not exist', async () => {
        const { host } = await makeHost();
        await expect(host.select({ sheet: '无此表', row: 1, col: 1 })).rejects.toBeInstanceOf(HostError);
      });

      it('write to a sheet that does not exist', async () => {
        // Not all or nothing: an Office.js batch keeps the commands before the one that failed.
        const { host } = await makeHost();
        await expect(host.write([{ sheet: '无此表', row: 1, col: 1, value: 2 }])).rejects.toBeInstanceOf(HostError);
      });
    });
  });
}

/** `'年报'!C7` → where it is; for the hosts' `clerkTypes`. */
export function cellAt(address: string): { sheet: string; row: number; col: number } {
  const ref = parseRef(address);
  if (!ref?.sheet) throw new Error(`not a cell on a sheet: ${address}`);
  return { sheet: ref.sheet, row: ref.row, col: ref.col };
}
