/**
 * @jest-environment jsdom
 */
import { TextDecoder, TextEncoder } from 'node:util';
import { FORMAT_2021 } from '../../src/core/format';
import { a1 } from '../../src/core/layout/a1';
import { buildTemplate, DEFAULT_SHEET } from '../../src/core/layout/template';
import { PREVIOUS_SHEET } from '../../src/core/previous';
import type { ReportData } from '../../src/core/report/types';
import { mountTaskpane, type MountedTaskpane } from '../../src/taskpane/mount';
import { FakeHost } from '../support/fake-host';
import { until } from '../support/until';

/** The 上年年报 section of the pane: a button, a file chooser, the question before overwriting. */

// jsdom leaves out TextDecoder, which every browser and Office webview has (the JSON reader uses it).
Object.assign(globalThis, { TextEncoder, TextDecoder });

const SHEET = DEFAULT_SHEET;
const { layout } = buildTemplate({ sheet: SHEET });
const at = (id: string): string => {
  const r = layout.cells.get(id)!;
  return `${SHEET}!${a1({ row: r.top, col: r.left })}`;
};
const APPLICANTS = FORMAT_2021.t3.columns.filter((c) => c.key !== 'total').map((c) => c.key);

const LAST: ReportData = {
  format: '2021',
  year: 2024,
  organ: '某县人民政府',
  cells: Object.fromEntries([
    ...APPLICANTS.map((col, i): [string, number] => [`T3.carryForward.${col}`, i === 0 ? 3 : 0]),
    ['T3.carryForward.total', 3],
  ]),
};

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
});

async function mounted(template = true): Promise<FakeHost> {
  const host = new FakeHost({ sheets: [SHEET] });
  if (template) await host.apply(buildTemplate({ sheet: SHEET }).plan);
  pane = mountTaskpane(root, host, { now: () => new Date('2026-01-10T08:00:00Z') });
  await pane.ready;
  return host;
}

const q = <T extends Element = HTMLElement>(selector: string): T => {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
};
const visible = (e: HTMLElement): boolean => {
  for (let n: HTMLElement | null = e; n; n = n.parentElement) if (n.hidden) return false;
  return true;
};

/** The clerk picks `file` in the chooser the button opened. */
function choose(file: File): void {
  const input = q<HTMLInputElement>('input[type="file"]');
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('task pane view: 导入上年年报', () => {
  it('is offered once there is a template, with a chooser for every kind of report file', async () => {
    await mounted(false);
    const button = q<HTMLButtonElement>('button[data-action="import-previous"]');
    expect(visible(button)).toBe(false);

    pane?.dispose();
    await mounted();
    expect(visible(q<HTMLButtonElement>('button[data-action="import-previous"]'))).toBe(true);
    expect(q('button[data-action="import-previous"]').textContent).toBe('导入上年年报');
    expect(q('.nb-previous-status').textContent).toBe('还没有导入上年年报。');
    expect(q<HTMLInputElement>('input[type="file"]').accept).toBe('.xlsx,.xlsm,.json,.txt,.md,.html,.htm,.docx');
  });

  it('opens the file chooser on click, imports the chosen file, and says what it carried', async () => {
    const host = await mounted();
    const input = q<HTMLInputElement>('input[type="file"]');
    const opened = jest.spyOn(input, 'click').mockImplementation(() => undefined);

    q<HTMLButtonElement>('button[data-action="import-previous"]').click();
    expect(opened).toHaveBeenCalledTimes(1);
    choose(new File([JSON.stringify(LAST)], '2024年报.json', { type: 'application/json' }));
    await until(
      () =>
        (host.workbook.has(PREVIOUS_SHEET) && (q('.nb-notice').textContent ?? '') !== '') ||
        !q('.nb-alert').hidden ||
        q('.nb-previous-message').textContent !== '',
      'the import',
    );
    expect([q('.nb-alert').textContent, q('.nb-previous-message').textContent]).toEqual(['', '']);

    expect(host.valueAt(at('T3.carried.natural'))).toBe(3);
    expect(q('.nb-notice').textContent).toContain('所选文件“2024年报.json”是某县人民政府 2024 年度的年报：上年结转 3 件（自然人 3）。');
    await until(() => q('.nb-previous-status').textContent !== '还没有导入上年年报。', 'the status');
    expect(q('.nb-previous-status').textContent).toBe('工作簿中已保存上年年报（某县人民政府 2024 年度），跨年度检查随校验一起进行。');
  });

  it('asks before changing what the clerk typed; 取消 keeps it', async () => {
    const host = await mounted();
    host.type(at('T3.carried.natural'), 5);
    await until(() => q('.nb-status').textContent !== '正在读取工作簿…', 'the check');

    choose(new File([JSON.stringify(LAST)], '2024年报.json'));
    await until(() => !q('.nb-confirm').hidden, 'the question');

    expect(q('.nb-confirm-text').textContent).toContain('自然人现为“5”，上年为 3');
    expect(q('button[data-action="confirm"]').textContent).toBe('改为上年的数字并导入');
    q<HTMLButtonElement>('button[data-action="cancel"]').click();
    await new Promise((r) => setTimeout(r, 20));

    expect(q('.nb-confirm').hidden).toBe(true);
    expect(host.valueAt(at('T3.carried.natural'))).toBe(5);
    expect(host.workbook.has(PREVIOUS_SHEET)).toBe(false);
  });

  it('says in Chinese when the chosen file is no report', async () => {
    const host = await mounted();
    choose(new File(['%PDF-1.4'], '扫描件.pdf'));
    await until(() => (q('.nb-notice').textContent ?? '') !== '', 'the message');

    expect(q('.nb-notice').textContent).toContain('无法读取“扫描件.pdf”：不支持的文件类型“.pdf”');
    expect(host.workbook.has(PREVIOUS_SHEET)).toBe(false);
  });
});
