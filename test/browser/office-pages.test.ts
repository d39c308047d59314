/**
 * The add-in's Office pages (task pane, ribbon function file, summary dialog) as built, opened in Chromium
 * outside Excel: office.js comes from the add-in itself (no CDN: intranets), loads offline, and the task pane
 * says in Chinese that it needs Excel and links to the browser preview.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { buildPages, chromiumAvailable, launchChromium, serve, type StaticServer } from './support';

const OFFICE_PAGES = ['taskpane', 'commands', 'summary'];

const describeInChromium = chromiumAvailable() ? describe : describe.skip;

describeInChromium('the Office pages outside Excel, in Chromium', () => {
  let outDir = '';
  let server: StaticServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    outDir = await buildPages(OFFICE_PAGES);
    server = await serve(outDir);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('loads office.js from the add-in, first in <head>, and never from a CDN', () => {
    for (const name of OFFICE_PAGES) {
      const html = readFileSync(join(outDir, `${name}.html`), 'utf8');
      const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]);
      expect([name, scripts]).toEqual([name, ['office-js/office.js', `${name}.js`]]);
      expect(html).not.toMatch(/appsforoffice|microsoft\.com|https?:\/\//i);
    }
    expect(existsSync(join(outDir, 'office-js', 'office.js'))).toBe(true);
    expect(readdirSync(join(outDir, 'office-js')).filter((f) => f.endsWith('.debug.js'))).toEqual([]);
  });

  it.each(OFFICE_PAGES)('opens %s.html with every request answered by the add-in itself and no page error', async (name) => {
    const page = await browser!.newPage({ locale: 'zh-CN' });
    const foreign: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server!.origin) && !request.url().startsWith('data:')) foreign.push(request.url());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server!.origin}/${name}.html`, { waitUntil: 'load' });
    await page.waitForFunction(() => typeof (window as { Office?: unknown }).Office !== 'undefined');
    if (name === 'taskpane') {
      await page.getByRole('heading', { name: '年报助手需要在 Excel 中打开' }).waitFor();
      expect(await page.getByRole('link', { name: '打开浏览器预览' }).getAttribute('href')).toBe('preview.html');
    }
    await page.waitForTimeout(300);
    await page.close();
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
  });

  it('asked for no file the build did not emit', () => {
    expect(server!.missing).toEqual([]);
  });
});
