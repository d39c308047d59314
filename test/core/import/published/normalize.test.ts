import { importPublished, textToDocument } from '../../../../src/core/import/published';
import { isoDate } from '../../../../src/core/import/published/meta';
import { paragraphsOf } from '../../../../src/core/import/published/narrative';
import { canon, isValueLike, labelScore, parseValue, segments } from '../../../../src/core/import/published/normalize';
import type { TextUnit } from '../../../../src/core/import/published/units';

describe('labels compared as printed', () => {
  it.each([
    ['（二）部分公开（区分处理的，只计这一情形，不计其他情形）', '(二) 部分公开(区分处理的, 只计这一情形, 不计其他情形)'],
    ['3.危及“三安全一稳定”', '3. 危及"三安全一稳定"'],
    ['商业企业', '商业 企业'],
    ['结果维持', '结果\u3000维持'],
    ['本年收费金额（单位：万元）', '本年收费金额(单位:万元)'],
    ['第二十条第（一）项', '第二十条第〔一〕项'],
    ['行政许可', '行政\u00a0许可'],
  ])('%s and %s are the same label', (a, b) => {
    expect(canon(a)).toBe(canon(b));
  });

  it.each([
    ['1.属于国家秘密', 'C', 1, '属于国家秘密'],
    ['1、属于国家秘密', 'C', 1, '属于国家秘密'],
    ['1．属于国家秘密', 'C', 1, '属于国家秘密'],
    ['（三）不予公开', 'B', 3, '不予公开'],
    ['(三)不予公开', 'B', 3, '不予公开'],
    ['三、本年度办理结果', 'A', 3, '本年度办理结果'],
    ['四．结转下年度继续办理', 'A', 4, '结转下年度继续办理'],
  ])('%s is numbered %s %i: %s', (label, level, num, body) => {
    expect(segments(canon(label))).toEqual([{ level, num, body }]);
  });

  it('splits a row label copied with its groups into its numbered parts', () => {
    expect(segments(canon('三、本年度办理结果 (三) 不予公开 2. 其他法律行政法规'))).toEqual([
      { level: 'A', num: 3, body: '本年度办理结果' },
      { level: 'B', num: 3, body: '不予公开' },
      { level: 'C', num: 2, body: '其他法律行政法规' },
    ]);
    // 三 and 一 inside words are no numbering.
    expect(segments(canon('3.危及“三安全一稳定”'))).toHaveLength(1);
  });

  it('scores a reworded label below a label written the same, and above an unrelated one', () => {
    expect(labelScore(canon('本年废止件数'), canon('本年废止件数'))).toBe(1);
    expect(labelScore(canon('本年度止件数'), canon('本年废止件数'))).toBeGreaterThan(0.6);
    expect(labelScore(canon('规章(县级无此项)'), canon('规章'))).toBeGreaterThan(0.5);
    expect(labelScore(canon('行政处罚'), canon('本年废止件数'))).toBeLessThan(0.3);
  });
});

describe('values as printed', () => {
  it.each(['0', '12', '9669.2526', '-3', '12件', '１２', '/', '—', '无', '-', '#REF!', '1e+21', '1,234'])('%s reads as a value', (t) => {
    expect(isValueLike(t)).toBe(true);
  });

  it.each(['1.', '（三）', '自然人', '开', '禁止公开', '2. 其他法律行政法规', '三、', '结果 维持'])('%s reads as words of a label', (t) => {
    expect(isValueLike(t)).toBe(false);
  });

  it.each([
    ['12', 12],
    [' 0 ', 0],
    ['9669.2526', 9669.2526],
    ['', null],
    ['\u3000', null],
    ['12件', '12件'],
    ['/', '/'],
    ['１２', '１２'],
  ])('%j is kept as %j (a plain number as a number, anything else as its text for the rules)', (t, v) => {
    expect(parseValue(t)).toBe(v);
  });
});

describe('dates', () => {
  it.each([
    ['2025 年 1 月 16 日', '2025-01-16'],
    ['2025年1月16日', '2025-01-16'],
    ['二〇二五年一月十六日', '2025-01-16'],
    ['二○二四年十二月三十一日', '2024-12-31'],
    ['2025 年 2 月 30 日', null],
  ])('%s is %s', (text, iso) => {
    expect(isoDate(text)).toBe(iso);
  });
});

describe('paragraphs of copied text', () => {
  const line = (text: string, n: number, heading: number | null = null): TextUnit => ({
    kind: 'text',
    text,
    place: `第 ${n} 行`,
    heading,
    joinable: true,
    line: n,
  });

  it('joins a line that ends no sentence to the next, across blank lines; headings and dates stand alone', () => {
    const paragraphs = paragraphsOf([
      line('交口县 2024 年政府信息公开工作年度报告', 1),
      line('2024 年，本机关坚持以习近平新时代中国特色社会主义思想为指', 2),
      null,
      line('导，认真贯彻落实条例。', 4),
      line('（一）主动公开', 5),
      line('全年公开信息 12 条。', 6),
      line('本机关', 7),
      line('2025 年 1 月 16 日', 8),
    ]);

    expect(paragraphs.map((p) => [p.text, p.place, p.heading])).toEqual([
      ['交口县 2024 年政府信息公开工作年度报告', '第 1 行', true],
      ['2024 年，本机关坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实条例。', '第 2 行', false],
      ['（一）主动公开', '第 5 行', true],
      ['全年公开信息 12 条。', '第 6 行', false],
      ['本机关', '第 7 行', false],
      ['2025 年 1 月 16 日', '第 8 行', false],
    ]);
  });

  it('puts a title broken over two lines back together', () => {
    const paragraphs = paragraphsOf([
      line('青岩县自然资源局 2022 年政府信息公开', 1),
      line('工作年度报告', 2),
      line('本报告依据条例编制。', 3),
    ]);

    expect(paragraphs.map((p) => p.text)).toEqual(['青岩县自然资源局 2022 年政府信息公开工作年度报告', '本报告依据条例编制。']);
  });

  it('strips Markdown: heading marks, links, escapes', () => {
    const r = importPublished(textToDocument('## 一、总体情况\n\n请访问 [www.x.gov.cn](http://www.x.gov.cn) 下载\\*本报告\\*。\n'));

    expect(r.ok && r.value.paragraphs.map((p) => p.text)).toEqual(['一、总体情况', '请访问 www.x.gov.cn 下载*本报告*。']);
  });
});

describe('the organ and year from the title', () => {
  it.each([
    ['# 交口县 2024 年政府信息公开工作年度报告\n交口县人民政府办公室编制。', '交口县人民政府', 2024],
    ['# 交口县 2024 年政府信息公开工作年度报告\n本报告由县政府办编制。', '交口县', 2024],
    ['# 2023年青岩县自然资源局政府信息公开工作年度报告', '青岩县自然资源局', 2023],
    ['# 某市生态环境局2022年度政府信息公开工作年度报告', '某市生态环境局', 2022],
  ])('%j: %s, %i', (text, organ, year) => {
    const r = importPublished(textToDocument(`${text}\n\n## 一、总体情况\n`));

    expect(r.ok && [r.value.data.organ, r.value.data.year]).toEqual([organ, year]);
  });
});
