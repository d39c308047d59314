import { DEFAULT_SHEET, FLAG_OFFSET, buildTemplate } from '../../../src/core/layout/template';
import { MARKS } from '../../../src/core/layout/plan';
import {
  addressText,
  breakMessage,
  cellLook,
  columnPx,
  displayText,
  gridModel,
  move,
  parseTyped,
  rowPx,
} from '../../../src/hosts/preview/grid-model';
import { createPreviewWorkbook } from '../../../src/hosts/preview/workbook';
import { jiaokou } from '../../support/reports';

function templateModel() {
  const workbook = createPreviewWorkbook();
  const { plan, layout } = buildTemplate({ data: jiaokou() });
  workbook.apply(plan);
  return { model: gridModel(workbook.layout(DEFAULT_SHEET)!), layout, workbook };
}

describe('parseTyped reads typed text as a spreadsheet does', () => {
  it.each([
    ['13', 13],
    ['-3', -3],
    [' 12 ', 12],
    ['1,234', 1234],
    ['26.5', 26.5],
    ['50%', 0.5],
    ['1e3', 1000],
    ['', null],
    ["'12", '12'],
    ['12件', '12件'],
    ['１２', '１２'],
    ['<img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>'],
    ['=SUM(A1)', '=SUM(A1)'],
    ['1,23', '1,23'],
    [' ', ' '],
  ])('%p → %p', (text, value) => {
    expect(parseTyped(text)).toBe(value);
  });
});

describe('displayText shows a value in its number format', () => {
  it.each([
    [13, 'input', '13'],
    [1.5, 'input', '2'],
    [-0.4, 'input', '0'],
    [12.345678, 'amountInput', '12.3457'],
    [0, 'amountInput', '0.0000'],
    [0.1 + 0.2, undefined, '0.3'],
    ['见附表', 'input', '见附表'],
    [true, undefined, 'TRUE'],
    [null, 'input', ''],
    [{ error: '#REF!' }, 'computed', '#REF!'],
  ] as const)('%p with style %p → %p', (value, style, text) => {
    expect(displayText(value, style)).toBe(text);
  });
});

describe('gridModel of the template sheet', () => {
  it('leaves the hidden flag columns out and sizes the rest from the plan', () => {
    const { model } = templateModel();

    expect(model.columns.map((c) => c.col)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(model.columns.every((c) => c.col < 1 + FLAG_OFFSET)).toBe(true);
    expect(model.columns[0]?.px).toBe(columnPx(8));
    expect(model.columns.find((c) => c.col === 17)?.px).toBe(columnPx(36));
    expect(model.rows[0]?.px).toBe(rowPx(32));
  });

  it('draws a merged area once, spanning its rows and columns', () => {
    const { model, layout } = templateModel();
    const cellsOfRow = (row: number) => model.rows[row - 1]?.cells ?? [];
    const note = { top: layout.tables.T3.area.top, left: 1 };

    expect(cellsOfRow(1)[0]).toEqual({ row: 1, col: 1, rowspan: 1, colspan: 15 });
    expect(cellsOfRow(note.top)[0]).toEqual({ row: note.top, col: 1, rowspan: 3, colspan: 8 });
    expect(cellsOfRow(note.top + 1).some((c) => c.col < 9)).toBe(false);
  });

  it('moves with the arrow keys past merged areas, and stays at the edges', () => {
    const { model, layout } = templateModel();
    const natural = layout.cells.get('T3.new.natural')!;

    expect(move(model, { row: 1, col: 1 }, 'right')).toEqual({ row: 1, col: 16 });
    expect(move(model, { row: 1, col: 1 }, 'up')).toEqual({ row: 1, col: 1 });
    expect(move(model, { row: 2, col: 5 }, 'up')).toEqual({ row: 1, col: 1 });
    // Left of 自然人 is the row's label, merged over A:H.
    expect(move(model, { row: natural.top, col: natural.left }, 'left')).toEqual({ row: natural.top, col: 1 });
    expect(move(model, { row: natural.top, col: 1 }, 'right')).toEqual({ row: natural.top, col: natural.left });
    expect(move(model, { row: natural.top, col: natural.left }, 'down')).toEqual({ row: natural.top + 1, col: natural.left });
    expect(move(model, { row: 1, col: 20 }, 'right')).toEqual({ row: 1, col: 20 });
    expect(addressText({ row: natural.top, col: natural.left })).toBe(`I${natural.top}`);
  });

  it('draws at least a small empty grid for an empty sheet', () => {
    const workbook = createPreviewWorkbook();
    const model = gridModel(workbook.layout('Sheet1')!);

    expect([model.rows.length, model.columns.length]).toEqual([30, 12]);
  });
});

describe('cellLook', () => {
  it('takes the style’s fill and font, and a mark’s colours over them', () => {
    expect(cellLook('input', null, 12)).toEqual(
      expect.objectContaining({ background: '#FFFDE7', color: '#1F3864', textAlign: 'center', border: true }),
    );
    expect(cellLook('input', 'error', 12)).toEqual(
      expect.objectContaining({ background: `#${MARKS.error.fill}`, color: `#${MARKS.error.font}` }),
    );
    expect(cellLook(undefined, null, 12).textAlign).toBe('right');
    expect(cellLook(undefined, null, 'x').textAlign).toBe('left');
  });
});

describe('breakMessage', () => {
  it('gives the validation message for a value Excel would refuse, and nothing otherwise', () => {
    const rule = { range: { top: 1, left: 1, bottom: 1, right: 1 }, type: 'whole', min: 0, message: '请填写整数。' } as const;

    expect(breakMessage(rule, -1)).toMatch(/^请填写整数。（Excel 会拒绝/);
    expect(breakMessage(rule, 3)).toBe('');
    expect(breakMessage(undefined, 'x')).toBe('');
  });
});
