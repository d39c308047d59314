/**
 * @jest-environment jsdom
 */
import { DEFAULT_SHEET, FLAG_OFFSET, buildTemplate } from '../../../src/core/layout/template';
import type { SpreadsheetHost } from '../../../src/core/port';
import { mountGridView, type GridView } from '../../../src/hosts/preview/grid-view';
import { createPreviewHost } from '../../../src/hosts/preview/preview-host';
import { createPreviewWorkbook, type PreviewWorkbook } from '../../../src/hosts/preview/workbook';
import { jiaokou } from '../../support/reports';

const EVIL = '<img src=x onerror=alert(1)>';

let view: GridView | null = null;
afterEach(() => {
  view?.dispose();
  view = null;
  document.body.replaceChildren();
});

async function mounted(
  data = jiaokou(),
): Promise<{
  workbook: PreviewWorkbook;
  host: SpreadsheetHost;
  container: HTMLElement;
  layout: ReturnType<typeof buildTemplate>['layout'];
}> {
  const container = document.createElement('section');
  document.body.append(container);
  const workbook = createPreviewWorkbook();
  const host = createPreviewHost(workbook);
  view = mountGridView(container, workbook, host);
  const { plan, layout } = buildTemplate({ data });
  await host.apply(plan);
  return { workbook, host, container, layout };
}

const td = (container: HTMLElement, row: number, col: number): HTMLTableCellElement => {
  const cell = container.querySelector<HTMLTableCellElement>(`td[data-row="${row}"][data-col="${col}"]`);
  if (!cell) throw new Error(`no cell drawn at R${row}C${col}`);
  return cell;
};
/** The value a cell shows (without its mark's symbol). */
const shown = (cell: HTMLElement): string | null | undefined => cell.querySelector('.nb-grid-text')?.textContent;
const key = (target: Element, k: string, init: KeyboardEventInit = {}): void => {
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...init }));
};
const editor = (container: HTMLElement): HTMLInputElement => {
  const input = container.querySelector<HTMLInputElement>('input.nb-grid-editor');
  if (!input) throw new Error('no editor open');
  return input;
};

describe('mountGridView', () => {
  it('shows only the visible sheets as tabs, and the sheet the template was inserted into', async () => {
    const { container } = await mounted();

    const tabs = [...container.querySelectorAll('[role="tab"]')].map((t) => [t.textContent, t.getAttribute('aria-selected')]);

    expect(tabs).toEqual([
      ['Sheet1', 'false'],
      [DEFAULT_SHEET, 'true'],
    ]);
  });

  it('draws merged cells with spans, leaves hidden columns out, and shows computed values', async () => {
    const { container, layout } = await mounted();
    const total = layout.cells.get('T3.new.total')!;
    const status = layout.tables.T3.status;

    expect(td(container, 1, 1).colSpan).toBe(15);
    expect(td(container, 1, 1).textContent).toBe('交口县人民政府2024年政府信息公开工作年度报告');
    expect(container.querySelector(`td[data-col="${1 + FLAG_OFFSET}"]`)).toBeNull();
    expect(td(container, total.top, total.left).textContent).toBe('12');
    expect(td(container, status.row, status.col).textContent).toBe('校验：尚有 1 格未填');
  });

  it('shows an organ name that looks like HTML as text, and makes no element of it', async () => {
    const { container, layout } = await mounted({ ...jiaokou(), organ: EVIL });
    const organ = layout.info.get('organ')!;

    expect(td(container, organ.top, organ.left).textContent).toBe(EVIL);
    expect(td(container, 1, 1).textContent).toBe(`${EVIL}2024年政府信息公开工作年度报告`);
    expect(container.querySelector('img')).toBeNull();
  });

  it('marks a failing cell with colour, a ✕, a title and aria-invalid — colour is not the only cue', async () => {
    const { container, layout } = await mounted();
    const blank = layout.cells.get('T3.carryForward.commercial')!;
    const cell = td(container, blank.top, blank.left);

    expect(cell.classList.contains('nb-mark-error')).toBe(true);
    expect(cell.dataset.mark).toBe('error');
    expect(cell.querySelector('.nb-grid-marker')?.textContent).toBe('✕');
    expect(cell.title).toMatch(/错误/);
    expect(cell.getAttribute('aria-invalid')).toBe('true');
    expect(cell.style.backgroundColor).toBe('rgb(255, 199, 206)');
  });

  it('lets a person click a cell, type 13 and press Enter: the value, the total and the marks update, and onChange fires', async () => {
    const { container, layout, workbook, host } = await mounted();
    const at = layout.cells.get('T3.new.natural')!;
    const total = layout.cells.get('T3.new.total')!;
    const changes: number[] = [];
    await host.onChange(() => changes.push(1));

    td(container, at.top, at.left).click();
    key(td(container, at.top, at.left), '1');
    const input = editor(container);
    expect(input.value).toBe('1');
    input.value = '13';
    key(input, 'Enter');

    expect(container.querySelector('input.nb-grid-editor')).toBeNull();
    expect(workbook.value(DEFAULT_SHEET, at.top, at.left)).toBe(13);
    expect(shown(td(container, at.top, at.left))).toBe('13');
    expect(shown(td(container, total.top, total.left))).toBe('13');
    expect(td(container, at.top, at.left).dataset.mark).toBe('error');
    expect(td(container, layout.tables.T3.status.row, layout.tables.T3.status.col).textContent).toBe('校验：2 处错误，1 格未填');
    expect(workbook.selection()).toEqual({ sheet: DEFAULT_SHEET, row: at.top + 1, col: at.left });
    expect(changes).toEqual([1]);
  });

  it('keeps typed text as typed, and says when Excel would refuse it', async () => {
    const { container, layout, workbook } = await mounted();
    const at = layout.cells.get('T3.new.natural')!;

    td(container, at.top, at.left).click();
    key(td(container, at.top, at.left), 'Enter');
    const input = editor(container);
    expect(input.value).toBe('12');
    input.value = '12件';
    key(input, 'Tab');

    expect(workbook.value(DEFAULT_SHEET, at.top, at.left)).toBe('12件');
    expect(workbook.selection()).toEqual({ sheet: DEFAULT_SHEET, row: at.top, col: at.left + 1 });
    expect(container.querySelector('.nb-grid-status')?.textContent).toMatch(/Excel 会拒绝/);
  });

  it('puts the cell back when Escape cancels, and commits on blur', async () => {
    const { container, layout, workbook } = await mounted();
    const at = layout.cells.get('T3.new.natural')!;

    td(container, at.top, at.left).click();
    key(td(container, at.top, at.left), '9');
    key(editor(container), 'Escape');
    expect(workbook.value(DEFAULT_SHEET, at.top, at.left)).toBe(12);
    expect(td(container, at.top, at.left).textContent).toBe('12');

    key(td(container, at.top, at.left), 'F2');
    editor(container).value = '7';
    editor(container).dispatchEvent(new FocusEvent('blur'));
    expect(workbook.value(DEFAULT_SHEET, at.top, at.left)).toBe(7);
  });

  it('moves the selection with the arrow keys and shows the address and content above the grid', async () => {
    const { container, layout, workbook } = await mounted();
    const at = layout.cells.get('T3.new.natural')!;

    td(container, at.top, at.left).click();
    key(td(container, at.top, at.left), 'ArrowRight');
    key(document.activeElement ?? td(container, at.top, at.left + 1), 'ArrowDown');

    expect(workbook.selection()).toEqual({ sheet: DEFAULT_SHEET, row: at.top + 1, col: at.left + 1 });
    expect(td(container, at.top + 1, at.left + 1).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(td(container, at.top + 1, at.left + 1));
    expect(container.querySelector('.nb-grid-address')?.textContent).toBe(`J${at.top + 1}`);
  });

  it('selects a cell reached with the Tab key, and switches sheets with the arrow keys on the tabs', async () => {
    const { container, workbook } = await mounted();

    td(container, 4, 5).focus();
    expect(workbook.selection()).toEqual({ sheet: DEFAULT_SHEET, row: 4, col: 5 });

    key(container.querySelector('[role="tab"][aria-selected="true"]')!, 'ArrowLeft');
    expect(container.querySelector('[role="tab"][aria-selected="true"]')?.textContent).toBe('Sheet1');
    expect(document.activeElement?.textContent).toBe('Sheet1');
    expect(container.querySelector('table')?.getAttribute('aria-label')).toBe('预览工作表“Sheet1”');
  });

  it('empties a cell with Delete', async () => {
    const { container, layout, workbook } = await mounted();
    const at = layout.cells.get('T3.new.natural')!;

    td(container, at.top, at.left).click();
    key(td(container, at.top, at.left), 'Delete');

    expect(workbook.value(DEFAULT_SHEET, at.top, at.left)).toBeNull();
    expect(td(container, at.top, at.left).dataset.mark).toBe('error');
  });

  it('outlines the cell the add-in selects, switching to its sheet', async () => {
    const { container, layout, host } = await mounted();
    const at = layout.cells.get('T4.review.upheld')!;
    container.querySelectorAll<HTMLButtonElement>('[role="tab"]')[0]!.click();
    expect(container.querySelector('td[data-row="1"][data-col="1"]')?.textContent).toBe('');

    await host.select({ sheet: DEFAULT_SHEET, row: at.top, col: at.left });

    const cell = td(container, at.top, at.left);
    expect(cell.classList.contains('nb-selected')).toBe(true);
    expect(cell.tabIndex).toBe(0);
    expect(container.querySelector('[role="tab"][aria-selected="true"]')?.textContent).toBe(DEFAULT_SHEET);
  });

  it('goes away when disposed, and draws nothing more', async () => {
    const { container, workbook } = await mounted();

    view?.dispose();
    view = null;
    workbook.apply(buildTemplate({ sheet: '另一张' }).plan);

    expect(container.children).toHaveLength(0);
  });
});
