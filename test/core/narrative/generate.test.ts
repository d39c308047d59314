import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORMAT_2021, SECTION_HEADINGS_2021 } from '../../../src/core/format';
import { hasPlaceholder, hasReviewMarker, type ReportDocument } from '../../../src/core/narrative/document';
import { amountText, chineseDate, generateDocument } from '../../../src/core/narrative/generate';
import type { CellValue, ReportData, ReportInfo } from '../../../src/core/report/types';
import { VALID_INPUTS, validReport2019, validReport2021, withTotals } from '../../fixtures/rules/reports';
import { SAMPLES_DIR, generatedReport, jiaokou } from '../../support/reports';

const FULL_INFO: ReportInfo = {
  compiledBy: '某镇人民政府党政综合办公室',
  publishedOn: '2026-01-20',
  website: 'www.example.gov.cn',
  phone: '0358-1234567',
  address: '某镇人民路 1 号',
  postcode: '032400',
  feeNotices: 0,
  feeAmountYuan: 0,
  feeCollectedYuan: 0,
};

/** A township whose every figure is zero, with 基本信息 filled in. */
function zeroReport(): ReportData {
  return {
    format: '2021',
    year: 2025,
    organ: '某镇人民政府',
    cells: withTotals(FORMAT_2021, {}),
    info: { ...FULL_INFO, organLevel: 'township' },
  };
}

/** The hand-checked valid report of the rule cases (a city), with fees charged. */
function typicalReport(): ReportData {
  return {
    ...validReport2021(),
    year: 2025,
    info: {
      organLevel: 'city',
      compiledBy: '示例市人民政府办公室',
      publishedOn: '2026-01-16',
      website: 'www.shili.gov.cn',
      phone: '0000-7654321',
      fax: '0000-7654322',
      address: '示例市政府路 8 号',
      postcode: '100000',
      feeNotices: 2,
      feeAmountYuan: 300,
      feeCollectedYuan: 200,
    },
  };
}

/** A province-sized report: every figure of the typical one × 137, a large fee in 万元 with 4 decimals. */
function largeReport(): ReportData {
  const inputs = Object.fromEntries(Object.entries(VALID_INPUTS).map(([id, v]) => [id, v * 137]));
  inputs['T2.fee.amount'] = 12345.6789;
  return {
    format: '2021',
    year: 2024,
    organ: '某省人民政府',
    cells: withTotals(FORMAT_2021, inputs),
    info: {
      organLevel: 'province',
      compiledBy: '某省人民政府办公厅',
      publishedOn: '2025-1-31',
      website: 'www.mousheng.gov.cn',
      phone: '0000-1111111',
      address: '某省会市政府路 1 号',
      postcode: '100001',
      feeNotices: 31,
      feeAmountYuan: 12600.5,
      feeCollectedYuan: 9800,
    },
  };
}

const textOf = (doc: ReportDocument, id: string): string => doc.blocks.find((b) => b.id === id)?.text ?? `(no block ${id})`;
/** The paragraphs written from the figures, as `id: text`. */
const figureParagraphs = (doc: ReportDocument): string[] =>
  ['s1.2.text', 's2.summary', 's3.summary', 's4.summary', 's6.fee'].map((id) => `${id}: ${textOf(doc, id)}`);
const withCells = (data: ReportData, cells: Record<string, CellValue>): ReportData => ({ ...data, cells: { ...data.cells, ...cells } });

describe('generateDocument: the blocks', () => {
  it('gives every report the same ids in the order of the format', () => {
    const ids = generateDocument(jiaokou()).blocks.map((b) => `${b.id}:${b.kind}`);
    expect(ids).toEqual(generateDocument({ format: '2021', cells: {} }).blocks.map((b) => `${b.id}:${b.kind}`));
    expect(ids).toMatchInlineSnapshot(`
     [
       "title:title",
       "preamble.basis:paragraph",
       "preamble.parts:paragraph",
       "preamble.period:paragraph",
       "preamble.contact:paragraph",
       "s1.heading:heading1",
       "s1.1.heading:heading2",
       "s1.1.text:paragraph",
       "s1.2.heading:heading2",
       "s1.2.text:paragraph",
       "s1.3.heading:heading2",
       "s1.3.text:paragraph",
       "s1.4.heading:heading2",
       "s1.4.text:paragraph",
       "s1.5.heading:heading2",
       "s1.5.text:paragraph",
       "s2.heading:heading1",
       "s2.summary:paragraph",
       "s2.table:table",
       "s3.heading:heading1",
       "s3.summary:paragraph",
       "s3.table:table",
       "s4.heading:heading1",
       "s4.summary:paragraph",
       "s4.table:table",
       "s5.heading:heading1",
       "s5.problems:paragraph",
       "s5.improvements:paragraph",
       "s6.heading:heading1",
       "s6.fee:paragraph",
       "signature:signature",
       "date:date",
     ]
    `);
  });

  it("heads the six sections with the format's headings verbatim", () => {
    const headings = generateDocument(typicalReport())
      .blocks.filter((b) => b.kind === 'heading1')
      .map((b) => b.text);
    expect(headings).toEqual([...SECTION_HEADINGS_2021]);
  });

  it('asks the clerk, visibly, for the parts only the clerk can write', () => {
    const doc = generateDocument(typicalReport());
    const asked = doc.blocks.filter((b) => b.source === 'placeholder').map((b) => b.id);
    expect(asked).toEqual(['s1.1.text', 's1.3.text', 's1.4.text', 's1.5.text', 's5.problems', 's5.improvements']);
    for (const b of doc.blocks) expect(hasPlaceholder(b.text)).toBe(b.source === 'placeholder');
  });

  it('writes the whole document of a zero report', () => {
    const doc = generateDocument(zeroReport());
    expect(doc.blocks.filter((b) => b.kind !== 'table').map((b) => `${b.id}: ${b.text}`)).toMatchInlineSnapshot(`
     [
       "title: 某镇人民政府2025年政府信息公开工作年度报告",
       "preamble.basis: 依据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）要求，由某镇人民政府党政综合办公室编制某镇人民政府2025年政府信息公开工作年度报告。",
       "preamble.parts: 本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项共计六部分。",
       "preamble.period: 本报告所列数据的统计期限自2025年1月1日起至2025年12月31日止。",
       "preamble.contact: 本报告电子版可在www.example.gov.cn查阅和下载。如对本报告有疑问，请与某镇人民政府党政综合办公室联系（联系电话：0358-1234567，地址：某镇人民路 1 号，邮编：032400）。",
       "s1.heading: 一、总体情况",
       "s1.1.heading: （一）主动公开",
       "s1.1.text: 【请填写：主动公开工作情况：本年度主动公开的主要做法，发布政策文件、政策解读等的情况】",
       "s1.2.heading: （二）依申请公开",
       "s1.2.text: 2025年，本机关未收到政府信息公开申请，无上年结转申请。",
       "s1.3.heading: （三）政府信息管理",
       "s1.3.text: 【请填写：政府信息管理情况：公开属性认定、发布审核、动态调整等做法】",
       "s1.4.heading: （四）政府信息公开平台建设",
       "s1.4.text: 【请填写：政府信息公开平台建设情况：政府网站、政务新媒体、政府公报等平台的建设和管理】",
       "s1.5.heading: （五）监督保障",
       "s1.5.text: 【请填写：监督保障情况：工作考核、社会评议和责任追究结果等】",
       "s2.heading: 二、主动公开政府信息情况",
       "s2.summary: 2025年，本机关未制发、废止行政规范性文件，无现行有效的行政规范性文件；全年未作出行政许可、行政处罚、行政强制决定；未收取行政事业性收费。",
       "s3.heading: 三、收到和处理政府信息公开申请情况",
       "s3.summary: 2025年，本机关收到和处理政府信息公开申请的具体情况见下表。",
       "s4.heading: 四、政府信息公开行政复议、行政诉讼情况",
       "s4.summary: 2025年，本机关未发生因政府信息公开引起的行政复议、行政诉讼。",
       "s5.heading: 五、存在的主要问题及改进情况",
       "s5.problems: 【请填写：本年度政府信息公开工作存在的主要问题】",
       "s5.improvements: 【请填写：针对上述问题的改进情况和下一步工作打算】",
       "s6.heading: 六、其他需要报告的事项",
       "s6.fee: 本机关2025年度未收取政府信息公开信息处理费。",
       "signature: 某镇人民政府党政综合办公室",
       "date: 2026年1月20日",
     ]
    `);
  });
});

describe('generateDocument: the figures in words', () => {
  it('writes a typical report', () => {
    expect(figureParagraphs(generateDocument(typicalReport()))).toMatchInlineSnapshot(`
     [
       "s1.2.text: 2025年，本机关共收到政府信息公开申请29件（其中自然人20件，法人或其他组织9件），上年结转3件；共办结27件，结转下年度继续办理5件。办结的申请中，予以公开14件，部分公开4件，不予公开1件，无法提供3件，不予处理2件，其他处理3件。",
       "s2.summary: 2025年，本机关制发规章2件，废止1件，现行有效15件；制发行政规范性文件10件，废止3件，现行有效40件；全年作出行政许可决定1200件、行政处罚决定300件、行政强制决定12件；收取行政事业性收费26.55万元。",
       "s3.summary: 2025年，本机关收到和处理政府信息公开申请的具体情况见下表。新收的29件申请中，自然人提出20件，法人或其他组织提出9件（商业企业5件、科研机构1件、法律服务机构2件、其他1件）。不予公开的1件中，属于国家秘密1件；无法提供的3件中，本机关不掌握相关政府信息2件、没有现成信息需要另行制作1件；不予处理的2件中，信访举报投诉类申请1件、重复申请1件；其他处理的3件中，申请人无正当理由逾期不补正1件、申请人逾期未按收费通知要求缴纳费用1件、其他1件。",
       "s4.summary: 2025年，本机关因政府信息公开被申请行政复议4件（结果维持2件、结果纠正1件、尚未审结1件）；被提起行政诉讼1件，其中未经复议直接起诉1件（结果维持1件）。",
       "s6.fee: 依据《政府信息公开信息处理费管理办法》，本机关2025年度共发出收费通知2件，金额共计300元，实际收取信息处理费200元。",
     ]
    `);
  });

  it('writes a large report, counts unrounded and the fee with its 4 decimals', () => {
    expect(figureParagraphs(generateDocument(largeReport()))).toMatchInlineSnapshot(`
     [
       "s1.2.text: 2024年，本机关共收到政府信息公开申请3973件（其中自然人2740件，法人或其他组织1233件），上年结转411件；共办结3699件，结转下年度继续办理685件。办结的申请中，予以公开1918件，部分公开548件，不予公开137件，无法提供411件，不予处理274件，其他处理411件。",
       "s2.summary: 2024年，本机关制发规章274件，废止137件，现行有效2055件；制发行政规范性文件1370件，废止411件，现行有效5480件；全年作出行政许可决定164400件、行政处罚决定41100件、行政强制决定1644件；收取行政事业性收费12345.6789万元。",
       "s3.summary: 2024年，本机关收到和处理政府信息公开申请的具体情况见下表。新收的3973件申请中，自然人提出2740件，法人或其他组织提出1233件（商业企业685件、科研机构137件、法律服务机构274件、其他137件）。不予公开的137件中，属于国家秘密137件；无法提供的411件中，本机关不掌握相关政府信息274件、没有现成信息需要另行制作137件；不予处理的274件中，信访举报投诉类申请137件、重复申请137件；其他处理的411件中，申请人无正当理由逾期不补正137件、申请人逾期未按收费通知要求缴纳费用137件、其他137件。",
       "s4.summary: 2024年，本机关因政府信息公开被申请行政复议548件（结果维持274件、结果纠正137件、尚未审结137件）；被提起行政诉讼137件，其中未经复议直接起诉137件（结果维持137件）。",
       "s6.fee: 依据《政府信息公开信息处理费管理办法》，本机关2024年度共发出收费通知31件，金额共计12600.5元，实际收取信息处理费9800元。",
     ]
    `);
  });

  it('never writes a zero as “0件”, “0万元” or “0元” (outside the markers quoting a cell)', () => {
    const texts = [zeroReport(), typicalReport(), largeReport(), jiaokou()].flatMap((d) => generateDocument(d).blocks.map((b) => b.text));
    for (let seed = 0; seed < 300; seed++) texts.push(...generateDocument(generatedReport(seed).data).blocks.map((b) => b.text));
    for (const t of texts.map((x) => x.replace(/【[^】]*】/g, '【】'))) {
      expect(t).not.toMatch(/(?<![\d.])0(?:件|万元|元)/);
      expect(t).not.toMatch(/undefined|NaN|null|\[object/);
      expect(t).not.toMatch(/%/);
    }
  });

  it('states the preamble as the format asks: basis, six parts, period, contacts', () => {
    const doc = generateDocument(typicalReport());
    expect(
      ['title', 'preamble.basis', 'preamble.parts', 'preamble.period', 'preamble.contact', 'signature', 'date'].map((id) =>
        textOf(doc, id),
      ),
    ).toMatchInlineSnapshot(`
     [
       "示例市人民政府2025年政府信息公开工作年度报告",
       "依据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）要求，由示例市人民政府办公室编制示例市人民政府2025年政府信息公开工作年度报告。",
       "本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项共计六部分。",
       "本报告所列数据的统计期限自2025年1月1日起至2025年12月31日止。",
       "本报告电子版可在www.shili.gov.cn查阅和下载。如对本报告有疑问，请与示例市人民政府办公室联系（联系电话：0000-7654321，传真：0000-7654322，地址：示例市政府路 8 号，邮编：100000）。",
       "示例市人民政府办公室",
       "2026年1月16日",
     ]
    `);
  });

  it('puts placeholders in the contacts and date where 基本信息 is missing, and leaves out a missing fax', () => {
    const doc = generateDocument({ ...typicalReport(), info: { organLevel: 'city', website: 'www.shili.gov.cn' } });
    expect(textOf(doc, 'preamble.contact')).toMatchInlineSnapshot(
      `"本报告电子版可在www.shili.gov.cn查阅和下载。如对本报告有疑问，请与示例市人民政府联系（联系电话：【请填写：联系电话（基本信息）】，地址：【请填写：联系地址（基本信息）】，邮编：【请填写：邮政编码（基本信息）】）。"`,
    );
    expect(textOf(doc, 'date')).toBe('【请填写：发布日期（基本信息）】');
    expect(textOf(doc, 'signature')).toBe('示例市人民政府');
  });

  it('uses one year and one organ everywhere', () => {
    for (const data of [jiaokou(), typicalReport(), largeReport()]) {
      const doc = generateDocument(data);
      const years = doc.blocks.filter((b) => b.kind !== 'date').flatMap((b) => [...b.text.matchAll(/(\d{4})年/g)].map((m) => Number(m[1])));
      expect(new Set(years)).toEqual(new Set([data.year]));
      expect(textOf(doc, 'title')).toBe(`${data.organ ?? ''}${data.year ?? ''}年政府信息公开工作年度报告`);
      expect(doc).toMatchObject({ year: data.year, organ: data.organ });
    }
  });
});

describe('generateDocument: bad cells never become figures', () => {
  it('marks a text cell for review instead of printing its number', () => {
    const doc = generateDocument(withCells(jiaokou(), { 'T3.new.total': '12件' }));
    expect(textOf(doc, 's1.2.text')).toMatchInlineSnapshot(
      `"2024年，本机关共收到政府信息公开申请【请核对：表三“本年新收政府信息公开申请数量”行“总计”列填的“12件”不是数字】，无上年结转申请；共办结12件，无结转下年度继续办理的申请。办结的申请中，予以公开12件。"`,
    );
    expect(hasReviewMarker(textOf(doc, 's1.2.text'))).toBe(true);
  });

  it('marks a blank, negative or fractional cell', () => {
    const doc = generateDocument(withCells(jiaokou(), { 'T4.review.total': null, 'T2.penalty.decisions': -3, 'T2.normative.issued': 2.5 }));
    expect([textOf(doc, 's2.summary'), textOf(doc, 's4.summary')]).toMatchInlineSnapshot(`
     [
       "2024年，本机关制发行政规范性文件【请核对：表二“行政规范性文件”“本年制发件数”不是整数（2.5）】，未废止，现行有效16件；全年作出行政许可决定1939件、行政处罚决定【请核对：表二“行政处罚”为负数（-3）】、行政强制决定28件；收取行政事业性收费9669.2526万元。",
       "2024年，本机关因政府信息公开被申请行政复议【请核对：表四“行政复议”“总计”为空】（结果纠正1件、其他结果2件）；未发生因政府信息公开被提起行政诉讼的情况。",
     ]
    `);
  });

  it('turns a paragraph of many unusable figures into one marker', () => {
    const doc = generateDocument({ format: '2021', year: 2025, organ: '某县人民政府', cells: {} });
    expect(textOf(doc, 's1.2.text')).toMatchInlineSnapshot(
      `"【请核对：本段用到的多个单元格为空或不是数字（如表三“本年新收政府信息公开申请数量”行“总计”列为空），请在表格中填好后重新生成正文】"`,
    );
  });

  it('writes the same words whatever a bad cell holds: its content never becomes a figure', () => {
    const stripped = (data: ReportData): string =>
      generateDocument(data)
        .blocks.map((b) => b.text.replace(/【[^】]*】/g, '【】'))
        .join('\n');
    let checked = 0;
    for (let seed = 0; seed < 300; seed++) {
      const { data } = generatedReport(seed);
      const bad = Object.entries(data.cells).filter(
        ([id, v]) =>
          typeof v === 'string' ||
          typeof v === 'boolean' ||
          (typeof v === 'number' && (v < 0 || (!Number.isInteger(v) && id !== 'T2.fee.amount'))),
      );
      if (bad.length === 0) continue;
      const blanked = withCells(data, Object.fromEntries(bad.map(([id]) => [id, null])));
      expect(stripped(data)).toBe(stripped(blanked));
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
  });
});

describe('generateDocument: 规章 and table 二', () => {
  it('leaves 规章 out for an organ that cannot make them when its figures are zero', () => {
    expect(textOf(generateDocument(jiaokou()), 's2.summary')).not.toContain('规章');
  });

  it('states zero 规章 for an organ that may make them, and non-zero 规章 for any organ', () => {
    const city = withCells(
      { ...validReport2021(), info: { organLevel: 'city' } },
      { 'T2.regulation.issued': 0, 'T2.regulation.repealed': 0, 'T2.regulation.inForce': 0 },
    );
    expect(textOf(generateDocument(city), 's2.summary')).toContain('未制发、废止规章，无现行有效的规章');
    expect(textOf(generateDocument(withCells(jiaokou(), { 'T2.regulation.issued': 1 })), 's2.summary')).toContain(
      '制发规章1件，未废止，无现行有效的规章',
    );
  });

  it('says what was not done when a decision count is zero', () => {
    const doc = generateDocument(withCells(jiaokou(), { 'T2.penalty.decisions': 0, 'T2.coercion.decisions': 0, 'T2.fee.amount': 0 }));
    expect(textOf(doc, 's2.summary')).toBe(
      '2024年，本机关制发行政规范性文件7件，未废止，现行有效16件；全年作出行政许可决定1939件，未作出行政处罚、行政强制决定；未收取行政事业性收费。',
    );
  });

  it('asks for the table 二 text of a 2019-format report rather than guess its columns', () => {
    expect(generateDocument(validReport2019()).blocks.find((b) => b.id === 's2.summary')?.source).toBe('placeholder');
  });
});

describe('generateDocument: 信息处理费 (section 六)', () => {
  it.each<[string, ReportInfo, string]>([
    ['all zero', { feeNotices: 0, feeAmountYuan: 0, feeCollectedYuan: 0 }, '本机关2024年度未收取政府信息公开信息处理费。'],
    ['zero notices, the rest left empty', { feeNotices: 0 }, '本机关2024年度未收取政府信息公开信息处理费。'],
    [
      'notices issued and paid',
      { feeNotices: 3, feeAmountYuan: 600, feeCollectedYuan: 400.5 },
      '依据《政府信息公开信息处理费管理办法》，本机关2024年度共发出收费通知3件，金额共计600元，实际收取信息处理费400.5元。',
    ],
    [
      'notices issued, nothing paid',
      { feeNotices: 1, feeAmountYuan: 100, feeCollectedYuan: 0 },
      '依据《政府信息公开信息处理费管理办法》，本机关2024年度共发出收费通知1件，金额共计100元，未实际收取信息处理费。',
    ],
    [
      'notices issued, amounts not filled in',
      { feeNotices: 2 },
      '依据《政府信息公开信息处理费管理办法》，本机关2024年度共发出收费通知2件，金额共计【请填写：收费通知金额（元）】，实际收取信息处理费【请填写：实际收取金额（元）】。',
    ],
    [
      'a text in place of a count',
      { feeNotices: '若干' as unknown as number, feeAmountYuan: 100, feeCollectedYuan: 100 },
      '依据《政府信息公开信息处理费管理办法》，本机关2024年度共发出收费通知【请核对：基本信息“信息处理费：发出收费通知（件）”填的“若干”不是数字】，金额共计100元，实际收取信息处理费100元。',
    ],
  ])('%s', (_, fee, expected) => {
    expect(
      textOf(generateDocument({ ...jiaokou(), info: { ...jiaokou().info, feeNotices: null, feeAmountYuan: null, ...fee } }), 's6.fee'),
    ).toBe(expected);
  });

  it('asks for 基本信息 when nothing about the fee is known', () => {
    const doc = generateDocument({ ...jiaokou(), info: {} });
    const fee = doc.blocks.find((b) => b.id === 's6.fee');
    expect(fee?.source).toBe('placeholder');
    expect(fee?.text).toContain('基本信息');
  });
});

describe('generateDocument: the sample report (交口县 2024) states what its own text states', () => {
  const sample = readFileSync(join(SAMPLES_DIR, 'jiaokou-2024.md'), 'utf8');
  /** The sample's text without the spaces its PDF copy put around figures. */
  const flat = sample.replace(/[ \u00a0]+/g, '');
  const doc = generateDocument(jiaokou());

  /** Figures stated with a phrase: `受理政府信息公开申请12件` → 12. */
  function stated(text: string, phrase: RegExp): number[] {
    return [...text.matchAll(new RegExp(`${phrase.source}(\\d+)件`, 'g'))].map((m) => Number(m[1]));
  }

  it('一（二）: the applications received', () => {
    const section = flat.slice(flat.indexOf('（二）依申请公开'), flat.indexOf('（三）政府信息管理'));
    const received = stated(section, /受理政府信息公开申请/);
    expect(received).toEqual([12]);
    const text = textOf(doc, 's1.2.text');
    expect(stated(text, /收到政府信息公开申请/)).toEqual(received);
    // Every other figure the paragraph states is one of the table's, and none is a zero.
    expect([...text.matchAll(/(\d+)件/g)].map((m) => Number(m[1]))).toEqual([12, 12, 12]);
    expect(stated(text, /共办结/)).toEqual([12]);
    expect(stated(text, /予以公开/)).toEqual([12]);
    expect(text).toContain('无上年结转申请');
    expect(text).toContain('无结转下年度继续办理的申请');
  });

  it('四: the reviews and their results, as the sample prints them in its table', () => {
    const row = sample.split('\n').find((l) => /^\d+(\t\d+){14}$/.test(l.trim()));
    const [upheld, corrected, other, pending, total, ...suits] = (row ?? '').trim().split('\t').map(Number);
    expect([upheld, corrected, other, pending, total]).toEqual([0, 1, 2, 0, 3]);
    expect(suits.every((v) => v === 0)).toBe(true);
    const text = textOf(doc, 's4.summary');
    expect(stated(text, /行政复议/)).toEqual([total]);
    expect(stated(text, /结果纠正/)).toEqual([corrected]);
    expect(stated(text, /其他结果/)).toEqual([other]);
    expect(stated(text, /结果维持|尚未审结/)).toEqual([]);
    expect(text).toContain('未发生因政府信息公开被提起行政诉讼');
  });

  it('六: no 信息处理费 was collected', () => {
    const six = flat.slice(flat.indexOf('六、其他需要报告的事项'));
    const sentence = /本机关(\d{4})年度未收取政府信息公开信息处理费。/.exec(six);
    expect(sentence?.[1]).toBe('2024');
    expect(textOf(doc, 's6.fee')).toBe(sentence?.[0]);
  });

  it('the signature and date of the sample', () => {
    expect([textOf(doc, 'signature'), textOf(doc, 'date')]).toEqual(['交口县人民政府办公室', '2025年1月16日']);
    expect(flat).toContain('2025年1月16日');
  });
});

describe('helpers', () => {
  it('prints amounts with at most the given decimals and no trailing zeros', () => {
    expect([
      amountText(9669.2526, 4),
      amountText(26.55, 4),
      amountText(300, 4),
      amountText(47.1, 4),
      amountText(12.345678, 4),
      amountText(400.5, 2),
    ]).toEqual(['9669.2526', '26.55', '300', '47.1', '12.3457', '400.5']);
  });

  it('reads a publication date', () => {
    expect([
      chineseDate('2025-01-16'),
      chineseDate('2025/1/6'),
      chineseDate('2025年1月16日'),
      chineseDate('2025-02-30'),
      chineseDate('下周'),
    ]).toEqual(['2025年1月16日', '2025年1月6日', '2025年1月16日', null, null]);
  });
});
