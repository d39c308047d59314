import ExcelJS from 'exceljs';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { collectInputs, findCopies } from '../../src/cli/batch';
import { main } from '../../src/cli/main';
import { progressLine, type TerminalStream } from '../../src/cli/progress';
import { buildTemplate } from '../../src/core/layout/template';
import { documentToMarkdown } from '../../src/core/narrative/markdown';
import { generateDocument } from '../../src/core/narrative/generate';
import * as acrossYears from '../../src/core/rules/across-years';
import type { ReportData } from '../../src/core/report/types';
import type { Finding } from '../../src/core/rules/evaluate';
import { RULE_NAMES } from '../../src/core/rules/names';
import { renderDocx } from '../../src/export/docx';
import { writeWorkbook } from '../../src/hosts/xlsx/write';
import { generatedReport, seeded, validReport } from '../support/reports';

/**
 * A supervisor's batch (issue #5): a folder of 100+ reports of every kind, good and broken, through
 * `nianbao validate DIR --json --summary`, and the summary workbook read back against the JSON lines.
 */

interface Run {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

async function run(argv: string[], stderr?: TerminalStream): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t), ...(stderr ? { stderr } : {}) });
  return { code, out, err };
}

interface JsonLine {
  readonly file: string;
  readonly data: ReportData | null;
  readonly findings: Finding[];
  readonly error?: string;
}

const root = mkdtempSync(join(tmpdir(), 'nianbao-batch-'));
const dir = join(root, '各单位');
const sub = join(dir, '乡镇');
mkdirSync(sub, { recursive: true });

/** Names of the files the batch must check (every supported file, hidden and lock files aside). */
const expected: string[] = [];
function put(path: string, bytes: string | Uint8Array): void {
  writeFileSync(path, bytes);
  expected.push(path);
}

/** Each unit its own organ, so that copying across organs is told from one organ's files. */
function unit(data: ReportData, n: number): ReportData {
  return { ...data, organ: `${n}号${data.organ ?? '单位'}` };
}

const copied = validReport(seeded(4242));
const COPY_A = join(dir, '甲县.json');
const COPY_B = join(sub, '乙镇.json');
const SAME_ORGAN = [join(dir, '丙县-2023.json'), join(dir, '丙县-2024.json')];
/** A published report copied from another organ's: the same tables, and its 五 with a few words changed. */
const PUBLISHED_A = join(dir, '丁县.md');
const PUBLISHED_B = join(sub, '戊镇.docx');
const PROBLEMS =
  '一是政务公开工作人员多为兼职，业务培训不够系统，对新修订条例的理解和运用还不够深入；二是部分单位信息发布不够及时，政策解读的形式比较单一，与群众的互动回应还不够充分，公开的实效有待进一步提升。';

/** The document generated from `data`, with the clerk's own words for 五's problems. */
function published(data: ReportData, problems: string): ReturnType<typeof generateDocument> {
  const doc = generateDocument(data);
  return { ...doc, blocks: doc.blocks.map((b) => (b.id === 's5.problems' ? { ...b, text: problems, source: 'clerk' as const } : b)) };
}

beforeAll(async () => {
  // Report data: valid and damaged (0–3 kinds of damage each).
  for (let i = 1; i <= 56; i++) put(join(i % 4 === 0 ? sub : dir, `单位${i}.json`), JSON.stringify(unit(generatedReport(i).data, i)));
  // Workbooks filled from report data, as `nianbao fill` makes them.
  for (let i = 1; i <= 24; i++) {
    const data = unit(generatedReport(100 + i).data, 100 + i);
    put(join(i % 3 === 0 ? sub : dir, `工作簿${i}.xlsx`), await writeWorkbook(buildTemplate({ data }).plan));
  }
  // Published reports in our own Markdown and Word.
  for (let i = 1; i <= 12; i++) {
    const data = unit(validReport(seeded(200 + i)), 200 + i);
    put(join(dir, `已发布${i}.md`), documentToMarkdown(generateDocument(data), data));
  }
  for (let i = 1; i <= 3; i++) {
    const data = unit(validReport(seeded(300 + i)), 300 + i);
    put(join(dir, `已发布${i}.docx`), await renderDocx(generateDocument(data), data));
  }
  // Broken files.
  const good = await writeWorkbook(buildTemplate({ data: validReport(seeded(7)) }).plan);
  put(join(dir, '截断.xlsx'), good.subarray(0, Math.floor(good.length / 2)));
  put(join(dir, '乱码.xlsx'), 'PK\u0003\u0004 not a workbook at all');
  put(join(dir, '空的.json'), '');
  put(join(dir, '坏的.json'), '{ "format": "2021", "cells": { ');
  put(join(dir, '空的.docx'), '');
  put(join(sub, '空的.txt'), '');
  // Two organs with the same tables (one copied the other's), and one organ's two years with the same tables.
  put(COPY_A, JSON.stringify({ ...copied, organ: '甲县人民政府', year: 2024 }));
  put(COPY_B, JSON.stringify({ ...copied, organ: '乙镇人民政府', year: 2024, info: { ...copied.info, organLevel: 'township' } }));
  put(SAME_ORGAN[0]!, JSON.stringify({ ...copied, organ: '丙县人民政府', year: 2023 }));
  put(SAME_ORGAN[1]!, JSON.stringify({ ...copied, organ: '丙县人民政府', year: 2024 }));
  const original = { ...validReport(seeded(5151)), organ: '丁县人民政府', year: 2024 };
  put(PUBLISHED_A, documentToMarkdown(published(original, PROBLEMS), original));
  const copy = { ...original, organ: '戊镇人民政府' };
  put(PUBLISHED_B, await renderDocx(published(copy, PROBLEMS.replace('一是', '一是我镇').replace('有待进一步提升', '还需提升')), copy));
  // Not reports: skipped without a word.
  writeFileSync(join(dir, '~$工作簿1.xlsx'), 'lock');
  writeFileSync(join(dir, '.隐藏.json'), '{}');
  writeFileSync(join(dir, '说明.pdf'), '%PDF');
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, '.git', 'x.json'), '{}');
}, 60_000);

const counts = (findings: readonly Finding[], severity: string): number => findings.filter((f) => f.severity === severity).length;

/** The summary holds plain strings and numbers only. */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

describe('nianbao validate over a folder of 100+ reports', () => {
  let json: Run;
  let lines: JsonLine[];
  let workbook: ExcelJS.Workbook;
  const summary = join(root, '汇总校验.xlsx');
  let ms = 0;

  beforeAll(async () => {
    const started = performance.now();
    json = await run(['validate', dir, '--json', '--summary', summary]);
    ms = performance.now() - started;
    lines = json.out.map((l) => JSON.parse(l) as JsonLine);
    workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(summary) as unknown as ArrayBuffer);
  }, 60_000);

  it('checks every supported file once, in a stable order, subfolders included, lock and hidden files left out', () => {
    expect(expected.length).toBeGreaterThanOrEqual(100);
    expect([...lines.map((l) => l.file)].sort()).toEqual([...expected].sort());
    expect(lines.some((l) => l.file.includes('~$') || basename(l.file).startsWith('.') || l.file.endsWith('.pdf'))).toBe(false);
    // Sorted by path: the subfolder's files come together, 单位2 before 单位10.
    const names = lines.map((l) => l.file);
    expect(names.indexOf(join(dir, '单位2.json'))).toBeLessThan(names.indexOf(join(dir, '单位10.json')));
    expect(ms).toBeLessThan(30_000);
  });

  it('keeps the --json contract: one object per line; stdout holds nothing else; exit 2 as files are unusable', () => {
    expect(json.code).toBe(2);
    for (const l of lines) expect(Object.keys(l).slice(0, 3)).toEqual(['file', 'data', 'findings']);
    expect(json.err).toEqual([`已生成：${summary}`]);
  });

  it('lists every unreadable file with its reason and goes on', () => {
    const unreadable = lines.filter((l) => l.error !== undefined);
    for (const name of ['截断.xlsx', '乱码.xlsx', '空的.json', '坏的.json', '空的.docx', '空的.txt']) {
      expect(unreadable.map((l) => basename(l.file))).toContain(name);
    }
    expect(lines.find((l) => l.file.endsWith('空的.json'))?.error).toContain('空');
    for (const l of unreadable) expect(l.error).toMatch(/[\u4e00-\u9fff]/);
    // Everything else was read and checked.
    expect(lines.filter((l) => l.data !== null).length).toBe(56 + 24 + 12 + 3 + 4 + 2);
    expect(lines.filter((l) => l.error !== undefined).length).toBe(6);

    const sheet = workbook.getWorksheet('无法读取')!;
    const rows: [string, string][] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push([cellText(row.getCell(1)), cellText(row.getCell(2))]);
    });
    expect(rows).toEqual(unreadable.map((l) => [l.file, l.error!]));
  });

  it('finds the report copied from another organ, in both units, naming the other; not one organ’s two years', () => {
    const identical = (file: string): Finding[] => lines.find((l) => l.file === file)!.findings.filter((f) => f.rule === 'X.identical');
    const naming = (file: string, other: string): Finding[] => identical(file).filter((f) => f.message.includes(`“${other}”`));
    expect(naming(COPY_A, COPY_B)).toHaveLength(1);
    expect(naming(COPY_A, COPY_B)[0]).toMatchObject({ severity: 'warning', cells: [] });
    expect(naming(COPY_A, COPY_B)[0]!.message).toContain('（乙镇人民政府）内容雷同：表格中的数字完全相同');
    expect(naming(COPY_B, COPY_A)).toHaveLength(1);
    // 丙县's two years hold the same tables too: each is alike to 甲县 and 乙镇, but not to its own other year.
    expect(identical(COPY_A)).toHaveLength(3);
    expect(naming(SAME_ORGAN[0]!, SAME_ORGAN[1]!)).toEqual([]);
    expect(naming(SAME_ORGAN[1]!, SAME_ORGAN[0]!)).toEqual([]);
    expect(identical(SAME_ORGAN[0]!)).toHaveLength(2);
    // No other unit of the batch was copied: generated reports differ, and our own generated text is no copy.
    const flagged = new Set(lines.filter((l) => l.findings.some((f) => f.rule === 'X.identical')).map((l) => l.file));
    expect(flagged).toEqual(new Set([COPY_A, COPY_B, ...SAME_ORGAN, PUBLISHED_A, PUBLISHED_B]));

    // Published reports too, by their tables and by their text; the finding points at the copied paragraph.
    expect(naming(PUBLISHED_A, PUBLISHED_B)).toHaveLength(1);
    const text = naming(PUBLISHED_A, PUBLISHED_B)[0]!;
    expect(text.message).toContain('（戊镇人民政府）内容雷同：表格中的数字完全相同');
    expect(text.message).toContain('有 1 段文字相同或几乎相同');
    expect(text.paragraph).toBeDefined();
    expect(text.address).toMatch(/[\u4e00-\u9fff\d]/);
    expect(naming(PUBLISHED_B, PUBLISHED_A)).toHaveLength(1);

    const sheet = workbook.getWorksheet('雷同')!;
    const pairs: string[][] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) pairs.push([1, 2, 3, 4, 5].map((c) => cellText(row.getCell(c))));
    });
    expect(pairs).toContainEqual([COPY_A, '甲县人民政府', COPY_B, '乙镇人民政府', expect.stringContaining('表格数字完全相同') as unknown as string]);
    expect(pairs).toContainEqual([PUBLISHED_A, '丁县人民政府', PUBLISHED_B, '戊镇人民政府', expect.stringMatching(/^表格数字完全相同（\d+ 个非零数字）；1 段文字相同或几乎相同$/) as unknown as string]);
    expect(pairs.some((p) => p.includes(SAME_ORGAN[0]!) && p.includes(SAME_ORGAN[1]!))).toBe(false);
    // Every pair in the sheet is a warning in both units' JSON.
    const warned = lines.flatMap((l) => l.findings.filter((f) => f.rule === 'X.identical').map(() => l.file));
    expect(warned.length).toBe(pairs.length * 2);
  });

  it('gives each unit a row with the same errors, warnings and conclusion as its JSON line, and its key figures', () => {
    const sheet = workbook.getWorksheet('单位汇总')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 6)).toEqual(['文件', '单位', '年度', '错误数', '警告数', '结论']);
    expect(header).toContain('新收申请');
    expect(header).toContain('收费金额（万元）');
    expect(sheet.getColumn(1).width).toBeGreaterThan(20);

    const rows = new Map<string, ExcelJS.Row>();
    sheet.eachRow((row, n) => {
      if (n > 1) rows.set(cellText(row.getCell(1)), row);
    });
    expect(rows.size).toBe(lines.length);
    for (const l of lines) {
      const row = rows.get(l.file)!;
      const conclusion = l.data === null ? '无法读取' : counts(l.findings, 'error') > 0 ? '有错误' : '通过';
      expect([row.getCell(4).value, row.getCell(5).value, row.getCell(6).value]).toEqual(
        l.data === null ? [null, null, conclusion] : [counts(l.findings, 'error'), counts(l.findings, 'warning'), conclusion],
      );
      if (l.data === null) continue;
      expect(row.getCell(2).value).toBe(l.data.organ ?? null);
      const at = (name: string): ExcelJS.CellValue => row.getCell(header.indexOf(name) + 1).value;
      const cell = (id: string): unknown => l.data!.cells[id] ?? null;
      expect(at('新收申请')).toEqual(cell('T3.new.total'));
      expect(at('办结')).toEqual(cell('T3.total.total'));
      expect(at('收费金额（万元）')).toEqual(cell('T2.fee.amount'));
      const direct = l.data.cells['T4.suitDirect.total'];
      const after = l.data.cells['T4.suitAfterReview.total'];
      if (typeof direct === 'number' && typeof after === 'number') expect(at('行政诉讼')).toBe(direct + after);
    }
    expect([...rows.values()].map((r) => r.getCell(6).value)).toEqual(expect.arrayContaining(['通过', '有错误', '无法读取']));
  });

  it('counts each rule for each unit in the matrix as the JSON lines do, coloured by severity, names under the ids', () => {
    const sheet = workbook.getWorksheet('规则矩阵')!;
    const ids = (sheet.getRow(1).values as unknown[]).slice(3) as string[];
    const names = (sheet.getRow(2).values as unknown[]).slice(3) as string[];
    expect(names).toEqual(ids.map((id) => RULE_NAMES[id as keyof typeof RULE_NAMES]));
    const found = new Set(lines.flatMap((l) => l.findings.map((f) => f.rule)));
    expect(new Set(ids)).toEqual(found);

    const checked = lines.filter((l) => l.data !== null);
    const totals = new Map<string, number>();
    let row = 3;
    for (const l of checked) {
      const r = sheet.getRow(row++);
      expect(cellText(r.getCell(1))).toBe(l.file);
      ids.forEach((id, i) => {
        const these = l.findings.filter((f) => f.rule === id);
        const cell = r.getCell(3 + i);
        expect(cell.value ?? 0).toBe(these.length);
        totals.set(id, (totals.get(id) ?? 0) + these.length);
        const fill = (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
        if (these.some((f) => f.severity === 'error')) expect(fill).toBe('FFFFC7CE');
        else if (these.length > 0) expect(fill).toBe('FFFFEB9C');
        else expect(fill).toBeUndefined();
      });
    }
    const last = sheet.getRow(row);
    expect(last.getCell(1).value).toBe('合计');
    ids.forEach((id, i) => expect(last.getCell(3 + i).value).toBe(totals.get(id)));
  });

  it('will not overwrite the summary without --force, and checks nothing then', async () => {
    const before = statSync(summary).mtimeMs;
    const again = await run(['validate', dir, '--summary', summary]);
    expect(again.code).toBe(2);
    expect(again.out).toEqual([]);
    expect(again.err.join('\n')).toContain('--force');
    expect(statSync(summary).mtimeMs).toBe(before);
  });

  it('says it in Chinese without --json, with the batch totals and the copy', async () => {
    const human = await run(['validate', dir, '--summary', summary, '--force']);
    expect(human.code).toBe(2);
    const text = human.out.join('\n');
    expect(text).toContain('<X.identical>');
    expect(text).toMatch(/共 \d+ 个文件：\d+ 个通过，\d+ 个有错误，\d+ 个无法读取；\d+ 对报告内容雷同。/);
    expect(human.out[human.out.length - 1]).toBe(`已生成：${summary}`);
    expect(human.err.some((l) => l.startsWith(`${join(dir, '截断.xlsx')}：`))).toBe(true);
  }, 60_000);
});

describe('which files a folder gives', () => {
  it('sorts numbers as numbers, recurses, skips hidden and lock files; an empty folder is itself unusable', async () => {
    const d = mkdtempSync(join(tmpdir(), 'nianbao-inputs-'));
    for (const name of ['10.json', '2.json', '~$2.json', '.x.json', 'a.csv']) writeFileSync(join(d, name), '{}');
    mkdirSync(join(d, 'b', 'c'), { recursive: true });
    writeFileSync(join(d, 'b', 'c', '1.XLSX'), '');
    mkdirSync(join(d, '空'));
    const inputs = await collectInputs([d, join(d, '2.json'), join(d, '空')]);
    expect(inputs.map((i) => ('ok' in i ? ['unusable', basename(i.file)] : basename(i.file)))).toEqual(['2.json', '10.json', '1.XLSX', ['unusable', '空']]);
    const empty = await run(['validate', join(d, '空')]);
    expect(empty.code).toBe(2);
    expect(empty.err[0]).toMatch(/空：这是一个文件夹，其中没有可校验的文件/);
  });
});

describe('the progress bar', () => {
  const small = mkdtempSync(join(tmpdir(), 'nianbao-progress-'));
  for (let i = 1; i <= 3; i++) writeFileSync(join(small, `县${i}.json`), JSON.stringify(unit(validReport(seeded(i)), i)));

  it('is drawn on stderr when it is a terminal, and cleared before the results', async () => {
    const drawn: string[] = [];
    const { code, out, err } = await run(['validate', small, '--json'], { isTTY: true, columns: 80, write: (t) => drawn.push(t) });
    expect(code).toBe(0);
    expect(out).toHaveLength(3);
    expect(err).toEqual([]);
    expect(drawn[0]).toBe(`\r${progressLine('校验中', 0, 3, '县1.json')}\x1b[K`);
    expect(drawn).toContain(`\r${progressLine('校验中', 2, 3, '县3.json')}\x1b[K`);
    expect(drawn[drawn.length - 1]).toBe('\r\x1b[K');
    expect(progressLine('校验中', 37, 120, '某县.docx')).toMatch(/^校验中 37\/120 █{6}░{14} 某县\.docx$/);
  });

  it('is not drawn when stderr is no terminal', async () => {
    const drawn: string[] = [];
    await run(['validate', small], { isTTY: false, write: (t) => drawn.push(t) });
    expect(drawn).toEqual([]);
  });

  it('fits a long name into the terminal', () => {
    const line = progressLine('校验中', 1, 2, '某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某.docx', 60);
    expect(line.endsWith('…')).toBe(true);
    expect(Array.from(line).length).toBeLessThan(60);
  });
});

describe('reports copied across units, at scale', () => {
  it('finds the one copied pair among 600 units without comparing every pair', () => {
    const reports = Array.from({ length: 600 }, (_, i) => ({ data: unit(validReport(seeded(10_000 + i)), i) }));
    // Small organs with all-zero tables are alike every year and everywhere: not copying.
    for (let i = 500; i < 600; i++) reports[i] = { data: { ...reports[i]!.data, cells: Object.fromEntries(Object.keys(reports[i]!.data.cells).map((k) => [k, 0])) } };
    reports[400] = { data: { ...reports[123]!.data, organ: '抄袭者' } };
    const compared = jest.spyOn(acrossYears, 'compareSignatures');
    const started = performance.now();
    const pairs = findCopies(reports);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(pairs.map((p) => [p.a, p.b])).toEqual([[123, 400]]);
    // Of 179,700 pairs only the candidates are compared (figures sharing a MinHash band): well under 1%.
    expect(compared.mock.calls.length).toBeLessThan(1_800);
    compared.mockRestore();
  });

  const OWN =
    '我局坚持把政务公开作为转变政府职能、建设法治政府的重要抓手，围绕群众关切的教育医疗住房等民生领域，持续深化决策公开执行公开管理公开服务公开和结果公开，不断提升公开工作的质量和实效，群众满意度明显提高。';
  const MODEL =
    '全面贯彻落实上级关于政务公开工作的部署要求，健全完善政务公开工作机制，明确分管领导和工作人员，做到有人管事有人干事，确保各项工作任务落到实处，切实保障人民群众的知情权参与权表达权和监督权。';
  const withText = (seed: number, organ: string, texts: readonly string[]): { data: ReportData; paragraphs: { id: string; text: string }[] } => ({
    data: { ...validReport(seeded(seed)), organ },
    paragraphs: texts.map((text, i) => ({ id: `p${i + 1}`, text })),
  });

  it('finds a paragraph copied from another organ, and not the model text a superior gave to many', () => {
    const reports = [
      withText(1, '甲局', ['一、总体情况', OWN, MODEL]),
      withText(2, '乙局', ['一、总体情况', MODEL, OWN.replace('我局', '我委').replace('明显提高', '不断提高')]),
      ...Array.from({ length: 10 }, (_, i) => withText(10 + i, `第${i}局`, ['一、总体情况', MODEL])),
    ];
    const pairs = findCopies(reports);
    expect(pairs).toEqual([{ a: 0, b: 1, tables: null, paragraphs: [{ id: 'p2', otherId: 'p3' }] }]);
  });
});
