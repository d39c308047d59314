import type { CellValue } from '../../../src/core/report/types';
import { classifyCell, cleanText, usableValue, type CellState } from '../../../src/core/rules/cell-value';

describe('classifyCell', () => {
  it.each<[string, CellValue | undefined, CellState]>([
    ['a number', 12, { state: 'number', value: 12 }],
    ['zero', 0, { state: 'number', value: 0 }],
    ['a negative number', -3, { state: 'number', value: -3 }],
    ['a fraction', 9669.2526, { state: 'number', value: 9669.2526 }],
    ['null', null, { state: 'blank' }],
    ['a missing cell', undefined, { state: 'blank' }],
    ['an empty string', '', { state: 'blank' }],
    ['spaces, ideographic spaces and line breaks', ' \u3000\n', { state: 'blank' }],
    ['a number stored as text', '12', { state: 'text', raw: '12', clean: 12 }],
    ['a number with a unit 件', '161件', { state: 'text', raw: '161件', clean: 161 }],
    ['full-width digits', '１２', { state: 'text', raw: '１２', clean: 12 }],
    ['a full-width decimal point and minus', '－１．５', { state: 'text', raw: '－１．５', clean: -1.5 }],
    ['padding spaces', ' 12 ', { state: 'text', raw: ' 12 ', clean: 12 }],
    ['an ideographic space inside', '1\u30002', { state: 'text', raw: '1\u30002', clean: 12 }],
    ['a leading apostrophe', "'12", { state: 'text', raw: "'12", clean: 12 }],
    ['thousands separators', '1,939', { state: 'text', raw: '1,939', clean: 1939 }],
    ['full-width thousands separators', '1，939', { state: 'text', raw: '1，939', clean: 1939 }],
    ['an amount with 万元', '9669.2526万元', { state: 'text', raw: '9669.2526万元', clean: 9669.2526 }],
    ['a trailing decimal point', '12.', { state: 'text', raw: '12.', clean: 12 }],
    ['a leading decimal point', '.5', { state: 'text', raw: '.5', clean: 0.5 }],
    ['a slash', '/', { state: 'text', raw: '/', clean: null }],
    ['an em dash', '—', { state: 'text', raw: '—', clean: null }],
    ['无', '无', { state: 'text', raw: '无', clean: null }],
    ['Chinese numerals', '十二', { state: 'text', raw: '十二', clean: null }],
    ['a spreadsheet error', '#REF!', { state: 'text', raw: '#REF!', clean: null }],
    ['a lone minus', '-', { state: 'text', raw: '-', clean: null }],
    ['a lone point', '.', { state: 'text', raw: '.', clean: null }],
    ['a range', '1-2', { state: 'text', raw: '1-2', clean: null }],
    ['an exponent', '1e3', { state: 'text', raw: '1e3', clean: null }],
    ['a boolean', true, { state: 'text', raw: 'TRUE', clean: null }],
    ['a non-finite number', Number.NaN, { state: 'text', raw: 'NaN', clean: null }],
  ])('reads %s', (_what, raw, state) => {
    expect(classifyCell(raw)).toEqual(state);
  });
});

describe('cleanText', () => {
  it('applies every substitution: full-width digits and signs, separators, blanks, apostrophe, units', () => {
    expect(cleanText("'１，２３４．５ 件")).toBe('1234.5');
    expect(cleanText('3项4个5条6次7宗')).toBe('34567');
    expect(cleanText('/')).toBe('/');
  });
});

describe('usableValue', () => {
  it('is the number, or the clean value of a text, or null', () => {
    expect(usableValue(classifyCell(7))).toBe(7);
    expect(usableValue(classifyCell('7件'))).toBe(7);
    expect(usableValue(classifyCell('/'))).toBeNull();
    expect(usableValue(classifyCell(null))).toBeNull();
  });
});
