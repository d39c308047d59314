import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importPublished, textToDocument, type PublishedImport } from '../../../../src/core/import/published';
import type { ReportData } from '../../../../src/core/report/types';
import type { Finding } from '../../../../src/core/rules/evaluate';
import { validateReport } from '../../../../src/core/validate';

/**
 * What the importer finds wrong in a published report, case by case: each case alters a clean report
 * (test/fixtures/published/text/qingyan-2023-pdf.txt, which reads without a finding) as real reports go
 * wrong, and lists the findings `validate` then gives, with words their messages must hold.
 */

const DIR = join(__dirname, '..', '..', '..', 'fixtures', 'published', 'text');
const BASE = readFileSync(join(DIR, 'qingyan-2023-pdf.txt'), 'utf8');
const FIGURES = JSON.parse(readFileSync(join(DIR, 'qingyan-2023-pdf.json'), 'utf8')) as ReportData;
const LINES = BASE.split('\n');
const T = '\t';

/** The 1-based line of the base text that holds `start`. */
function lineOf(start: string, text = BASE): number {
  return text.split('\n').findIndex((l) => l.includes(start)) + 1;
}

/** The base text with the first line holding `start` replaced (by nothing: removed). */
function replaceLine(start: string, ...by: string[]): string {
  const i = LINES.findIndex((l) => l.includes(start));
  if (i < 0) throw new Error(`no line holds ${start}`);
  return [...LINES.slice(0, i), ...by, ...LINES.slice(i + 1)].join('\n');
}

const row7 = (id: string): string[] =>
  ['natural', 'commercial', 'research', 'nonprofit', 'legal', 'otherOrg', 'total'].map((c) => `T3.${id}.${c}`);
const t4All = ['review', 'suitDirect', 'suitAfterReview'].flatMap((g) =>
  ['upheld', 'corrected', 'other', 'pending', 'total'].map((c) => `T4.${g}.${c}`),
);

interface Case {
  readonly description: string;
  readonly text: () => string;
  /** `[rule, first cell or the address]` of every finding `validate` gives, in order. */
  readonly expected: readonly (readonly [string, string])[];
  /** Fragments the messages must hold. */
  readonly says?: readonly string[];
  /** Cells that must read so (others as the base). */
  readonly cells?: Readonly<Record<string, unknown>>;
  /** Cells that must be absent. */
  readonly absent?: readonly string[];
}

const CASES: readonly Case[] = [
  {
    description: 'a table 三 row one value short: F.missingRow naming the row, its line and 6 of 7; its cells absent',
    text: () => replaceLine('1．本机关不掌握相关政府信息', `${T}（四）无法${T}1．本机关不掌握相关政府信息${T}3${T}1${T}0${T}0${T}1${T}5`),
    expected: [['F.missingRow', 'T3.unable1.natural']],
    says: ['“本机关不掌握相关政府信息”行', `第 ${lineOf('1．本机关不掌握相关政府信息')} 行`, '只有 6 个数字，而格式有 7 列'],
    absent: row7('unable1'),
  },
  {
    description: 'a table 二 row one value short: F.missingRow, nothing shifted into 本年废止件数',
    text: () => replaceLine('行政规范性文件', `行政规范性文件${T}5${T}31`),
    expected: [['F.missingRow', 'T2.normative.issued']],
    says: ['表二“行政规范性文件”行', '只有 2 个数字，而格式有 3 列'],
    absent: ['T2.normative.issued', 'T2.normative.repealed', 'T2.normative.inForce'],
  },
  {
    description: 'table 四 printed with 14 values: F.missingRow for its 15 cells',
    text: () => replaceLine('1\t0\t0\t1\t2\t0', ['1', '0', '0', '1', '2', '0', '0', '0', '1', '1', '0', '0', '0', '0'].join(T)),
    expected: [['F.missingRow', 'T4.review.upheld']],
    says: ['只有 14 个数字，而格式有 15 列'],
    absent: t4All,
  },
  {
    description: 'an empty field between values is a blank cell (cell.blank), the row otherwise read',
    text: () => replaceLine('一、本年新收', `一、本年新收政府信息公开申请数量${T}${T}23${T}${T}0${T}1${T}2${T}0${T}30${T}`),
    expected: [['cell.blank', 'T3.new.commercial']],
    cells: { 'T3.new.commercial': null, 'T3.new.natural': 23, 'T3.new.total': 30 },
  },
  {
    description: 'a 小计 column in table 三: F.extra once, its values not mixed into the official columns',
    text: () =>
      BASE.split('\n')
        .map((l) => {
          if (l.startsWith(`${T}${T}${T}商业`)) return l.replace(`其他${T}`, `其他${T}小计${T}`);
          const m = /^(.*?)((?:\t\d+){7})(\t?)$/.exec(l);
          if (!m || !lineOf('（本列数据') || l.startsWith('1\t')) return l;
          const v = (m[2] ?? '').split(T).slice(1).map(Number);
          const orgs = v.slice(1, 6).reduce((a, b) => a + b, 0);
          return `${m[1] ?? ''}${T}${[...v.slice(0, 6), orgs, v[6]].join(T)}${m[3] ?? ''}`;
        })
        .join('\n'),
    expected: [['F.extra', `第 ${lineOf('一、本年新收')} 行`]],
    says: ['表三有格式以外的列“小计”'],
    cells: { 'T3.new.otherOrg': 0, 'T3.new.total': 30, 'T3.unable1.legal': 1, 'T3.unable1.total': 5 },
  },
  {
    description: 'a 16th column in table 四 (合计 after the official 15): F.extra, the 15 read',
    text: () => {
      const header = lineOf(`行政复议${T}`);
      return BASE.split('\n')
        .map((l, i) => (i + 1 === header ? `${l}${T}合计` : l.startsWith('1\t0\t0\t1\t2') ? `${l}${T}3` : l))
        .join('\n');
    },
    expected: [['F.extra', `第 ${lineOf('1\t0\t0\t1\t2')} 行`]],
    says: ['表四有格式以外的列“合计”'],
    cells: { 'T4.review.total': 2, 'T4.suitAfterReview.total': 0 },
  },
  {
    description: 'a 16th value in table 四 under no header: F.extra, the first 15 read',
    text: () => replaceLine('1\t0\t0\t1\t2', ['1', '0', '0', '1', '2', '0', '0', '0', '1', '1', '0', '0', '0', '0', '0', '3'].join(T)),
    expected: [['F.extra', `第 ${lineOf('1\t0\t0\t1\t2')} 行`]],
    says: ['有 16 个数字，而格式只有 15 列，多出的 1 个数字未读入'],
    cells: { 'T4.review.upheld': 1, 'T4.suitAfterReview.total': 0 },
  },
  {
    description: 'labels reworded (本年度止件数, 规章(县级无此项), 重复的申请): F.label naming the official wording, values read',
    text: () =>
      BASE.replace('本年废止件数', '本年度止件数').replace(`\n规章${T}`, `\n规章(县级无此项)${T}`).replace('2．重复申请', '2．重复的申请'),
    expected: [
      ['F.label', `第 ${lineOf('信息内容')} 行`],
      ['F.label', `第 ${lineOf('规章')} 行`],
      ['F.label', `第 ${lineOf('2．重复申请')} 行`],
    ],
    says: [
      '“本年度止件数”与年度报告格式的“本年废止件数”',
      '“规章(县级无此项)”与年度报告格式的“规章”',
      '“2．重复的申请”与年度报告格式的“2.重复申请”',
    ],
    cells: { 'T2.normative.repealed': 2, 'T2.regulation.inForce': 0, 'T3.rejected2.total': 0 },
  },
  {
    description: 'brackets, numbering, quotes and spaces written otherwise are no F.label',
    text: () =>
      BASE.replace('（一）予以公开', '(一) 予以公开')
        .replace('1．属于国家秘密', '1、属于国家秘密')
        .replace('3．危及"三安全一稳定"', '3. 危及“三安全一稳定”')
        .replace('（七）总计', '(七)　总计')
        .replace('第二十条第（五）项', '第二十条第(五)项')
        .replace('本年收费金额（单位：万元）', '本年收费金额 (单位: 万元)')
        .replace('一、本年新收政府信息公开申请数量', '一、本年新收政府信息\u00a0公开申请数量'),
    expected: [],
  },
  {
    description: 'table 四 missing: F.missingRow for the table, all 15 cells',
    text: () => {
      const from = lineOf(`行政复议${T}`);
      return LINES.filter((_, i) => i + 1 < from || i + 1 > from + 3).join('\n');
    },
    expected: [['F.missingRow', 'T4.review.upheld']],
    says: [`未找到表四（“四、政府信息公开行政复议、行政诉讼情况”，第 ${lineOf('四、政府信息公开行政复议')} 行的标题之下）`],
    absent: t4All,
  },
  {
    description: 'a row of table 三 missing: F.missingRow naming it',
    text: () => replaceLine('4．保护第三方合法权益'),
    expected: [['F.missingRow', 'T3.withheld4.natural']],
    says: ['表三中找不到“保护第三方合法权益”行'],
    absent: row7('withheld4'),
  },
  {
    description: 'a row the format does not have (其中：网上申请): F.extra, its values not read',
    text: () =>
      replaceLine('二、上年结转', `${T}其中：网上申请${T}10${T}0${T}0${T}0${T}0${T}0${T}10`, LINES[lineOf('二、上年结转') - 1] ?? ''),
    expected: [['F.extra', `第 ${lineOf('二、上年结转')} 行`]],
    says: ['“其中：网上申请”不是年度报告格式中的行'],
    cells: { 'T3.carried.total': 3 },
  },
  {
    description: 'a row printed twice: F.extra, the first read',
    text: () =>
      replaceLine(
        '5．属于三类内部事务信息',
        LINES[lineOf('5．属于三类内部事务信息') - 1] ?? '',
        `${T}5．属于三类内部事务信息${T}9${T}0${T}0${T}0${T}0${T}0${T}9`,
      ),
    expected: [['F.extra', `第 ${lineOf('5．属于三类内部事务信息') + 1} 行`]],
    says: ['“属于三类内部事务信息”行出现了两次'],
    cells: { 'T3.withheld5.total': 0 },
  },
  {
    description: 'dated after 31 January of the next year: F.deadline (warning) at the date',
    text: () => BASE.replace('2024 年 1 月 22 日', '2024 年 3 月 5 日'),
    expected: [['F.deadline', 'info:publishedOn']],
    says: ['2024 年 3 月 5 日', `第 ${lineOf('2024 年 1 月 22 日')} 行`, '晚于 2024 年 1 月 31 日'],
  },
  {
    description: 'statistics period of another year: F.year (warning)',
    text: () => BASE.replace('自 2023 年 1 月 1 日起至 2023 年 12 月 31 日止', '自 2022 年 1 月 1 日起至 2022 年 12 月 31 日止'),
    expected: [['F.year', 'info:year']],
    says: ['报告年度为 2023 年，而统计期限为 2022 年（第 3 行）'],
  },
  {
    description: 'dated before the report year ends: F.year (warning)',
    text: () => BASE.replace('2024 年 1 月 22 日', '2023 年 6 月 30 日'),
    expected: [['F.year', 'info:publishedOn']],
    says: ['2023 年 6 月 30 日', '早于 2023 年度结束'],
  },
];

function run(text: string): { value: PublishedImport; findings: Finding[] } {
  const r = importPublished(textToDocument(text));
  if (!r.ok) throw new Error(r.error);
  const { data, problems, places, paragraphs } = r.value;
  const findings = validateReport(data, { addresses: places, problems }, { paragraphs, addressOf: (id) => places.get(id) }).findings;
  return { value: r.value, findings };
}

describe('findings on altered reports', () => {
  it('the base report reads clean', () => {
    expect(run(BASE).findings).toEqual([]);
  });

  it.each(CASES)('$description', (c: Case) => {
    const { value, findings } = run(c.text());

    expect(findings.map((f) => [f.rule, f.rule === 'F.label' ? (f.address ?? '') : (f.cells[0] ?? f.address ?? '')])).toEqual(c.expected);
    const messages = findings.map((f) => f.message).join('\n');
    for (const fragment of c.says ?? []) expect(messages).toContain(fragment);
    for (const f of findings) {
      expect(f.cells.length > 0 || (f.address ?? '') !== '').toBe(true);
      if (f.rule.startsWith('F.')) expect(f.address).toMatch(/^第 \d+ 行$/);
    }
    for (const id of c.absent ?? []) expect(id in value.data.cells).toBe(false);
    for (const [id, v] of Object.entries(c.cells ?? {})) expect(value.data.cells[id]).toEqual(v);
    // Everything not named stays as the base has it.
    const named = new Set([...(c.absent ?? []), ...Object.keys(c.cells ?? {})]);
    for (const [id, v] of Object.entries(FIGURES.cells))
      if (!named.has(id) && id in value.data.cells) expect([id, value.data.cells[id]]).toEqual([id, v]);
  });
});

describe('what is not a report', () => {
  it.each([
    ['plain prose', '今天天气很好。我们去公园散步。'],
    ['an empty text', ''],
    ['a table of something else', '| 表 | 数 |\n|---|---|\n| 甲 | 1 |\n'],
  ])('%s: an error saying no table and no section heading were found', (_, text) => {
    const r = importPublished(textToDocument(text));

    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('未找到');
  });

  it('a text with only the section headings is a report (of empty tables)', () => {
    const r = importPublished(textToDocument('一、总体情况\n二、主动公开政府信息情况\n'));

    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.problems.map((p) => p.rule)).toEqual(['F.missingRow', 'F.missingRow', 'F.missingRow']);
  });
});

describe('rows known by their number and group alone', () => {
  it('places `1．` `2．` … under （三）（四）（五）（六） by the group last seen and the format’s order, and says each label differs', () => {
    const text = BASE.replace(/(\t\d)．[^\t\n]+/g, '$1．');
    const r = importPublished(textToDocument(text));
    if (!r.ok) throw new Error(r.error);
    const t3 = Object.fromEntries(Object.entries(FIGURES.cells).filter(([id]) => id.startsWith('T3.')));

    expect(Object.fromEntries(Object.entries(r.value.data.cells).filter(([id]) => id.startsWith('T3.')))).toEqual(t3);
    expect(new Set(r.value.problems.map((p) => p.rule))).toEqual(new Set(['F.label']));
    expect(r.value.problems).toHaveLength(21 - 2);
  });
});
