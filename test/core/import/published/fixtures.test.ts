import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importPublished, textToDocument, type PublishedImport } from '../../../../src/core/import/published';
import type { ReportData } from '../../../../src/core/report/types';
import { validateReport } from '../../../../src/core/validate';

/**
 * Reports we wrote as real copies look (test/fixtures/published/text): copied from a PDF reader (tabs,
 * labels broken over lines, a page break with its page number and repeated page header inside table 三),
 * laid out by `pdftotext -layout` (runs of spaces, labels printed down merged cells one character a row,
 * column headers broken over lines, form feeds), and a 2020 report on the 2019 (试行) tables. Each `.json`
 * beside them holds the figures the text was written from.
 */

const DIR = join(__dirname, '..', '..', '..', 'fixtures', 'published', 'text');
const read = (name: string): string => readFileSync(join(DIR, name), 'utf8');

function imported(text: string): PublishedImport {
  const r = importPublished(textToDocument(text));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function findings(value: PublishedImport) {
  const { data, problems, places, paragraphs } = value;
  return validateReport(data, { addresses: places, problems }, { paragraphs, addressOf: (id) => places.get(id) }).findings;
}

describe.each([
  ['qingyan-2023-pdf.txt', 'copied from a PDF reader, a page break inside table 三'],
  ['qingyan-zrj-2022-layout.txt', 'pdftotext -layout, labels printed down merged cells, page breaks inside table 三'],
])('%s (%s)', (file) => {
  const expected = JSON.parse(read(file.replace(/\.txt$/, '.json'))) as ReportData;

  it('reads every figure, the year, the organ and 基本信息 as written', () => {
    const { data } = imported(read(file));

    expect(data).toEqual(expected);
  });

  it('finds nothing wrong: split labels, page numbers and page headers are no finding', () => {
    expect(findings(imported(read(file)))).toEqual([]);
  });

  it('keeps the page-break noise out of the text and breaks no sentence', () => {
    const texts = imported(read(file)).paragraphs.map((p) => p.text);

    expect(texts.filter((t) => /^[-—]\s*\d+\s*[-—]$/.test(t))).toEqual([]);
    expect(texts.filter((t) => t.includes('政府信息公开工作年度报告') && !t.startsWith('本报告'))).toHaveLength(1);
    expect(
      texts.filter((t) =>
        /^(开|公开|禁止公开|不予|处理|提供|无法|其他|开申请|府信息公开申请|理其政府信息公开申请|申请人情况|\d[\d\s]*)$/.test(t),
      ),
    ).toEqual([]);
  });
});

describe('the PDF copy (tabs) with its page break inside table 三', () => {
  const text = read('qingyan-2023-pdf.txt');

  it('puts back 2．其他法律行政法规禁止 + (page break) 公开, and 政府信息公 + 开申请, without F.label', () => {
    const { data, problems } = imported(text);

    expect(data.cells['T3.withheld2.natural']).toBe(1);
    expect(data.cells['T3.other1.total']).toBe(0);
    expect(problems).toEqual([]);
  });

  it('says where each cell was read: the line of its row', () => {
    const { places } = imported(text);
    const lines = text.split('\n');
    const lineOf = (start: string): string => `第 ${lines.findIndex((l) => l.includes(start)) + 1} 行`;

    expect(places.get('T3.withheld2.natural')).toBe(lineOf('2．其他法律行政法规禁止'));
    expect(places.get('T3.withheld3.natural')).toBe(lineOf('3．危及'));
    expect(places.get('T4.review.total')).toBe(lineOf('1\t0\t0\t1\t2'));
    expect(places.get('T2.fee.amount')).toBe(lineOf('行政事业性收费'));
    expect(places.get('info:publishedOn')).toBe(lineOf('2024 年 1 月 22 日'));
  });
});

describe('a report on the 2019 (试行) tables', () => {
  const text = read('qingyan-2020-format2019.md');
  const expected = JSON.parse(read('qingyan-2020-format2019.json')) as ReportData;

  it('is read with the 2019 format (本年新制作数量 …, 政府集中采购, a single （六）其他处理 row)', () => {
    const { data, problems } = imported(text);

    expect(data).toEqual(expected);
    expect(problems).toEqual([]);
  });

  it('is no F.oldFormat for 2020, the format’s own years', () => {
    expect(findings(imported(text)).filter((f) => f.rule.startsWith('F.') && f.rule !== 'F.section')).toEqual([]);
  });

  it('gives F.oldFormat (error) when the same tables report on 2022', () => {
    const late = text.replace(/2020 年/g, '2022 年').replace('2021 年 1 月 25 日', '2023 年 1 月 20 日');
    const { data, problems } = imported(late);

    expect(data.format).toBe('2019');
    expect(data.year).toBe(2022);
    expect(problems.map((p) => [p.rule, p.severity])).toEqual([['F.oldFormat', 'error']]);
    expect(problems[0]?.message).toContain('2022 年度');
    expect(problems[0]?.message).toContain('本年新制作数量');
    expect(problems[0]?.address).toBe('第 12 行');
  });
});
