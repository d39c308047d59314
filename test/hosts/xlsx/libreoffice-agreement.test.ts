import { strFromU8, unzipSync } from 'fflate';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cellsOf, FORMAT_2021, type CellId, type TableId } from '../../../src/core/format';
import { readTemplateWorkbook } from '../../../src/core/import/workbook';
import { REPORT_RULES } from '../../support/rules';
import type { WorkbookGrid } from '../../../src/core/import/grid';
import { a1, columnNumber, rangeA1, type Position } from '../../../src/core/layout/a1';
import type { PlanCell, PlanConditionalFormat, SheetPlan, WorkbookPlan } from '../../../src/core/layout/plan';
import type { InfoKey } from '../../../src/core/report/info';
import { buildTemplate, CALC_SHEET, type TemplateLayout } from '../../../src/core/layout/template';
import type { CellValue, ReportData } from '../../../src/core/report/types';
import type { RuleId } from '../../../src/core/rules/catalogue';
import { classifyCell } from '../../../src/core/rules/cell-value';
import { statusText } from '../../../src/core/rules/compile';
import { evaluate, type Evaluation } from '../../../src/core/rules/evaluate';
import { parseOrganLevel } from '../../../src/core/rules/organ-level';
import { readXlsxGrid } from '../../../src/hosts/xlsx/read';
import { writeWorkbook } from '../../../src/hosts/xlsx/write';
import { DAMAGES } from '../../support/reports';
import { libreOfficeAvailable } from '../../support/libreoffice';
import { convertWithLibreOfficeAsync } from '../../support/libreoffice-async';
import { PER_KIND, agreementDatasets, damageCounts, type Dataset } from './datasets';

/**
 * The proof that the workbook's own checks (formulas + conditional formats, compiled from the rule data)
 * and the evaluator say the same: LibreOffice recalculates a few hundred generated workbooks, and for each
 * one the evaluator, run on the values LibreOffice holds, must give the same counts, status lines and marks.
 */

const TABLES: readonly TableId[] = ['T2', 'T3', 'T4'];
const CALC_COUNT_ROW: Readonly<Record<TableId, number>> = { T2: 2, T3: 3, T4: 4 };
/** Every rule the corpus must make the evaluator report, so that no comparison below is vacuous. */
const RULES_EXERCISED = REPORT_RULES;
const MIN_TIMES = 5;

/** Workbooks handed to LibreOffice at a time. */
const CHUNK = 50;

/** The plan with 基本信息 typed over what the fill wrote, as a clerk would. */
function typeInto(plan: WorkbookPlan, layout: TemplateLayout, typed: Dataset['typed']): WorkbookPlan {
  if (!typed) return plan;
  const [main, ...rest] = plan.sheets;
  const cells = main!.cells.map((c) => {
    for (const [key, value] of Object.entries(typed)) {
      const at = layout.info.get(key as InfoKey);
      if (at && c.row === at.top && c.col === at.left) return { ...c, value };
    }
    return c;
  });
  return { ...plan, sheets: [{ ...main!, cells }, ...rest] };
}

/** `G21 AA21=2` for each conditional format rule of the first sheet of a saved workbook. */
function conditionalFormatsIn(bytes: Buffer): string[] {
  const sheet = unzipSync(new Uint8Array(bytes), { filter: (f) => f.name === 'xl/worksheets/sheet1.xml' })['xl/worksheets/sheet1.xml'];
  if (!sheet) throw new Error('no xl/worksheets/sheet1.xml in the saved workbook');
  const rules: string[] = [];
  for (const m of strFromU8(sheet).matchAll(/<conditionalFormatting sqref="([^"]*)">([\s\S]*?)<\/conditionalFormatting>/g)) {
    for (const f of (m[2] ?? '').matchAll(/<formula>([\s\S]*?)<\/formula>/g)) rules.push(`${m[1] ?? ''} ${f[1] ?? ''}`);
  }
  return rules;
}

const show = (v: unknown): string => (v === undefined ? 'undefined' : JSON.stringify(v));

/** A conditional format's formula, as the plan writes it: one relative reference compared with a number. */
const CF_FORMULA = /^(\$?)([A-Z]{1,3})(\$?)(\d+)=(-?\d+(?:\.\d+)?)$/;

/** Whether a conditional format applies to `at`: its formula with relative references moved from the range's top-left to `at`. */
function conditionApplies(
  cf: PlanConditionalFormat,
  at: Position,
  grid: WorkbookGrid,
  sheet: string,
): { applies: boolean; flag: string; value: CellValue } {
  const m = CF_FORMULA.exec(cf.formula);
  if (!m) throw new Error(`The test reads conditional formats of the form REF=NUMBER; teach it this one: ${cf.formula}`);
  const [, colAbs, letters, rowAbs, row, wanted] = m;
  const col = colAbs ? columnNumber(letters ?? '') : columnNumber(letters ?? '') + (at.col - cf.range.left);
  const r = rowAbs ? Number(row) : Number(row) + (at.row - cf.range.top);
  const value = grid.value(sheet, r, col);
  return { applies: typeof value === 'number' && value === Number(wanted), flag: a1({ row: r, col }), value };
}

interface Checked {
  readonly dataset: Dataset;
  readonly evaluation: Evaluation;
  readonly fill: string[];
  readonly counts: string[];
  readonly status: string[];
  readonly marks: string[];
  readonly red: number;
  readonly yellow: number;
}

function describeDataset(d: Dataset): string {
  return `${d.name} [${d.origin}; damages: ${d.damages.join(', ') || 'none'}]`;
}

/** What the fill must give back for a cell: the value as written, or what its total formula computes. */
function expectedBack(written: CellValue | undefined, planned: PlanCell | undefined): { value: CellValue; formula: boolean } {
  if (planned?.formula !== undefined) {
    // A total the data gives in agreement with its parts, or leaves blank, is written as its SUM formula.
    return { value: typeof written === 'number' ? written : typeof planned.result === 'number' ? planned.result : null, formula: true };
  }
  return { value: written ?? null, formula: false };
}

/** Values compare exactly, but a total's SUM only to rounding: LibreOffice adds with error compensation. */
function sameValue(a: CellValue, b: CellValue, sum: boolean): boolean {
  if (typeof a === 'number' && typeof b === 'number') return sum ? Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)) : a === b;
  if (a === b) return true;
  // An empty string and an empty cell are the same to every reader (and LibreOffice drops empty strings).
  const empty = (v: CellValue): boolean => v === null || v === '';
  return empty(a) && empty(b);
}

function check(d: Dataset, layout: TemplateLayout, main: SheetPlan, grid: WorkbookGrid): Checked {
  const where = describeDataset(d);
  const fill: string[] = [];
  const counts: string[] = [];
  const status: string[] = [];
  const marks: string[] = [];
  const read = readTemplateWorkbook(grid);
  if (!read.ok) throw new Error(`${where}: the recalculated workbook is not readable as a template: ${read.error}`);
  const back: ReportData = read.value.data;

  // The meta sheet's mirror column, all a host reads in one round trip, holds the same figures.
  const mirrored = readTemplateWorkbook(grid, { valuesFrom: 'meta' });
  if (!mirrored.ok) throw new Error(`${where}: the meta sheet's mirror is not readable: ${mirrored.error}`);
  for (const spec of cellsOf(FORMAT_2021)) {
    const [a, b] = [back.cells[spec.id] ?? null, mirrored.value.data.cells[spec.id] ?? null];
    if (!sameValue(a, b, false)) fill.push(`${where} ${spec.id}: the cell holds ${show(a)}, the meta sheet's mirror ${show(b)}`);
  }

  // Fill loses nothing: every cell, the organ, its level and the year come back as written.
  const planned = new Map(main.cells.filter((c) => c.value !== undefined || c.formula !== undefined).map((c) => [`${c.row},${c.col}`, c]));
  for (const spec of cellsOf(FORMAT_2021)) {
    const at = layout.cells.get(spec.id)!;
    const want = expectedBack(d.data.cells[spec.id], planned.get(`${at.top},${at.left}`));
    const got = back.cells[spec.id] ?? null;
    if (!sameValue(want.value, got, want.formula)) {
      fill.push(
        `${where} ${spec.id} (${a1({ row: at.top, col: at.left })}): wrote ${show(d.data.cells[spec.id])}${want.formula ? ` as its total formula = ${show(want.value)}` : ''}, LibreOffice holds ${show(got)}`,
      );
    }
  }
  const organ = typeof d.data.organ === 'string' && d.data.organ.trim() !== '' ? d.data.organ.trim() : null;
  if ((back.organ ?? null) !== organ) fill.push(`${where} organ: wrote ${show(d.data.organ)}, read ${show(back.organ)}`);
  if ((back.year ?? null) !== (d.data.year ?? null)) fill.push(`${where} year: wrote ${show(d.data.year)}, read ${show(back.year)}`);
  const level = d.typed?.organLevel ?? d.data.info?.organLevel;
  const levelWanted = parseOrganLevel(level) ?? (typeof level === 'string' && level.trim() !== '' ? level.trim() : null);
  if ((back.info?.organLevel ?? null) !== levelWanted)
    fill.push(`${where} organLevel: wrote ${show(level)}, read ${show(back.info?.organLevel)}`);

  // The oracle: the evaluator on the values LibreOffice holds.
  const evaluation = evaluate(back);

  for (const table of TABLES) {
    const row = CALC_COUNT_ROW[table];
    const sheet = {
      errors: grid.value(CALC_SHEET, row, 2),
      warnings: grid.value(CALC_SHEET, row, 3),
      blanks: grid.value(CALC_SHEET, row, 4),
    };
    const want = evaluation.counts[table];
    if (grid.value(CALC_SHEET, row, 1) !== table)
      counts.push(`${where} ${CALC_SHEET}!A${row} is ${show(grid.value(CALC_SHEET, row, 1))}, not ${table}`);
    for (const k of ['errors', 'warnings', 'blanks'] as const) {
      if (sheet[k] !== want[k]) {
        const rules = evaluation.findings
          .filter((f) => f.cells.some((c) => c.startsWith(`${table}.`)))
          .map((f) => `${f.rule}@${f.cells[0] ?? ''}`);
        counts.push(
          `${where} ${table} ${k}: LibreOffice ${show(sheet[k])}, evaluator ${want[k]} (evaluator's findings in ${table}: ${rules.join(' ') || 'none'})`,
        );
      }
    }
    const at = layout.tables[table].status;
    const line = grid.value(layout.sheet, at.row, at.col);
    const text = statusText(want);
    if (line !== text) status.push(`${where} ${table} status ${a1(at)}: LibreOffice ${show(line)}, evaluator ${show(text)}`);
  }

  // Marks: what the conditional formats show, cell by cell, against the evaluator's findings.
  const inError = new Map<CellId, RuleId[]>();
  const inWarning = new Map<CellId, RuleId[]>();
  for (const f of evaluation.findings) {
    const into = f.severity === 'error' ? inError : f.severity === 'warning' ? inWarning : null;
    for (const c of f.cells) into?.set(c, [...(into.get(c) ?? []), f.rule]);
  }
  const idAt = new Map([...layout.cells].map(([id, r]) => [`${r.top},${r.left}`, id]));
  const shown = new Map<CellId, { red: boolean; yellow: boolean; flags: string[] }>();
  for (const cf of main.conditionalFormats) {
    for (let row = cf.range.top; row <= cf.range.bottom; row++) {
      for (let col = cf.range.left; col <= cf.range.right; col++) {
        const id = idAt.get(`${row},${col}`);
        if (id === undefined) throw new Error(`a conditional format covers ${a1({ row, col })}, which is no table cell`);
        const { applies, flag, value } = conditionApplies(cf, { row, col }, grid, layout.sheet);
        const s = shown.get(id) ?? { red: false, yellow: false, flags: [] };
        if (cf.mark === 'error') s.red ||= applies;
        else s.yellow ||= applies;
        s.flags.push(`${cf.formula}→${flag}=${show(value)}`);
        shown.set(id, s);
      }
    }
  }
  let red = 0;
  let yellow = 0;
  for (const spec of cellsOf(FORMAT_2021)) {
    const s = shown.get(spec.id);
    if (!s) {
      marks.push(`${where} ${spec.id}: no conditional format covers it`);
      continue;
    }
    const wantRed = inError.has(spec.id);
    const wantYellow = !wantRed && inWarning.has(spec.id);
    if (s.red) red++;
    else if (s.yellow) yellow++;
    if (s.red !== wantRed || (s.yellow && !s.red) !== wantYellow || (s.red && s.yellow)) {
      const seen = s.red && s.yellow ? 'red and yellow' : s.red ? 'red' : s.yellow ? 'yellow' : 'unmarked';
      const want = wantRed
        ? `red (${inError.get(spec.id)!.join(', ')})`
        : wantYellow
          ? `yellow (${inWarning.get(spec.id)!.join(', ')})`
          : 'unmarked';
      marks.push(
        `${where} ${spec.id}: LibreOffice shows ${seen} [${s.flags.join('; ')}], evaluator wants ${want}; value ${show(back.cells[spec.id])} (${classifyCell(back.cells[spec.id]).state})`,
      );
    }
  }
  return { dataset: d, evaluation, fill, counts, status, marks, red, yellow };
}

const runs = libreOfficeAvailable('the LibreOffice agreement test (test/hosts/xlsx/libreoffice-agreement.test.ts)');

(runs ? describe : describe.skip)('LibreOffice recalculating generated workbooks agrees with the evaluator', () => {
  const datasets = agreementDatasets();
  const checked: Checked[] = [];
  let dir = '';
  let mainPlan: SheetPlan | undefined;
  let savedRules: string[] | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nianbao-agreement-'));
    const started = Date.now();
    let writing = 0;
    let comparing = 0;
    let waiting = 0;
    // Write a chunk and hand it to LibreOffice; while it converts, write the next and compare what is done
    // (at most two conversions at once, each with its own profile).
    const built: { layout: TemplateLayout; main: SheetPlan }[] = [];
    const pending: { first: number; done: boolean; outputs: Promise<string[]> }[] = [];
    const compareOldest = async (): Promise<void> => {
      const { first, outputs } = pending.shift()!;
      let t = Date.now();
      const files = await outputs;
      waiting += Date.now() - t;
      t = Date.now();
      files.forEach((file, j) => {
        const { layout, main } = built[first + j]!;
        mainPlan ??= main;
        savedRules ??= conditionalFormatsIn(readFileSync(file));
        checked.push(check(datasets[first + j]!, layout, main, readXlsxGrid(readFileSync(file))));
      });
      comparing += Date.now() - t;
    };
    for (let first = 0; first < datasets.length; first += CHUNK) {
      const t = Date.now();
      const files: string[] = [];
      for (const d of datasets.slice(first, first + CHUNK)) {
        const { plan, layout } = buildTemplate({ data: d.data });
        const typed = typeInto(plan, layout, d.typed);
        const file = join(dir, `${d.name}.xlsx`);
        writeFileSync(file, await writeWorkbook(typed));
        files.push(file);
        built.push({ layout, main: typed.sheets[0]! });
      }
      writing += Date.now() - t;
      while (pending[0]?.done) await compareOldest();
      if (pending.length >= 2) await compareOldest();
      const conversion = { first, done: false, outputs: convertWithLibreOfficeAsync(files, join(dir, `recalculated-${first}`)) };
      void conversion.outputs.then(
        () => (conversion.done = true),
        () => undefined,
      );
      pending.push(conversion);
    }
    while (pending.length > 0) await compareOldest();
    console.log(
      `LibreOffice agreement, ${datasets.length} workbooks in ${Date.now() - started} ms: building and writing ${writing} ms, ` +
        `reading back and comparing ${comparing} ms, waiting for LibreOffice ${waiting} ms (it converts alongside, ${CHUNK} files a call)`,
    );
  }, 300_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs on at least 200 datasets, each kind of damage many times, and makes the evaluator report every rule', () => {
    expect(datasets.length).toBeGreaterThanOrEqual(200);
    expect(new Set(datasets.map((d) => d.name)).size).toBe(datasets.length);
    const perKind = damageCounts(datasets);
    for (const kind of DAMAGES) expect({ kind, times: perKind[kind]! >= PER_KIND }).toEqual({ kind, times: true });
    expect(datasets.filter((d) => d.damages.length === 0).length).toBeGreaterThanOrEqual(15);
    const seen = new Map<string, number>();
    for (const c of checked) for (const f of c.evaluation.findings) seen.set(f.rule, (seen.get(f.rule) ?? 0) + 1);
    for (const rule of RULES_EXERCISED) expect({ rule, enough: (seen.get(rule) ?? 0) >= MIN_TIMES }).toEqual({ rule, enough: true });
    // Both marks and every status form actually occur.
    expect(checked.reduce((n, c) => n + c.red, 0)).toBeGreaterThan(100);
    expect(checked.reduce((n, c) => n + c.yellow, 0)).toBeGreaterThan(20);
    const lines = new Set(checked.flatMap((c) => TABLES.map((t) => statusText(c.evaluation.counts[t]).replace(/\d+/g, 'N'))));
    expect([...lines].sort()).toEqual(
      expect.arrayContaining(['校验：通过', '校验：通过（N 处提示）', '校验：尚有 N 格未填', '校验：N 处错误', '校验：N 处错误，N 格未填']),
    );
  });

  it('gives back every value it filled in (totals as their formulas compute them)', () => {
    expect(checked.flatMap((c) => c.fill)).toEqual([]);
  });

  it('counts the errors, warnings and blank cells of each table as the evaluator does (nianbao_calc rows 2–4)', () => {
    expect(checked.flatMap((c) => c.counts)).toEqual([]);
  });

  it('shows each table’s status line as statusText of the evaluator’s counts', () => {
    expect(checked.flatMap((c) => c.status)).toEqual([]);
  });

  it('keeps, in the workbook LibreOffice saved, exactly the conditional formats the plan has', () => {
    const planned = mainPlan!.conditionalFormats.map((cf) => `${rangeA1(cf.range)} ${cf.formula}`);
    expect(planned.length).toBeGreaterThan(0);
    expect([...savedRules!].sort()).toEqual([...planned].sort());
  });

  it('marks red exactly the cells of error findings and yellow exactly the cells only in warnings', () => {
    expect(mainPlan?.conditionalFormats.length).toBeGreaterThan(0);
    expect(checked.flatMap((c) => c.marks)).toEqual([]);
  });
});
