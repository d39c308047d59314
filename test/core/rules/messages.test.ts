import type { CellValue, ReportData, ReportInfo } from '../../../src/core/report/types';
import { evaluate } from '../../../src/core/rules/evaluate';
import { MESSAGES, formatNumber } from '../../../src/core/rules/messages';
import { validReport2021 } from '../../fixtures/rules/reports';
import { generatedReport, jiaokou } from '../../support/reports';

/** The messages evaluate gives for the valid report with these cells (and 基本信息) changed. */
function messages(cells: Record<string, CellValue>, change: { organ?: string; info?: ReportInfo } = {}): string[] {
  const data: ReportData = validReport2021();
  return evaluate({ ...data, ...change, cells: { ...data.cells, ...cells } }).findings.map((f) => f.message);
}

describe('messages, as the clerk reads them', () => {
  it('names a blank cell by table, row and column and proposes the implied value', () => {
    expect(evaluate(jiaokou()).findings.map((f) => f.message)).toMatchInlineSnapshot(`
     [
       "表三“结转下年度继续办理”行“商业企业”列为空，按勾稽关系应为 0，请填写。",
     ]
    `);
  });

  it('asks for 0 or a figure when no value is implied', () => {
    expect(messages({ 'T2.penalty.decisions': null })).toMatchInlineSnapshot(`
     [
       "表二“行政处罚”为空，请填写 0 或实际数字。",
     ]
    `);
  });

  it('proposes the clean value of a text cell, or asks for digits', () => {
    expect(messages({ 'T3.new.natural': '２０件', 'T3.carried.natural': '/' })).toMatchInlineSnapshot(`
     [
       "表三“本年新收政府信息公开申请数量”行“自然人”列填的“２０件”不是规范的数字，应改为 20（可一键修正）。",
       "表三“上年结转政府信息公开申请数量”行“自然人”列填的“/”不是数字，请填写阿拉伯数字（没有的填 0）。",
     ]
    `);
  });

  it('gives the figure of a negative, fractional or too precise cell', () => {
    expect(messages({ 'T4.review.pending': -1, 'T4.review.total': 2.5, 'T4.review.other': 0.5, 'T2.fee.amount': 1.234567 }))
      .toMatchInlineSnapshot(`
     [
       "表二“行政事业性收费”为 1.234567 万元，超过 4 位小数（万元保留 4 位即精确到元），请核对单位和数值。",
       "表四“行政复议”“其他结果”为 0.5，件数应为整数，请改正。",
       "表四“行政复议”“尚未审结”为 -1，不能是负数，请改正。",
       "表四“行政复议”“总计”为 2.5，件数应为整数，请改正。",
     ]
    `);
  });

  it('states both sides of a broken identity and the difference (the spec example)', () => {
    const data = jiaokou();
    Object.assign(data.cells, {
      'T3.carryForward.commercial': 0,
      'T3.disclosed.natural': 11,
      'T3.disclosed.total': 11,
      'T3.total.natural': 11,
      'T3.total.total': 11,
    });

    expect(evaluate(data).findings.map((f) => f.message)).toMatchInlineSnapshot(`
     [
       "表三“自然人”列：第一项加第二项（12）不等于第三项加第四项（11），相差 1。请核对这些数字。",
       "表三“总计”列：第一项加第二项（12）不等于第三项加第四项（11），相差 1。请核对这些数字。",
     ]
    `);
  });

  it('names the row for T3.rowTotal, the column for T3.resultTotal and the group for T4.groupTotal', () => {
    expect(messages({ 'T3.disclosed.total': 16, 'T4.suitDirect.total': 0 })).toMatchInlineSnapshot(`
     [
       "表三“予以公开”行：总计（16）不等于各类申请人之和（14），相差 2。请核对这些数字。",
       "表三“总计”列：“（七）总计”（27）不等于各项办理结果之和（29），相差 2。请核对这些数字。",
       "表四“行政诉讼（未经复议直接起诉）”：总计（0）不等于结果维持、结果纠正、其他结果、尚未审结之和（1），相差 1。请核对这些数字。",
     ]
    `);
  });

  it('says whether the organ level was given or guessed, and which 规章 figures are not zero', () => {
    expect(messages({}, { info: { organLevel: 'township' } })).toMatchInlineSnapshot(`
     [
       "表二“规章”填有非零数字（本年制发件数 2，本年废止件数 1，现行有效件数 15），但“示例市人民政府”为乡镇人民政府、街道办事处，无权制定规章。如确无规章，请填 0；如机关层级有误，请在基本信息中改正。",
     ]
    `);
    expect(messages({ 'T2.regulation.issued': 0 }, { organ: '某县人民政府', info: {} })).toMatchInlineSnapshot(`
     [
       "表二“规章”填有非零数字（本年废止件数 1，现行有效件数 15），但“某县人民政府”按机关名称推断为县级人民政府，无权制定规章。如确无规章，请填 0；如机关层级有误，请在基本信息中改正。",
     ]
    `);
  });

  it('explains 现行有效件数 below 本年制发件数, a fee typed in 元 and an unknown cell id', () => {
    expect(messages({ 'T2.normative.inForce': 8, 'T2.fee.amount': 96692526, 'T3.subtotal.natural': 3 })).toMatchInlineSnapshot(`
     [
       "表二“行政规范性文件”的现行有效件数（8）少于本年制发件数（10），只有本年制发的文件当年又废止时才会如此，请核对。",
       "表二“行政事业性收费”为 96692526 万元，数额异常，可能是按“元”填写的。本栏单位为万元：按元统计的，请除以 10000（即 9669.2526 万元）。",
       "数据中的“T3.subtotal.natural”不是本格式的单元格，已忽略，请核对单元格编号。",
     ]
    `);
  });

  it('words a one-cell fix for one error and for several', () => {
    expect([
      MESSAGES.fix('表四“行政复议”“总计”', 4, 1),
      evaluate({ ...validReport2021(), cells: { ...validReport2021().cells, 'T3.new.natural': 21 } }).suggestions[0]?.message,
    ]).toMatchInlineSnapshot(`
     [
       "把表四“行政复议”“总计”改为 4，可消除这条错误。",
       "把表三“本年新收政府信息公开申请数量”行“自然人”列改为 20，可同时消除 2 条错误。",
     ]
    `);
  });

  it('are Chinese sentences without leaked placeholders, for any generated report', () => {
    for (let seed = 0; seed < 200; seed++) {
      for (const f of evaluate(generatedReport(seed).data).findings) {
        expect(f.message).toMatch(/^表[二三四]“|^数据中的“/);
        expect(f.message).toMatch(/。$/);
        expect(f.message).not.toMatch(/undefined|NaN|null|\[object/);
      }
    }
  });
});

describe('formatNumber', () => {
  it.each([
    [12, '12'],
    [-1, '-1'],
    [0.1 + 0.2, '0.3'],
    [9669.2526, '9669.2526'],
    [26.55 * 3, '79.65'],
    [0.5, '0.5'],
  ])('writes %p as %s', (n, text) => {
    expect(formatNumber(n)).toBe(text);
  });
});
