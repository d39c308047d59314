/**
 * The WPS 表格 add-in as webpack builds it (production, `--env pages=wps`, into a temporary folder): ribbon.xml
 * is what WPS accepts (well-formed, no XML declaration, CustomUI 2006), every callback it names is defined by
 * main.js (run in a vm sandbox over a recording fake of `window.Application`), publish.xml names the add-in as
 * an `et` add-in, and the offline package holds everything index.html and the task pane need. Nothing here runs
 * real WPS: what WPS does with these files is assumed from Kingsoft's samples (README, “WPS 表格”).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { createContext, runInContext } from 'node:vm';
import { JSDOM } from 'jsdom';
import { RECORDING_APP_SOURCE, type RecordingApp } from './recording-app';

const root = join(__dirname, '..', '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const BASE_URL = 'https://nianbao.example.gov.cn/addin/';
const FOLDER = `nianbao_${version}`;
const CUSTOM_UI_2006 = 'http://schemas.microsoft.com/office/2006/01/customui';

let outDir = '';

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'nianbao-wps-'));
  const cli = join(root, 'node_modules', 'webpack-cli', 'bin', 'cli.js');
  const args = [cli, '--mode', 'production', '--env', 'pages=wps', '--env', `outDir=${outDir}`, '--no-color'];
  try {
    await promisify(execFile)(process.execPath, args, {
      cwd: root,
      env: { ...process.env, NIANBAO_BASE_URL: BASE_URL },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`webpack failed:\n${stdout}\n${stderr}`, { cause: error });
  }
}, 180_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

const wps = (...parts: string[]): string => join(outDir, 'wps', ...parts);
const offline = (...parts: string[]): string => join(outDir, 'wps-offline', ...parts);
const read = (path: string): string => readFileSync(path, 'utf8');

/** Parses XML strictly (jsdom's DOMParser reports errors as a <parsererror> document). */
function parseXml(text: string): Document {
  const doc = new new JSDOM('').window.DOMParser().parseFromString(text, 'application/xml');
  const error = doc.getElementsByTagName('parsererror')[0];
  if (error) throw new Error(`not well-formed XML: ${error.textContent ?? ''}`);
  return doc;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => statSync(join(dir, name)).isFile())
    .map((name) => name.split('\\').join('/'))
    .sort();
}

/** The local files a page references with src or href (not absolute URLs, not fragments). */
function referencedFiles(html: string): string[] {
  const doc = new JSDOM(html).window.document;
  const refs = [...doc.querySelectorAll('[src], [href]')].map((el) => el.getAttribute('src') ?? el.getAttribute('href') ?? '');
  return refs.filter((ref) => ref !== '' && !/^[a-z]+:/i.test(ref) && !ref.startsWith('#') && !ref.startsWith('//') && !ref.startsWith('/'));
}

interface Sandbox {
  readonly window: Record<string, unknown>;
  readonly app: RecordingApp;
  readonly alerts: string[];
}

/** Runs main.js as WPS would (in index.html at the add-in root) with a recording fake of window.Application. */
function loadMain(): Sandbox {
  const alerts: string[] = [];
  const context = createContext({
    console,
    setTimeout,
    clearTimeout,
    queueMicrotask,
    URL,
    TextEncoder,
    TextDecoder,
    alert: (text: unknown) => alerts.push(String(text)),
    location: { href: `${BASE_URL}wps/index.html` },
  }) as Record<string, unknown>;
  context.window = context;
  context.self = context;
  context.globalThis = context;
  context.Application = runInContext(RECORDING_APP_SOURCE, context) as unknown;
  runInContext(read(wps('main.js')), context, { filename: 'main.js' });
  return { window: context, app: context.Application as RecordingApp, alerts };
}

async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('ribbon.xml', () => {
  it('is well-formed, has no XML declaration and uses the CustomUI 2006 namespace', () => {
    expect(() => parseXml('<customUI><ribbon></customUI>')).toThrow(/not well-formed/);
    const text = read(wps('ribbon.xml'));
    expect(text.trimStart().startsWith('<?xml')).toBe(false);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    const doc = parseXml(text);
    expect(doc.documentElement.localName).toBe('customUI');
    expect(doc.documentElement.namespaceURI).toBe(CUSTOM_UI_2006);
  });

  it('has a 年报助手 group with the buttons 校验 and 打开任务窗格', () => {
    const doc = parseXml(read(wps('ribbon.xml')));
    const group = [...doc.getElementsByTagName('group')].find((g) => g.getAttribute('label') === '年报助手');
    expect(group).toBeDefined();
    const labels = [...group!.getElementsByTagName('button')].map((b) => b.getAttribute('label'));
    expect(labels).toEqual(['校验', '打开任务窗格']);
    for (const b of group!.getElementsByTagName('button')) expect(b.getAttribute('onAction')).toBeTruthy();
  });

  it('names only callbacks that main.js defines on window', () => {
    const doc = parseXml(read(wps('ribbon.xml')));
    const attributes = ['onLoad', 'onAction', 'getImage', 'getEnabled', 'getVisible', 'getLabel'];
    const names = new Set<string>();
    for (const el of doc.getElementsByTagName('*')) for (const a of attributes) if (el.getAttribute(a)) names.add(el.getAttribute(a)!);
    expect([...names].sort()).toEqual(['GetImage', 'OnAction', 'OnAddinLoad']);
    const { window } = loadMain();
    for (const name of names) expect(typeof window[name]).toBe('function');
  });
});

describe('main.js in a sandbox with a fake window.Application', () => {
  type Callback = (arg?: unknown) => unknown;

  it('loads, and GetImage names an icon that ships with the add-in', () => {
    const { window } = loadMain();
    expect((window.OnAddinLoad as Callback)({})).toBe(true);
    const image = (window.GetImage as Callback)({ Id: 'nianbaoValidate' }) as string;
    expect(existsSync(wps(image))).toBe(true);
    expect(existsSync(offline(FOLDER, image))).toBe(true);
  });

  it('校验 returns at once, reads the workbook through Application, then shows a summary', async () => {
    const { window, app, alerts } = loadMain();
    const result = (window.OnAction as Callback)({ Id: 'nianbaoValidate' });
    // Synchronous: it returned before the summary was shown (the promise runs on).
    expect(result).toBe(true);
    expect(alerts).toEqual([]);
    await until('the summary', () => alerts.length > 0);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatch(/^(校验完成|校验失败|当前工作簿中没有年报模板|无法校验)/);
    // The WPS host read the workbook through the fake (which members it touches is the adapter's business).
    expect(app.__calls.filter((c) => !c.includes('TaskPane')).length).toBeGreaterThan(0);
  });

  it('打开任务窗格 opens taskpane.html once and then toggles it', () => {
    const { window, app } = loadMain();
    const click = (): unknown => (window.OnAction as Callback)({ Id: 'nianbaoTaskpane' });
    expect(click()).toBe(true);
    expect(app.__panes).toHaveLength(1);
    expect(app.__panes[0]!.url).toBe(`${BASE_URL}wps/taskpane.html`);
    expect(app.__panes[0]!.Visible).toBe(true);
    expect(Object.values(app.__storage)).toContain(1);
    click();
    expect(app.__panes[0]!.Visible).toBe(false);
    click();
    expect(app.__panes[0]!.Visible).toBe(true);
    expect(app.__panes).toHaveLength(1);
  });
});

describe('publish.xml and the publish page', () => {
  it('online: one jspluginonline entry of type et at NIANBAO_BASE_URL + wps/', () => {
    const text = read(wps('publish.xml'));
    const doc = parseXml(text);
    expect(doc.documentElement.localName).toBe('jsplugins');
    const entries = [...doc.getElementsByTagName('jspluginonline')];
    expect(entries).toHaveLength(1);
    expect(entries[0]!.getAttribute('type')).toBe('et');
    expect(entries[0]!.getAttribute('name')).toBe('nianbao');
    expect(entries[0]!.getAttribute('url')).toBe(`${BASE_URL}wps/`);
  });

  it('offline: one jsplugin entry of type et whose name and version match the folder', () => {
    const doc = parseXml(read(offline('publish.xml')));
    expect(doc.documentElement.localName).toBe('jsplugins');
    const entries = [...doc.getElementsByTagName('jsplugin')];
    expect(entries).toHaveLength(1);
    const entry = entries[0]!;
    expect(entry.getAttribute('type')).toBe('et');
    expect(`${entry.getAttribute('name')}_${entry.getAttribute('version')}`).toBe(FOLDER);
    expect(existsSync(offline(FOLDER))).toBe(true);
  });

  it('publish.html offers the install button and the exact publish.xml entry, in Chinese', () => {
    const html = read(wps('publish.html'));
    expect(html).not.toMatch(/__NIANBAO/);
    expect(html).toContain('安装到 WPS 表格');
    const doc = new JSDOM(html).window.document;
    expect(doc.getElementById('entry')!.textContent).toBe(`<jspluginonline name="nianbao" type="et" url="${BASE_URL}wps/" />`);
    parseXml(doc.getElementById('publish-xml')!.textContent ?? '');
    expect(doc.body.textContent).toContain('%appdata%\\kingsoft\\wps\\jsaddons');
    expect(doc.body.textContent).toContain('~/.local/share/Kingsoft/wps/jsaddons');
  });

  it("WPS's manifest.xml is well-formed and carries the version", () => {
    const doc = parseXml(read(wps('manifest.xml')));
    expect(doc.getElementsByTagName('version')[0]!.textContent).toBe(version);
  });
});

describe('the offline package', () => {
  it('holds the add-in files, the same bytes as dist/wps/, without source maps or install files', () => {
    const packaged = filesUnder(offline(FOLDER));
    for (const name of ['index.html', 'main.js', 'ribbon.xml', 'manifest.xml', 'taskpane.html', 'taskpane.js', 'taskpane.css', 'assets/icon-32.png']) {
      expect(packaged).toContain(name);
    }
    expect(packaged.filter((name) => name.endsWith('.map') || name.startsWith('publish.'))).toEqual([]);
    for (const name of packaged) expect(readFileSync(offline(FOLDER, name)).equals(readFileSync(wps(name)))).toBe(true);
    expect(filesUnder(offline()).filter((name) => !name.startsWith(`${FOLDER}/`))).toEqual(['publish.xml', '安装说明.txt']);
  });

  it('has every file that index.html and taskpane.html reference', () => {
    for (const page of ['index.html', 'taskpane.html']) {
      const refs = referencedFiles(read(offline(FOLDER, page)));
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of refs) expect([page, ref, existsSync(offline(FOLDER, ref))]).toEqual([page, ref, true]);
    }
    expect(referencedFiles(read(offline(FOLDER, 'index.html')))).toContain('main.js');
  });

  it('安装说明.txt names the folder and both jsaddons paths', () => {
    const text = read(offline('安装说明.txt'));
    expect(text).not.toMatch(/__NIANBAO/);
    expect(text).toContain(FOLDER);
    expect(text).toContain('%appdata%\\kingsoft\\wps\\jsaddons');
    expect(text).toContain('~/.local/share/Kingsoft/wps/jsaddons');
    expect(relative(outDir, offline('安装说明.txt'))).toBe(join('wps-offline', '安装说明.txt'));
  });
});
