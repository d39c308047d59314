import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateFile } from '../../../src/cli/load';
import { FORMAT_2021, cellsOf, type CellId } from '../../../src/core/format';
import { readTemplateWorkbook, type TemplateReading } from '../../../src/core/import/workbook';
import { a1, parseRef, type Position } from '../../../src/core/layout/a1';
import { DEFAULT_SHEET, buildTemplate, computedParts, type TemplateLayout } from '../../../src/core/layout/template';
import type { ReportData } from '../../../src/core/report/types';
import type { Finding } from '../../../src/core/rules/evaluate';
import { validateReport } from '../../../src/core/validate';
import { readXlsxGrid } from '../../../src/hosts/xlsx/read';
import { writeWorkbook } from '../../../src/hosts/xlsx/write';
import { editWithLibreOffice, unoAvailable, type ClerkEdit } from '../../support/lo-edit';
import { seeded, validReport } from '../../support/reports';

/*
 * A real spreadsheet engine (LibreOffice Calc, driven through Python-UNO by test/support/lo-edit.py) does
 * to a filled template what clerks do — inserts rows, cuts and pastes a table, renames the sheet, deletes a
 * row, types 12件 or a full-width １２ — and `validate` must still find every cell where it now is.
 * Where a cell should be after the edits is worked out here by a small model of those edits (`follow`),
 * independently of the pointer formulas that the workbook itself keeps.
 */

const F = FORMAT_2021;
const SPECS = cellsOf(F);
const PARTS = computedParts(F);
const OUT = join(__dirname, '..', '..', '..', 'test-artifacts', 'clerk-edits');

interface At extends Position {
  readonly sheet: string;
}

const address = (at: At): string => `${at.sheet}!${a1(at)}`;

/** Where the cell that was at `at` is after `edits`, as a spreadsheet moves cells; null once deleted. */
function follow(edits: readonly ClerkEdit[], at: At): At | null {
  let p: At = at;
  for (const e of edits) {
    if (e.sheet !== p.sheet) continue;
    if (e.op === 'insertRows' && p.row >= e.before) p = { ...p, row: p.row + e.count };
    else if (e.op === 'deleteRows' && p.row >= e.at) {
      if (p.row < e.at + e.count) return null;
      p = { ...p, row: p.row - e.count };
    } else if (e.op === 'moveRange') {
      const [from, to] = e.range.split(':').map((r) => parseRef(r));
      const dest = parseRef(e.to);
      if (!from || !to || !dest) throw new Error(`bad edit ${JSON.stringify(e)}`);
      if (p.row >= from.row && p.row <= to.row && p.col >= from.col && p.col <= to.col) p = { ...p, row: p.row + dest.row - from.row, col: p.col + dest.col - from.col };
    } else if (e.op === 'renameSheet') p = { ...p, sheet: e.to };
  }
  return p;
}

/** What a clerk types where, and how `validate` must take it. */
interface Typing {
  readonly id: CellId;
  readonly how: 'type' | 'text';
  readonly text: string;
  /** `clean`: cell.notNumber offering 12 as the fix; `unusable`: cell.notNumber, no fix; `number`: Calc read it as 12. */
  readonly expect: 'clean' | 'unusable' | 'number';
  /** What the cell holds afterwards, as the reader gives it. */
  readonly reads: string | number;
}

const TYPING: readonly Typing[] = [
  { id: 'T3.disclosed.natural', how: 'type', text: '12件', expect: 'clean', reads: '12件' },
  { id: 'T3.partial.commercial', how: 'type', text: '１２', expect: 'clean', reads: '１２' },
  { id: 'T3.unable1.legal', how: 'text', text: ' 12 ', expect: 'clean', reads: ' 12 ' },
  // Typed (not pasted), Calc's input parser reads ' 12 ' as the number 12, as Excel does.
  { id: 'T3.rejected2.nonprofit', how: 'type', text: ' 12 ', expect: 'number', reads: 12 },
  // A leading apostrophe is how a clerk (or a cell formatted as text) enters a number as text.
  { id: 'T2.penalty.decisions', how: 'type', text: "'12", expect: 'clean', reads: '12' },
  { id: 'T4.review.pending', how: 'type', text: '/', expect: 'unusable', reads: '/' },
];

/**
 * A copy of `report` with `values` set, T3's 一（本年新收） raised with any result so every column still
 * balances, and every total recomputed: a report without findings in which the typed cells already hold
 * 12 (0 for '/'), so typing cannot change a single total.
 */
function withValues(report: ReportData, values: Readonly<Record<CellId, number>>): ReportData {
  const cells = { ...report.cells };
  const results = new Set(F.t3.rows.filter((r) => r.role === 'result').map((r) => r.key));
  for (const [id, v] of Object.entries(values)) {
    const [table, row, col] = id.split('.');
    const delta = v - Number(cells[id]);
    cells[id] = v;
    if (table === 'T3' && results.has(row ?? '')) cells[`T3.new.${col}`] = Number(cells[`T3.new.${col}`]) + delta;
  }
  const sum = (id: CellId): number => PARTS.get(id)?.reduce((acc, p) => acc + sum(p), 0) ?? Number(cells[id]);
  for (const id of PARTS.keys()) cells[id] = sum(id);
  return { ...report, cells };
}

const DATA = withValues(validReport(seeded(2025)), Object.fromEntries(TYPING.map((t) => [t.id, t.reads === '/' ? 0 : 12])));
const { layout: L, plan: PLAN } = buildTemplate({ data: DATA });
const origin = (p: Position): At => ({ sheet: DEFAULT_SHEET, row: p.row, col: p.col });
const cellAt = (layout: TemplateLayout, id: CellId): At => {
  const r = layout.cells.get(id);
  if (!r) throw new Error(`no cell ${id}`);
  return origin({ row: r.top, col: r.left });
};

/** The typing edits, at where each cell is after `before`. */
function typed(before: readonly ClerkEdit[]): ClerkEdit[] {
  return TYPING.map((t) => {
    const at = follow(before, cellAt(L, t.id));
    if (!at) throw new Error(`${t.id} is gone`);
    return { op: t.how, sheet: at.sheet, cell: a1(at), text: t.text };
  });
}

const RENAMED = '2025年报表';
const T3 = L.tables.T3;
/** 表三 with its title row, cut and pasted below 表四, wherever they are after `before`. */
function moveT3(before: readonly ClerkEdit[]): ClerkEdit {
  const topLeft = follow(before, origin({ row: T3.title.row, col: T3.area.left }));
  const bottomRight = follow(before, origin({ row: T3.area.bottom, col: T3.area.right }));
  const below = follow(before, origin({ row: L.tables.T4.area.bottom + 3, col: T3.area.left }));
  if (!topLeft || !bottomRight || !below) throw new Error('表三 or 表四 is gone');
  return { op: 'moveRange', sheet: topLeft.sheet, range: `${a1(topLeft)}:${a1(bottomRight)}`, to: a1(below) };
}
const INSERT_ABOVE_T2: ClerkEdit = { op: 'insertRows', sheet: DEFAULT_SHEET, before: L.tables.T2.title.row, count: 3 };
const INSERT_IN_INFO: ClerkEdit = { op: 'insertRows', sheet: DEFAULT_SHEET, before: L.info.get('phone')?.top ?? 0, count: 1 };
const RENAME: ClerkEdit = { op: 'renameSheet', sheet: DEFAULT_SHEET, to: RENAMED };
const DAY = [INSERT_ABOVE_T2, INSERT_IN_INFO, moveT3([INSERT_ABOVE_T2, INSERT_IN_INFO]), RENAME];
const DELETED_ROW = 'withheld3';

interface Case {
  readonly name: string;
  readonly file: string;
  readonly edits: readonly ClerkEdit[];
  readonly typing: boolean;
}

const CASES: readonly Case[] = [
  { name: 'a round trip through LibreOffice, nothing edited', file: 'roundtrip', edits: [], typing: false },
  { name: 'three rows inserted above 表二', file: 'rows-above-t2', edits: [INSERT_ABOVE_T2], typing: false },
  { name: 'a row inserted inside 基本信息', file: 'row-in-info', edits: [INSERT_IN_INFO], typing: false },
  { name: '表三 cut and pasted below 表四', file: 'move-t3', edits: [moveT3([])], typing: false },
  { name: `the sheet renamed ${RENAMED}`, file: 'rename', edits: [RENAME], typing: false },
  { name: 'values typed as clerks type them (12件, １２, pasted " 12 ", typed " 12 ", \'12, /)', file: 'typed', edits: typed([]), typing: true },
  { name: "a clerk's day: rows inserted, 表三 moved, sheet renamed, then the values typed", file: 'day', edits: [...DAY, ...typed(DAY)], typing: true },
  {
    name: `a row of 表三 deleted (${DELETED_ROW})`,
    file: 'delete-row',
    edits: [{ op: 'deleteRows', sheet: DEFAULT_SHEET, at: cellAt(L, `T3.${DELETED_ROW}.natural`).row, count: 1 }],
    typing: false,
  },
];

/** A total that adds up a cell that is gone (its figure rightly changes). */
function dependsOn(id: CellId, gone: ReadonlySet<CellId>): boolean {
  return PARTS.get(id)?.some((p) => gone.has(p) || dependsOn(p, gone)) ?? false;
}

/** The facts of a finding that these tests pin: rule, cell, where, fix. */
const facts = (f: Pick<Finding, 'rule' | 'cells' | 'address' | 'fix'>): string =>
  `${f.rule} ${f.cells.join(',')} @${f.address ?? '-'}${f.fix ? ` fix ${f.fix.cell}=${f.fix.value}` : ''}`;

const run = unoAvailable('clerk edits made by LibreOffice (test/support/lo-edit.py)');
const describeLo = run ? describe : describe.skip;

describeLo('a template workbook edited by LibreOffice as clerks edit it', () => {
  const original = join(OUT, 'filled.xlsx');
  const output = (c: Case): string => join(OUT, `${c.file}.xlsx`);
  let before: TemplateReading;

  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    writeFileSync(original, await writeWorkbook(PLAN));
    const read = readTemplateWorkbook(readXlsxGrid(readFileSync(original)));
    if (!read.ok) throw new Error(read.error);
    before = read.value;
    editWithLibreOffice(CASES.map((c) => ({ input: original, output: output(c), edits: c.edits })));
  }, 120_000);

  it('starts from a report without findings whose typed cells hold 12 (0 where "/" goes)', () => {
    expect(validateReport(DATA).findings).toEqual([]);
    expect(before.data.cells).toEqual(DATA.cells);
    for (const t of TYPING) expect(DATA.cells[t.id]).toBe(t.reads === '/' ? 0 : 12);
  });

  describe.each(CASES)('$name', (c) => {
    const typing = c.typing ? TYPING : [];
    const gone = new Set(SPECS.filter((s) => follow(c.edits, cellAt(L, s.id)) === null).map((s) => s.id));
    let reading: TemplateReading;
    let findings: readonly Finding[];

    beforeAll(async () => {
      const read = readTemplateWorkbook(readXlsxGrid(readFileSync(output(c))));
      if (!read.ok) throw new Error(read.error);
      reading = read.value;
      const loaded = await validateFile(output(c));
      if (!loaded.ok) throw new Error(loaded.error);
      findings = loaded.result.findings;
    });

    it('finds every cell and every 基本信息 field at its new address', () => {
      const expected = new Map<string, string>();
      for (const s of SPECS) {
        const at = follow(c.edits, cellAt(L, s.id));
        if (at) expected.set(s.id, address(at));
      }
      for (const [key, r] of L.info) {
        const at = follow(c.edits, origin({ row: r.top, col: r.left }));
        if (at) expected.set(`info:${key}`, address(at));
      }
      expect(new Map([...reading.addresses].sort())).toEqual(new Map([...expected].sort()));
    });

    it('reads the same figures as before for every cell not typed into (totals included) and the same 基本信息', () => {
      const typedIds = new Set(typing.map((t) => t.id));
      const same = (id: CellId): boolean => !typedIds.has(id) && !gone.has(id) && !dependsOn(id, gone);
      const pick = (cells: ReportData['cells']): Record<string, unknown> => Object.fromEntries(SPECS.filter((s) => same(s.id)).map((s) => [s.id, cells[s.id]]));
      expect(pick(reading.data.cells)).toEqual(pick(before.data.cells));
      for (const t of typing) expect(reading.data.cells[t.id]).toBe(t.reads);
      expect({ organ: reading.data.organ, year: reading.data.year, info: reading.data.info }).toEqual({ organ: before.data.organ, year: before.data.year, info: before.data.info });
    });

    it('reports typed text as cell.notNumber at the new address, with the clean value as the fix, and nothing else', () => {
      const expected = typing
        .filter((t) => t.expect !== 'number')
        .map((t) => {
          const at = follow(c.edits, cellAt(L, t.id));
          return facts({ rule: 'cell.notNumber', cells: [t.id], ...(at ? { address: address(at) } : {}), ...(t.expect === 'clean' ? { fix: { cell: t.id, value: 12 } } : {}) });
        });
      expected.push(...[...gone].map((id) => facts({ rule: 'F.missingRow', cells: [id] })));
      const cellLevel = findings.filter((f) => f.rule.startsWith('cell.') || f.rule.startsWith('F.'));
      expect(cellLevel.map(facts).sort()).toEqual(expected.sort());
      // Only a deleted row may break a rule: its figures no longer count in 总计, so a column may rightly stop balancing.
      const rest = findings.filter((f) => !cellLevel.includes(f));
      if (gone.size === 0) expect(rest.map(facts)).toEqual([]);
      else for (const f of rest) expect(f.rule).toMatch(/^T3\./);
    });
  });

  it('names the renamed sheet and the moved row in a finding\'s address, e.g. 2025年报表!I75', async () => {
    const day = CASES.find((c) => c.file === 'day')!;
    const loaded = await validateFile(output(day));
    if (!loaded.ok) throw new Error(loaded.error);
    const finding = loaded.result.findings.find((f) => f.rule === 'cell.notNumber' && f.cells[0] === 'T3.disclosed.natural');
    const [, row] = /^2025年报表!I(\d+)$/.exec(finding?.address ?? '') ?? [];
    // Below 表四 now: 表三 was cut and pasted there.
    expect(Number(row)).toBeGreaterThan(L.tables.T4.area.bottom);
  });
});
