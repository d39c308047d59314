import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { aggregateReports } from '../../src/core/aggregate';
import { FORMAT_2021, FORMAT_2019, cellsOf } from '../../src/core/format';
import { readTemplateWorkbook } from '../../src/core/import/workbook';
import { buildTemplate } from '../../src/core/layout/template';
import type { ReportData } from '../../src/core/report/types';
import type { Finding } from '../../src/core/rules/evaluate';
import { writeWorkbook } from '../../src/hosts/xlsx/write';
import { readXlsxGrid } from '../../src/hosts/xlsx/read';
import { seeded, validReport } from '../support/reports';

/** `nianbao aggregate`: the units' tables summed into the template workbook; nothing guessed. */

async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out, err };
}

const INPUTS = cellsOf(FORMAT_2021).filter((c) => !c.computed);
const TOTALS = cellsOf(FORMAT_2021).filter((c) => c.computed);

/** A clean unit of a county (no 规章), for 2024. */
function county(seed: number, organ: string): ReportData {
  let data = validReport(seeded(seed));
  for (let s = seed * 7; data.info?.organLevel === 'province' || data.info?.organLevel === 'city'; s++) data = validReport(seeded(s));
  return { ...data, organ, year: 2024 };
}

/** Σ of a cell over the units, by hand; amounts in whole yuan (万元 × 10000), so no float noise. */
function handSum(units: readonly ReportData[], id: string): number {
  const yuan = units.reduce((s, u) => s + Math.round((u.cells[id] as number) * 10000), 0);
  return yuan / 10000;
}

describe('aggregateReports (core)', () => {
  const units = [county(1, '甲镇'), county(2, '乙镇'), county(3, '县教育局')];

  it('sums every input cell of tables 二、三、四 and leaves the totals to the template', () => {
    const result = aggregateReports(units.map((data, i) => ({ name: `单位${i}`, data })));
    expect(result.gaps).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(result.summed).toEqual(['单位0', '单位1', '单位2']);
    for (const c of INPUTS) expect(result.data.cells[c.id]).toBeCloseTo(handSum(units, c.id), 6);
    for (const c of TOTALS) expect(result.data.cells[c.id]).toBeUndefined();
    expect(result.data).toMatchObject({ format: '2021', year: 2024, organ: null, info: { feeNotices: 0, feeAmountYuan: 0 } });
  });

  it('never guesses: a blank or unusable cell of one unit leaves that sum blank and is listed', () => {
    const broken = units.map((u) => ({ ...u, cells: { ...u.cells } }));
    broken[0]!.cells['T3.new.natural'] = null;
    broken[1]!.cells['T3.new.natural'] = '/';
    broken[1]!.cells['T4.review.upheld'] = -1;
    broken[2]!.cells['T2.license.decisions'] = 2.5;
    broken[2]!.cells['T3.disclosed.legal'] = '3件';
    const result = aggregateReports(broken.map((data, i) => ({ name: `单位${i}.json`, data })));
    expect(result.gaps.map((g) => [g.unit, g.cell, g.reason])).toEqual([
      ['单位2.json', 'T2.license.decisions', 'notInteger'],
      ['单位0.json', 'T3.new.natural', 'blank'],
      ['单位1.json', 'T3.new.natural', 'notNumber'],
      ['单位1.json', 'T4.review.upheld', 'negative'],
    ]);
    expect(result.gaps[1]!.message).toBe('单位0.json：表三“本年新收政府信息公开申请数量”行“自然人”列为空，汇总表中该格留空。');
    expect(result.gaps[2]!.message).toContain('填的“/”不是数字');
    for (const id of ['T3.new.natural', 'T4.review.upheld', 'T2.license.decisions']) expect(result.data.cells[id]).toBeUndefined();
    // A number written as text with an obvious value is added in as the checks read it, and said.
    expect(result.data.cells['T3.disclosed.legal']).toBe(handSum(units, 'T3.disclosed.legal') - (units[2]!.cells['T3.disclosed.legal'] as number) + 3);
    expect(result.cleaned.map((c) => c.message)).toEqual([expect.stringContaining('填的“3件”按 3 计入')]);
  });

  it('skips a 2019-format report and a report for another year, saying why', () => {
    const old: ReportData = { format: '2019', year: 2024, organ: '丁镇', cells: Object.fromEntries(cellsOf(FORMAT_2019).map((c) => [c.id, 1])) };
    const lastYear = { ...county(4, '戊镇'), year: 2023 };
    const result = aggregateReports([...units, old, lastYear].map((data) => ({ name: data.organ!, data })));
    expect(result.summed).toEqual(['甲镇', '乙镇', '县教育局']);
    expect(result.skipped.map((s) => s.message)).toEqual([
      '丁镇：为 2019 年（试行）格式，其表格与 2021 年格式不同，无法汇总到 2021 年格式的表格中，未计入。',
      '戊镇：是 2023 年度的报告，与汇总的 2024 年度不同，未计入。',
    ]);
    for (const c of INPUTS) expect(result.data.cells[c.id]).toBeCloseTo(handSum(units, c.id), 6);
  });

  it('leaves a 基本信息 fee fact blank when only some units state it', () => {
    const some = units.map((u, i) => ({ ...u, info: { ...u.info, feeCollectedYuan: i === 0 ? null : 100 } }));
    const result = aggregateReports(some.map((data) => ({ name: data.organ!, data })));
    expect(result.data.info?.feeCollectedYuan).toBeUndefined();
    expect(result.gaps.map((g) => [g.unit, g.cell])).toEqual([['甲镇', 'info.feeCollectedYuan']]);
  });
});

describe('nianbao aggregate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-aggregate-'));
  const clean = join(dir, '各单位');
  mkdirSync(join(clean, '乡镇'), { recursive: true });
  const units = [county(11, '甲镇人民政府'), county(12, '乙镇人民政府'), county(13, '县教育局'), county(14, '县卫健委')];

  beforeAll(async () => {
    writeFileSync(join(clean, '乡镇', '甲镇.json'), JSON.stringify(units[0]));
    writeFileSync(join(clean, '乡镇', '乙镇.xlsx'), await writeWorkbook(buildTemplate({ data: units[1]! }).plan));
    writeFileSync(join(clean, '教育局.json'), JSON.stringify(units[2]));
    writeFileSync(join(clean, '卫健委.xlsx'), await writeWorkbook(buildTemplate({ data: units[3]! }).plan));
  });

  it('sums clean units into the template workbook, which reads back with the sums and validates clean: exit 0', async () => {
    const out = join(dir, '汇总.xlsx');
    const { code, out: said, err } = await run('aggregate', clean, '-o', out, '--organ', '某县人民政府');
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(said[0]).toBe(`已生成：${out}`);
    expect(said[1]).toBe('汇总了 4 个单位的 2024 年度报告；汇总表校验：通过。');

    const reading = readTemplateWorkbook(readXlsxGrid(readFileSync(out)));
    if (!reading.ok) throw new Error(reading.error);
    const { data } = reading.value;
    expect(data).toMatchObject({ format: '2021', year: 2024, organ: '某县人民政府' });
    for (const c of INPUTS) expect(data.cells[c.id]).toBeCloseTo(handSum(units, c.id), 6);
    // The totals are the template's formulas, their results written for the first opening.
    for (const c of TOTALS) expect(data.cells[c.id]).toBeCloseTo(handSum(units, c.id), 6);

    const check = await run('validate', out, '--json');
    expect(check.code).toBe(0);
    expect((JSON.parse(check.out[0]!) as { findings: Finding[] }).findings).toEqual([]);
  });

  it('leaves a blank or unusable unit cell blank, lists it in Chinese, and skips what it cannot read: exit 1', async () => {
    const broken = join(dir, '有缺漏');
    mkdirSync(broken);
    const withBlank = { ...units[0]!, cells: { ...units[0]!.cells, 'T3.carryForward.commercial': null } };
    const withSlash = { ...units[2]!, cells: { ...units[2]!.cells, 'T4.review.pending': '/' } };
    writeFileSync(join(broken, '甲镇.json'), JSON.stringify(withBlank));
    writeFileSync(join(broken, '乙镇.xlsx'), await writeWorkbook(buildTemplate({ data: units[1]! }).plan));
    writeFileSync(join(broken, '教育局.json'), JSON.stringify(withSlash));
    writeFileSync(join(broken, '坏的.xlsx'), 'not a workbook');
    writeFileSync(join(broken, '2019格式.json'), JSON.stringify({ format: '2019', year: 2024, organ: '丙镇', cells: {} }));

    const out = join(dir, '有缺漏.xlsx');
    const { code, out: said, err } = await run('aggregate', broken, '-o', out);
    expect(code).toBe(1);
    expect(said[0]).toBe(`已生成：${out}`);
    const text = err.join('\n');
    expect(text).toContain(`${join(broken, '坏的.xlsx')}：文件不是有效的 .xlsx 工作簿`);
    expect(text).toContain(`${join(broken, '2019格式.json')}：为 2019 年（试行）格式`);
    expect(text).toContain(`${join(broken, '甲镇.json')}：表三“结转下年度继续办理”行“商业企业”列为空，汇总表中该格留空。`);
    expect(text).toContain(`${join(broken, '教育局.json')}：表四“行政复议”“尚未审结”填的“/”不是数字，汇总表中该格留空。`);

    // The sum of those cells is blank, and the workbook's own checks say so.
    const check = await run('validate', out, '--json');
    const findings = (JSON.parse(check.out[0]!) as { findings: Finding[] }).findings;
    expect(findings.filter((f) => f.rule === 'cell.blank').flatMap((f) => f.cells).sort()).toEqual(['T3.carryForward.commercial', 'T4.review.pending']);
    const reading = readTemplateWorkbook(readXlsxGrid(readFileSync(out)));
    if (!reading.ok) throw new Error(reading.error);
    expect(reading.value.data.cells['T3.new.natural']).toBe(handSum([withBlank, units[1]!, withSlash], 'T3.new.natural'));
  });

  it('will not overwrite without --force, and says so before reading anything', async () => {
    const out = join(dir, '已有.xlsx');
    writeFileSync(out, 'keep');
    const refused = await run('aggregate', clean, '-o', out);
    expect(refused.code).toBe(2);
    expect(refused.err.join('\n')).toContain('--force');
    expect(readFileSync(out, 'utf8')).toBe('keep');
    expect((await run('aggregate', clean, '-o', out, '--force')).code).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
  });

  it('explains its usage: -o required, .xlsx only, nothing to sum', async () => {
    expect((await run('aggregate', clean)).err.join('\n')).toContain('-o');
    expect((await run('aggregate', clean, '-o', join(dir, 'x.json'))).code).toBe(2);
    const none = await run('aggregate', join(dir, '没有.json'), '-o', join(dir, '空.xlsx'));
    expect(none.code).toBe(2);
    expect(none.err.join('\n')).toContain('没有可以汇总的报告');
    expect(existsSync(join(dir, '空.xlsx'))).toBe(false);
    expect((await run('--help')).out.join('\n')).toContain('nianbao aggregate');
  });
});
