/**
 * The WPS task pane page (dist/wps/taskpane.html) in a real headless Chromium, with a recording fake of WPS's
 * `window.Application` injected before the page's scripts run (WPS itself cannot run here): the pane mounts
 * over the WPS host and speaks Chinese; without `Application` it says it needs WPS 表格.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildPages, chromiumAvailable, launchChromium, serve, type StaticServer } from '../browser/support';
import { RECORDING_APP_SOURCE } from './recording-app';

const describeInChromium = chromiumAvailable() ? describe : describe.skip;

describeInChromium('the WPS task pane in Chromium', () => {
  let outDir = '';
  let server: StaticServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    outDir = await buildPages(['wps']);
    server = await serve(join(outDir, 'wps'));
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  async function open(withApplication: boolean): Promise<{ page: Page; errors: string[] }> {
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    if (withApplication) await page.addInitScript(`window.Application = ${RECORDING_APP_SOURCE};`);
    await page.goto(`${server!.origin}/taskpane.html`);
    return { page, errors };
  }

  it('mounts the pane over a fake Application and shows it in Chinese', async () => {
    const { page, errors } = await open(true);
    const app = page.locator('#app');
    await page.waitForFunction(() => !document.getElementById('app')?.textContent?.includes('正在加载年报助手'), undefined, { timeout: 10_000 });
    const text = (await app.textContent()) ?? '';
    expect(text).toMatch(/[\u4e00-\u9fff]{4,}/);
    expect(text).not.toContain('需要在 WPS 表格中打开');
    expect(await page.locator('#app button').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    expect(server!.missing).toEqual([]);
    await page.close();
  });

  it('outside WPS (no Application) it says so', async () => {
    const { page, errors } = await open(false);
    await page.getByText('年报助手需要在 WPS 表格中打开').waitFor({ timeout: 10_000 });
    expect(errors).toEqual([]);
    await page.close();
  });
});
