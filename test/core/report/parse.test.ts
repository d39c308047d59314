import { parseReportData } from '../../../src/core/report/parse';
import { evaluate } from '../../../src/core/rules/evaluate';
import { jiaokou } from '../../support/reports';

const CHINESE = /[\u4e00-\u9fff]/;

describe('parseReportData', () => {
  it('accepts the sample report as it is', () => {
    const sample = jiaokou();

    expect(parseReportData(JSON.parse(JSON.stringify(sample)))).toEqual({ ok: true, value: sample });
  });

  it.each([
    ['an array', [1, 2]],
    ['null', null],
    ['a string', '{"cells": {}}'],
    ['a number', 2024],
    ['no cells', { format: '2021' }],
    ['cells as an array', { format: '2021', cells: [1, 2, 3] }],
    ['cells as null', { format: '2021', cells: null }],
    ['an unknown format', { format: '2025', cells: {} }],
    ['a numeric format', { format: 2021, cells: {} }],
    ['a format named after an Object method', { format: 'toString', cells: {} }],
    ['a format named __proto__', { format: '__proto__', cells: {} }],
  ])('rejects %s with a Chinese error', (_what, json) => {
    const result = parseReportData(json);

    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(CHINESE);
    expect(!result.ok && result.error.startsWith('不是年报数据')).toBe(true);
  });

  it('names the unknown format in the error', () => {
    const result = parseReportData({ format: '2025', cells: {} });

    expect(!result.ok && result.error).toBe('不是年报数据：不认识的格式 "2025"（应为 "2021" 或 "2019"）。');
  });

  it('takes a report without a format as 2021', () => {
    const result = parseReportData({ cells: { 'T3.new.natural': 1 } });

    expect(result).toEqual({ ok: true, value: { format: '2021', cells: { 'T3.new.natural': 1 } } });
  });

  it('keeps odd cell values for the rules: text, booleans and null as they are, anything else as its JSON text', () => {
    const result = parseReportData({
      format: '2019',
      cells: { a: '12件', b: true, c: null, d: { v: 1 }, e: [1, 2], f: -0.5, g: '' },
    });

    expect(result.ok && result.value.cells).toEqual({ a: '12件', b: true, c: null, d: '{"v":1}', e: '[1,2]', f: -0.5, g: '' });
  });

  it('reports an odd cell value as cell.notNumber, never throws', () => {
    const result = parseReportData({ cells: { 'T3.new.natural': { v: 12 } } });
    if (!result.ok) throw new Error(result.error);

    const finding = evaluate(result.value).findings.find((f) => f.cells[0] === 'T3.new.natural');

    expect(finding?.rule).toBe('cell.notNumber');
    expect(finding?.message).toContain('{"v":12}');
  });

  it('reads the year from a number or a four-digit string, and drops anything else', () => {
    const year = (y: unknown): unknown => {
      const r = parseReportData({ cells: {}, year: y });
      return r.ok ? r.value.year : 'error';
    };

    expect([year(2024), year(' 2024 '), year('2024年'), year(null), year(true)]).toEqual([2024, 2024, undefined, undefined, undefined]);
  });

  it('keeps a string organ and an info object, and drops them when they are not', () => {
    const good = parseReportData({ cells: {}, organ: '交口县人民政府', info: { organLevel: 'county', feeNotices: 0 } });
    const odd = parseReportData({ cells: {}, organ: 42, info: ['county'] });

    expect(good.ok && [good.value.organ, good.value.info]).toEqual(['交口县人民政府', { organLevel: 'county', feeNotices: 0 }]);
    expect(odd.ok && [odd.value.organ, odd.value.info]).toEqual([undefined, undefined]);
  });
});
