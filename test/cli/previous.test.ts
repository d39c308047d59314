import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { ReportData } from '../../src/core/report/types';
import type { Finding } from '../../src/core/rules/evaluate';
import { validReport2021 } from '../fixtures/rules/reports';
import { lastYearOf } from '../support/last-year';

/** `nianbao validate FILE... --previous LAST`: the X.* rules against last year's report, in any form. */

interface Run {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

async function run(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out, err };
}

interface JsonLine {
  readonly file: string;
  readonly findings: Finding[];
}

const lines = (r: Run): JsonLine[] => r.out.map((l) => JSON.parse(l) as JsonLine);
const rules = (line: JsonLine | undefined): string[] => (line?.findings ?? []).map((f) => f.rule);

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-previous-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function json(data: ReportData, name = '年报.json'): string {
  const file = join(dir, `${++n}-${name}`);
  writeFileSync(file, JSON.stringify(data));
  return file;
}

function raw(name: string, content: string): string {
  const file = join(dir, `${++n}-${name}`);
  writeFileSync(file, content);
  return file;
}

/** A workbook as a clerk has it: made by `nianbao fill`. */
async function workbook(data: ReportData, name = '年报.xlsx'): Promise<string> {
  const file = join(dir, `${++n}-${name}`);
  const made = await run('fill', json(data), '-o', file);
  expect(made.code).toBe(0);
  return file;
}

const now = validReport2021();
const before = lastYearOf(now);
const broken: ReportData = { ...before, cells: { ...before.cells, 'T3.carryForward.natural': 5, 'T3.carryForward.total': 6 } };

describe('nianbao validate --previous', () => {
  it('passes a report that follows on from last year’s (exit 0)', async () => {
    const r = await run('validate', json(now), '--previous', json(before, '上年.json'));
    expect(r).toMatchObject({ code: 0, err: [] });
    expect(r.out.join('\n')).toContain('通过：未发现问题。');
  });

  it('reports X.carried as an error (exit 1), with both figures, in the JSON output', async () => {
    const r = await run('validate', '--json', json(now), '--previous', json(broken, '上年.json'));
    expect(r.code).toBe(1);
    const [line] = lines(r);
    expect(line?.findings).toEqual([expect.objectContaining({ rule: 'X.carried', severity: 'error', cells: ['T3.carried.natural'], expected: 5, actual: 2 })]);
  });

  it('exits 0 for X warnings alone, and lists them in Chinese', async () => {
    const jumped: ReportData = { ...before, cells: { ...before.cells, 'T2.license.decisions': 100 } };
    const r = await run('validate', json(now), '--previous', json(jumped, '上年.json'));
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toContain('[提示] 表二“行政许可”为 1200，上年年报为 100，增加 1100，是上年的 12 倍');
    expect(r.out.join('\n')).toContain('<X.jump>');
  });

  it('reads last year’s report from a workbook made by `nianbao fill`', async () => {
    const good = await run('validate', '--json', json(now), '--previous', await workbook(before, '上年.xlsx'));
    expect(good.code).toBe(0);
    expect(rules(lines(good)[0])).toEqual([]);

    const bad = await run('validate', '--json', json(now), '--previous', await workbook(broken, '上年.xlsx'));
    expect(bad.code).toBe(1);
    expect(rules(lines(bad)[0])).toEqual(['X.carried']);
  });

  it('gives this year’s workbook cell address on an X finding', async () => {
    const r = await run('validate', '--json', await workbook(now), '--previous', await workbook(broken, '上年.xlsx'));
    expect(r.code).toBe(1);
    const [finding] = lines(r)[0]?.findings ?? [];
    expect(finding).toMatchObject({ rule: 'X.carried', cells: ['T3.carried.natural'] });
    expect(finding?.address).toMatch(/^.+![A-Z]+\d+$/);
  });

  it('compares every file with the one report of last year', async () => {
    const other: ReportData = { ...now, organ: '乙', cells: { ...now.cells, 'T3.carried.natural': 5, 'T3.new.natural': 17, 'T3.new.total': 26, 'T3.carried.total': 6 } };
    const r = await run('validate', '--json', json(now, '甲.json'), json(other, '乙.json'), '--previous', json(broken, '上年.json'));
    expect(r.code).toBe(1);
    // 甲's 上年结转 does not follow on from last year's; 乙's does.
    expect(lines(r).map((l) => rules(l).filter((rule) => rule.startsWith('X.') && rule !== 'X.identical'))).toEqual([['X.carried'], []]);
  });

  it('warns once, and checks nothing across years, when last year’s report is for another year', async () => {
    const r = await run('validate', '--json', json(now), '--previous', json({ ...broken, year: 2022 }, '前年.json'));
    expect(r.code).toBe(0);
    const findings = lines(r)[0]?.findings ?? [];
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([['X.carried', 'warning']]);
    expect(findings[0]?.message).toContain('所给的上年年报是 2022 年度的，而本报告是 2024 年度的');
  });

  it('finds copied tables across the years (X.identical)', async () => {
    const r = await run('validate', '--json', json(now), '--previous', json({ ...now, year: 2023 }, '上年.json'));
    expect(rules(lines(r)[0])).toContain('X.identical');
  });

  it.each([
    ['a missing file', (): string => join(dir, '没有.json'), '文件不存在'],
    ['a file that is not JSON', (): string => raw('坏.json', '{'), '不是有效的 JSON 文件'],
    ['an unsupported kind of file', (): string => raw('上年.csv', 'a,b'), '不支持的文件类型'],
  ])('refuses %s as last year’s report: a Chinese message naming it, exit 2, nothing validated', async (_what, make, says) => {
    const file = make();
    const r = await run('validate', '--json', json(now), '--previous', file);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toContain(`上年年报“${file}”无法使用：`);
    expect(r.err[0]).toContain(says);
  });

  it('is described in the usage text', async () => {
    const { out } = await run('--help');
    expect(out.join('\n')).toContain('nianbao validate 文件或文件夹... [--previous 上年年报]');
    expect(out.join('\n')).toContain('--previous：与上年年报');
  });
});
