import fc from 'fast-check';
import { FORMATS, cellsOf } from '../../src/core/format';
import { buildTemplate, DEFAULT_SHEET } from '../../src/core/layout/template';
import { NARRATIVE_SHEET } from '../../src/core/narrative/sheet';
import type { ReportData } from '../../src/core/report/types';
import { TaskpaneController } from '../../src/taskpane/controller';
import { FakeHost } from '../support/fake-host';
import { validReport2019, validReport2021 } from '../fixtures/rules/reports';
import { RUNS as ALL_RUNS, reportArb } from './arbitraries';

/**
 * Nothing lost (issue 7, item 3): each operation of the task pane changes only the cells it owns. Every
 * stored cell (value, formula, cached result, style) of every sheet is snapshotted before and after.
 */

const SHEET = DEFAULT_SHEET;
const RUNS = ALL_RUNS.controller;

type Snapshot = Map<string, string>;
const where = (sheet: string, row: number, col: number): string => `${sheet}!${row}:${col}`;

function snapshot(host: FakeHost): Snapshot {
  const out: Snapshot = new Map();
  for (const [name, s] of host.workbook) for (const [k, c] of s.cells) out.set(`${name}!${k}`, JSON.stringify(c));
  return out;
}

/** The cells whose stored content differs (added, removed or changed). */
function changed(before: Snapshot, after: Snapshot): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}

const sheetsOf = (cells: readonly string[]): Set<string> => new Set(cells.map((k) => k.slice(0, k.lastIndexOf('!'))));

async function workbookWith(data: ReportData): Promise<FakeHost> {
  const host = new FakeHost({ sheets: [SHEET] });
  await host.apply(buildTemplate({ data, sheet: SHEET }).plan);
  host.resetCalls();
  return host;
}

async function started(host: FakeHost): Promise<TaskpaneController> {
  const controller = new TaskpaneController(host, { now: () => new Date('2025-01-10T08:00:00Z') });
  await controller.start();
  host.resetCalls();
  return controller;
}

/** Where each cell id and 基本信息 field is in a template at A1 of 年报. */
function positions(data: ReportData): { inputs: Set<string>; info: Set<string>; owned: Set<string>; at: (id: string) => string } {
  const { layout, plan } = buildTemplate({ data, sheet: SHEET });
  const format = FORMATS[data.format];
  const at = (id: string): string => {
    const r = layout.cells.get(id)!;
    return where(SHEET, r.top, r.left);
  };
  const inputs = new Set(
    cellsOf(format)
      .filter((c) => !c.computed)
      .map((c) => at(c.id)),
  );
  const info = new Set([...layout.info.values()].map((r) => where(SHEET, r.top, r.left)));
  const owned = new Set(plan.sheets.flatMap((s) => s.cells.map((c) => where(s.name, c.row, c.col))));
  return { inputs, info, owned, at };
}

const report = reportArb({ extras: false });
const DIRTY = ['12件', '１２', ' 7 ', '3项', '1,234', '０', '5 件'];

afterEach(() => {
  jest.useRealTimers();
});

describe('property: nothing lost in the task pane', () => {
  it('修正 changes exactly the one cell of the fix', async () => {
    await fc.assert(
      fc.asyncProperty(report, fc.nat(), fc.constantFrom(...DIRTY), fc.nat(), async (data, cellPick, dirty, findingPick) => {
        const inputs = cellsOf(FORMATS[data.format]).filter((c) => !c.computed);
        const id = inputs[cellPick % inputs.length]!.id;
        const dirtied: ReportData = { ...data, cells: { ...data.cells, [id]: dirty } };
        const host = await workbookWith(dirtied);
        const controller = await started(host);
        const fixable = controller.getState().findings.filter((f) => f.canFix && f.finding.fix);
        expect(fixable.length).toBeGreaterThan(0);
        const f = fixable[findingPick % fixable.length]!;
        const target = positions(dirtied).at(f.finding.fix!.cell);
        const before = snapshot(host);

        const result = await controller.applyFix(f.key);
        controller.dispose();

        expect(result.status).toBe('done');
        expect(changed(before, snapshot(host))).toEqual([target]);
      }),
      { numRuns: RUNS },
    );
  });

  it('应用 changes exactly the one cell of the suggestion', async () => {
    let applied = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(validReport2021(), validReport2019()),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 30 })), { maxLength: 2 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 5000 }),
        async (base, retypes, totalPick, pick, wrong) => {
          // A total typed wrong over its formula (and maybe a figure or two changed): the checks suggest a one-cell fix.
          const specs = cellsOf(FORMATS[base.format]);
          const totals = specs.filter((c) => c.computed);
          const inputs = specs.filter((c) => !c.computed);
          const cells = { ...base.cells, [totals[totalPick % totals.length]!.id]: wrong };
          for (const [i, v] of retypes) cells[inputs[i % inputs.length]!.id] = v;
          const data: ReportData = { ...base, cells };
          const host = await workbookWith(data);
          const controller = await started(host);
          const { suggestions } = controller.getState();
          fc.pre(suggestions.length > 0);
          const s = suggestions[pick % suggestions.length]!;
          const target = positions(data).at(s.suggestion.cell);
          const before = snapshot(host);

          const result = await controller.applySuggestion(s.key);
          controller.dispose();

          expect(result.status).toBe('done');
          const diff = changed(before, snapshot(host));
          // The one target cell; unchanged only if it already held that very value.
          expect(diff.every((k) => k === target)).toBe(true);
          expect(host.writes).toEqual([[expect.objectContaining({ value: s.suggestion.value })]]);
          expect(host.writes[0]).toHaveLength(1);
          applied++;
        },
      ),
      { numRuns: RUNS },
    );
    expect(applied).toBeGreaterThan(0);
  });

  const clerkCells = fc.array(
    fc.record({
      row: fc.integer({ min: 1, max: 250 }),
      col: fc.integer({ min: 1, max: 80 }),
      value: fc.oneof(fc.string({ minLength: 1, maxLength: 6 }), fc.integer()),
    }),
    { maxLength: 6 },
  );

  it('插入模板 onto a new sheet touches nothing on the sheets that were there', async () => {
    await fc.assert(
      fc.asyncProperty(clerkCells, fc.boolean(), async (cells, taken) => {
        const host = new FakeHost({ sheets: taken ? ['Sheet1', SHEET] : ['Sheet1'] });
        for (const c of cells) host.type(`Sheet1!${colName(c.col)}${c.row}`, c.value);
        if (taken) host.type(`${SHEET}!B2`, '已有的表');
        const controller = await started(host);
        const existing = new Set(host.workbook.keys());
        const before = snapshot(host);

        const result = await controller.insertTemplate('newSheet');
        controller.dispose();

        expect(result.status).toBe('done');
        const diff = changed(before, snapshot(host));
        expect([...sheetsOf(diff)].filter((s) => existing.has(s))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('插入模板 at the selection: a non-empty place asks first and writes nothing; an empty one keeps every other cell', async () => {
    let asked = 0;
    await fc.assert(
      fc.asyncProperty(clerkCells, fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 10 }), async (cells, row, col) => {
        const host = new FakeHost({ sheets: ['Sheet1'] });
        for (const c of cells) host.type(`Sheet1!${colName(c.col)}${c.row}`, c.value);
        host.active = { sheet: 'Sheet1', row, col };
        const controller = await started(host);
        const before = snapshot(host);
        const { plan } = buildTemplate({ sheet: 'Sheet1', origin: { row, col } });
        const covered = plan.sheets.find((s) => s.name === 'Sheet1')!.cells;
        const top = Math.min(...covered.map((c) => c.row));
        const bottom = Math.max(...covered.map((c) => c.row));
        const left = Math.min(...covered.map((c) => c.col));
        const right = Math.max(...covered.map((c) => c.col));
        const clash = cells.some((c) => c.row >= top && c.row <= bottom && c.col >= left && c.col <= right);

        const result = await controller.insertTemplate('selection');
        controller.dispose();

        if (clash) {
          asked++;
          expect(result.status).toBe('needsConfirmation');
          expect(host.calls).toEqual(['outline', 'isEmpty']);
          expect(changed(before, snapshot(host))).toEqual([]);
        } else {
          expect(result.status).toBe('done');
          // Every cell the clerk had is still there, as it was.
          const after = snapshot(host);
          for (const [k, v] of before) expect([k, after.get(k)]).toEqual([k, v]);
        }
      }),
      { numRuns: RUNS * 2 },
    );
    expect(asked).toBeGreaterThan(0);
    expect(asked).toBeLessThan(RUNS * 2);
  });

  it('修复 in place changes no input cell (tables and 基本信息) and nothing outside the template', async () => {
    let repaired = 0;
    await fc.assert(
      fc.asyncProperty(
        report,
        fc.array(
          fc.oneof(
            fc.constant({ kind: 'paste' as const }),
            fc.record({
              kind: fc.constant('overwrite' as const),
              pick: fc.nat(),
              value: fc.oneof(fc.integer(), fc.string({ maxLength: 5 })),
            }),
          ),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        async (data, damage) => {
          const host = await workbookWith(data);
          const pos = positions(data);
          // What a clerk does to the template: paste over its formats, type over its labels and totals.
          const notInputs = [...pos.owned].filter((k) => k.startsWith(`${SHEET}!`) && !pos.inputs.has(k) && !pos.info.has(k));
          for (const d of damage) {
            if (d.kind === 'paste') host.pasteOverFormats(SHEET);
            else {
              const [r, c] = notInputs[d.pick % notInputs.length]!.slice(SHEET.length + 1)
                .split(':')
                .map(Number);
              host.type(`${SHEET}!${colName(c!)}${r!}`, d.value);
            }
          }
          host.type(`${SHEET}!${colName(60)}300`, '经办人的备注');
          const controller = await started(host);
          const before = snapshot(host);

          const result = await controller.repairTemplate();
          controller.dispose();

          fc.pre(result.status === 'done');
          const diff = changed(before, snapshot(host));
          expect(diff.filter((k) => pos.inputs.has(k) || pos.info.has(k))).toEqual([]);
          expect(diff.filter((k) => !pos.owned.has(k) && k.startsWith(`${SHEET}!`))).toEqual([]);
          if (diff.length > 0) repaired++;
        },
      ),
      { numRuns: RUNS },
    );
    // Not vacuous: most runs repair something.
    expect(repaired).toBeGreaterThan(RUNS / 2);
  });

  it('生成正文 again keeps every edited paragraph and touches no other sheet', async () => {
    await fc.assert(
      fc.asyncProperty(
        report,
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 50 })), { maxLength: 3 }),
        async (data, edits, retypes) => {
          const host = await workbookWith(data);
          const controller = await started(host);
          expect((await controller.generateNarrative()).status).toBe('done');
          const grid = host.grid();
          const rows: { id: string; row: number; table: boolean }[] = [];
          for (let row = 2; row < 400; row++) {
            const id = grid.value(NARRATIVE_SHEET, row, 1);
            if (typeof id === 'string' && id !== '')
              rows.push({ id, row, table: String(grid.value(NARRATIVE_SHEET, row, 5)).startsWith('table') });
          }
          expect(rows.length).toBeGreaterThan(0);
          const edited = new Map<string, { text: string; table: boolean }>();
          for (const e of edits) {
            const r = rows[e % rows.length]!;
            const text = `经办人改写的第${edited.size + 1}段。`;
            edited.set(r.id, { text, table: r.table });
            host.type(`${NARRATIVE_SHEET}!B${r.row}`, text);
          }
          // The figures change too, so the generated paragraphs change.
          const pos = positions(data);
          const inputs = [...pos.inputs];
          for (const [pick, v] of retypes) {
            const [r, c] = inputs[pick % inputs.length]!.slice(SHEET.length + 1)
              .split(':')
              .map(Number);
            host.type(`${SHEET}!${colName(c!)}${r!}`, v);
          }
          await controller.refresh();
          const before = snapshot(host);

          const result = await controller.generateNarrative();
          controller.dispose();

          expect(result.status).toBe('done');
          const diff = changed(before, snapshot(host));
          expect([...sheetsOf(diff)].filter((s) => s !== NARRATIVE_SHEET)).toEqual([]);
          const after = host.grid();
          const textOf = new Map<string, unknown>();
          for (let row = 2; row < 400; row++) {
            const id = after.value(NARRATIVE_SHEET, row, 1);
            if (typeof id === 'string') textOf.set(id, after.value(NARRATIVE_SHEET, row, 2));
          }
          const texts = new Set(textOf.values());
          for (const [id, e] of edited) {
            // A paragraph keeps its place; words typed over a table's stand-in row follow the table.
            if (e.table) expect([id, texts.has(e.text)]).toEqual([id, true]);
            else expect([id, textOf.get(id)]).toEqual([id, e.text]);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

function colName(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
