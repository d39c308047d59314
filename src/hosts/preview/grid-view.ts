import type { Position } from '../../core/layout/a1';
import type { CellAddress, SpreadsheetHost } from '../../core/port';
import {
  MARK_TEXT,
  addressText,
  breakMessage,
  cellLook,
  displayText,
  gridModel,
  move,
  parseTyped,
  type Direction,
  type GridModel,
} from './grid-model';
import type { PreviewWorkbook, WorkbookEvent } from './workbook';

/**
 * The preview's workbook drawn as HTML: one visible sheet at a time as a table (tabs switch sheets), with
 * the template's merges, sizes, fills, fonts and borders, computed values, and the conditional formats'
 * marks — coloured, and with a ✕ or ! and a title as well. A person clicks a cell and types; the
 * workbook recalculates and the marks follow. Every text goes in with textContent, never as HTML.
 */

export interface GridView {
  dispose(): void;
}

const ARROWS: Readonly<Record<string, Direction>> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };

interface Editing {
  readonly at: CellAddress;
  readonly input: HTMLInputElement;
  readonly original: string;
}

export function mountGridView(container: HTMLElement, workbook: PreviewWorkbook, host: SpreadsheetHost): GridView {
  const doc = container.ownerDocument;
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] => {
    const e = doc.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  const root = el('div', 'nb-grid');
  const bar = el('div', 'nb-grid-bar');
  const address = el('span', 'nb-grid-address');
  address.setAttribute('aria-label', '单元格地址');
  const content = el('span', 'nb-grid-content');
  content.setAttribute('aria-label', '单元格内容');
  bar.append(address, content);
  const scroller = el('div', 'nb-grid-scroll');
  const table = el('table', 'nb-grid-table');
  table.setAttribute('role', 'grid');
  scroller.append(table);
  const tabs = el('div', 'nb-grid-tabs');
  tabs.setAttribute('role', 'tablist');
  tabs.setAttribute('aria-label', '工作表');
  const legend = el('p', 'nb-grid-legend');
  const legendItem = (mark: 'error' | 'warning'): HTMLElement => {
    const key = el('span', `nb-grid-key nb-mark-${mark}`, MARK_TEXT[mark].symbol);
    key.setAttribute('aria-hidden', 'true');
    const item = el('span', 'nb-grid-legend-item');
    item.append(key, doc.createTextNode(`${mark === 'error' ? '红色' : '黄色'}：校验${MARK_TEXT[mark].label}`));
    return item;
  };
  legend.append(legendItem('error'), legendItem('warning'), doc.createTextNode('单击单元格后直接输入，Enter 确认，Esc 取消，方向键移动。'));
  const status = el('p', 'nb-grid-status');
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  root.append(bar, scroller, tabs, legend, status);
  container.append(root);

  let current: string | null = null;
  let model: GridModel | null = null;
  const tds = new Map<string, HTMLTableCellElement>();
  let editing: Editing | null = null;
  let known = new Set(workbook.sheets().map((s) => s.name));
  const keyOf = (row: number, col: number): string => `${row}:${col}`;
  const visibleSheets = (): string[] =>
    workbook
      .sheets()
      .filter((s) => s.visibility === 'visible')
      .map((s) => s.name);

  /** The selection on the sheet shown, or null. */
  const selected = (): CellAddress | null => {
    const at = workbook.selection();
    return at && current !== null && at.sheet.toLowerCase() === current.toLowerCase() ? at : null;
  };

  function paintCell(td: HTMLTableCellElement, row: number, col: number): void {
    if (current === null || editing?.input.parentElement === td) return;
    const value = workbook.result(current, row, col);
    const style = workbook.style(current, row, col);
    const mark = workbook.mark(current, row, col);
    const look = cellLook(style, mark, value);
    td.style.fontFamily = look.fontFamily;
    td.style.fontSize = look.fontSize;
    td.style.fontWeight = look.fontWeight;
    td.style.color = look.color;
    td.style.backgroundColor = look.background;
    td.style.textAlign = look.textAlign;
    td.style.verticalAlign = look.verticalAlign;
    td.classList.toggle('nb-wrap', look.wrap);
    // A border between two cells is drawn by the one on the left or above, when either has it.
    const area = model?.areaAt(row, col) ?? { top: row, left: col, bottom: row, right: col };
    const bordered = (r: number, c: number): boolean => current !== null && cellLook(workbook.style(current, r, c), null, null).border;
    td.classList.toggle('nb-edge-right', look.border || bordered(area.top, area.right + 1));
    td.classList.toggle('nb-edge-bottom', look.border || bordered(area.bottom + 1, area.left));
    td.classList.toggle('nb-mark-error', mark === 'error');
    td.classList.toggle('nb-mark-warning', mark === 'warning');
    const text = el('span', 'nb-grid-text', displayText(value, style));
    const parts: Node[] = [text];
    if (mark) {
      const marker = el('span', 'nb-grid-marker', MARK_TEXT[mark].symbol);
      marker.setAttribute('aria-hidden', 'true');
      parts.push(marker, el('span', 'nb-grid-sr', `（${MARK_TEXT[mark].label}）`));
      td.dataset.mark = mark;
      td.title = MARK_TEXT[mark].title;
    } else {
      delete td.dataset.mark;
      td.removeAttribute('title');
    }
    if (mark === 'error') td.setAttribute('aria-invalid', 'true');
    else td.removeAttribute('aria-invalid');
    td.replaceChildren(...parts);
  }

  function renderTabs(): void {
    const buttons = visibleSheets().map((name) => {
      const b = el('button', 'nb-grid-tab', name);
      b.type = 'button';
      b.setAttribute('role', 'tab');
      const on = name === current;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
      b.addEventListener('click', () => show(name));
      return b;
    });
    tabs.replaceChildren(...buttons);
  }

  function render(): void {
    editing = null;
    tds.clear();
    const layout = current !== null ? workbook.layout(current) : undefined;
    if (!layout) {
      model = null;
      table.replaceChildren();
      renderTabs();
      renderBar();
      return;
    }
    model = gridModel(layout);
    table.setAttribute('aria-label', `${host.label}工作表“${layout.name}”`);
    table.setAttribute('aria-rowcount', String(model.rows.length));
    const colgroup = el('colgroup');
    const rowHeaderCol = el('col');
    rowHeaderCol.style.width = '40px';
    colgroup.append(rowHeaderCol);
    let width = 40;
    for (const c of model.columns) {
      const col = el('col');
      col.style.width = `${c.px}px`;
      width += c.px;
      colgroup.append(col);
    }
    table.style.width = `${width}px`;
    const head = el('thead');
    const headRow = el('tr');
    const corner = el('th', 'nb-grid-corner');
    corner.setAttribute('aria-hidden', 'true');
    headRow.append(corner);
    for (const c of model.columns) {
      const th = el('th', 'nb-grid-colhead', c.letters);
      th.scope = 'col';
      headRow.append(th);
    }
    head.append(headRow);
    const body = el('tbody');
    for (const r of model.rows) {
      const tr = el('tr');
      tr.style.height = `${r.px}px`;
      const th = el('th', 'nb-grid-rowhead', String(r.row));
      th.scope = 'row';
      tr.append(th);
      for (const c of r.cells) {
        const td = el('td');
        td.setAttribute('role', 'gridcell');
        td.dataset.row = String(c.row);
        td.dataset.col = String(c.col);
        if (c.rowspan > 1) td.rowSpan = c.rowspan;
        if (c.colspan > 1) td.colSpan = c.colspan;
        td.tabIndex = -1;
        paintCell(td, c.row, c.col);
        tds.set(keyOf(c.row, c.col), td);
        tr.append(td);
      }
      body.append(tr);
    }
    table.replaceChildren(colgroup, head, body);
    renderTabs();
    renderSelection(false);
  }

  function renderBar(): void {
    const at = selected();
    address.textContent = at ? addressText(at) : '';
    content.textContent = at && current !== null ? workbook.content(current, at.row, at.col) : '';
  }

  /** Outline the selected cell; it (or the first cell) is the one the Tab key reaches. */
  function renderSelection(focus: boolean): void {
    const at = selected();
    for (const td of table.querySelectorAll('td.nb-selected')) {
      td.classList.remove('nb-selected');
      td.setAttribute('aria-selected', 'false');
    }
    for (const cell of table.querySelectorAll<HTMLElement>('td[tabindex="0"]')) cell.tabIndex = -1;
    const td = at ? tds.get(keyOf(at.row, at.col)) : undefined;
    const reachable = td ?? tds.values().next().value;
    if (reachable) reachable.tabIndex = 0;
    if (td) {
      td.classList.add('nb-selected');
      td.setAttribute('aria-selected', 'true');
      if (typeof td.scrollIntoView === 'function') td.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      if (focus) td.focus();
    }
    renderBar();
  }

  function show(sheet: string): void {
    if (sheet === current) return;
    finishEditing(true);
    current = sheet;
    status.textContent = '';
    render();
  }

  function select(at: Position, focus: boolean): void {
    if (current === null) return;
    workbook.select({ sheet: current, row: at.row, col: at.col });
    if (focus) tds.get(keyOf(workbook.selection()?.row ?? at.row, workbook.selection()?.col ?? at.col))?.focus();
  }

  function startEditing(at: CellAddress, initial: string | null): void {
    if (current === null) return;
    const td = tds.get(keyOf(at.row, at.col));
    if (!td) return;
    const original = workbook.content(current, at.row, at.col);
    const input = el('input', 'nb-grid-editor');
    input.type = 'text';
    input.value = initial ?? original;
    input.setAttribute('aria-label', `编辑单元格 ${addressText(at)}`);
    editing = { at, input, original };
    td.replaceChildren(input);
    td.classList.add('nb-editing');
    input.addEventListener('keydown', onEditorKey);
    input.addEventListener('blur', () => finishEditing(true));
    input.focus();
    if (initial === null) input.select();
  }

  /** End editing: keep what was typed (`commit`) or put the cell back as it was. */
  function finishEditing(commit: boolean): void {
    const e = editing;
    if (!e || current === null) return;
    editing = null;
    const td = tds.get(keyOf(e.at.row, e.at.col));
    td?.classList.remove('nb-editing');
    if (commit && e.input.value !== e.original) {
      const value = parseTyped(e.input.value);
      const rule = workbook.validationAt(current, e.at.row, e.at.col);
      status.textContent = breakMessage(rule, value);
      workbook.setCells([{ ...e.at, value }], 'user');
    }
    if (td) paintCell(td, e.at.row, e.at.col);
  }

  function go(direction: Direction): void {
    const at = selected();
    if (!model || !at) return;
    select(move(model, at, direction), true);
  }

  function onEditorKey(event: KeyboardEvent): void {
    event.stopPropagation();
    if (event.isComposing) return;
    if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      finishEditing(true);
      go(event.key === 'Enter' ? (event.shiftKey ? 'up' : 'down') : event.shiftKey ? 'left' : 'right');
    } else if (event.key === 'Escape') {
      event.preventDefault();
      const at = editing?.at;
      finishEditing(false);
      if (at) tds.get(keyOf(at.row, at.col))?.focus();
    }
  }

  function cellOf(target: EventTarget | null): CellAddress | null {
    const td = target instanceof Element ? target.closest('td[data-row]') : null;
    if (!td || current === null || !table.contains(td)) return null;
    return { sheet: current, row: Number((td as HTMLElement).dataset.row), col: Number((td as HTMLElement).dataset.col) };
  }

  function onKey(event: KeyboardEvent): void {
    const at = selected();
    if (!at || editing || event.ctrlKey || event.metaKey || event.altKey) return;
    const direction = ARROWS[event.key];
    if (direction) {
      event.preventDefault();
      go(direction);
    } else if (event.key === 'Enter' || event.key === 'F2') {
      event.preventDefault();
      startEditing(at, null);
    } else if (event.key === 'Delete') {
      event.preventDefault();
      status.textContent = '';
      workbook.setCells([{ ...at, value: null }], 'user');
    } else if (event.key === 'Backspace') {
      event.preventDefault();
      startEditing(at, '');
    } else if (event.key === 'Process' || event.isComposing) {
      // An input method is composing: let its text go into the editor.
      startEditing(at, '');
    } else if (event.key.length === 1 || [...event.key].length === 1) {
      event.preventDefault();
      startEditing(at, event.key);
    }
  }

  const isSelected = (at: CellAddress): boolean => {
    const sel = selected();
    return sel !== null && sel.row === at.row && sel.col === at.col;
  };

  function onClick(event: MouseEvent): void {
    const at = cellOf(event.target);
    if (!at || (editing && editing.at.row === at.row && editing.at.col === at.col)) return;
    if (isSelected(at)) tds.get(keyOf(at.row, at.col))?.focus();
    else select(at, true);
  }

  /** A cell reached with the Tab key becomes the selection. */
  function onFocusIn(event: FocusEvent): void {
    const at = cellOf(event.target);
    if (at && !editing && !isSelected(at)) workbook.select(at);
  }

  /** The tab list's keys: ← → Home End move between sheets. */
  function onTabKey(event: KeyboardEvent): void {
    const names = visibleSheets();
    const i = current === null ? -1 : names.indexOf(current);
    const next = { ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: names.length - 1 }[event.key];
    const name = next === undefined ? undefined : names[Math.max(0, Math.min(names.length - 1, next))];
    if (name === undefined) return;
    event.preventDefault();
    show(name);
    tabs.querySelector<HTMLElement>('[aria-selected="true"]')?.focus();
  }

  function onDoubleClick(event: MouseEvent): void {
    const at = cellOf(event.target);
    if (at && !editing) startEditing(workbook.selection() ?? at, null);
  }

  function onEvent(event: WorkbookEvent): void {
    if (event.kind === 'structure') {
      const now = workbook.sheets();
      const added = now.find((s) => s.visibility === 'visible' && !known.has(s.name));
      known = new Set(now.map((s) => s.name));
      const visible = visibleSheets();
      if (added) current = added.name;
      else if (current === null || !visible.includes(current)) current = visible[0] ?? null;
      render();
    } else if (event.kind === 'selection') {
      const at = event.at;
      if (at && at.sheet !== current && visibleSheets().includes(at.sheet)) {
        finishEditing(true);
        current = at.sheet;
        render();
      } else renderSelection(false);
    } else {
      for (const c of event.cells) {
        if (c.sheet !== current) continue;
        const td = tds.get(keyOf(c.row, c.col));
        if (td) paintCell(td, c.row, c.col);
      }
      renderBar();
    }
  }

  table.addEventListener('keydown', onKey);
  table.addEventListener('click', onClick);
  table.addEventListener('dblclick', onDoubleClick);
  table.addEventListener('focusin', onFocusIn);
  tabs.addEventListener('keydown', onTabKey);
  const stop = workbook.subscribe(onEvent);
  const firstSelection = workbook.selection();
  current = firstSelection && visibleSheets().includes(firstSelection.sheet) ? firstSelection.sheet : (visibleSheets()[0] ?? null);
  render();

  return {
    dispose(): void {
      stop();
      editing = null;
      table.removeEventListener('keydown', onKey);
      table.removeEventListener('click', onClick);
      table.removeEventListener('dblclick', onDoubleClick);
      table.removeEventListener('focusin', onFocusIn);
      tabs.removeEventListener('keydown', onTabKey);
      root.remove();
    },
  };
}
