/**
 * @jest-environment jsdom
 */
import { TextDecoder, TextEncoder } from 'node:util';
import { buildTemplate, DEFAULT_SHEET } from '../../src/core/layout/template';
import { NARRATIVE_SHEET } from '../../src/core/narrative/sheet';
import { SIGNOFF_SHEET } from '../../src/core/signoff';
import type { ExportedFile } from '../../src/taskpane/controller';
import { browserDownload, DOWNLOADS_BLOCKED_MAC, type SaveFile } from '../../src/taskpane/download';
import { mountTaskpane, type MountedTaskpane, type MountOptions } from '../../src/taskpane/mount';
import { validReport2021 } from '../fixtures/rules/reports';
import { FakeHost } from '../support/fake-host';
import { until } from '../support/until';

const SHEET = DEFAULT_SHEET;
// jsdom leaves out TextEncoder, which every browser and Office webview has (the docx package uses it).
Object.assign(globalThis, { TextEncoder, TextDecoder });

let root: HTMLElement;
let pane: MountedTaskpane | null = null;
const { createObjectURL, revokeObjectURL } = URL;

beforeEach(() => {
  document.body.replaceChildren();
  root = document.createElement('div');
  document.body.append(root);
});

afterEach(() => {
  pane?.dispose();
  pane = null;
  jest.restoreAllMocks();
  Object.assign(URL, { createObjectURL, revokeObjectURL });
});

async function workbook(): Promise<FakeHost> {
  const host = new FakeHost({ sheets: [SHEET] });
  await host.apply(buildTemplate({ data: validReport2021(), sheet: SHEET }).plan);
  host.resetCalls();
  return host;
}

async function mount(host: FakeHost, options: MountOptions = {}): Promise<void> {
  pane = mountTaskpane(root, host, { now: () => new Date(2025, 0, 10, 16, 5), ...options });
  await pane.ready;
  host.resetCalls();
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

describe('task pane view: 正文与报送', () => {
  it('offers 生成正文, 导出 Word and 生成审核单 as buttons once there is a template, and not before', async () => {
    const host = new FakeHost();
    await mount(host);
    const section = q('.nb-report');
    expect(visible(section)).toBe(false);

    q<HTMLButtonElement>('button[data-action="insert"]').click();
    await until(() => visible(section), 'the section');

    expect(q('.nb-report h2').textContent).toBe('正文与报送');
    expect(section.getAttribute('aria-labelledby')).toBe(q('.nb-report h2').id);
    const buttons = [...section.querySelectorAll<HTMLButtonElement>('button')];
    expect(buttons.map((b) => [b.textContent, b.dataset.action, b.type, b.disabled, b.tabIndex])).toEqual([
      ['生成正文', 'narrative', 'button', false, 0],
      ['导出 Word', 'export-word', 'button', false, 0],
      ['生成审核单', 'signoff', 'button', false, 0],
    ]);
  });

  it('生成正文 writes the 正文 sheet and says so', async () => {
    const host = await workbook();
    await mount(host);

    q<HTMLButtonElement>('button[data-action="narrative"]').click();
    await until(() => host.workbook.has(NARRATIVE_SHEET), 'the 正文 sheet');
    await until(() => (q('.nb-notice').textContent ?? '') !== '', 'the notice');

    expect(host.calls).toEqual(['read', 'apply']);
    expect(q('.nb-notice').textContent).toContain('已在工作表“正文”生成正文');
  });

  it('导出 Word downloads `{organ}{year}年政府信息公开工作年度报告.docx` through a Blob and an <a download>', async () => {
    const blobs: Blob[] = [];
    const created = jest.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:nianbao/1';
    });
    const revoked = jest.fn();
    Object.assign(URL, { createObjectURL: created, revokeObjectURL: revoked });
    const clicked: { download: string; href: string; inDocument: boolean }[] = [];
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ download: this.download, href: this.href, inDocument: document.body.contains(this) });
    });
    const host = await workbook();
    await mount(host);

    q<HTMLButtonElement>('button[data-action="export-word"]').click();
    await until(() => clicked.length > 0 || (q('.nb-alert').textContent ?? '') !== '', 'the download');
    expect(q('.nb-alert').textContent).toBe('');

    expect(clicked).toEqual([{ download: '示例市人民政府2024年政府信息公开工作年度报告.docx', href: 'blob:nianbao/1', inDocument: true }]);
    expect(root.ownerDocument.querySelectorAll('a[download]')).toHaveLength(0);
    expect(blobs[0]?.type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(blobs[0]?.size).toBeGreaterThan(5 * 1024);
    expect(q('.nb-report-message').textContent).toBe(
      '已开始下载“示例市人民政府2024年政府信息公开工作年度报告.docx”。如没有弹出保存提示，请到浏览器的“下载”中查看。',
    );
    expect(q('.nb-notice').textContent).toContain('已生成 Word 文件“示例市人民政府2024年政府信息公开工作年度报告.docx”');
  });

  it('on a host that cannot download (Excel on Mac) says so in Chinese, offers the command line, and exports nothing', async () => {
    const saveFile = jest.fn<ReturnType<SaveFile>, Parameters<SaveFile>>();
    const host = await workbook();
    await mount(host, { downloadsBlocked: DOWNLOADS_BLOCKED_MAC, saveFile });
    expect(q('.nb-download-blocked').textContent).toContain('nianbao export');

    q<HTMLButtonElement>('button[data-action="export-word"]').click();
    await new Promise((r) => setTimeout(r, 20));

    expect(host.calls).toEqual([]);
    expect(saveFile).not.toHaveBeenCalled();
    const message = q('.nb-report-message');
    expect(message.textContent).toBe(DOWNLOADS_BLOCKED_MAC);
    expect(message.classList.contains('nb-report-error')).toBe(true);
    expect(message.getAttribute('role')).toBe('status');
  });

  it('says when saving failed, with the command line as the way round', async () => {
    const saveFile: SaveFile = () => ({
      ok: false,
      message: '此环境不能下载文件。也可以在电脑上用年报助手命令行导出：nianbao export 工作簿.xlsx -o 报告.docx。',
    });
    const host = await workbook();
    await mount(host, { saveFile });

    q<HTMLButtonElement>('button[data-action="export-word"]').click();
    await until(() => (q('.nb-report-message').textContent ?? '') !== '', 'the message');

    expect(q('.nb-report-message').textContent).toContain('nianbao export');
    expect(q('.nb-report-message').classList.contains('nb-report-error')).toBe(true);
  });

  it('生成审核单 asks first over a sheet of the clerk’s named 审核单, focus on the question', async () => {
    const host = await workbook();
    host.type(`${SIGNOFF_SHEET}!A1`, '科室内部审核记录');
    await mount(host);
    const signoff = q<HTMLButtonElement>('button[data-action="signoff"]');

    signoff.focus();
    signoff.click();
    await until(() => visible(q('.nb-confirm')), 'the question');

    expect(q('.nb-confirm-text').textContent).toContain('不是年报助手生成的');
    expect(document.activeElement).toBe(q('button[data-action="confirm"]'));
    q<HTMLButtonElement>('button[data-action="confirm"]').click();
    await until(() => host.valueAt(`${SIGNOFF_SHEET}!A2`) === '报告机关', 'the 审核单');
    await until(() => (q('.nb-notice').textContent ?? '').includes('数据指纹'), 'the notice');
  });
});

describe('browserDownload', () => {
  const file: ExportedFile = { name: '报告.docx', type: 'application/octet-stream', bytes: new Uint8Array([80, 75, 3, 4]) };

  it('uses msSaveOrOpenBlob where the old Office webview has it', () => {
    const save = jest.fn(() => true);
    Object.assign(navigator, { msSaveOrOpenBlob: save });
    try {
      expect(browserDownload(file)).toEqual({ ok: true });
      expect(save).toHaveBeenCalledWith(expect.any(Blob), '报告.docx');
    } finally {
      delete (navigator as { msSaveOrOpenBlob?: unknown }).msSaveOrOpenBlob;
    }
  });

  it('says in Chinese when the page cannot make a download link', () => {
    Object.assign(URL, { createObjectURL: undefined });
    const outcome = browserDownload(file);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.message).toContain('nianbao export');
  });
});
