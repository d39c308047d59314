import ExcelJS from 'exceljs';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadReportFile, validateFile } from '../../src/cli/load';
import { main } from '../../src/cli/main';
import { FORMAT_2021 } from '../../src/core/format';
import { readTemplateWorkbook } from '../../src/core/import/workbook';
import { a1 } from '../../src/core/layout/a1';
import { buildTemplate } from '../../src/core/layout/template';
import { PREVIOUS_SHEET, readPrevious } from '../../src/core/previous';
import type { ReportData } from '../../src/core/report/types';
import { readXlsxGrid } from '../../src/hosts/xlsx/read';
import { writeWorkbook } from '../../src/hosts/xlsx/write';
import { SAMPLES_DIR, seeded, validReport } from '../support/reports';

/** `nianbao template --from LAST`: next year's workbook, 上年结转 pre-filled, last year's report kept inside. */

const SAMPLE = join(SAMPLES_DIR, 'jiaokou-2024.json');
const APPLICANTS = FORMAT_2021.t3.columns.filter((c) => c.key !== 'total').map((c) => c.key);

interface Run {
  code: number;
  out: string;
  err: string;
}

async function cli(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-from-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const fresh = (name = '年报.xlsx'): string => join(dir, `${++n}-${name}`);

/** The workbook as validation reads it. */
function readBack(file: string): {
  data: ReportData;
  sheets: ReturnType<typeof readXlsxGrid>['sheets'];
  grid: ReturnType<typeof readXlsxGrid>;
} {
  const grid = readXlsxGrid(readFileSync(file));
  const read = readTemplateWorkbook(grid);
  if (!read.ok) throw new Error(read.error);
  return { data: read.value.data, sheets: grid.sheets, grid };
}

function writeJson(data: ReportData): string {
  const file = fresh('上年.json');
  writeFileSync(file, JSON.stringify(data));
  return file;
}

/** What a clerk does in Excel: open the workbook, type into one cell, save. */
async function clerkTypes(file: string, id: string, value: number): Promise<void> {
  const at = buildTemplate().layout.cells.get(id)!;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(file) as unknown as ExcelJS.Buffer);
  wb.getWorksheet('年报')!.getCell(a1({ row: at.top, col: at.left })).value = value;
  writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
}

describe('nianbao template --from LAST', () => {
  it('starts next year from the sample report (JSON): 上年结转 = 结转下年度, year + 1, organ and contacts kept', async () => {
    const out = fresh();
    const run = await cli('template', '--from', SAMPLE, '-o', out);
    const last = JSON.parse(readFileSync(SAMPLE, 'utf8')) as ReportData;
    const { data, sheets, grid } = readBack(out);

    expect(run.code).toBe(0);
    expect(data.year).toBe(2025);
    expect(data.organ).toBe('交口县人民政府');
    expect(data.info?.phone).toBe(last.info?.phone);
    expect(data.info?.publishedOn ?? null).toBeNull();
    for (const col of APPLICANTS) expect(data.cells[`T3.carried.${col}`] ?? null).toBe(last.cells[`T3.carryForward.${col}`] ?? null);
    expect(data.cells['T3.new.natural'] ?? null).toBeNull();
    expect(sheets).toContainEqual({ name: PREVIOUS_SHEET, visibility: 'veryHidden' });
    expect(readPrevious(grid)?.data.cells['T3.new.total']).toBe(last.cells['T3.new.total']);
    expect(run.out).toContain(`已生成：${out}`);
    expect(run.out).toContain('上年年报：交口县人民政府 2024 年度');
    // The sample leaves 结转下年度 / 商业企业 blank: nothing is carried there, and the clerk is told.
    expect(run.out).toContain(
      '已从上年年报结转：上年结转 0 件；上年“结转下年度继续办理”行中商业企业（空白）不是数字，未结转，请核实后填写。',
    );
  });

  it.each([1, 2, 3, 4, 5])('carries every column of a generated report (seed %i)', async (seed) => {
    const last = validReport(seeded(seed * 101), 40);
    const out = fresh();
    const run = await cli('template', '--from', writeJson(last), '-o', out);
    const { data } = readBack(out);

    expect(run.code).toBe(0);
    for (const col of [...APPLICANTS, 'total']) expect(data.cells[`T3.carried.${col}`]).toBe(last.cells[`T3.carryForward.${col}`]);
    expect(data.year).toBe((last.year as number) + 1);
    expect(run.out).toContain(`已从上年年报结转：上年结转 ${String(last.cells['T3.carryForward.total'])} 件`);
  });

  it('starts from last year’s workbook too, and --year / --organ still win', async () => {
    const last = validReport(seeded(77), 40);
    const lastFile = fresh('上年.xlsx');
    writeFileSync(lastFile, await writeWorkbook(buildTemplate({ data: last }).plan));
    const out = fresh();
    const run = await cli('template', '--from', lastFile, '-o', out, '--year', '2030', '--organ', '某某局');
    const { data } = readBack(out);

    expect(run.code).toBe(0);
    expect([data.year, data.organ]).toEqual([2030, '某某局']);
    expect(data.cells['T3.carried.natural']).toBe(last.cells['T3.carryForward.natural']);
    expect(run.out).toContain(`注意：上年年报是 ${String(last.year)} 年度的，与本年报告年度 2030 不相接`);
  });

  it('starts from the published report as well (the sample’s text), keeping its paragraphs for X.identical', async () => {
    const out = fresh();
    const run = await cli('template', '--from', join(SAMPLES_DIR, 'jiaokou-2024.md'), '-o', out);
    const { data, grid } = readBack(out);
    const kept = readPrevious(grid);

    expect(run.code).toBe(0);
    expect([data.year, data.organ]).toEqual([2025, '交口县人民政府']);
    expect(kept?.data.year).toBe(2024);
    expect(kept?.paragraphs?.length).toBeGreaterThan(10);
    expect(kept?.paragraphs?.some((p) => p.text.includes('交口县'))).toBe(true);
  });

  it.each([
    ['a file that does not exist', '无此文件.json', null, '文件不存在。'],
    ['a file type it cannot read', '上年.pdf', '%PDF-1.4', '不支持的文件类型'],
    ['JSON that is no report', '上年.json', '{"hello": 1}', '不是年报数据'],
  ])('says in Chinese why %s cannot serve as last year’s report, exits 2, writes nothing', async (_, name, content, reason) => {
    const last = join(dir, name);
    if (content !== null) writeFileSync(last, content);
    const out = fresh();
    const run = await cli('template', '--from', last, '-o', out);

    expect(run.code).toBe(2);
    expect(run.err).toContain(`${last}：无法作为上年年报读取。`);
    expect(run.err).toContain(reason);
    expect(run.out).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('does not overwrite an existing file without --force, and then says nothing of carrying', async () => {
    const out = fresh();
    writeFileSync(out, 'keep me');
    const run = await cli('template', '--from', SAMPLE, '-o', out);

    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(readFileSync(out, 'utf8')).toBe('keep me');
  });

  it('lists --from in the usage', async () => {
    const run = await cli('--help');
    expect(run.out).toContain('nianbao template [-o 文件.xlsx] [--year 年度] [--organ 机关名称] [--from 上年年报] [--force]');
  });
});

describe('validate on a workbook made with --from: the across-years checks from the kept report', () => {
  it('keeps last year’s report for validate (readReportFile gives it as `previous`)', async () => {
    const out = fresh();
    await cli('template', '--from', SAMPLE, '-o', out);
    const loaded = await loadReportFile(out);
    if (!loaded.ok) throw new Error(loaded.error);

    expect(loaded.report.previous?.data.year).toBe(2024);
    expect(loaded.report.previous?.data.organ).toBe('交口县人民政府');
  });

  it('reports X.carried once a clerk changes a carried figure, and not before', async () => {
    const last = validReport(seeded(303), 40);
    last.cells['T3.carryForward.natural'] = 3;
    last.cells['T3.carryForward.total'] = APPLICANTS.reduce((sum, col) => sum + Number(last.cells[`T3.carryForward.${col}`]), 0);
    const out = fresh();
    await cli('template', '--from', writeJson(last), '-o', out);

    const before = await validateFile(out);
    if (!before.ok) throw new Error(before.error);
    expect(before.result.findings.filter((f) => f.rule === 'X.carried')).toEqual([]);

    await clerkTypes(out, 'T3.carried.natural', 5);
    const after = await validateFile(out);
    if (!after.ok) throw new Error(after.error);
    const carried = after.result.findings.filter((f) => f.rule === 'X.carried');
    expect(carried.length).toBeGreaterThan(0);
    expect(carried[0]?.severity).toBe('error');
    expect(carried.some((f) => f.cells.includes('T3.carried.natural'))).toBe(true);
    expect(carried[0]?.address).toMatch(/^年报!/);

    const human = await cli('validate', out);
    expect(human.code).toBe(1);
    expect(human.out).toContain('<X.carried>');
  });
});
