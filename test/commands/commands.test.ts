import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { showSummaryDialog, type DialogApi } from '../../src/commands/summary-dialog';
import {
  DIALOG_CLOSE,
  DIALOG_READY,
  HASH_BUDGET,
  parseSummary,
  renderSummary,
  summaryFromHash,
  summaryHash,
} from '../../src/commands/summary-view';
import {
  NO_TEMPLATE,
  runValidateCommand,
  validateCommand,
  type CommandSummary,
  type ShowSummary,
} from '../../src/commands/validate-command';
import type { WorkbookGrid } from '../../src/core/import/grid';
import type { WorkbookPlan } from '../../src/core/layout/plan';
import { plannedGrid } from '../../src/core/layout/planned-grid';
import { META_SHEET, buildTemplate } from '../../src/core/layout/template';
import { NARRATIVE_SHEET } from '../../src/core/narrative/sheet';
import { NOTES_SHEET, notesPlan, noteKey, fingerprint } from '../../src/core/notes';
import { PREVIOUS_SHEET } from '../../src/core/previous';
import { HostError, type HostFeatures, type SpreadsheetHost } from '../../src/core/port';
import type { ReportData } from '../../src/core/report/types';
import { validateReport } from '../../src/core/validate';
import { lastYearOf } from '../support/last-year';
import { damage, jiaokou, seeded, validReport } from '../support/reports';

/** A workbook of one sheet, Sheet1, and what `plans` wrote into it, formulas showing their planned results. */
const gridOf = (...plans: WorkbookPlan[]): WorkbookGrid => plannedGrid(plans, [{ name: 'Sheet1', visibility: 'visible' }]);

const ALL: HostFeatures = { conditionalFormats: true, dataValidation: true, changeEvents: true, printSetup: true };

function fakeHost(read: () => Promise<WorkbookGrid>, features: HostFeatures = ALL): SpreadsheetHost & { reads: string[][] } {
  const reads: string[][] = [];
  const never = (): Promise<never> => Promise.reject(new Error('the command only reads'));
  return {
    label: 'fake',
    features,
    reads,
    read: (sheets) => {
      reads.push([...sheets]);
      return read();
    },
    outline: never,
    isEmpty: never,
    apply: never,
    write: never,
    select: never,
    onChange: never,
  };
}

const workbookOf = (data: ReportData, ...more: WorkbookPlan[]): Promise<WorkbookGrid> =>
  Promise.resolve(gridOf(buildTemplate({ data }).plan, ...more));

function fakeEvent(): { completed: jest.Mock } {
  return { completed: jest.fn() };
}

describe('校验 (validateWorkbook): event.completed() on every path', () => {
  it('a report with findings: one read of the sheets the report lives in, the counts and the first findings, then completed', async () => {
    const data = jiaokou();
    const host = fakeHost(() => workbookOf(data));
    const event = fakeEvent();
    const show = jest.fn<Promise<void>, [CommandSummary]>(() => Promise.resolve());
    const outcome = await validateCommand(event, () => host, show);
    expect(host.reads).toEqual([[META_SHEET, NOTES_SHEET, NARRATIVE_SHEET, PREVIOUS_SHEET]]);
    const findings = validateReport(data).findings;
    const errors = findings.filter((f) => f.severity === 'error').length;
    expect(findings.length).toBeGreaterThan(0);
    expect(show).toHaveBeenCalledTimes(1);
    const summary = show.mock.calls[0]![0];
    expect(summary.kind).toBe('findings');
    expect(summary.title).toBe(`校验完成：${errors} 处错误，${findings.length - errors} 处提示。`);
    expect(summary.lines[0]).toMatch(/^【(错误|提示)】年报![A-Z]+\d+：/);
    expect(summary.lines.length).toBeLessThanOrEqual(6);
    expect(outcome).toEqual({ ok: true, summary });
    expect(event.completed).toHaveBeenCalledTimes(1);
  });

  it('checks across years against the last-year report the workbook keeps, as the task pane does', async () => {
    const data = validReport(seeded(7));
    const last = lastYearOf(data);
    // The clerk typed a 上年结转 that is not last year's 结转下年度.
    const forward = last.cells['T3.carryForward.natural'] as number;
    const changed: ReportData = { ...data, cells: { ...data.cells, 'T3.carried.natural': forward + 2 } };
    const show = jest.fn<Promise<void>, [CommandSummary]>(() => Promise.resolve());
    const { plan } = buildTemplate({ data: changed, previous: { data: last } });
    await validateCommand(fakeEvent(), () => fakeHost(() => Promise.resolve(gridOf(plan))), show);
    const summary = show.mock.calls[0]![0];
    expect(summary.kind).toBe('findings');
    expect(summary.lines.join('\n')).toMatch(/上年结转/);
    await validateCommand(fakeEvent(), () => fakeHost(() => Promise.resolve(gridOf(buildTemplate({ data, previous: { data: last } }).plan))), show);
    expect(show.mock.calls[1]![0].kind).toBe('clean');
  });

  it('a clean report', async () => {
    const event = fakeEvent();
    const show = jest.fn<Promise<void>, [CommandSummary]>(() => Promise.resolve());
    await validateCommand(event, () => fakeHost(() => workbookOf(validReport(seeded(1)))), show);
    expect(show.mock.calls[0]![0]).toEqual({ kind: 'clean', title: '校验完成：没有发现错误或提示。', lines: [] });
    expect(event.completed).toHaveBeenCalledTimes(1);
  });

  it('a workbook without the template', async () => {
    const event = fakeEvent();
    const show = jest.fn<Promise<void>, [CommandSummary]>(() => Promise.resolve());
    await validateCommand(event, () => fakeHost(() => Promise.resolve(gridOf())), show);
    expect(show.mock.calls[0]![0]).toEqual({ kind: 'noTemplate', title: NO_TEMPLATE, lines: [] });
    expect(NO_TEMPLATE).toBe('当前工作簿中没有年报模板，请先在“年报助手”任务窗格中插入模板。');
    expect(event.completed).toHaveBeenCalledTimes(1);
  });

  it('a damaged meta sheet says so rather than “no template”', async () => {
    const { plan } = buildTemplate();
    const broken: WorkbookPlan = {
      ...plan,
      sheets: plan.sheets.map((s) =>
        s.name === META_SHEET ? { ...s, cells: s.cells.map((c) => (c.row === 1 && c.col === 3 ? { ...c, value: '1999' } : c)) } : s,
      ),
    };
    const show = jest.fn<Promise<void>, [CommandSummary]>(() => Promise.resolve());
    await runValidateCommand(
      fakeHost(() => Promise.resolve(gridOf(broken))),
      show,
    );
    expect(show.mock.calls[0]![0]).toMatchObject({
      kind: 'error',
      title: '无法校验：模板定位信息已损坏。',
      lines: [expect.stringContaining('1999')],
    });
  });

  it('Excel failing to read', async () => {
    const event = fakeEvent();
    const show = jest.fn<Promise<void>, [CommandSummary]>(() => Promise.resolve());
    const host = fakeHost(() => Promise.reject(new HostError('读取工作簿失败：工作簿已关闭', { cause: new Error('GeneralException') })));
    const outcome = await validateCommand(event, () => host, show);
    expect(outcome).toEqual({ ok: true, summary: { kind: 'error', title: '校验失败。', lines: ['读取工作簿失败：工作簿已关闭'] } });
    expect(event.completed).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['rejects', (): Promise<void> => Promise.reject(new Error('12007'))],
    [
      'throws',
      (): Promise<void> => {
        throw new Error('no dialog API');
      },
    ],
  ])('the dialog cannot be shown (show %s)', async (_, failing) => {
    const event = fakeEvent();
    const outcome = await validateCommand(event, () => fakeHost(() => workbookOf(jiaokou())), failing);
    expect(outcome.ok).toBe(false);
    expect(outcome.summary.kind).toBe('findings');
    expect(event.completed).toHaveBeenCalledTimes(1);
  });

  it('the host cannot even be created', async () => {
    const event = fakeEvent();
    const outcome = await validateCommand(
      event,
      () => {
        throw new Error('Excel is not defined');
      },
      () => Promise.resolve(),
    );
    expect(outcome).toMatchObject({ ok: false, summary: { kind: 'error' } });
    expect(event.completed).toHaveBeenCalledTimes(1);
  });

  it('completes only when the dialog is closed', async () => {
    const event = fakeEvent();
    let close = (): void => undefined;
    const show: ShowSummary = () => new Promise<void>((resolve) => (close = resolve));
    const done = validateCommand(event, () => fakeHost(() => workbookOf(jiaokou())), show);
    await new Promise((r) => setImmediate(r));
    expect(event.completed).not.toHaveBeenCalled();
    close();
    await done;
    expect(event.completed).toHaveBeenCalledTimes(1);
  });

  it('says that the sheet shows no marks where conditional formats are unsupported', async () => {
    const show = jest.fn<Promise<void>, [CommandSummary]>(() => Promise.resolve());
    await runValidateCommand(
      fakeHost(() => workbookOf(jiaokou()), { ...ALL, conditionalFormats: false }),
      show,
    );
    expect(show.mock.calls[0]![0].lines[0]).toMatch(/^当前 Excel 版本不支持条件格式（需要 ExcelApi 1\.6）/);
  });

  it('counts and shows the 说明 recorded for warnings, read in the same call', async () => {
    const data = damage(validReport(seeded(7)), 'inForceBelowIssued', seeded(8));
    const warning = validateReport(data).findings.find((f) => f.severity === 'warning')!;
    const note = {
      key: noteKey(warning),
      text: '年中集中清理，已核实。',
      values: fingerprint(warning, data),
      at: '2025-01-16T08:00:00.000Z',
    };
    const show = jest.fn<Promise<void>, [CommandSummary]>(() => Promise.resolve());
    await runValidateCommand(
      fakeHost(() => workbookOf(data, notesPlan([note], 0))),
      show,
    );
    const summary = show.mock.calls[0]![0];
    expect(summary.title).toMatch(/（其中 1 处已有说明）。$/);
    expect(summary.lines.some((l) => l.endsWith('（已说明：年中集中清理，已核实。）'))).toBe(true);
  });
});

describe('the summary page', () => {
  const long: CommandSummary = {
    kind: 'findings',
    title: '校验完成：40 处错误，0 处提示。',
    lines: Array.from({ length: 8 }, (_, i) => `【错误】年报!I${20 + i}：${'依申请公开情况表的数字不平衡，'.repeat(12)}`),
  };

  it('carries a short summary whole in the URL hash', () => {
    const s: CommandSummary = { kind: 'clean', title: '校验完成：没有发现错误或提示。', lines: ['a <b>'] };
    expect(summaryFromHash(summaryHash(s))).toEqual(s);
  });

  it('keeps a long summary within the URL budget: the title, and as many lines as fit', () => {
    const hash = summaryHash(long);
    expect(hash.length).toBeLessThanOrEqual(HASH_BUDGET);
    const back = summaryFromHash(hash)!;
    expect(back.title).toBe(long.title);
    expect(back.lines[back.lines.length - 1]).toMatch(/完整内容请在/);
  });

  it.each([
    '',
    '#',
    '#%E0%A4%A',
    '#%7B%7D',
    `#${encodeURIComponent('{"kind":"x","title":"t","lines":[]}')}`,
    `#${encodeURIComponent('{"kind":"clean","title":"t","lines":[1]}')}`,
  ])('ignores a hash that is not a summary: %j', (hash) => {
    expect(summaryFromHash(hash)).toBeNull();
  });

  it('renders every string as text, never as HTML', () => {
    const created: FakeElement[] = [];
    const dom = {
      createElement: (tag: string): HTMLElement => {
        const el = new FakeElement(tag);
        created.push(el);
        return el as unknown as HTMLElement;
      },
    };
    const root = new FakeElement('main');
    const onClose = jest.fn();
    const evil = '<img src=x onerror=alert(1)>';
    renderSummary(dom, root as unknown as HTMLElement, { kind: 'findings', title: evil, lines: [`【错误】${evil}`] }, onClose);
    expect(root.children.map((c) => c.tag)).toEqual(['h1', 'ul', 'button']);
    expect(root.children[0]!.textContent).toBe(evil);
    expect(root.children[1]!.children[0]!.textContent).toBe(`【错误】${evil}`);
    root.children[2]!.click();
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(created.every((el) => !el.htmlSet)).toBe(true);
  });

  it('no source of the commands touches innerHTML', () => {
    const dir = join(__dirname, '..', '..', 'src', 'commands');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      expect([file, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/.test(readFileSync(join(dir, file), 'utf8'))]).toEqual([
        file,
        false,
      ]);
    }
  });

  it('parses a message from the parent', () => {
    expect(parseSummary(JSON.stringify(long))).toEqual(long);
    expect(parseSummary('not json')).toBeNull();
  });
});

class FakeElement {
  readonly children: FakeElement[] = [];
  textContent = '';
  className = '';
  htmlSet = false;
  private readonly listeners: (() => void)[] = [];
  constructor(readonly tag: string) {}
  set innerHTML(_: string) {
    this.htmlSet = true;
    throw new Error('innerHTML is not allowed');
  }
  append(...els: FakeElement[]): void {
    this.children.push(...els);
  }
  replaceChildren(...els: FakeElement[]): void {
    this.children.splice(0, this.children.length, ...els);
  }
  setAttribute(): void {}
  addEventListener(_: string, listener: () => void): void {
    this.listeners.push(listener);
  }
  focus(): void {}
  click(): void {
    for (const l of this.listeners) l();
  }
}

describe('showSummaryDialog', () => {
  type Handler = (arg: { message: string; origin: string | undefined } | { error: number }) => void;
  function fakeUi(status: 'succeeded' | 'failed'): {
    api: DialogApi;
    dialog: { handlers: Map<string, Handler>; messageChild: jest.Mock; close: jest.Mock };
    urls: string[];
  } {
    const dialog = { handlers: new Map<string, Handler>(), messageChild: jest.fn(), close: jest.fn() };
    const urls: string[] = [];
    const ui = {
      displayDialogAsync: (url: string, _options: unknown, callback: (result: unknown) => void): void => {
        urls.push(url);
        callback(
          status === 'succeeded'
            ? { status, value: { ...dialog, addEventHandler: (type: string, h: Handler) => dialog.handlers.set(type, h) } }
            : { status, error: { code: 12007, message: '已有对话框打开' } },
        );
      },
    };
    const api = {
      ui: ui as unknown as DialogApi['ui'],
      messageChild: true,
      succeeded: 'succeeded' as unknown as Office.AsyncResultStatus,
      messageReceived: 'dialogMessageReceived' as unknown as Office.EventType,
      eventReceived: 'dialogEventReceived' as unknown as Office.EventType,
    };
    return { api, dialog, urls };
  }
  const summary: CommandSummary = { kind: 'clean', title: '校验完成：没有发现错误或提示。', lines: [] };

  it('opens the page with the summary in its hash, sends it whole when the page is ready, resolves when closed', async () => {
    const { api, dialog, urls } = fakeUi('succeeded');
    const shown = showSummaryDialog(api, 'https://localhost:3000/summary.html', summary);
    expect(urls).toEqual([`https://localhost:3000/summary.html${summaryHash(summary)}`]);
    dialog.handlers.get('dialogMessageReceived')!({ message: DIALOG_READY, origin: undefined });
    expect(dialog.messageChild).toHaveBeenCalledWith(JSON.stringify(summary));
    dialog.handlers.get('dialogMessageReceived')!({ message: DIALOG_CLOSE, origin: undefined });
    await shown;
    expect(dialog.close).toHaveBeenCalledTimes(1);
  });

  it('resolves when the clerk closes it with its X', async () => {
    const { api, dialog } = fakeUi('succeeded');
    const shown = showSummaryDialog(api, 'https://x/summary.html', summary);
    dialog.handlers.get('dialogEventReceived')!({ error: 12006 });
    await expect(shown).resolves.toBeUndefined();
  });

  it('rejects when Office cannot open it', async () => {
    const { api } = fakeUi('failed');
    await expect(showSummaryDialog(api, 'https://x/summary.html', summary)).rejects.toThrow(
      '无法打开校验结果窗口（12007）：已有对话框打开',
    );
  });
});
