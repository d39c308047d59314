import { a1, columnLetters, columnNumber, parseRef, rangeA1, sheetPrefix, sheetRef } from '../../../src/core/layout/a1';

describe('A1 addresses', () => {
  it.each([
    [1, 'A'],
    [26, 'Z'],
    [27, 'AA'],
    [52, 'AZ'],
    [703, 'AAA'],
  ])('writes column %i as %s and reads it back', (n, letters) => {
    expect(columnLetters(n)).toBe(letters);
    expect(columnNumber(letters)).toBe(n);
    expect(columnNumber(letters.toLowerCase())).toBe(n);
  });

  it('reads anything but letters as column 0', () => {
    expect(columnNumber('A1')).toBe(0);
    expect(columnNumber('')).toBe(0);
  });

  it('writes cells and ranges, absolute when asked', () => {
    expect(a1({ row: 7, col: 3 })).toBe('C7');
    expect(a1({ row: 7, col: 3 }, true)).toBe('$C$7');
    expect(rangeA1({ top: 2, left: 1, bottom: 4, right: 15 })).toBe('A2:O4');
    expect(rangeA1({ top: 2, left: 1, bottom: 2, right: 1 }, true)).toBe('$A$2');
  });

  it('quotes a sheet name unless it is a plain ASCII identifier, doubling quotes', () => {
    expect(sheetPrefix('nianbao_calc')).toBe('nianbao_calc!');
    expect(sheetPrefix('年报')).toBe("'年报'!");
    expect(sheetPrefix("Clerk's sheet")).toBe("'Clerk''s sheet'!");
    expect(sheetRef('年报', { row: 7, col: 3 })).toBe("'年报'!$C$7");
    expect(sheetRef('年报', { top: 1, left: 1, bottom: 2, right: 2 })).toBe("'年报'!$A$1:$B$2");
  });

  it.each([
    ["'年报'!$C$7", { sheet: '年报', row: 7, col: 3 }],
    ['=年报!C7', { sheet: '年报', row: 7, col: 3 }],
    ['C7', { sheet: null, row: 7, col: 3 }],
    ["'Clerk''s sheet'!$AA$10", { sheet: "Clerk's sheet", row: 10, col: 27 }],
    ['#REF!', null],
    ["'年报'!#REF!", null],
    ['C0', null],
    ['A1:B2', null],
  ])('parses %s', (text, ref) => {
    expect(parseRef(text)).toEqual(ref);
  });

  it('round-trips what sheetRef writes', () => {
    for (const sheet of ['年报', 'Sheet1', "it's", '2024 年报']) {
      expect(parseRef(sheetRef(sheet, { row: 123, col: 45 }))).toEqual({ sheet, row: 123, col: 45 });
    }
  });
});
