import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importPublished, textToDocument, type PublishedImport } from '../../../../src/core/import/published';
import type { ReportData } from '../../../../src/core/report/types';
import { validateReport } from '../../../../src/core/validate';
import { SAMPLES_DIR } from '../../../support/reports';

/** ../shared/samples/jiaokou-2024.md: a real published report copied from its PDF, page-break noise included. */
const SAMPLE = readFileSync(join(SAMPLES_DIR, 'jiaokou-2024.md'), 'utf8');
const EXPECTED = JSON.parse(readFileSync(join(SAMPLES_DIR, 'jiaokou-2024.json'), 'utf8')) as ReportData;
/** The （四）1 row is printed one value short: the sample JSON takes it as 0, the importer leaves it unread. */
const SHORT_ROW =
  EXPECTED.format === '2021'
    ? ['natural', 'commercial', 'research', 'nonprofit', 'legal', 'otherOrg', 'total'].map((c) => `T3.unable1.${c}`)
    : [];

function imported(): PublishedImport {
  const r = importPublished(textToDocument(SAMPLE));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function validated(value: PublishedImport) {
  const { data, problems, places, paragraphs } = value;
  return validateReport(data, { addresses: places, problems }, { paragraphs, addressOf: (id) => places.get(id) });
}

describe('the sample report (../shared/samples/jiaokou-2024.md)', () => {
  it('validates to exactly: the blank 结转 cell, 本年度止件数, the short （四）1 row, and 我县我县', () => {
    const findings = validated(imported()).findings;

    expect(findings.map((f) => [f.rule, f.severity, f.cells.length > 1 ? `${f.cells[0] ?? ''}…` : (f.cells[0] ?? '')])).toEqual([
      ['F.label', 'warning', 'T2.regulation.repealed…'],
      ['F.missingRow', 'error', 'T3.unable1.natural…'],
      ['cell.blank', 'error', 'T3.carryForward.commercial'],
      ['F.repeatedWord', 'warning', ''],
    ]);
    const [label, short, blank, repeated] = findings;
    expect(label?.message).toContain('“本年度止件数”');
    expect(label?.message).toContain('“本年废止件数”');
    expect(label?.address).toBe('第 42 行');
    expect(short?.cells).toEqual(SHORT_ROW);
    expect(short?.message).toContain('第 75 行');
    expect(short?.message).toContain('只有 6 个数字，而格式有 7 列');
    expect(short?.address).toBe('第 75 行');
    expect(blank?.address).toBe('第 88 行');
    expect(repeated?.message).toContain('我县我县');
    expect(repeated?.address).toBe('第 99 行');
  });

  it('reads every other cell as the sample JSON has it, and leaves the short row absent (never shifted)', () => {
    const { data } = imported();
    const expected = Object.fromEntries(Object.entries(EXPECTED.cells).filter(([id]) => !SHORT_ROW.includes(id)));

    expect(data.cells).toEqual(expected);
    for (const id of SHORT_ROW) expect(id in data.cells).toBe(false);
    expect(data.cells['T3.carryForward.commercial']).toBeNull();
    expect(data.cells['T2.fee.amount']).toBe(9669.2526);
  });

  it('reads the year, the organ (the title’s 交口县 as the text names it, 交口县人民政府) and 基本信息', () => {
    const { data } = imported();

    expect(data.format).toBe('2021');
    expect(data.year).toBe(EXPECTED.year);
    expect(data.organ).toBe(EXPECTED.organ);
    expect(data.info).toEqual(EXPECTED.info);
  });

  it('gives the text as paragraphs: headings alone, PDF line breaks joined, no table text', () => {
    const { paragraphs, places } = imported();
    const texts = paragraphs.map((p) => p.text);

    expect(paragraphs.map((p) => p.id)).toEqual(texts.map((_, i) => `p${i + 1}`));
    expect(texts[0]).toBe('交口县 2024 年政府信息公开工作年度报告');
    expect(texts).toContain('一、总体情况');
    expect(texts).toContain('（一）主动公开方面');
    expect(texts).toContain('三、收到和处理政府信息公开申请情况');
    expect(texts).toContain('四、政府信息公开行政复议、行政诉讼情况');
    // `…为指` + blank line + `导，…`: one paragraph.
    expect(texts.some((t) => t.includes('思想为指导，认真贯彻落实'))).toBe(true);
    // The Markdown link is its text; the preamble's two lines are one paragraph.
    expect(texts.some((t) => t.includes('交口县人民政府网站(www.jiaokou.gov.cn) 上下载。'))).toBe(true);
    expect(texts.some((t) => t.includes('《政务公开组织管理规范》，进一步明确了'))).toBe(true);
    // No table fragment (`开 禁止公开`, numbers, column labels) in the text.
    expect(texts.some((t) => /禁止公开|自然人|结果 维持|^行政许可|^[\d\s]+$/.test(t))).toBe(false);
    expect(texts.slice(-2)).toEqual(['交口县人民政府办公室', '2025 年 1 月 16 日']);
    expect(places.get('p1')).toBe('第 3 行');
    expect(places.get(`p${texts.length}`)).toBe('第 111 行');
  });

});
