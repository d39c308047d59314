import { FORMAT_2019, FORMAT_2021, cellsOf } from '../../../src/core/format';
import { generateDocument } from '../../../src/core/narrative/generate';
import type { CellValue, ReportData } from '../../../src/core/report/types';
import {
  LIKENESS,
  compareSignatures,
  counterpart,
  evaluateAcrossYears,
  likeness,
  likenessSignature,
  normaliseText,
  type ComparedReport,
} from '../../../src/core/rules/across-years';
import type { Finding } from '../../../src/core/rules/evaluate';
import { validateReport } from '../../../src/core/validate';
import { VALID_INPUTS, validReport2019, validReport2021, withTotals } from '../../fixtures/rules/reports';
import { lastYearOf } from '../../support/last-year';
import { jiaokou, seeded, validReport } from '../../support/reports';

/** This year: the hand-checked valid report (2024); last year: a consistent 2023 report. */
function pair(): { now: ReportData; before: ReportData } {
  const now = validReport2021();
  return { now, before: lastYearOf(now) };
}

function withCells(data: ReportData, cells: Record<string, CellValue>): ReportData {
  return { ...data, cells: { ...data.cells, ...cells } };
}

function across(now: ReportData | ComparedReport, before: ReportData | ComparedReport): Finding[] {
  const wrap = (r: ReportData | ComparedReport): ComparedReport => ('data' in r ? r : { data: r });
  return evaluateAcrossYears(wrap(now), wrap(before));
}

const brief = (findings: readonly Finding[]): [string, string, string][] => findings.map((f) => [f.rule, f.severity, f.cells[0] ?? '']);

describe('a consistent pair of years', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])('gives no X finding (generated report, seed %i)', (seed) => {
    const now = { ...validReport(seeded(seed)), year: 2024 };
    expect(across(now, lastYearOf(now))).toEqual([]);
  });

  it('gives no X finding for the hand-checked report', () => {
    const { now, before } = pair();
    expect(across(now, before)).toEqual([]);
  });
});

describe('X.carried: this year’s 上年结转 = last year’s 结转下年度继续办理', () => {
  it('reports the column, both figures, the difference and the fix', () => {
    const { now, before } = pair();
    const findings = across(now, withCells(before, { 'T3.carryForward.natural': 5, 'T3.carryForward.total': 6 }));

    expect(findings).toEqual([
      {
        rule: 'X.carried',
        severity: 'error',
        message:
          '表三“上年结转政府信息公开申请数量”行“自然人”列为 2，而上年年报“结转下年度继续办理”行同一列为 5，相差 3。本年的“上年结转”应等于上年年报的“结转下年度继续办理”，请核对本年或上年的数字。',
        cells: ['T3.carried.natural'],
        expected: 5,
        actual: 2,
      },
    ]);
  });

  it('reports each applicant column that differs, and then not the 总计 column again', () => {
    const { now, before } = pair();
    const findings = across(withCells(now, { 'T3.carried.research': 1, 'T3.carried.total': 4 }), withCells(before, { 'T3.carryForward.natural': 3, 'T3.carryForward.total': 2 }));
    expect(brief(findings)).toEqual([
      ['X.carried', 'error', 'T3.carried.natural'],
      ['X.carried', 'error', 'T3.carried.research'],
    ]);
  });

  it('reports the 总计 column when it alone differs', () => {
    const { now, before } = pair();
    expect(brief(across(withCells(now, { 'T3.carried.total': 9 }), before))).toEqual([['X.carried', 'error', 'T3.carried.total']]);
  });

  it('does not assess a column blank or not a number on either side (the cell rules report those)', () => {
    const { now, before } = pair();
    expect(across(withCells(now, { 'T3.carried.natural': null }), withCells(before, { 'T3.carryForward.commercial': '/' }))).toEqual([]);
  });

  it('reads a text cell by its obvious value, as the sums do', () => {
    const { now, before } = pair();
    expect(across(withCells(now, { 'T3.carried.natural': '2件' }), before)).toEqual([]);
    expect(brief(across(withCells(now, { 'T3.carried.natural': '３件' }), before))).toEqual([['X.carried', 'error', 'T3.carried.natural']]);
  });
});

describe('X.inForce: 现行有效 = last year’s + 制发 − 废止', () => {
  it('warns with the figures, the expected count and the difference', () => {
    const { now, before } = pair();
    // 2021: 行政规范性文件 issued 10, repealed 3, in force 40; so last year 33.
    expect(before.cells['T2.normative.inForce']).toBe(33);
    const findings = across(withCells(now, { 'T2.normative.inForce': 41 }), before);

    expect(findings).toEqual([
      {
        rule: 'X.inForce',
        severity: 'warning',
        message:
          '表二“行政规范性文件”现行有效件数为 41，而按上年年报现行有效 33 件、本年制发 10 件、废止 3 件推算应为 40 件，相差 1。请核对；如另有原因（如文件到期自然失效、上年数字有误），请在说明中写明。',
        cells: ['T2.normative.inForce', 'T2.normative.issued', 'T2.normative.repealed'],
        expected: 40,
        actual: 41,
      },
    ]);
  });

  it('checks 规章 the same way, and is quiet when the figures follow', () => {
    const { now, before } = pair();
    expect(brief(across(now, withCells(before, { 'T2.regulation.inForce': 20 })))).toEqual([['X.inForce', 'warning', 'T2.regulation.inForce']]);
    expect(across(now, withCells(before, { 'T2.regulation.inForce': 14 }))).toEqual([]);
  });

  it('does not assess a row with a blank figure on either side', () => {
    const { now, before } = pair();
    expect(across(withCells(now, { 'T2.normative.issued': null, 'T2.normative.inForce': 99 }), before)).toEqual([]);
    expect(across(withCells(now, { 'T2.normative.inForce': 99 }), withCells(before, { 'T2.normative.inForce': '—' }))).toEqual([]);
  });
});

describe('X.jump: a total or a T2 count more than 5× or under 1/5 of last year’s (both ≥ 5)', () => {
  const { now, before } = pair();
  const jumps = (cell: string, value: number, previous: number): [string, string, string][] =>
    brief(across(withCells(now, { [cell]: value }), withCells(before, { [cell]: previous }))).filter(([rule]) => rule === 'X.jump');

  it.each([
    ['T2.license.decisions', 25, 5, false],
    ['T2.license.decisions', 26, 5, true],
    ['T2.license.decisions', 5, 25, false],
    ['T2.license.decisions', 5, 26, true],
    ['T2.license.decisions', 4, 100, false],
    ['T2.license.decisions', 100, 4, false],
    ['T2.penalty.decisions', 3000, 300, true],
    ['T2.normative.issued', 60, 10, true],
    ['T3.new.total', 200, 29, true],
    ['T3.total.total', 5, 27, true],
    ['T3.carryForward.total', 5, 30, true],
    ['T4.review.total', 40, 4, false],
    ['T4.suitDirect.total', 30, 5, true],
  ] as const)('%s: %i this year, %i last year → %s', (cell, value, previous, flagged) => {
    expect(jumps(cell, value, previous)).toEqual(flagged ? [['X.jump', 'warning', cell]] : []);
  });

  it('says both figures, the change and what to check, up and down', () => {
    const up = across(withCells(now, { 'T2.license.decisions': 12000 }), before).find((f) => f.rule === 'X.jump');
    const down = across(withCells(now, { 'T3.new.total': 5 }), withCells(before, { 'T3.new.total': 300 })).find((f) => f.rule === 'X.jump');
    expect([up?.message, down?.message]).toMatchInlineSnapshot(`
     [
       "表二“行政许可”为 12000，上年年报为 1203，增加 10797，是上年的 10 倍，变化超过 5 倍。请核对是否多填了一位数或填错了栏目；如属实，请在说明中写明原因。",
       "表三“本年新收政府信息公开申请数量”总计为 5，上年年报为 300，减少 295，仅为上年的 2%，变化超过 5 倍。请核对是否漏填或少填了一位数；如属实，请在说明中写明原因。",
     ]
    `);
    expect(up).toMatchObject({ expected: 1203, actual: 12000, cells: ['T2.license.decisions'] });
  });

  it('does not assess a blank or unusable figure on either side', () => {
    expect(jumps('T2.license.decisions', 'x' as unknown as number, 5)).toEqual([]);
    expect(brief(across(withCells(now, { 'T3.new.total': 300 }), withCells(before, { 'T3.new.total': null }))).filter(([r]) => r === 'X.jump')).toEqual([]);
  });
});

describe('X.identical: tables', () => {
  const copied = (data: ReportData): ReportData => ({ ...data, year: (data.year ?? 2024) - 1 });
  // A copy also breaks X.carried and X.inForce; these tests look at X.identical alone.
  const identical = (now: ReportData, before: ReportData): Finding[] => across(now, before).filter((f) => f.rule === 'X.identical');

  it('warns when this year’s tables are last year’s, naming the figures that repeat', () => {
    const now = validReport2021();
    const findings = identical(now, copied(now));

    // The 现行有效 figures stay the same by nature and are not counted; T2/T3/T4 inputs with figures are.
    const telling = cellsOf(FORMAT_2021).filter((c) => !c.computed && !(LIKENESS.stable as readonly string[]).includes(c.id) && (VALID_INPUTS[c.id] ?? 0) !== 0);
    expect(findings).toEqual([
      {
        rule: 'X.identical',
        severity: 'warning',
        message: `本年表二、表三、表四填写的数字与上年年报完全相同（${telling.length} 个非零数字均与上年一致）。年报应写本年度的实际情况，不应照抄上年（年度报告格式将“内容雷同”列为问题）。请按本年度的统计核对；如确实相同，请在说明中写明。`,
        cells: telling.map((c) => c.id),
      },
    ]);
  });

  it('is quiet for an all-zero report equal to last year’s (a small organ with nothing to report)', () => {
    const zero: ReportData = { format: '2021', year: 2024, organ: '某镇人民政府', cells: withTotals(FORMAT_2021, {}) };
    expect(across(zero, copied(zero))).toEqual([]);
    expect(likeness({ data: zero }, { data: copied(zero) }).tables).toBe(false);
  });

  const few = (n: number): ReportData => {
    const ids = ['T2.license.decisions', 'T2.penalty.decisions', 'T2.coercion.decisions', 'T3.new.natural', 'T3.disclosed.natural', 'T4.review.upheld', 'T4.review.total'];
    const inputs: Record<string, number> = { 'T2.normative.inForce': 8 };
    ids.slice(0, n).forEach((id, i) => (inputs[id] = i + 1));
    return { format: '2021', year: 2024, organ: '某镇人民政府', cells: withTotals(FORMAT_2021, inputs) };
  };

  it(`needs ${LIKENESS.minSame} non-zero figures in common before equal tables are telling (现行有效 not counted)`, () => {
    expect(identical(few(5), copied(few(5)))).toEqual([]);
    expect(brief(identical(few(6), copied(few(6))))).toEqual([['X.identical', 'warning', 'T2.license.decisions']]);
  });

  it('warns for nearly identical tables (1 in 10 non-zero figures differs), not for 2 in 10', () => {
    const inputs = { ...VALID_INPUTS };
    const now: ReportData = { ...validReport2021(), cells: withTotals(FORMAT_2021, inputs) };
    const telling = Object.keys(inputs).filter((id) => !(LIKENESS.stable as readonly string[]).includes(id)).length;
    // Change figures in last year's copy until just under 90% remain equal.
    const changed = (count: number): ReportData => {
      const ids = ['T2.license.decisions', 'T2.penalty.decisions', 'T2.coercion.decisions', 'T2.fee.amount', 'T2.regulation.issued', 'T2.normative.issued'];
      const cells = { ...inputs };
      for (const id of ids.slice(0, count)) cells[id] = (cells[id] ?? 0) + 1;
      return { ...now, year: 2023, cells: withTotals(FORMAT_2021, cells) };
    };
    const allowed = Math.floor(telling * (1 - LIKENESS.minShare));
    const near = identical(now, changed(allowed))[0];
    expect(near?.message).toContain(`（${telling} 个非零数字中 ${telling - allowed} 个与上年一致）`);
    expect(near?.message).toContain('几乎相同');
    expect(identical(now, changed(allowed + 1))).toEqual([]);
  });

  it('does not count a figure blank on either side', () => {
    const now = few(6);
    expect(identical(now, withCells(copied(now), { 'T4.review.upheld': null }))).toEqual([]);
    expect(identical(withCells(now, { 'T4.review.upheld': '无' }), copied(now))).toEqual([]);
  });
});

const PROSE = {
  management:
    '为全面贯彻落实国家、省、吕梁市关于推进政务公开的各项部署要求，推进政务信息规范公开，成立了政务公开工作领导小组，不断加强对政府信息公开工作的组织领导，严格政府信息公开管理，坚决把好政治关、政策关、文字关，着力保障信息的权威性、准确性、时效性。一是印发了《政务公开组织管理规范》，进一步明确了对政务公开组织领导、主管部门、工作机构和学习培训的要求。二是全面落实落细《吕梁市 2024 年度政务公开工作要点》，将各项工作任务细分到单位、落实到人。三是印发了《政府信息主动公开工作规范》，进一步明确了对政府信息主动公开工作中信息发布、政策解读和公众参与的要求。',
  platform:
    '一是持续做好县政府门户网站的管理维护工作，深化对网站页面信息的规范化管理，建立健全网站信息归档制度、网站安全监测预警机制，加大对网站栏目的巡查工作，稳步推进政府网站规范化运行。二是持续抓好政府系统政务新媒体管理工作，对未达到开办资格、确属无力维护的，全部予以关停，新媒体开设与运营坚决落实审批备案制度，杜绝私开私设违规运行。',
  supervision:
    '一是持续强化监督管理，加强对各乡（镇）、各部门政府信息公开工作的督促检查，全力推动形成县、乡、部门协同共进推动工作落实的良好局面，确保我县政务公开工作有序推进。二是积极组织各乡镇、县直单位参加全市政务公开工作培训会，提升业务水平，提升工作效率。',
  active:
    '根据《山西省 2024 年政务公开工作要点》《吕梁市 2024 年政务公开工作要点》精神，坚持以公开促落实、促法治、促服务、促廉政、促规范、强监管等要求，持续推动我县政府信息公开制度化、规范化、常态化，以高质量的政务公开，助力我县优化营商环境，推动我县高质量发展。全年，我县政府门户网站更新政务动态信息 1735 条，信息公开目录信息 1521 条，发布政策性文件 13 件，政策解读 12 条。',
  /** Another organ on the same subject as `platform`. */
  otherPlatform:
    '我市持续加强政府网站建设管理，定期开展网站内容安全检查，及时更新栏目内容，确保网站信息准确、权威。同时，规范政务新媒体运营，对长期不更新、无力维护的政务新媒体予以关停整合，建立健全信息发布审核机制，提升平台服务水平。',
  preamble:
    '本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项共计 6 部分。本年报所列数据的统计期限自 2024 年 1 月 1 日起至 12 月 31 日止。本报告电子版可以从交口县人民政府网站(www.jiaokou.gov.cn) 上下载。如对报告有任何疑问，请联系交口县人民政府办公室（联系电话：0358-5422520，传真：0358-5427520，邮编：032400。地址：交口县龙泉街 16 号）。',
};

const lastYear = (text: string): string => text.replace(/2024/g, '2023');

describe('X.identical: paragraphs', () => {
  const { now, before } = pair();
  const text = (data: ReportData, paragraphs: readonly string[]): ComparedReport => ({ data, paragraphs: paragraphs.map((t, i) => ({ id: `p${i + 1}`, text: t })) });
  const copies = (mine: readonly string[], theirs: readonly string[]): Finding[] => across(text(now, mine), text(before, theirs)).filter((f) => f.rule === 'X.identical');

  it('warns for a paragraph copied with only the year changed, at its paragraph, quoting it', () => {
    const findings = copies(['一、总体情况', PROSE.platform, PROSE.management], [lastYear(PROSE.management), '（三）政府信息管理', PROSE.otherPlatform]);
    expect(findings).toEqual([
      {
        rule: 'X.identical',
        severity: 'warning',
        message:
          '正文“为全面贯彻落实国家、省、吕梁市关于推进政…”一段与上年年报的一段文字相同（年份和统计数字除外）。年报应写本年度的实际情况，不应照抄上年（年度报告格式将“内容雷同”列为问题），请改写。',
        cells: [],
        paragraph: 'p3',
        quote: '为全面贯彻落实国家、省、吕梁市关于推进政…',
      },
    ]);
  });

  it('treats a copy whose statistics were updated as a copy: the figures are the tables’ business', () => {
    const updated = PROSE.active.replace('1735', '1802').replace('1521', '1377').replace('13 件', '9 件');
    expect(copies([PROSE.active], [lastYear(updated)])).toHaveLength(1);
  });

  it('warns for nearly identical paragraphs (a few words changed) and says how alike', () => {
    const edited = PROSE.management.replace('成立了', '调整了').replace('坚决', '始终').replace('进一步', '');
    const [finding] = copies([PROSE.management], [edited]);
    expect(finding?.message).toMatch(/几乎相同（相似度 9\d%）/);
  });

  it('warns when most of a paragraph is copied and a sentence added', () => {
    const [finding] = copies([`${PROSE.supervision}三是将政务公开工作纳入年度目标责任考核，考核结果作为评先评优的重要依据。`], [PROSE.supervision]);
    expect(finding?.message).toMatch(/大部分相同（相似度 7\d%）/);
  });

  it('is quiet for paragraphs written afresh, even on the same subject, or with only the opening sentence kept', () => {
    const rewritten = PROSE.management.replace(
      /一是.*$/,
      '一是组织召开全县政务公开工作推进会，通报各单位公开情况，对排名靠后的单位进行约谈。二是开展政府信息公开专题培训两期，覆盖全县各乡镇和县直部门信息公开工作人员。',
    );
    expect(copies([PROSE.platform, rewritten], [PROSE.otherPlatform, PROSE.supervision, PROSE.management])).toEqual([]);
  });

  it('ignores headings, short paragraphs and the sentences every report carries (preamble, contacts)', () => {
    const short = '严格执行政府信息公开相关规定，确保信息公开工作规范有序开展。';
    expect(copies(['一、总体情况', short, PROSE.preamble], ['一、总体情况', short, lastYear(PROSE.preamble)])).toEqual([]);
  });

  it('ignores the generated text: the same sentences come out of the same figures every year', () => {
    const doc = (data: ReportData): ComparedReport => ({
      data,
      paragraphs: generateDocument(data)
        .blocks.filter((b) => b.kind !== 'table')
        .map((b) => ({ id: b.id, text: b.text })),
    });
    const zero: ReportData = { format: '2021', year: 2024, organ: '某镇人民政府', cells: withTotals(FORMAT_2021, {}) };
    expect(across(doc(zero), doc({ ...zero, year: 2023 }))).toEqual([]);
    const sample = jiaokou();
    expect(across(doc(sample), doc({ ...lastYearOf(sample), year: 2023 })).filter((f) => f.rule === 'X.identical')).toEqual([]);
  });

  it('gives one finding per paragraph of this year, even when it resembles several of last year', () => {
    expect(copies([PROSE.platform], [PROSE.platform, lastYear(PROSE.platform)])).toHaveLength(1);
  });
});

describe('last year’s report for another year', () => {
  it.each([
    [2022, 2024],
    [2024, 2024],
    [2025, 2024],
  ])('last year’s report for %i against %i: one warning naming both years, no other X check', (previousYear, year) => {
    const { now, before } = pair();
    const findings = across({ ...now, year }, withCells({ ...before, year: previousYear }, { 'T3.carryForward.natural': 9 }));
    expect(findings).toEqual([
      {
        rule: 'X.carried',
        severity: 'warning',
        message: `所给的上年年报是 ${previousYear} 年度的，而本报告是 ${year} 年度的，应与 ${year - 1} 年度的年报比对。跨年度核对（上年结转、现行有效件数、数字突变、内容雷同）均未进行，请改用 ${year - 1} 年度的年报。`,
        cells: FORMAT_2021.t3.columns.map((c) => `T3.carried.${c.key}`),
      },
    ]);
  });

  it('runs the checks when either year is unknown', () => {
    const { now, before } = pair();
    const broken = withCells(before, { 'T3.carryForward.natural': 9 });
    expect(brief(across({ ...now, year: null }, broken))).toEqual([['X.carried', 'error', 'T3.carried.natural']]);
    const undated: ReportData = { format: broken.format, cells: broken.cells };
    expect(brief(across(now, undated))).toEqual([['X.carried', 'error', 'T3.carried.natural']]);
  });
});

describe('a 2019-format report as last year’s', () => {
  const now = (): ReportData => ({ ...validReport2021(), year: 2021 });
  /** The 2020 report in the 2019 format, consistent with `now`. */
  const old = (): ReportData => {
    const r = validReport2019();
    const cells: Record<string, CellValue> = { ...(r.cells as Record<string, CellValue>) };
    // Last year's 结转下年度 is this year's 上年结转; different results, so the tables are not copied.
    for (const c of FORMAT_2019.t3.columns) {
      cells[`T3.carryForward.${c.key}`] = VALID_INPUTS[`T3.carried.${c.key}`] ?? 0;
      cells[`T3.disclosed.${c.key}`] = 0;
    }
    const inputs = Object.fromEntries(cellsOf(FORMAT_2019).filter((c) => !c.computed).map((c) => [c.id, cells[c.id] ?? 0]));
    inputs['T3.carryForward.natural'] = 2;
    inputs['T3.carryForward.commercial'] = 1;
    inputs['T3.disclosed.natural'] = 7;
    return { ...r, year: 2020, cells: withTotals(FORMAT_2019, inputs) };
  };

  it('compares 上年结转 (same ids) and says once that 现行有效 could not be checked', () => {
    const findings = across(now(), old());
    expect(brief(findings)).toEqual([['X.inForce', 'info', 'T2.regulation.inForce']]);
    expect(findings[0]?.cells).toEqual(['T2.regulation.inForce', 'T2.normative.inForce']);
    expect(findings[0]?.message).toContain('2019 年（试行）格式');
    expect(brief(across(now(), withCells(old(), { 'T3.carryForward.natural': 5 }))).slice(0, 1)).toEqual([['X.carried', 'error', 'T3.carried.natural']]);
  });

  it('compares the T2 decisions through the format map, and no other T2 cell', () => {
    expect(counterpart('T2.license.decisions', '2021', '2019')).toEqual(['T2.license.decisions']);
    expect(counterpart('T2.regulation.issued', '2021', '2019')).toBeNull();
    expect(counterpart('T3.other.natural', '2019', '2021')).toEqual(['T3.other1.natural', 'T3.other2.natural', 'T3.other3.natural']);
    expect(counterpart('T3.other2.natural', '2021', '2019')).toBeNull();
    const jumps = across(withCells(now(), { 'T2.license.decisions': 9000, 'T2.regulation.issued': 90 }), old()).filter((f) => f.rule === 'X.jump');
    expect(brief(jumps)).toEqual([['X.jump', 'warning', 'T2.license.decisions']]);
  });

  it('compares its single （六）其他处理 row with other1 + other2 + other3: the same figures read as copied tables', () => {
    const same = { ...validReport2019(), year: 2020 };
    expect(brief(across(now(), same).filter((f) => f.rule === 'X.identical'))).toEqual([['X.identical', 'warning', 'T2.license.decisions']]);
    expect(likeness({ data: now() }, { data: same }).tables).toBe(true);
    // Moving one 其他处理 between the three 2021 rows changes nothing the 2019 row can see.
    const moved = withCells(now(), { 'T3.other1.natural': 0, 'T3.other3.natural': 1 });
    expect(likeness({ data: moved }, { data: same }).tables).toBe(true);
  });
});

describe('likeness', () => {
  const report = (data: ReportData, paragraphs: readonly string[]): ComparedReport => ({ data, paragraphs: paragraphs.map((text, i) => ({ id: `${data.organ ?? ''}${i}`, text })) });
  const a = report({ ...validReport2021(), organ: '甲' }, [PROSE.platform, PROSE.management, PROSE.supervision]);
  const b = report({ ...validReport2021(), organ: '乙', year: 2023 }, [PROSE.otherPlatform, lastYear(PROSE.management), PROSE.supervision.slice(0, 30)]);

  it('is symmetric: swapping the reports swaps the pairs', () => {
    const ab = likeness(a, b);
    const ba = likeness(b, a);
    expect(ab.tables).toBe(true);
    expect(ab.paragraphs).toEqual([{ id: '甲1', otherId: '乙1', similarity: 1 }]);
    expect(ba).toEqual({ tables: true, paragraphs: ab.paragraphs.map((p) => ({ id: p.otherId, otherId: p.id, similarity: p.similarity })) });
  });

  it('makes the same judgement from precomputed signatures', () => {
    expect(compareSignatures(likenessSignature(a), likenessSignature(b))).toEqual(likeness(a, b));
  });

  it('normalises full-width characters, spacing, punctuation and the year digits', () => {
    expect(normaliseText('２０２４年，我县 共办理　12件。')).toBe(normaliseText('2023 年我县共办理12件'));
    expect(normaliseText('二〇二四年度')).toBe('年度');
    // A figure that is not a year stays.
    expect(normaliseText('决定2024件')).toBe('决定2024件');
  });

  it('compares a batch of reports pairwise quickly (signatures once, then every pair)', () => {
    const random = seeded(7);
    const reports = Array.from({ length: 120 }, (_, i) => {
      const data = { ...validReport(random), organ: `单位${i}` };
      const doc = generateDocument(data).blocks.filter((x) => x.kind !== 'table');
      return { data, paragraphs: [...doc.map((x) => ({ id: x.id, text: x.text })), { id: 'own', text: `${PROSE.platform.slice(i % 40)}${i}` }] };
    });
    const started = Date.now();
    const signatures = reports.map(likenessSignature);
    let alike = 0;
    for (let i = 0; i < signatures.length; i++) for (let j = i + 1; j < signatures.length; j++) alike += compareSignatures(signatures[i]!, signatures[j]!).paragraphs.length;
    expect(alike).toBeGreaterThan(0);
    // 7140 pairs; about 0.1 s on a quiet machine. The bound leaves room for a busy test runner.
    expect(Date.now() - started).toBeLessThan(10000);
  });
});

describe('validateReport with last year’s report', () => {
  it('adds the X findings after the others, at their cells', () => {
    const { now, before } = pair();
    const result = validateReport(
      now,
      { addresses: new Map([['T3.carried.natural', '年报!C8']]), problems: [] },
      undefined,
      { previous: { data: withCells(before, { 'T3.carryForward.natural': 5, 'T3.carryForward.total': 6 }) } },
    );
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'X.carried', address: '年报!C8' })]);
  });

  it('locates a copied paragraph at its paragraph', () => {
    const { now, before } = pair();
    const narrative = { paragraphs: [{ id: 's1.3.text', text: PROSE.management }], addressOf: (id: string) => (id === 's1.3.text' ? '正文!B12' : undefined) };
    const result = validateReport(now, undefined, narrative, { previous: { data: before, paragraphs: [{ id: 'p9', text: lastYear(PROSE.management) }] } });
    expect(result.findings.filter((f) => f.rule === 'X.identical')).toEqual([expect.objectContaining({ paragraph: 's1.3.text', address: '正文!B12' })]);
  });

  it('lets the text checks use last year’s figures for 同比', () => {
    const data: ReportData = { format: '2021', year: 2024, cells: withTotals(FORMAT_2021, { 'T3.new.natural': 163, 'T3.disclosed.natural': 163 }) };
    const before: ReportData = { format: '2021', year: 2023, cells: withTotals(FORMAT_2021, { 'T3.new.natural': 153, 'T3.disclosed.natural': 153 }) };
    const narrative = { paragraphs: [{ id: 'p1', text: '全年共收到政府信息公开申请163件，同比增长10%。' }], addressOf: () => undefined };
    const percent = (previous?: ReportData): Finding[] =>
      validateReport(data, undefined, narrative, previous ? { previous: { data: previous } } : {}).findings.filter((f) => f.rule === 'N.percent');

    expect(percent()).toEqual([]);
    expect(percent(before).map((f) => f.message)).toEqual([expect.stringContaining('本年为 163、上年为 153，应为增长 6.5%')]);
  });
});
