/**
 * @jest-environment jsdom
 */
import { a1 } from '../../src/core/layout/a1';
import { buildTemplate, DEFAULT_SHEET } from '../../src/core/layout/template';
import type { ReportData } from '../../src/core/report/types';
import { ORGAN_LEVELS } from '../../src/core/rules/organ-level';
import { mountTaskpane, type MountedTaskpane } from '../../src/taskpane/mount';
import { validReport2021 } from '../fixtures/rules/reports';
import { FakeHost } from '../support/fake-host';

const SHEET = DEFAULT_SHEET;
const { layout } = buildTemplate({ sheet: SHEET });
const at = (id: string): string => {
  const r = layout.cells.get(id)!;
  return `${SHEET}!${a1({ row: r.top, col: r.left })}`;
};
const XSS = '<img src=x onerror=alert(1)>';

let root: HTMLElement;
let pane: MountedTaskpane | null = null;

beforeEach(() => {
  document.body.replaceChildren();
  root = document.createElement('div');
  document.body.append(root);
});

afterEach(() => {
  pane?.dispose();
  pane = null;
  jest.useRealTimers();
});

async function workbookWith(
  data: ReportData = validReport2021(),
  options: ConstructorParameters<typeof FakeHost>[0] = {},
): Promise<FakeHost> {
  const host = new FakeHost({ sheets: [SHEET], ...options });
  await host.apply(buildTemplate({ data, sheet: SHEET }).plan);
  host.resetCalls();
  return host;
}

async function mount(host: FakeHost): Promise<void> {
  pane = mountTaskpane(root, host, { now: () => new Date('2025-01-10T08:00:00Z') });
  await pane.ready;
}

/** Let queued operations (their promises) finish. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
}

const q = <T extends Element = HTMLElement>(selector: string): T => {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
};
const all = (selector: string): HTMLElement[] => [...root.querySelectorAll<HTMLElement>(selector)];
const byText = (selector: string, text: string): HTMLElement => {
  const found = all(selector).find((e) => e.textContent?.includes(text));
  if (!found) throw new Error(`no ${selector} with ${text}`);
  return found;
};
const visible = (e: HTMLElement): boolean => {
  for (let n: HTMLElement | null = e; n; n = n.parentElement) if (n.hidden) return false;
  return true;
};
const key = (target: HTMLElement, k: string): void => {
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
};

describe('task pane view', () => {
  it('offers 插入模板 on a workbook without a template, and inserts it onto a new sheet', async () => {
    const host = new FakeHost();
    await mount(host);

    expect(q('.nb-status').textContent).toBe('工作簿中还没有年报模板：请点击“插入模板”。');
    const insert = q<HTMLButtonElement>('button[data-action="insert"]');
    expect(visible(insert)).toBe(true);
    expect(insert.textContent).toBe('插入模板');

    insert.click();
    await settle();

    expect(host.workbook.has(SHEET)).toBe(true);
    expect(visible(insert)).toBe(false);
    expect(q('.nb-where').textContent).toBe('年报模板位于工作表“年报”。');
    expect(q('.nb-notice').textContent).toContain('已在工作表“年报”插入年报模板');
    expect(q('.nb-status').textContent).toMatch(/^表二：\d+ 处错误/);
  });

  it('asks in Chinese before inserting over content, and does nothing on 取消', async () => {
    const host = new FakeHost({ sheets: ['Sheet1'] });
    host.type('Sheet1!A1', '已有内容');
    host.active = { sheet: 'Sheet1', row: 1, col: 1 };
    await mount(host);

    q<HTMLInputElement>('input[value="selection"]').click();
    q<HTMLButtonElement>('button[data-action="insert"]').click();
    await settle();

    const confirm = q('.nb-confirm');
    expect(visible(confirm)).toBe(true);
    expect(confirm.getAttribute('role')).toBe('alertdialog');
    expect(q('.nb-confirm-text').textContent).toContain('已有内容');
    expect(document.activeElement).toBe(q('button[data-action="confirm"]'));

    q<HTMLButtonElement>('button[data-action="cancel"]').click();
    await settle();
    expect(visible(confirm)).toBe(false);
    expect(host.valueAt('Sheet1!A1')).toBe('已有内容');
    expect(host.calls).not.toContain('apply');
  });

  it('lists findings grouped by table with severity as text, message and address; a status line on top', async () => {
    const host = await workbookWith();
    host.type(at('T3.new.natural'), '12件');
    host.type(at('T2.normative.inForce'), 5);
    await mount(host);

    expect(q('.nb-status').textContent).toBe('表二：1 处提示；表三：3 处错误；表四：无问题');
    const groups = all('.nb-group').map((g) => g.querySelector('h3')?.textContent);
    expect(groups).toEqual(['表二（1 处提示）', '表三（3 处错误）']);
    const item = byText('.nb-finding', '12件');
    expect(item.querySelector('.nb-badge')?.textContent).toBe('✖错误');
    expect(item.querySelector('.nb-icon')?.getAttribute('aria-hidden')).toBe('true');
    expect(item.querySelector('.nb-address')?.textContent).toBe(at('T3.new.natural'));
    expect(item.tagName).toBe('LI');
    expect(item.tabIndex).toBe(0);
    expect(byText('.nb-finding', '现行有效').querySelector('.nb-badge')?.textContent).toBe('！提示');
  });

  it('selects the cell of a finding on click and on Enter, and moves between findings with the arrow keys', async () => {
    const host = await workbookWith();
    host.type(at('T3.new.natural'), '12件');
    host.type(at('T4.review.upheld'), '/');
    await mount(host);
    const first = byText('.nb-finding', '12件');
    const second = byText('.nb-finding', '“/”');

    first.click();
    await settle();
    expect(host.selected).toMatchObject({ sheet: SHEET, row: layout.cells.get('T3.new.natural')!.top });

    second.focus();
    key(second, 'Enter');
    await settle();
    expect(host.selected).toMatchObject({ row: layout.cells.get('T4.review.upheld')!.top });

    const items = all('.nb-list > li');
    items[0]!.focus();
    key(items[0]!, 'ArrowDown');
    expect(document.activeElement).toBe(items[1]);
  });

  it('修正 is a button that writes the clean value; focus stays in the list', async () => {
    const host = await workbookWith();
    host.type(at('T3.new.natural'), '12件');
    await mount(host);
    const fix = byText('button[data-action="fix"]', '修正为 12');
    expect(fix.tagName).toBe('BUTTON');

    fix.focus();
    fix.click();
    await settle();

    expect(host.writes.at(-1)).toEqual([
      { sheet: SHEET, row: layout.cells.get('T3.new.natural')!.top, col: layout.cells.get('T3.new.natural')!.left, value: 12 },
    ]);
    expect(all('.nb-finding').some((f) => f.textContent?.includes('12件'))).toBe(false);
    expect(root.contains(document.activeElement)).toBe(true);
  });

  it('应用 applies a fix suggestion', async () => {
    const host = await workbookWith();
    host.type(at('T3.new.total'), 999);
    await mount(host);

    const suggestion = q('.nb-suggestion');
    expect(suggestion.textContent).toContain('建议');
    q<HTMLButtonElement>('.nb-suggestion button[data-action="apply"]').click();
    await settle();

    expect(host.writes).toHaveLength(1);
    expect(all('.nb-suggestion')).toHaveLength(0);
  });

  it('records a 说明 for a warning in an inline textarea, shows it, and marks it for review when the values change', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] });
    const host = await workbookWith();
    host.type(at('T2.normative.inForce'), 5);
    await mount(host);
    expect(all('.nb-sev-error button[data-action="note"]')).toHaveLength(0);

    byText('button[data-action="note"]', '说明').click();
    const area = q<HTMLTextAreaElement>('.nb-note-editor textarea');
    expect(document.activeElement).toBe(area);
    expect(q(`label[for="${area.id}"]`).textContent).toContain('说明');
    area.value = '本年制发的 6 件当年即废止。';
    area.dispatchEvent(new Event('input', { bubbles: true }));
    byText('button[data-action="note-save"]', '保存说明').click();
    await jest.advanceTimersByTimeAsync(10);
    await jest.advanceTimersByTimeAsync(1000);

    const note = q('.nb-note');
    expect(note.textContent).toBe('说明：本年制发的 6 件当年即废止。');
    expect(q('.nb-status').textContent).toContain('表二：1 处提示（已说明 1 处）');

    host.type(at('T2.normative.inForce'), 4);
    await jest.advanceTimersByTimeAsync(400);
    await jest.advanceTimersByTimeAsync(10);
    expect(q('.nb-note').classList.contains('nb-stale')).toBe(true);
    expect(q('.nb-note').textContent).toContain('数值已变化，请重新确认');
  });

  it('closes the 说明 editor on Escape without saving', async () => {
    const host = await workbookWith();
    host.type(at('T2.normative.inForce'), 5);
    await mount(host);
    byText('button[data-action="note"]', '说明').click();
    const area = q<HTMLTextAreaElement>('.nb-note-editor textarea');

    key(area, 'Escape');

    expect(all('.nb-note-editor')).toHaveLength(0);
    expect(host.calls).not.toContain('apply');
    expect(document.activeElement?.classList.contains('nb-finding')).toBe(true);
  });

  it('shows an organ name with markup as text and runs nothing', async () => {
    const alerts = jest.fn();
    window.alert = alerts;
    const host = await workbookWith({ ...validReport2021(), organ: XSS, info: { organLevel: XSS as never } });
    host.type(at('T3.new.natural'), XSS);
    await mount(host);
    await settle();

    const organ = q<HTMLInputElement>('input[data-field="organ"]');
    expect(organ.value).toBe(XSS);
    expect(root.querySelectorAll('img')).toHaveLength(0);
    expect(byText('.nb-finding', XSS).querySelector('.nb-message')?.textContent).toContain(XSS);
    const level = q<HTMLSelectElement>('select[data-field="organLevel"]');
    expect(level.value).toBe(XSS);
    expect(alerts).not.toHaveBeenCalled();
  });

  it('has the 基本信息 form: organ level as a list of the official levels, saving what changed', async () => {
    const host = await workbookWith();
    await mount(host);
    const level = q<HTMLSelectElement>('select[data-field="organLevel"]');
    expect([...level.options].map((o) => o.value)).toEqual(['', ...ORGAN_LEVELS.map((l) => l.label)]);
    expect(level.value).toBe('设区的市、自治州人民政府');
    for (const f of ['organ', 'year', 'phone', 'feeNotices', 'feeAmountYuan', 'feeCollectedYuan']) {
      const input = q<HTMLInputElement>(`input[data-field="${f}"]`);
      expect(q(`label[for="${input.id}"]`).textContent).not.toBe('');
    }

    level.value = '县级人民政府';
    level.dispatchEvent(new Event('change', { bubbles: true }));
    const year = q<HTMLInputElement>('input[data-field="year"]');
    year.value = '2025';
    year.dispatchEvent(new Event('input', { bubbles: true }));
    q<HTMLFormElement>('.nb-info-form').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await settle();

    expect(host.writes).toHaveLength(1);
    expect(host.writes[0]!.map((w) => w.value)).toEqual(['县级人民政府', 2025]);
    expect(q('.nb-form-message').textContent).toBe('基本信息已保存到工作表。');
  });

  it('says what older Excel cannot do', async () => {
    const host = await workbookWith(validReport2021(), { features: { conditionalFormats: false } });
    await mount(host);

    expect(q('.nb-unavailable').textContent).toBe(
      '此版本 Excel 不支持条件格式（需 ExcelApi 1.6），表格中不会标色，请以任务窗格中的列表为准。',
    );
  });

  it('shows host errors in the message area', async () => {
    const host = await workbookWith();
    await mount(host);
    host.failNext = { call: 'read', message: '读取工作簿失败：Excel 正忙。' };

    q<HTMLButtonElement>('button[data-action="validate"]').click();
    await settle();

    const alertBox = q('.nb-alert');
    expect(visible(alertBox)).toBe(true);
    expect(alertBox.getAttribute('role')).toBe('alert');
    expect(alertBox.textContent).toBe('读取工作簿失败：Excel 正忙。');
  });

  it('marks template damage in the list and restores it with 修复', async () => {
    const host = await workbookWith();
    host.type(at('T4.review.total'), 3);
    await mount(host);
    const damaged = q('.nb-finding.nb-structure');
    expect(damaged.querySelector('.nb-tag')?.textContent).toBe('模板结构');
    expect(q('.nb-integrity-summary').textContent).toContain('发现 1 处模板结构问题');
    expect(q('.nb-template .nb-hint').textContent).toContain('条件格式被粘贴覆盖后无法检测');

    q<HTMLButtonElement>('button[data-action="repair"]').click();
    await settle();

    expect(all('.nb-finding.nb-structure')).toHaveLength(0);
    expect(q('.nb-integrity-summary').textContent).toBe('模板结构完好。');
  });

  it('empties the root on dispose', async () => {
    const host = await workbookWith();
    await mount(host);

    pane!.dispose();
    pane = null;

    expect(root.childElementCount).toBe(0);
    expect(host.listening).toBe(0);
  });
});

describe('task pane view: long lists', () => {
  it('shows the first 20 findings of a group and the rest on request', async () => {
    const host = new FakeHost();
    await mount(host);
    q<HTMLButtonElement>('button[data-action="insert"]').click();
    await settle();

    const t3 = q('[data-group="T3"]');
    expect(t3.querySelectorAll('.nb-list > li')).toHaveLength(20);
    const more = t3.querySelector<HTMLButtonElement>('button[data-action="more"]')!;
    expect(more.textContent).toMatch(/^显示其余 \d+ 条$/);

    more.click();

    const items = q('[data-group="T3"]').querySelectorAll('.nb-list > li');
    expect(items.length).toBeGreaterThan(20);
    expect(document.activeElement).toBe(items[20]);
    expect(q('[data-group="T3"]').querySelector('button[data-action="more"]')).toBeNull();
  });
});

describe('task pane view: deleted rows', () => {
  it('counts the cells of a deleted row as template damage and rebuilds only after 确定', async () => {
    const host = await workbookWith();
    host.deleteRows(SHEET, layout.cells.get('T3.other1.natural')!.top, 1);
    await mount(host);

    expect(all('.nb-finding.nb-structure').every((f) => f.dataset.rule === 'F.missingRow')).toBe(true);
    expect(q('.nb-integrity-summary').textContent).toContain('发现 7 处模板结构问题');
    expect(all('.nb-structure button[data-action="note"]')).toHaveLength(0);

    q<HTMLButtonElement>('button[data-action="repair"]').click();
    await settle();
    expect(host.calls).not.toContain('apply');
    expect(q('.nb-confirm-text').textContent).toContain('重建');
    expect(q('button[data-action="confirm"]').textContent).toBe('重建表格');

    q<HTMLButtonElement>('button[data-action="confirm"]').click();
    await settle();

    expect(all('.nb-finding.nb-structure')).toHaveLength(0);
    expect(q('.nb-integrity-summary').textContent).toBe('模板结构完好。');
    expect(document.activeElement).toBe(q('button[data-action="repair"]'));
  });
});
