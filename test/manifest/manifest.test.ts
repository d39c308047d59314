/**
 * The Office add-in manifest, checked offline. `office-addin-manifest validate` needs Microsoft's web service
 * (it cannot run here), so `office-addin-manifest info` catches malformed XML and these tests check the rest.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

interface WebpackConfigModule {
  PAGES: Record<string, { entry: string; template: string; officeJs: boolean }>;
  DEV_BASE_URL: string;
  productionBaseUrl(raw?: string): string;
  rebaseManifest(xml: string, baseUrl: string): string;
}

const root = join(__dirname, '..', '..');
const manifestPath = join(root, 'manifest.xml');
const xml = readFileSync(manifestPath, 'utf8');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- webpack.config.js is CommonJS.
const webpackConfig = require('../../webpack.config.js') as WebpackConfigModule;
const manifestCli = join(root, 'node_modules', 'office-addin-manifest', 'cli.js');

/** Every match of `pattern`'s first group in the manifest. */
function all(pattern: RegExp, text = xml): string[] {
  const global = pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
  return [...text.matchAll(global)].map((m) => m[1]!);
}

/** `<bt:Image|Url|String id="…" DefaultValue="…">` resources, by kind. */
function resources(kind: 'Image' | 'Url' | 'String'): Map<string, string> {
  return new Map([...xml.matchAll(new RegExp(`<bt:${kind} id="([^"]+)" DefaultValue="([^"]*)"`, 'g'))].map((m) => [m[1]!, m[2]!]));
}

/** The manifest's own attributes and elements, without XML comments or namespace declarations. */
const body = xml.replace(/<!--[\s\S]*?-->/g, '').replace(/\sxmlns(:\w+)?="[^"]*"/g, '');

/** The project file a development URL points at (https://localhost:3000/assets/x.png → assets/x.png). */
function servedPath(url: string): string {
  expect(url.startsWith(webpackConfig.DEV_BASE_URL)).toBe(true);
  return url.slice(webpackConfig.DEV_BASE_URL.length).replace(/[?#].*$/, '');
}

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.ts$/.test(name) ? [file] : [];
  });
}

describe('manifest.xml', () => {
  it('is read by office-addin-manifest info offline, with its Id and Chinese name', () => {
    const out = execFileSync(process.execPath, [manifestCli, 'info', manifestPath], { cwd: root, encoding: 'utf8' });
    expect(out).toContain('Name: 年报助手');
    expect(out).toContain('Default Locale: zh-CN');
    expect(out).toContain(`Id: ${all(/<Id>([^<]*)<\/Id>/)[0]}`);
    expect(out).toContain('Hosts: Workbook');
  });

  it('makes office-addin-manifest info fail on malformed XML (so the check above means something)', () => {
    const broken = join(mkdtempSync(join(tmpdir(), 'nianbao-manifest-')), 'manifest.xml');
    writeFileSync(broken, xml.replace('</DefaultSettings>', '</DefaultSetting>'));
    const run = spawnSync(process.execPath, [manifestCli, 'info', broken], { cwd: root, encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/Unable to parse the manifest/);
  });

  it('has a GUID Id, zh-CN default locale and the Chinese display name', () => {
    const ids = all(/<Id>([^<]*)<\/Id>/);
    expect(ids).toHaveLength(1);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i);
    expect(all(/<DefaultLocale>([^<]*)</)).toEqual(['zh-CN']);
    expect(all(/<DisplayName DefaultValue="([^"]*)"/)).toEqual(['年报助手']);
  });

  it('uses https for every URL', () => {
    const urls = all(/"([a-z][a-z0-9+.-]*:\/\/[^"]*)"/gi, body);
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) expect(url).toMatch(/^https:\/\//);
    // Every URL-valued element and resource holds a URL at all (an empty or relative one is not https either).
    const urlValues = [
      ...all(/<(?:IconUrl|HighResolutionIconUrl|SupportUrl|SourceLocation) DefaultValue="([^"]*)"/g),
      ...resources('Image').values(),
      ...resources('Url').values(),
    ];
    for (const url of urlValues) expect(url).toMatch(/^https:\/\/[^/]+\//);
  });

  it('defines every resid it references, in a resource of the right kind, with ids of at most 32 characters', () => {
    const defined = new Map<string, 'Image' | 'Url' | 'String'>();
    for (const kind of ['Image', 'Url', 'String'] as const) {
      for (const id of resources(kind).keys()) {
        expect(defined.has(id)).toBe(false); // ids are unique across resources
        defined.set(id, kind);
      }
    }
    const referenced = all(/resid="([^"]*)"/g);
    expect(referenced.length).toBeGreaterThan(10);
    for (const id of [...referenced, ...defined.keys()]) expect(id.length).toBeLessThanOrEqual(32);
    for (const id of referenced) expect([id, defined.has(id)]).toEqual([id, true]);
    for (const m of body.matchAll(/<(bt:Image|FunctionFile|SourceLocation|LearnMoreUrl|Label|Title|Description)\b[^>]*resid="([^"]*)"/g)) {
      const want = m[1] === 'bt:Image' ? 'Image' : m[1] === 'Label' || m[1] === 'Title' || m[1] === 'Description' ? 'String' : 'Url';
      expect([m[2], defined.get(m[2]!)]).toEqual([m[2], want]);
    }
    // Nothing defined and never used.
    for (const id of defined.keys()) expect([id, referenced.includes(id)]).toEqual([id, true]);
  });

  it('keeps short strings within 125 characters and long strings within 250', () => {
    const section = (name: string) => xml.slice(xml.indexOf(`<bt:${name}>`), xml.indexOf(`</bt:${name}>`));
    for (const value of all(/Value="([^"]*)"/g, section('ShortStrings'))) expect(value.length).toBeLessThanOrEqual(125);
    for (const value of all(/Value="([^"]*)"/g, section('LongStrings'))) expect(value.length).toBeLessThanOrEqual(250);
  });

  it('points every icon at an existing PNG of the declared pixel size', () => {
    const images = resources('Image');
    const uses = [...xml.matchAll(/<bt:Image size="(\d+)" resid="([^"]+)"/g)];
    expect(new Set(uses.map((m) => m[1]))).toEqual(new Set(['16', '32', '80']));
    for (const [, size, resid] of uses) {
      const file = join(root, servedPath(images.get(resid!)!));
      expect(pngSize(file)).toEqual({ width: Number(size), height: Number(size) });
    }
    const icon = all(/<IconUrl DefaultValue="([^"]*)"/)[0]!;
    const highRes = all(/<HighResolutionIconUrl DefaultValue="([^"]*)"/)[0]!;
    expect(pngSize(join(root, servedPath(icon)))).toEqual({ width: 32, height: 32 });
    expect(pngSize(join(root, servedPath(highRes)))).toEqual({ width: 64, height: 64 });
  });

  it('points every page URL at a page the webpack build emits', () => {
    const pages = Object.keys(webpackConfig.PAGES).map((name) => `${name}.html`);
    const htmlUrls = all(/"(https:\/\/[^"]+\.html)"/g, body).map(servedPath);
    expect(htmlUrls).toEqual(expect.arrayContaining(['taskpane.html', 'commands.html']));
    for (const page of htmlUrls) expect(pages).toContain(page);
    for (const name of ['taskpane', 'commands']) expect(webpackConfig.PAGES[name]!.officeJs).toBe(true);
  });

  it('has a ribbon group 年报助手 with 校验 (ExecuteFunction validateWorkbook) and 年报助手 (ShowTaskpane)', () => {
    const strings = resources('String');
    const controls = [...body.matchAll(/<Control xsi:type="Button" id="([^"]+)">([\s\S]*?)<\/Control>/g)].map((m) => ({
      id: m[1]!,
      label: strings.get(all(/<Label resid="([^"]+)"/, m[2])[0]!),
      action: all(/<Action xsi:type="(\w+)"/, m[2])[0],
      functionName: all(/<FunctionName>([^<]+)</, m[2])[0],
    }));
    expect(controls.map(({ label, action, functionName }) => ({ label, action, functionName }))).toEqual([
      { label: '校验', action: 'ExecuteFunction', functionName: 'validateWorkbook' },
      { label: '年报助手', action: 'ShowTaskpane', functionName: undefined },
    ]);
    expect(new Set(controls.map((c) => c.id)).size).toBe(controls.length);
    expect(strings.get(all(/<Group id="[^"]+">\s*<Label resid="([^"]+)"/)[0]!)).toBe('年报助手');
    expect(resources('Url').get(all(/<FunctionFile resid="([^"]+)"/)[0]!)).toBe(`${webpackConfig.DEV_BASE_URL}commands.html`);
  });

  it('registers every ExecuteFunction name with Office.actions.associate in src/commands', () => {
    const names = all(/<FunctionName>([^<]+)<\/FunctionName>/g);
    expect(names.length).toBeGreaterThan(0);
    const commandsDir = join(root, 'src', 'commands');
    const sources = sourceFiles(commandsDir).map((file) => ({ file: relative(root, file), text: readFileSync(file, 'utf8') }));
    for (const name of names) {
      const associate = new RegExp(`Office\\.actions\\.associate\\(\\s*(['"\`])${name}\\1`);
      const where = sources.filter((s) => associate.test(s.text)).map((s) => s.file);
      expect([name, where.length]).toEqual([name, 1]);
    }
  });
});

describe('production base URL (NIANBAO_BASE_URL)', () => {
  it('moves every development URL to the configured https base', () => {
    const base = webpackConfig.productionBaseUrl('https://zwgk.example.gov.cn/nianbao');
    expect(base).toBe('https://zwgk.example.gov.cn/nianbao/');
    const moved = webpackConfig.rebaseManifest(xml, base);
    expect(moved).not.toContain(webpackConfig.DEV_BASE_URL);
    expect(moved).toContain('<SourceLocation DefaultValue="https://zwgk.example.gov.cn/nianbao/taskpane.html"/>');
    expect(moved).toContain('<bt:Image id="Icon.16" DefaultValue="https://zwgk.example.gov.cn/nianbao/assets/icon-16.png"/>');
  });

  it('keeps the development base when unset and refuses a base that is not https', () => {
    expect(webpackConfig.productionBaseUrl('')).toBe(webpackConfig.DEV_BASE_URL);
    expect(webpackConfig.productionBaseUrl(undefined)).toBe(webpackConfig.DEV_BASE_URL);
    expect(() => webpackConfig.productionBaseUrl('http://intranet/nianbao/')).toThrow(/https/);
    expect(() => webpackConfig.productionBaseUrl('not a url')).toThrow(/有效/);
  });
});
