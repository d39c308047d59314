// Builds the Excel add-in (task pane, ribbon command, summary dialog) and the browser preview into dist/.
//
//   npm run build                      production build; dist/manifest.xml points at NIANBAO_BASE_URL
//   npm run dev-server                 https://localhost:3000/ (office-addin-debugging uses this script)
//   webpack --env pages=preview        only the named pages (comma-separated); the browser test uses this
//   webpack --env outDir=/tmp/x        another output folder
//   webpack --env pages=wps            only the WPS add-in (dist/wps/ and dist/wps-offline/)
//
// The WPS 表格 add-in (a WPS JS add-in: ribbon.xml + index.html + main.js + the task pane) goes to dist/wps/,
// served by the dev server at https://localhost:3000/wps/ (WPS reads a manifest.xml of its own from the
// add-in root, so it cannot share the root with the Office manifest), with publish.html and publish.xml for an
// online installation at NIANBAO_BASE_URL + wps/. dist/wps-offline/ is the offline package: the folder
// nianbao_<version>/ (the same files) + publish.xml + 安装说明.txt, copied by a clerk into WPS's jsaddons folder.
//
// office.js is served with the add-in (government intranets often cannot reach Microsoft's CDN): it is copied
// from @microsoft/office-js/dist into dist/office-js/ and referenced locally from the pages that need it.
'use strict';

const path = require('node:path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const { Compilation, sources } = require('webpack');
const { version: VERSION } = require('./package.json');

/** The base URL written in manifest.xml; a production build replaces it with NIANBAO_BASE_URL. */
const DEV_BASE_URL = 'https://localhost:3000/';
const DEV_PORT = 3000;
const OFFICE_JS = 'office-js/office.js';

/** Each page: its entry, its HTML template, whether it loads office.js. */
const PAGES = {
  taskpane: { entry: './src/taskpane/taskpane.ts', template: './src/taskpane/taskpane.html', officeJs: true },
  commands: { entry: './src/commands/commands.ts', template: './src/commands/commands.html', officeJs: true },
  summary: { entry: './src/commands/summary.ts', template: './src/commands/summary.html', officeJs: true },
  preview: { entry: './src/preview/preview.ts', template: './src/preview/index.html', officeJs: false },
};

/** The WPS add-in: its name in publish.xml, its folders in dist/, its pages. */
const WPS = {
  name: 'nianbao',
  dir: 'wps/',
  offlineDir: 'wps-offline/',
  /** WPS looks for an offline add-in in jsaddons/<name>_<version>/. */
  folder: (version = VERSION) => `nianbao_${version}`,
  entries: {
    main: './src/wps/main.ts',
    taskpane: './src/wps/taskpane.ts',
  },
  /** Files of dist/wps/ that are for installing, not part of the add-in (kept out of the offline folder). */
  notInAddin: new Set(['publish.html', 'publish.xml']),
};

function escapeXml(text) {
  return String(text).replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]);
}

/** The publish.xml line of the online add-in at `url` (the add-in root, ending in a slash). */
function wpsOnlineEntry(url) {
  return `<jspluginonline name="${WPS.name}" type="et" url="${escapeXml(url)}" />`;
}

/**
 * The publish.xml line of the offline add-in: WPS loads it from jsaddons/<name>_<version>/; `url` is where that
 * folder can be fetched again (not needed when the folder has been copied).
 */
function wpsOfflineEntry(url, version = VERSION) {
  return `<jsplugin name="${WPS.name}" type="et" url="${escapeXml(url)}" version="${escapeXml(version)}" />`;
}

/** A publish.xml holding `entries` (WPS's own samples write it with an XML declaration, UTF-8). */
function publishXml(entries) {
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<jsplugins>', ...entries.map((e) => `  ${e}`), '</jsplugins>', ''].join('\n');
}

/** The publish page and the offline instructions with their placeholders filled in. */
function fillWpsTemplate(text, { url, version = VERSION }) {
  const entry = wpsOnlineEntry(url);
  return text
    .split('__NIANBAO_PUBLISH_XML__').join(escapeXml(publishXml([entry])))
    .split('__NIANBAO_ENTRY__').join(escapeXml(entry))
    .split('__NIANBAO_URL__').join(escapeXml(url))
    .split('__NIANBAO_NAME__').join(WPS.name)
    .split('__NIANBAO_VERSION__').join(escapeXml(version));
}

/**
 * Emits publish.xml (online) into the WPS add-in and, after a build that writes files (not the dev server), the
 * offline package next to it: every file of the add-in (source maps and the install files left out) under
 * wps-offline/nianbao_<version>/, a publish.xml naming that folder, and 安装说明.txt. Runs after emit, so the
 * copies are the shipped (minified) files.
 */
class WpsPackagePlugin {
  constructor({ onlineUrl, offlineUrl, offlineDir }) {
    this.onlineUrl = onlineUrl;
    this.offlineUrl = offlineUrl;
    this.offlineDir = offlineDir;
  }

  apply(compiler) {
    compiler.hooks.thisCompilation.tap('WpsPackagePlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'WpsPackagePlugin', stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        compilation.emitAsset('publish.xml', new sources.RawSource(publishXml([wpsOnlineEntry(this.onlineUrl)])));
      });
    });
    if (!this.offlineDir) return;
    compiler.hooks.afterEmit.tap('WpsPackagePlugin', (compilation) => {
      // The files as written (the sources themselves are released after emit).
      const fs = require('node:fs');
      const dir = this.offlineDir;
      const folder = path.join(dir, WPS.folder());
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(folder, { recursive: true });
      for (const { name } of compilation.getAssets()) {
        if (WPS.notInAddin.has(name) || name.endsWith('.map')) continue;
        const target = path.join(folder, name);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.copyFileSync(path.join(compiler.outputPath, name), target);
      }
      fs.writeFileSync(path.join(dir, 'publish.xml'), publishXml([wpsOfflineEntry(this.offlineUrl)]));
      const instructions = fs.readFileSync(path.join(__dirname, 'src', 'wps', '安装说明.txt'), 'utf8');
      fs.writeFileSync(path.join(dir, '安装说明.txt'), fillWpsTemplate(instructions, { url: this.onlineUrl }));
    });
  }
}

/** NIANBAO_BASE_URL, checked: https, ending in a slash. */
function productionBaseUrl(raw = process.env.NIANBAO_BASE_URL) {
  if (raw === undefined || raw.trim() === '') return DEV_BASE_URL;
  let url;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error(`NIANBAO_BASE_URL 不是有效的网址：${raw}`);
  }
  if (url.protocol !== 'https:') throw new Error(`NIANBAO_BASE_URL 必须以 https:// 开头（Office 只加载 https 加载项）：${raw}`);
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/** The manifest with every development URL moved to `baseUrl`. */
function rebaseManifest(xml, baseUrl) {
  return xml.split(DEV_BASE_URL).join(baseUrl);
}

/** Puts `<script src="office-js/office.js">` first in <head> of the pages that need it (unless the template has it). */
class OfficeJsTagPlugin {
  apply(compiler) {
    compiler.hooks.compilation.tap('OfficeJsTagPlugin', (compilation) => {
      HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups.tap('OfficeJsTagPlugin', (data) => {
        const page = PAGES[data.outputName.replace(/\.html$/, '')];
        const already = data.headTags.some((tag) => String(tag.attributes?.src ?? '').endsWith(OFFICE_JS));
        if (page?.officeJs && !already) {
          data.headTags.unshift({
            tagName: 'script',
            voidTag: false,
            meta: { plugin: 'OfficeJsTagPlugin' },
            attributes: { src: OFFICE_JS },
          });
        }
        return data;
      });
    });
  }
}

/**
 * The Content-Security-Policy of every page we ship, as a <meta> right after <meta charset> (the add-in is served
 * by whatever web server a unit has, so the page carries its own policy). Scripts, styles, fonts, images and
 * connections come from the add-in's own origin only; no eval (development builds use a source map without eval,
 * see common()); an inline <script> or <style> a page has (summary.html, publish.html) is allowed by its sha256
 * hash, computed here from the emitted page. frame-ancestors cannot be set from a <meta> (Office frames the pane).
 */
const CSP = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};
/** What a page needs besides CSP: publish.html talks to the WPS client's local install service. */
const CSP_EXTRA = { 'publish.html': { 'connect-src': ['http://127.0.0.1:58890'] } };

function sha256Source(text) {
  return `'sha256-${require('node:crypto').createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The policy for `html` (named `name`): CSP, the page's extras, a hash for each inline script and style. */
function contentSecurityPolicy(html, name = '') {
  const policy = Object.fromEntries(Object.entries(CSP).map(([key, values]) => [key, [...values]]));
  for (const [key, values] of Object.entries(CSP_EXTRA[path.basename(name)] ?? {})) policy[key].push(...values);
  for (const [, attributes, body] of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
    if (!/\ssrc=/i.test(attributes ?? '') && body.trim() !== '') policy['script-src'].push(sha256Source(body));
  }
  for (const [, body] of html.matchAll(/<style(?:\s[^>]*)?>([\s\S]*?)<\/style>/gi)) policy['style-src'].push(sha256Source(body));
  return Object.entries(policy)
    .map(([key, values]) => `${key} ${values.join(' ')}`)
    .join('; ');
}

/** `html` with its Content-Security-Policy <meta> inserted after <meta charset>. */
function withCsp(html, name = '') {
  if (/http-equiv=["']?Content-Security-Policy/i.test(html)) return html;
  const charset = /<meta charset="?utf-8"?\s*\/?>/i.exec(html); // minified pages drop the quotes
  if (!charset) throw new Error(`${name}: 没有 <meta charset="utf-8">，无法加入 Content-Security-Policy`);
  const meta = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(html, name).replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" />`;
  const at = charset.index + charset[0].length;
  return `${html.slice(0, at)}\n    ${meta}${html.slice(at)}`;
}

/** Puts the Content-Security-Policy into every .html the build emits (generated and copied pages alike). */
class CspPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('CspPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'CspPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_SUMMARIZE }, (assets) => {
        for (const name of Object.keys(assets)) {
          if (!name.endsWith('.html')) continue;
          const source = compilation.getAsset(name).source.source();
          const html = typeof source === 'string' ? source : Buffer.from(source).toString('utf8');
          compilation.updateAsset(name, new sources.RawSource(withCsp(html, name)));
        }
      });
    });
  }
}

/** https options for the dev server: the Office dev certificate when it can be installed and trusted. */
async function httpsServer() {
  try {
    const devCerts = require('office-addin-dev-certs');
    return { type: 'https', options: await devCerts.getHttpsServerOptions() };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    console.warn(
      `[年报助手] 未能安装并信任 Office 开发证书（${reason}）。\n` +
        '[年报助手] 改用 webpack-dev-server 自签名证书：浏览器会提示“连接不是私密连接”，点“高级”→“继续前往”即可预览；\n' +
        '[年报助手] 在 Excel 中旁加载需要受信任的证书：在 Windows/macOS 上运行 npx office-addin-dev-certs install。',
    );
    return 'https';
  }
}

async function config(env = {}, argv = {}) {
  const mode = argv.mode === 'production' ? 'production' : 'development';
  const serving = Boolean(env.WEBPACK_SERVE);
  const chosen = typeof env.pages === 'string' ? env.pages.split(',').map((s) => s.trim()) : [...Object.keys(PAGES), 'wps'];
  const withWps = chosen.includes('wps');
  const names = chosen.filter((name) => name !== 'wps');
  for (const name of names) if (!PAGES[name]) throw new Error(`未知页面：${name}（可选：${Object.keys(PAGES).join(', ')}, wps）`);
  const withOffice = names.some((name) => PAGES[name].officeJs);
  const baseUrl = mode === 'production' ? productionBaseUrl() : DEV_BASE_URL;
  if (mode === 'production' && baseUrl === DEV_BASE_URL && withOffice) {
    console.warn('[年报助手] 未设置 NIANBAO_BASE_URL：dist/manifest.xml 仍指向 https://localhost:3000/（仅供开发）。');
  }
  if (mode === 'production' && baseUrl === DEV_BASE_URL && withWps) {
    console.warn('[年报助手] 未设置 NIANBAO_BASE_URL：dist/wps/publish.xml 与 publish.html 仍指向 https://localhost:3000/wps/（仅供开发）。');
  }

  const copies = [
    { from: 'assets/*.png', to: 'assets/[name][ext]' },
    // Stylesheets are linked from the pages as plain files (no CSS loader in the bundle).
    { from: 'src/taskpane/taskpane.css', to: 'taskpane.css' },
    { from: 'src/hosts/preview/grid.css', to: 'grid.css' },
    { from: 'src/preview/preview.css', to: 'preview.css' },
  ];
  if (withOffice) {
    copies.push(
      {
        from: '**/*',
        context: path.dirname(require.resolve('@microsoft/office-js/package.json')) + '/dist',
        to: 'office-js/',
        globOptions: { ignore: ['**/*.debug.js'] },
        // Already minified: a production build would otherwise re-minify ~30 MB (minutes instead of seconds).
        info: { minimized: true },
      },
      { from: 'manifest.xml', to: 'manifest.xml', transform: (content) => rebaseManifest(content.toString('utf8'), baseUrl) },
    );
  }

  const outRoot = path.resolve(__dirname, typeof env.outDir === 'string' ? env.outDir : 'dist');
  const configs = [];
  if (names.length > 0) {
    configs.push({
      ...common(mode),
      name: 'office',
      entry: Object.fromEntries(names.map((name) => [name, PAGES[name].entry])),
      output: {
        path: outRoot,
        filename: '[name].js',
        // The WPS build writes wps/ and wps-offline/ into the same folder: this build leaves them alone.
        clean: withWps ? { keep: /^wps(-offline)?[\\/]/ } : true,
      },
      plugins: [
        ...names.map(
          (name) =>
            new HtmlWebpackPlugin({
              filename: `${name}.html`,
              template: PAGES[name].template,
              chunks: [name],
            }),
        ),
        new OfficeJsTagPlugin(),
        new CopyWebpackPlugin({ patterns: copies }),
        new CspPlugin(),
      ],
    });
  }
  if (withWps) configs.push(wpsConfig({ mode, serving, outRoot, baseUrl }));
  if (serving) {
    configs[0].devServer = {
      host: 'localhost',
      port: DEV_PORT,
      server: await httpsServer(),
      headers: { 'Access-Control-Allow-Origin': '*' },
      static: false,
      hot: false,
      client: { overlay: { warnings: false, errors: true } },
    };
  }
  return configs.length === 1 ? configs[0] : configs;
}

/**
 * The WPS add-in, a build of its own so that its root (dist/wps/) is flat like the offline folder: the task
 * pane's lazily loaded chunks (Word export) sit next to taskpane.js in both, and load from there.
 */
function wpsConfig({ mode, serving, outRoot, baseUrl }) {
  const onlineUrl = `${baseUrl}${WPS.dir}`;
  const fill = (content) => fillWpsTemplate(content.toString('utf8'), { url: onlineUrl });
  return {
    ...common(mode),
    name: 'wps',
    entry: WPS.entries,
    output: {
      path: path.join(outRoot, WPS.dir),
      filename: '[name].js',
      clean: true,
      // Under the dev server the add-in is served from /wps/; built, it loads its chunks relative to itself.
      publicPath: serving ? `/${WPS.dir}` : 'auto',
    },
    plugins: [
      new HtmlWebpackPlugin({ filename: 'taskpane.html', template: './src/wps/taskpane.html', chunks: ['taskpane'] }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'src/wps/ribbon.xml', to: 'ribbon.xml' },
          { from: 'src/wps/index.html', to: 'index.html' },
          { from: 'src/wps/manifest.xml', to: 'manifest.xml', transform: (content) => content.toString('utf8').split('NIANBAO_VERSION').join(VERSION) },
          { from: 'src/wps/publish.html', to: 'publish.html', transform: fill },
          { from: 'src/taskpane/taskpane.css', to: 'taskpane.css' },
          { from: 'assets/*.png', to: 'assets/[name][ext]' },
        ],
      }),
      new WpsPackagePlugin({
        onlineUrl,
        offlineUrl: `${baseUrl}${WPS.offlineDir}${WPS.folder()}/`,
        offlineDir: serving ? null : path.join(outRoot, WPS.offlineDir),
      }),
      new CspPlugin(),
    ],
  };
}

/** What both builds share: TypeScript through ts-loader, source maps, the bundle budget. */
function common(mode) {
  return {
    mode,
    context: __dirname,
    // No eval-based source map in development either: the pages' Content-Security-Policy allows no eval.
    devtool: mode === 'production' ? 'source-map' : 'cheap-module-source-map',
    resolve: { extensions: ['.ts', '.js'] },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          // Type errors are `npm run typecheck`'s job; the bundle only needs the JavaScript.
          use: {
            loader: 'ts-loader',
            // ES modules let webpack drop unused exports of the core; tsconfig.json itself is for type-checking only.
            options: {
              transpileOnly: true,
              configFile: 'tsconfig.json',
              compilerOptions: { noEmit: false, module: 'es2020', sourceMap: true },
            },
          },
        },
      ],
    },
    // A budget for our own bundles (office.js excluded): ~450 KB minified is about 150 KB gzip.
    performance: {
      hints: mode === 'production' ? 'error' : false,
      maxAssetSize: 450_000,
      maxEntrypointSize: 450_000,
      assetFilter: (file) => file.endsWith('.js') && !file.startsWith('office-js/'),
    },
    stats: 'errors-warnings',
  };
}

module.exports = config;
// For the manifest tests; `common` for the bench's own scripts (bench/taskpane.ts).
Object.assign(module.exports, { common, CSP, contentSecurityPolicy, withCsp, PAGES, DEV_BASE_URL, productionBaseUrl, rebaseManifest, WPS, wpsOnlineEntry, wpsOfflineEntry, publishXml });
