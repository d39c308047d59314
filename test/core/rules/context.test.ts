import { FORMAT_2019, FORMAT_2021 } from '../../../src/core/format';
import type { ReportData } from '../../../src/core/report/types';
import { contextOf, sumOf } from '../../../src/core/rules/context';
import { validReport2021 } from '../../fixtures/rules/reports';

const report = (change: Partial<ReportData>): ReportData => ({ ...validReport2021(), ...change });

describe('contextOf', () => {
  it('takes the organ level from 基本信息 when given', () => {
    expect(contextOf(report({ organ: '某县人民政府', info: { organLevel: 'city' } })).organLevel).toEqual({
      level: 'city',
      guessed: false,
    });
  });

  it('guesses the level from the organ name otherwise, and says it guessed', () => {
    expect(contextOf(report({ organ: ' 某镇人民政府 ', info: {} })).organLevel).toEqual({ level: 'township', guessed: true });
    expect(contextOf(report({ organ: '某镇人民政府' })).organ).toBe('某镇人民政府');
  });

  it('knows no level without a usable level or name', () => {
    expect(contextOf(report({ organ: '某市人民政府', info: {} })).organLevel).toBeNull();
    expect(contextOf(report({ organ: null, info: {} })).organLevel).toBeNull();
    expect(contextOf(report({ organ: '  ', info: {} })).organ).toBe('');
  });

  it('picks the format from the data, defaulting to 2021', () => {
    expect(contextOf(report({ format: '2019' })).format).toBe(FORMAT_2019);
    expect(contextOf(report({})).format).toBe(FORMAT_2021);
  });

  it('records, for a blank cell, the value each identity with it as only gap implies', () => {
    const data = validReport2021();
    Object.assign(data.cells, { 'T3.new.natural': null, 'T3.new.total': 30, 'T4.review.upheld': null, 'T4.review.other': null });

    const { implied } = contextOf(data);

    expect(Object.fromEntries(implied)).toEqual({ 'T3.new.natural': [21, 20] });
  });

  it('does not imply a value for a cell made unusable by text', () => {
    const data = validReport2021();
    data.cells['T4.review.upheld'] = '/';

    expect(contextOf(data).implied.size).toBe(0);
  });
});

describe('sumOf', () => {
  it('adds usable values, clean text included, and is null when any cell has none', () => {
    const data = validReport2021();
    Object.assign(data.cells, { 'T4.review.upheld': '2件', 'T4.suitDirect.upheld': null });
    const ctx = contextOf(data);

    expect(sumOf(ctx, ['T4.review.upheld', 'T4.review.corrected', 'T4.review.pending'])).toBe(4);
    expect(sumOf(ctx, ['T4.review.upheld', 'T4.suitDirect.upheld'])).toBeNull();
    expect(sumOf(ctx, ['T4.nope.upheld'])).toBeNull();
    expect(sumOf(ctx, [])).toBe(0);
  });
});
