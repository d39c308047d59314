import { labelSpans, splitEvenly, textWidth, wrappedHeight } from '../../../src/core/layout/spans';

describe('labelSpans', () => {
  it('merges a shared outer label over consecutive items and makes each last label a leaf', () => {
    const spans = labelSpans([['一'], ['三', '（一）'], ['三', '（三）', '1.'], ['三', '（三）', '2.'], ['三', '（七）'], ['四']]);

    expect(spans).toEqual([
      { label: '一', depth: 0, first: 0, last: 0, leaf: true },
      { label: '三', depth: 0, first: 1, last: 4, leaf: false },
      { label: '四', depth: 0, first: 5, last: 5, leaf: true },
      { label: '（一）', depth: 1, first: 1, last: 1, leaf: true },
      { label: '（三）', depth: 1, first: 2, last: 3, leaf: false },
      { label: '（七）', depth: 1, first: 4, last: 4, leaf: true },
      { label: '1.', depth: 2, first: 2, last: 2, leaf: true },
      { label: '2.', depth: 2, first: 3, last: 3, leaf: true },
    ]);
  });

  it('does not merge equal labels under different parents, nor non-adjacent equal labels', () => {
    const spans = labelSpans([
      ['行政复议', '总计'],
      ['行政诉讼', '直接', '总计'],
      ['行政诉讼', '复议后', '总计'],
      ['行政复议', '总计'],
    ]);

    expect(spans.filter((s) => s.depth === 0).map((s) => [s.label, s.first, s.last])).toEqual([
      ['行政复议', 0, 0],
      ['行政诉讼', 1, 2],
      ['行政复议', 3, 3],
    ]);
    expect(spans.filter((s) => s.label === '总计').map((s) => [s.depth, s.first])).toEqual([
      [1, 0],
      [1, 3],
      [2, 1],
      [2, 2],
    ]);
  });

  it('gives nothing for no items and one leaf for a single label', () => {
    expect(labelSpans([])).toEqual([]);
    expect(labelSpans([['总计']])).toEqual([{ label: '总计', depth: 0, first: 0, last: 0, leaf: true }]);
  });
});

describe('splitEvenly', () => {
  it.each([
    [9, 1, [9]],
    [9, 3, [3, 3, 3]],
    [9, 2, [5, 4]],
    [9, 4, [3, 2, 2, 2]],
    [15, 7, [3, 2, 2, 2, 2, 2, 2]],
    [2, 3, [1, 1, 0]],
  ])('splits %i columns into %i parts as %p', (total, parts, widths) => {
    expect(splitEvenly(total, parts)).toEqual(widths);
    expect(widths.reduce((a, b) => a + b, 0)).toBe(total);
  });
});

describe('textWidth and wrappedHeight', () => {
  it('counts CJK characters twice', () => {
    expect(textWidth('ab')).toBe(2);
    expect(textWidth('总计')).toBe(4);
    expect(textWidth('（一）1.')).toBe(8);
  });

  it('grows a row with the lines its text wraps to, and never below the minimum', () => {
    const long = '（二）部分公开（区分处理的，只计这一情形，不计其他情形）';

    expect(wrappedHeight('总计', 40)).toBe(18);
    expect(wrappedHeight('总计', 40, 30)).toBe(30);
    expect(wrappedHeight(long, 20)).toBeGreaterThan(wrappedHeight(long, 40));
    expect(wrappedHeight(long, 20)).toBe(Math.ceil((textWidth(long) * 0.95) / 19) * 13.5 + 4);
  });
});
