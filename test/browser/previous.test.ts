/**
 * 导入上年年报 in a real headless Chromium over the browser preview: the clerk inserts the template, picks
 * last year's report in the file chooser, sees what was carried, and the across-years check shows up live
 * when a carried figure is changed. Screenshots are kept in test-artifacts/browser/ (not committed).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { a1 } from '../../src/core/layout/a1';
import { buildTemplate } from '../../src/core/layout/template';
import type { ReportData } from '../../src/core/report/types';
import { SAMPLES_DIR } from '../support/reports';
import { artifactPath, buildPages, chromiumAvailable, launchChromium, serve, until, type StaticServer } from './support';

/** The sample report (交口县 2024) with cases carried into 2025 in two columns. */
function lastYear(): ReportData {
  const data = JSON.parse(readFileSync(join(SAMPLES_DIR, 'jiaokou-2024.json'), 'utf8')) as ReportData;
  data.cells['T3.carryForward.natural'] = 3;
  data.cells['T3.carryForward.commercial'] = 1;
  data.cells['T3.carryForward.total'] = 4;
  return data;
}

const { layout } = buildTemplate();
const position = (id: string): { row: number; col: number } => {
  const at = layout.cells.get(id)!;
  return { row: at.top, col: at.left };
};

const describeInChromium = chromiumAvailable() ? describe : describe.skip;

describeInChromium('导入上年年报 in the preview, in Chromium', () => {
  let outDir = '';
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const dialogs: string[] = [];

  const pane = (): Locator => page.locator('#preview-pane');
  const cell = (id: string): Locator => {
    const { row, col } = position(id);
    return page.locator('#preview-grid').locator(`td[data-row="${row}"][data-col="${col}"]`);
  };

  beforeAll(async () => {
    outDir = await buildPages(['preview']);
    server = await serve(outDir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
    page.setDefaultTimeout(10_000);
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

  it('offers 导入上年年报 once the template is in', async () => {
    await pane().getByRole('button', { name: '插入模板' }).click();
    await pane().getByRole('button', { name: '导入上年年报' }).waitFor();
    expect(await pane().locator('.nb-previous-status').textContent()).toBe('还没有导入上年年报。');
  });

  it('imports last year’s report chosen in the file chooser: 上年结转 filled, a summary in Chinese', async () => {
    const chooser = page.waitForEvent('filechooser');
    await pane().getByRole('button', { name: '导入上年年报' }).click();
    await (
      await chooser
    ).setFiles({ name: '交口县2024年报.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(lastYear())) });

    await until('the import is done', async () =>
      ((await pane().locator('.nb-notice').textContent()) ?? '').includes('上年年报已保存在工作簿中'),
    );
    const notice = (await pane().locator('.nb-notice').textContent()) ?? '';
    expect(notice).toContain('所选文件“交口县2024年报.json”是交口县人民政府 2024 年度的年报：上年结转 4 件（自然人 3、商业企业 1）。');
    expect(notice).toContain('已填入表三“上年结转”行 6 格。');
    expect(await cell('T3.carried.natural').textContent()).toBe('3');
    // The sheet marks the total (表三 does not balance yet: nothing of this year is in), besides showing it.
    expect(await cell('T3.carried.total').textContent()).toMatch(/^4/);
    await until('the status line', async () =>
      ((await pane().locator('.nb-previous-status').textContent()) ?? '').includes('交口县人民政府 2024 年度'),
    );
    await pane().locator('.nb-previous').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('previous-import.png') });
  });

  it('lists X.carried live when a carried figure is changed', async () => {
    const { row, col } = position('T3.carried.natural');
    await cell('T3.carried.natural').click();
    await page.keyboard.type('5');
    await page.keyboard.press('Enter');
    const finding = pane().locator('.nb-finding[data-rule="X.carried"]');
    // An empty 表三 lists many blanks first; the across-years finding comes after them.
    await until('X.carried is listed', async () => {
      const more = pane().locator('[data-group="T3"] button[data-action="more"]');
      if ((await more.count()) > 0) await more.click();
      return (await finding.count()) > 0;
    });
    expect(await finding.first().getAttribute('data-address')).toBe(`年报!${a1({ row, col })}`);
    await finding.first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('previous-x-carried.png') });
  });

  it('asks before importing over the figure the clerk changed; 取消 keeps it', async () => {
    const chooser = page.waitForEvent('filechooser');
    await pane().getByRole('button', { name: '导入上年年报' }).click();
    await (
      await chooser
    ).setFiles({ name: '交口县2024年报.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(lastYear())) });
    const question = pane().locator('.nb-confirm');
    await question.waitFor();
    expect(await question.locator('.nb-confirm-text').textContent()).toContain('自然人现为“5”，上年为 3');
    await page.screenshot({ path: artifactPath('previous-question.png') });
    await question.getByRole('button', { name: '取消' }).click();
    expect(await cell('T3.carried.natural').textContent()).toBe('5');
  });

  it('ran without a page error, a console error or a dialog, and asked for no missing file', () => {
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(server!.missing).toEqual([]);
  });
});
