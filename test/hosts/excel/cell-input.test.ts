import { boundingBox, cellInput, columnWidthPoints, matrixOver, planInput, rectangles, runsOf } from '../../../src/hosts/excel/cell-input';
import { typedInput } from './fake-excel';

describe('cellInput: what Excel keeps is what the plan says', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['033000', "'033000"],
    ['2025-01-16', "'2025-01-16"],
    ['12件', "'12件"],
    ['１２', "'１２"],
    ['TRUE', "'TRUE"],
    [' false ', "' false "],
    ['#REF!', "'#REF!"],
    ["'12", "''12"],
    ['-', "'-"],
    ['+86', "'+86"],
    ['@x', "'@x"],
    ['交口县人民政府', '交口县人民政府'],
    ['N/A', 'N/A'],
    ['（三）不予公开', '（三）不予公开'],
  ])('writes %j as %j', (text, input) => {
    expect(cellInput(text)).toBe(input);
    // Typed into Excel, the input gives back the text.
    expect(typedInput(input)).toEqual({ value: text });
  });

  it('writes numbers as numbers and blank as the empty string (which clears the cell)', () => {
    expect(cellInput(12)).toBe(12);
    expect(cellInput(0)).toBe(0);
    expect(cellInput(null)).toBe('');
    expect(cellInput('')).toBe('');
  });

  it('writes a formula with its = and a style-only cell as null (unchanged)', () => {
    expect(planInput({ row: 1, col: 1, formula: 'SUM(A2:A3)', result: 3 })).toBe('=SUM(A2:A3)');
    expect(planInput({ row: 1, col: 1, style: 'label' })).toBeNull();
    expect(planInput({ row: 1, col: 1, value: null })).toBe('');
  });
});

describe('matrices and rectangles', () => {
  it('puts each cell at its place in the bounding box and null elsewhere', () => {
    const cells = [
      { row: 2, col: 3, value: 'a' },
      { row: 4, col: 2, value: 1 },
    ];
    const box = boundingBox(cells)!;
    expect(box).toEqual({ top: 2, left: 2, bottom: 4, right: 3 });
    expect(matrixOver(box, cells, planInput)).toEqual([
      [null, 'a'],
      [null, null],
      [1, null],
    ]);
    expect(boundingBox([])).toBeNull();
  });

  it('joins cells into row runs and equal runs down consecutive rows', () => {
    const cells = [...[1, 2, 3].flatMap((row) => [2, 3, 4].map((col) => ({ row, col }))), { row: 3, col: 6 }, { row: 5, col: 2 }];
    expect(rectangles(cells)).toEqual([
      { top: 1, left: 2, bottom: 3, right: 4 },
      { top: 3, left: 6, bottom: 3, right: 6 },
      { top: 5, left: 2, bottom: 5, right: 2 },
    ]);
  });

  it('covers every position exactly once', () => {
    const cells = [];
    for (let i = 0; i < 200; i++) cells.push({ row: 1 + ((i * 7) % 23), col: 1 + ((i * 11) % 17) });
    const seen = new Map<string, number>();
    for (const r of rectangles(cells)) {
      for (let row = r.top; row <= r.bottom; row++)
        for (let col = r.left; col <= r.right; col++) seen.set(`${row},${col}`, (seen.get(`${row},${col}`) ?? 0) + 1);
    }
    expect(new Set(seen.keys())).toEqual(new Set(cells.map((c) => `${c.row},${c.col}`)));
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });

  it('groups consecutive columns of the same width', () => {
    const cols = [
      { col: 1, width: 8 },
      { col: 2, width: 8 },
      { col: 4, width: 8 },
      { col: 5, width: 36 },
    ];
    expect(
      runsOf(
        cols,
        (c) => c.col,
        (c) => String(c.width),
      ).map(([a, b]) => [a, b]),
    ).toEqual([
      [1, 2],
      [4, 4],
      [5, 5],
    ]);
  });

  it('converts character widths to points (8 characters: 61 px, 45.75 pt)', () => {
    expect(columnWidthPoints(8)).toBe(45.75);
  });
});
