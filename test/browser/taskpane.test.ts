/**
 * The task pane in a real headless Chromium over the browser preview (the same pane as in Excel, over an
 * in-browser workbook), used as a person would: insert the template, type into cells, read the findings,
 * click them, fix, explain. The screenshot is kept in test-artifacts/browser/ (not committed).
 */
import { readFileSync, rmSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, Locator, Page } from 'playwright-core';
import { parseRef } from '../../src/core/layout/a1';
import { artifactPath, buildPages, chromiumAvailable, launchChromium, serve, until, type StaticServer } from './support';

const XSS = '<img src=x onerror=alert(1)>';

const describeInChromium = chromiumAvailable() ? describe : describe.skip;

describeInChromium('task pane over the browser preview, in Chromium', () => {
  let outDir = '';
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];

  const pane = (): Locator => page.locator('#preview-pane');
  const grid = (): Locator => page.locator('#preview-grid');
  const cell = (address: string): Locator => {
    const ref = parseRef(address);
    if (!ref) throw new Error(`not a cell address: ${address}`);
    return grid().locator(`td[data-row="${ref.row}"][data-col="${ref.col}"]`);
  };
  const finding = (text: string): Locator => pane().locator('.nb-finding', { hasText: text });
  const addressOf = async (item: Locator): Promise<string> => {
    const address = await item.getAttribute('data-address');
    if (!address) throw new Error('finding without an address');
    return address;
  };
  /** Clicks a cell and types into it as a person does: the text, then Enter. */
  const typeInto = async (address: string, text: string): Promise<void> => {
    await cell(address).click();
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
  };
  const selectedCell = async (): Promise<string | null> => {
    const td = grid().locator('td.nb-selected');
    if ((await td.count()) !== 1) return null;
    return `${await td.getAttribute('data-row')}:${await td.getAttribute('data-col')}`;
  };
  const position = (address: string): string => {
    const ref = parseRef(address)!;
    return `${ref.row}:${ref.col}`;
  };

  beforeAll(async () => {
    outDir = await buildPages(['preview']);
    server = await serve(outDir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
    page.setDefaultTimeout(10_000); // under Jest's 30 s per test, so a missing element names itself
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(`${server.origin}/preview.html`);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('shows the task pane beside the workbook grid, offering 插入模板', async () => {
    await pane().getByRole('heading', { name: '年报助手' }).waitFor();
    await pane().getByRole('button', { name: '插入模板' }).waitFor();
    await grid().getByRole('tab', { name: 'Sheet1' }).waitFor();
    expect(await page.title()).toContain('年报助手');
  });

  it('inserts the template into a new sheet 年报 and lists what is still blank, grouped by table', async () => {
    await pane().getByRole('button', { name: '插入模板' }).click();
    await finding('为空').first().waitFor();
    expect(await grid().getByRole('tab', { name: '年报' }).getAttribute('aria-selected')).toBe('true');
    expect(await pane().locator('.nb-group h3').allTextContents()).toEqual([
      expect.stringMatching(/^表二（\d+ 处错误）$/),
      expect.stringMatching(/^表三（\d+ 处错误）$/),
      expect.stringMatching(/^表四（\d+ 处错误）$/),
    ]);
    expect(await grid().getByText('二、主动公开政府信息情况').count()).toBe(1);
  });

  it('selects the cell when a finding is clicked', async () => {
    const blank = finding('“规章”“本年制发件数”为空');
    const address = await addressOf(blank);
    await blank.click();
    await until('the cell of the finding is selected', async () => (await selectedCell()) === position(address));
    expect(await grid().locator('.nb-grid-address').textContent()).toBe(address.split('!')[1]);
  });

  it('shows a finding, with both sides, as soon as a wrong number is typed', async () => {
    const issued = await addressOf(finding('“规章”“本年制发件数”为空'));
    const inForce = await addressOf(finding('“规章”“现行有效件数”为空'));
    await typeInto(issued, '5');
    await typeInto(inForce, '2');
    const warning = finding('现行有效件数（2）少于本年制发件数（5）');
    await warning.waitFor();
    expect(await warning.getAttribute('data-rule')).toBe('T2.inForceBelowIssued');
    expect(await warning.locator('.nb-badge').textContent()).toContain('提示'); // not colour alone
    expect(await finding('“规章”“本年制发件数”为空').count()).toBe(0);
    // The sheet marks the cell as well, with a symbol besides the colour.
    await until('the cell is marked as a warning', async () => (await cell(inForce).getAttribute('data-mark')) === 'warning');

    await warning.click();
    await until('the warning’s cell is selected', async () => (await selectedCell()) === position(inForce));
  });

  it('fixes `12件` with 修正: the clean number goes into the cell and the finding goes away', async () => {
    const licence = await addressOf(finding('“行政许可”为空'));
    await typeInto(licence, '12件');
    const notNumber = finding('“12件”不是规范的数字');
    await notNumber.waitFor();
    expect(await cell(licence).textContent()).toContain('12件');
    await notNumber.getByRole('button', { name: '修正为 12' }).click();
    await until('the finding is gone', async () => (await notNumber.count()) === 0);
    await until('the cell holds 12', async () => (await cell(licence).locator('.nb-grid-text').textContent()) === '12');
    expect(await cell(licence).getAttribute('data-mark')).toBeNull();
  });

  it('records a 说明 on a warning, keeps it across a check, and reopens it when the values change', async () => {
    const warning = finding('少于本年制发件数');
    await warning.getByRole('button', { name: '说明' }).click();
    const editor = warning.locator('textarea');
    await editor.waitFor();
    await editor.fill('本年制发的 5 件规章中有 3 件已被新规章替代并废止。');
    await warning.getByRole('button', { name: '保存说明' }).click();
    const note = warning.locator('.nb-note');
    await until('the 说明 is listed', async () => (await note.count()) === 1);
    expect(await note.textContent()).toBe('说明：本年制发的 5 件规章中有 3 件已被新规章替代并废止。');

    await pane().getByRole('button', { name: '校验', exact: true }).click();
    await page.waitForTimeout(500);
    expect(await finding('少于本年制发件数').locator('.nb-note').textContent()).toContain('3 件已被新规章替代');

    const inForce = await addressOf(finding('少于本年制发件数'));
    await typeInto(inForce, '3');
    const changed = finding('现行有效件数（3）少于本年制发件数（5）');
    await changed.waitFor();
    await until('the 说明 is marked as needing a new look', async () =>
      ((await changed.locator('.nb-note').textContent()) ?? '').includes('数值已变化'),
    );
  });

  it(`shows an organ name of ${XSS} as text, in the sheet and in the pane, and runs nothing`, async () => {
    const info = pane().locator('details.nb-info');
    if (!(await info.evaluate((details) => (details as HTMLDetailsElement).open))) await info.locator('> summary').click();
    const organ = pane().getByLabel('机关名称', { exact: true });
    await organ.fill(XSS);
    await pane().getByRole('button', { name: '保存基本信息' }).click();
    await until('the organ name is in the sheet', async () => (await grid().getByText(XSS, { exact: true }).count()) === 1);
    // The title row's formula puts the organ name in front of the report's title.
    await grid().getByText(`${XSS}`, { exact: false }).nth(1).waitFor();

    // The same text typed where a number belongs comes back inside a finding's message.
    const penalty = await addressOf(finding('“行政处罚”为空'));
    await typeInto(penalty, XSS);
    await finding(`填的“${XSS}”`).waitFor();

    await page.waitForTimeout(500);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(server!.missing.filter((p) => p === '/x')).toEqual([]);
    expect(await organ.inputValue()).toBe(XSS);
  });

  /** The 正文 sheet's paragraph cell (column B) in the row after the one reading `heading`. */
  const paragraphAfter = async (heading: string): Promise<Locator> => {
    const row = await grid().locator('td[data-col="2"]', { hasText: heading }).first().getAttribute('data-row');
    if (!row) throw new Error(`no row ${heading}`);
    return grid().locator(`td[data-row="${Number(row) + 1}"][data-col="2"]`);
  };
  const EDITED = '2024年本机关收到的申请均已按期答复（经办人改写的段落）。';

  it('生成正文 writes the 正文 sheet, a paragraph per row, and shows its tab', async () => {
    await pane().getByRole('button', { name: '生成正文' }).click();
    const tab = grid().getByRole('tab', { name: '正文' });
    await tab.waitFor();
    await until('the 正文 sheet is shown', async () => (await tab.getAttribute('aria-selected')) === 'true');
    await grid().getByText('一、总体情况', { exact: true }).waitFor();
    await grid().getByText('三、收到和处理政府信息公开申请情况', { exact: true }).waitFor();
    expect(await grid().locator('td[data-col="2"]', { hasText: '【请填写：' }).count()).toBeGreaterThan(0);
    expect(await pane().locator('.nb-notice').textContent()).toContain('已在工作表“正文”生成正文');
  });

  it('keeps a paragraph the clerk edited when 生成正文 runs again', async () => {
    const paragraph = await paragraphAfter('（二）依申请公开');
    await paragraph.click();
    await page.keyboard.type(EDITED);
    await page.keyboard.press('Enter');
    await until('the edit is in the cell', async () => (await paragraph.locator('.nb-grid-text').textContent()) === EDITED);

    await pane().getByRole('button', { name: '生成正文' }).click();
    await until('the pane says the edit was kept', async () =>
      ((await pane().locator('.nb-notice').textContent()) ?? '').includes('保留了您修改或添加的 1 段'),
    );
    const again = await paragraphAfter('（二）依申请公开');
    expect(await again.locator('.nb-grid-text').textContent()).toBe(EDITED);
    const row = await again.getAttribute('data-row');
    expect(await grid().locator(`td[data-row="${row}"][data-col="3"] .nb-grid-text`).textContent()).toBe('已修改');
  });

  it('导出 Word downloads the report as a .docx holding the clerk’s paragraph', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), pane().getByRole('button', { name: '导出 Word' }).click()]);
    // The organ typed above (markup) and no year yet: the characters a file name cannot hold are replaced.
    expect(download.suggestedFilename()).toBe('_img src=x onerror=alert(1)_政府信息公开工作年度报告.docx');
    const file = await download.path();
    const bytes = readFileSync(file);
    expect(bytes.length).toBeGreaterThan(5 * 1024);
    const xml = strFromU8(unzipSync(new Uint8Array(bytes))['word/document.xml']!);
    expect(xml.replace(/<[^>]+>/g, '')).toContain(EDITED);
    await until('the pane says the download started', async () =>
      ((await pane().locator('.nb-report-message').textContent()) ?? '').startsWith('已开始下载'),
    );
  });

  it('生成审核单 writes a printable 审核单 with the fingerprint and the signature lines', async () => {
    await pane().getByRole('button', { name: '生成审核单' }).click();
    const tab = grid().getByRole('tab', { name: '审核单' });
    await tab.waitFor();
    await until('the 审核单 is shown', async () => (await tab.getAttribute('aria-selected')) === 'true');
    await grid().getByText('填报人（签字）', { exact: true }).waitFor();
    const notice = (await pane().locator('.nb-notice').textContent()) ?? '';
    const fingerprint = /数据指纹 ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(notice)?.[1];
    expect(fingerprint).toBeDefined();
    await grid().getByText(fingerprint!, { exact: false }).first().waitFor();
    await page.screenshot({ path: artifactPath('signoff.png') });
  });

  it('ran without a page error, a console error or a dialog, and asked for no missing file', async () => {
    // The picture a person would check: the warning with its 说明 in the pane, its cell in the sheet.
    const warning = finding('少于本年制发件数');
    await warning.scrollIntoViewIfNeeded();
    await warning.click();
    await page.screenshot({ path: artifactPath('preview.png') });
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(server!.missing).toEqual([]);
  });
});
