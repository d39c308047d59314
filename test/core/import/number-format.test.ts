import { dateLikeFormat, dateLikeText } from '../../../src/core/import/number-format';

describe('dateLikeFormat', () => {
  it.each([
    ['yyyy/m/d', 'date'],
    ['mm-dd-yy', 'date'],
    ['d-mmm', 'date'],
    ['mmm-yy', 'date'],
    ['yyyy"年"m"月"d"日"', 'date'],
    ['[$-804]yyyy年m月d日', 'date'],
    ['m/d/yy h:mm', 'date'],
    ['YYYY-MM-DD', 'date'],
    ['[DBNum1][$-804]yyyy"年"m"月"', 'date'],
    ['h:mm', 'time'],
    ['h:mm:ss AM/PM', 'time'],
    ['mm:ss', 'time'],
    ['[h]:mm:ss', 'time'],
    ['[mm]', 'time'],
    ['上午/下午h"时"mm"分"', 'time'],
  ] as const)('reads %s as a %s', (code, kind) => {
    expect(dateLikeFormat(code)).toBe(kind);
  });

  it.each([
    'General',
    '0',
    '0.00',
    '#,##0',
    '0%',
    '0.00E+00',
    '# ?/?',
    '@',
    '"d"0',
    '0" 天"',
    '\\d0',
    '0_);[Red](0)',
    '#,##0"件"',
    '[Red]0;[Blue]-0',
    '[DBNum1][$-804]General',
    '[$¥-804]#,##0.00',
    '*-0',
    '',
  ])('reads %p as no date', (code) => {
    expect(dateLikeFormat(code)).toBeNull();
  });
});

describe('dateLikeText', () => {
  it.each([
    [45658, 'date', '2025/1/1'],
    [45658.75, 'date', '2025/1/1'],
    [1, 'date', '1900/1/1'],
    [12, 'date', '1900/1/12'],
    [59, 'date', '1900/2/28'],
    [60, 'date', '1900/2/29'],
    [61, 'date', '1900/3/1'],
    [0, 'date', '1900/1/0'],
    [-1, 'date', '#######'],
    [2958466, 'date', '#######'],
    [0.5, 'time', '12:00'],
    [12, 'time', '0:00'],
    [1.75, 'time', '18:00'],
  ] as const)('shows %p in a %s format as %s', (serial, kind, text) => {
    expect(dateLikeText(serial, kind)).toBe(text);
  });
});
