/**
 * Issue 7, item 4, in a real headless Chromium over the pages as built: every page carries a
 * Content-Security-Policy (scripts and styles from the add-in itself, no eval, no plugins); no page breaks it
 * (no `securitypolicyviolation`, no console report); a person using the preview (insert, type, 说明, 生成正文,
 * 导出 Word, with HTML/script payloads in the organ name, a label cell, a 说明 and a 正文 paragraph) and the task
 * panes sends no request outside the page's own origin; the payloads show as text and create no element.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, Locator, Page } from 'playwright-core';
import { parseRef } from '../../src/core/layout/a1';
import { buildPages, chromiumAvailable, launchChromium, serve, until, type StaticServer } from '../browser/support';
import { RECORDING_APP_SOURCE } from '../wps/recording-app';

const PAYLOADS = ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '"><svg onload=alert(1)>'];
/** All three payloads in one piece of text. */
const HOSTILE = PAYLOADS.join(' ');
/** The inline script the control injects, and its hash in Chromium's report of it. */
const CONTROL = 'window.__inlineRan = true;';
const CONTROL_HASH = createHash('sha256').update(CONTROL).digest('base64');

/**
 * Runs in every page before its own scripts: records CSP violations and every element a payload could create
 * (img, svg, an inline script, anything with an on* handler attribute), whenever it appears.
 */
const WATCH = String.raw`(() => {
  const w = window;
  w.__csp = [];
  w.__suspicious = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    w.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber);
  });
  const check = (node) => {
    if (!(node instanceof Element)) return;
    for (const el of [node, ...node.querySelectorAll('*')]) {
      const tag = el.tagName.toLowerCase();
      const handler = [...el.attributes].some((a) => /^on/i.test(a.name));
      if (tag === 'img' || tag === 'svg' || (tag === 'script' && !el.hasAttribute('src')) || handler) {
        w.__suspicious.push(el.outerHTML.slice(0, 120));
      }
    }
  };
  // The page's own markup (publish.html's inline script, allowed by its hash) is not what we look for.
  let parsed = false;
  document.addEventListener('DOMContentLoaded', () => { parsed = true; });
  new MutationObserver((records) => {
    if (!parsed) return;
    for (const r of records) {
      for (const n of r.addedNodes) check(n);
      if (r.type === 'attributes') check(r.target);
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
})();`;

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'office-js' ? [] : htmlFiles(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

/** The policy of a built page, directive → sources. */
function policyOf(html: string): Map<string, string[]> {
  const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/gi)];
  expect(metas).toHaveLength(1);
  const text = metas[0]![1]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"');
  return new Map(
    text.split(';').map((part) => {
      const [key, ...values] = part.trim().split(/\s+/);
      return [key!, values];
    }),
  );
}

const describeInChromium = chromiumAvailable() ? describe : describe.skip;

describeInChromium('security of the pages as built, in Chromium', () => {
  let outDir = '';
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  /** Every request any page made, and what was wrong with a page (CSP reports, errors, dialogs). */
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    outDir = await buildPages(['preview', 'taskpane', 'commands', 'summary', 'wps']);
    server = await serve(outDir);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  /** A page with every request, console message, page error and dialog recorded. */
  async function open(path: string, init?: string): Promise<Page> {
    const page = await browser!.newPage({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
    page.setDefaultTimeout(10_000);
    await page.addInitScript(WATCH);
    if (init) await page.addInitScript(init);
    page.on('request', (request) => requests.push(`${path} ${request.url()}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content.Security.Policy/i.test(message.text())) problems.push(`${path} console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`${path} pageerror: ${error.message}`));
    page.on('dialog', (dialog) => {
      problems.push(`${path} dialog: ${dialog.type()} ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.goto(`${server!.origin}/${path}`, { waitUntil: 'load' });
    return page;
  }

  /** What the watcher in the page saw. */
  async function watched(page: Page): Promise<{ csp: string[]; suspicious: string[] }> {
    return page.evaluate(() => {
      const w = window as unknown as { __csp: string[]; __suspicious: string[] };
      return { csp: w.__csp, suspicious: w.__suspicious };
    });
  }

  it('puts one Content-Security-Policy on every page: self only, no eval, no inline script or style but by hash', () => {
    const pages = htmlFiles(outDir).map((file) => relative(outDir, file));
    expect(pages).toEqual(
      expect.arrayContaining(['taskpane.html', 'commands.html', 'summary.html', 'preview.html', 'wps/index.html', 'wps/taskpane.html', 'wps/publish.html']),
    );
    for (const name of pages) {
      const policy = policyOf(readFileSync(join(outDir, name), 'utf8'));
      const hashes = (list: string[] | undefined): string[] => (list ?? []).filter((s) => !s.startsWith("'sha256-"));
      expect([name, policy.get('default-src')]).toEqual([name, ["'self'"]]);
      expect([name, hashes(policy.get('script-src'))]).toEqual([name, ["'self'"]]);
      expect([name, hashes(policy.get('style-src'))]).toEqual([name, ["'self'"]]);
      expect([name, policy.get('img-src')]).toEqual([name, ["'self'", 'data:']]);
      expect([name, policy.get('object-src')]).toEqual([name, ["'none'"]]);
      expect([name, policy.get('base-uri')]).toEqual([name, ["'self'"]]);
      const connect = name.endsWith('publish.html') ? ["'self'", 'http://127.0.0.1:58890'] : ["'self'"];
      expect([name, policy.get('connect-src')]).toEqual([name, connect]);
    }
  });

  it.each(['taskpane.html', 'commands.html', 'summary.html', 'wps/index.html', 'wps/publish.html'])(
    'opens %s with no CSP violation and no error',
    async (path) => {
      const page = await open(path);
      if (!path.startsWith('wps/')) await page.waitForFunction(() => typeof (window as { Office?: unknown }).Office !== 'undefined');
      if (path === 'taskpane.html') await page.getByRole('heading', { name: '年报助手需要在 Excel 中打开' }).waitFor();
      await page.waitForTimeout(500);
      expect(await watched(page)).toEqual({ csp: [], suspicious: [] });
      await page.close();
    },
  );

  it('mounts the WPS task pane (over a fake Application) and inserts the template with no CSP violation', async () => {
    const page = await open('wps/taskpane.html', `window.Application = ${RECORDING_APP_SOURCE};`);
    await page.waitForFunction(() => !document.getElementById('app')?.textContent?.includes('正在加载年报助手'));
    const insert = page.getByRole('button', { name: '插入模板' });
    if ((await insert.count()) > 0) await insert.first().click();
    await page.waitForTimeout(500);
    expect(await watched(page)).toEqual({ csp: [], suspicious: [] });
    await page.close();
  });

  describe('the preview, used by a person typing hostile text', () => {
    let page: Page;
    const pane = (): Locator => page.locator('#preview-pane');
    const grid = (): Locator => page.locator('#preview-grid');
    const cell = (address: string): Locator => {
      const ref = parseRef(address)!;
      return grid().locator(`td[data-row="${ref.row}"][data-col="${ref.col}"]`);
    };
    const finding = (text: string): Locator => pane().locator('.nb-finding', { hasText: text });
    const addressOf = async (item: Locator): Promise<string> => (await item.getAttribute('data-address'))!;
    const typeInto = async (target: Locator, text: string): Promise<void> => {
      await target.click();
      await page.keyboard.type(text);
      await page.keyboard.press('Enter');
    };

    beforeAll(async () => {
      page = await open('preview.html');
    }, 60_000);

    afterAll(async () => {
      await page?.close();
    });

    it('inserts the template and takes hostile text in the organ name, a 说明, a label cell and a 正文 paragraph', async () => {
      await pane().getByRole('button', { name: '插入模板' }).click();
      await finding('为空').first().waitFor();

      // The organ name.
      const info = pane().locator('details.nb-info');
      if (!(await info.evaluate((details) => (details as HTMLDetailsElement).open))) await info.locator('> summary').click();
      await pane().getByLabel('机关名称', { exact: true }).fill(HOSTILE);
      await pane().getByRole('button', { name: '保存基本信息' }).click();
      await until('the organ name is in the sheet', async () => (await grid().getByText(HOSTILE, { exact: true }).count()) === 1);

      // A warning with a hostile 说明.
      await typeInto(cell(await addressOf(finding('“规章”“本年制发件数”为空'))), '5');
      await typeInto(cell(await addressOf(finding('“规章”“现行有效件数”为空'))), '2');
      const warning = finding('少于本年制发件数');
      await warning.waitFor();
      await warning.getByRole('button', { name: '说明' }).click();
      await warning.locator('textarea').fill(HOSTILE);
      await warning.getByRole('button', { name: '保存说明' }).click();
      await until('the 说明 is listed as text', async () => (await warning.locator('.nb-note').textContent()) === `说明：${HOSTILE}`);

      // A label cell overwritten with hostile text: the pane names it in its findings, as text.
      await typeInto(grid().locator('td', { hasText: /^规章$/ }).first(), HOSTILE);
      await until('the label cell shows the text', async () => (await grid().getByText(HOSTILE, { exact: true }).count()) >= 2);

      // A number cell with hostile text comes back inside a finding's message.
      await typeInto(cell(await addressOf(finding('“行政处罚”为空'))), HOSTILE);
      // Long clerk text is quoted shortened in messages (60 characters), so match its start.
      await finding(`“${HOSTILE.slice(0, 40)}`).first().waitFor();
    });

    it('生成正文, then hostile text in a 正文 paragraph', async () => {
      await pane().getByRole('button', { name: '生成正文' }).click();
      await grid().getByText('一、总体情况', { exact: true }).waitFor();
      const paragraph = grid().locator('td[data-col="2"]', { hasText: '【请填写：' }).first();
      const row = await paragraph.getAttribute('data-row');
      await typeInto(paragraph, HOSTILE);
      await until('the paragraph holds the text', async () =>
        (await grid().locator(`td[data-row="${row}"][data-col="2"] .nb-grid-text`).textContent()) === HOSTILE,
      );
    });

    it('导出 Word loads its chunk from the add-in and writes the hostile text into the .docx as text', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), pane().getByRole('button', { name: '导出 Word' }).click()]);
      const xml = strFromU8(unzipSync(new Uint8Array(readFileSync(await download.path())))['word/document.xml']!);
      expect(xml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(xml).not.toContain('<script');
      expect(requests.some((r) => /^preview\.html .*word-export.*\.js$/.test(r))).toBe(true);
    });

    it('导入上年年报 of a hostile saved web page: parsed, never run; the organ it names is shown as text', async () => {
      const organ = PAYLOADS[0]!;
      const escaped = organ.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      const html =
        `<html><head><script>alert('head')</script></head><body onload="alert('body')">` +
        `<h1>${escaped}2024年政府信息公开工作年度报告</h1><p>一、总体情况</p><img src=x onerror="alert('img')">` +
        `<table><tr><td>四、结转下年度继续办理</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr></table>` +
        `<iframe src="https://example.com/"></iframe></body></html>`;
      const chooser = page.waitForEvent('filechooser');
      await pane().getByRole('button', { name: '导入上年年报' }).click();
      await (await chooser).setFiles({ name: '上年.html', mimeType: 'text/html', buffer: Buffer.from(html) });
      await until('the import is answered', async () => ((await pane().textContent()) ?? '').includes('所选文件“上年.html”'));
      expect(((await pane().textContent()) ?? '').includes(organ)).toBe(true);
      expect(await page.locator('iframe, img, svg, script:not([src])').count()).toBe(0);
    });

    it('showed every payload as text, created no element from it, and broke no policy', async () => {
      await page.waitForTimeout(500);
      for (const payload of PAYLOADS) expect(await page.getByText(payload).count()).toBeGreaterThan(0);
      expect(await page.locator('img, svg, script:not([src]), [onerror], [onload]').count()).toBe(0);
      expect(await watched(page)).toEqual({ csp: [], suspicious: [] });
      expect(server!.missing).toEqual([]);
    });

    it('enforces the policy (the control): an inline script injected into the page is refused and reported', async () => {
      // (eval cannot serve as a control here: code run through page.evaluate is exempt from the page's CSP.)
      const ran = await page.evaluate((source) => {
        const script = document.createElement('script');
        script.textContent = source;
        document.body.append(script);
        script.remove();
        return (window as { __inlineRan?: boolean }).__inlineRan === true;
      }, CONTROL);
      expect(ran).toBe(false);
      await until('the violation is reported', async () => (await watched(page)).csp.length === 1);
      expect((await watched(page)).csp[0]).toMatch(/^script-src-elem inline /);
    });
  });

  it('every page asked only its own origin (data: and blob: allowed), with no error or dialog', () => {
    const origin = `${server!.origin}/`;
    const foreign = requests.filter((r) => {
      const url = r.slice(r.indexOf(' ') + 1);
      return !url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:');
    });
    expect(requests.length).toBeGreaterThan(10);
    expect(requests.filter((r) => r.startsWith('preview.html ')).length).toBeGreaterThan(5); // the preview ran first
    expect(foreign).toEqual([]);
    // Chromium asks for /favicon.ico where a page names no icon (commands.html): that 404 is the only one allowed.
    expect(server!.missing).toEqual([]);
    // The control's own report is expected.
    const expected = (p: string): boolean => /console: Failed to load resource: .* 404 \(Not Found\)$/.test(p) || p.includes(CONTROL_HASH);
    expect(problems.filter((p) => !expected(p))).toEqual([]);
  });
});
