// Builds the Excel add-in (task pane, ribbon command, summary dialog) and the browser preview into dist/.
//
//   npm run build                      production build; dist/manifest.xml points at NIANBAO_BASE_URL
//   npm run dev-server                 https://localhost:3000/ (office-addin-debugging uses this script)
//   webpack --env pages=preview        only the named pages (comma-separated); the browser test uses this
//   webpack --env outDir=/tmp/x        another output folder
//
// office.js is served with the add-in (government intranets often cannot reach Microsoft's CDN): it is copied
// from @microsoft/office-js/dist into dist/office-js/ and referenced locally from the pages that need it.
'use strict';

const path = require('node:path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');

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
  const names = typeof env.pages === 'string' ? env.pages.split(',').map((s) => s.trim()) : Object.keys(PAGES);
  for (const name of names) if (!PAGES[name]) throw new Error(`未知页面：${name}（可选：${Object.keys(PAGES).join(', ')}）`);
  const withOffice = names.some((name) => PAGES[name].officeJs);
  const baseUrl = mode === 'production' ? productionBaseUrl() : DEV_BASE_URL;
  if (mode === 'production' && baseUrl === DEV_BASE_URL && withOffice) {
    console.warn('[年报助手] 未设置 NIANBAO_BASE_URL：dist/manifest.xml 仍指向 https://localhost:3000/（仅供开发）。');
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

  return {
    mode,
    context: __dirname,
    devtool: mode === 'production' ? 'source-map' : 'eval-cheap-module-source-map',
    entry: Object.fromEntries(names.map((name) => [name, PAGES[name].entry])),
    output: {
      path: path.resolve(__dirname, typeof env.outDir === 'string' ? env.outDir : 'dist'),
      filename: '[name].js',
      clean: true,
    },
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
    ],
    // A budget for our own bundles (office.js excluded): ~450 KB minified is about 150 KB gzip.
    performance: {
      hints: mode === 'production' ? 'error' : false,
      maxAssetSize: 450_000,
      maxEntrypointSize: 450_000,
      assetFilter: (file) => file.endsWith('.js') && !file.startsWith('office-js/'),
    },
    stats: 'errors-warnings',
    devServer: serving
      ? {
          host: 'localhost',
          port: DEV_PORT,
          server: await httpsServer(),
          headers: { 'Access-Control-Allow-Origin': '*' },
          static: false,
          hot: false,
          client: { overlay: { warnings: false, errors: true } },
        }
      : undefined,
  };
}

module.exports = config;
// For the manifest tests.
Object.assign(module.exports, { PAGES, DEV_BASE_URL, productionBaseUrl, rebaseManifest });
