#!/usr/bin/env node
// npm start: where desktop Excel can sideload an add-in (Windows, macOS), start the dev server and sideload
// manifest.xml into Excel (office-addin-debugging). Elsewhere (Linux) serve the add-in over https and open
// or print the browser preview: the same task pane over an in-browser workbook.
//
//   npm start                 as above
//   npm start -- --preview    serve and open the preview on any platform (no Excel)
//   npm start -- --no-open    do not open a browser (the URL is printed either way)
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const https = require('node:https');
const path = require('node:path');

const root = path.join(__dirname, '..');
const args = new Set(process.argv.slice(2));
const PORT = 3000;
const PREVIEW_URL = `https://localhost:${PORT}/preview.html`;

function sideload() {
  const cli = require.resolve('office-addin-debugging/cli.js', { paths: [root] });
  console.log('[年报助手] 启动开发服务器并把加载项旁加载到 Excel（office-addin-debugging）…');
  // The dev server is named here too, so `node scripts/start.js` works outside npm (which sets npm_package_*).
  const options = ['--app', 'excel', '--dev-server', 'npm run dev-server', '--dev-server-port', String(PORT)];
  const child = spawn(process.execPath, [cli, 'start', 'manifest.xml', 'desktop', ...options], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
}

/** Resolves once the dev server answers for `url` (its certificate may be self-signed). */
function waitFor(url, deadline) {
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const req = https.get(url, { rejectUnauthorized: false, timeout: 2000 }, (res) => {
        res.resume();
        if (res.statusCode === 200) resolve();
        else retry();
      });
      req.on('error', retry);
      req.on('timeout', () => req.destroy());
    };
    const retry = () => (Date.now() > deadline ? reject(new Error(`${url} 无响应`)) : setTimeout(attempt, 500));
    attempt();
  });
}

/** The command that opens `url` in the desktop's browser, or null (then the printed URL is all there is). */
function opener(url) {
  if (args.has('--no-open') || process.env.CI) return null;
  if (process.platform === 'darwin') return ['open', [url]];
  if (process.platform === 'win32') return ['cmd', ['/c', 'start', '""', url]];
  // Without a display, xdg-open falls back to a text browser that would take over the terminal.
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return null;
  return spawnSync('sh', ['-c', 'command -v xdg-open'], { stdio: 'ignore' }).status === 0 ? ['xdg-open', [url]] : null;
}

function preview() {
  const cli = require.resolve('webpack-cli/bin/cli.js', { paths: [root] });
  console.log(`[年报助手] 本机（${process.platform}）无法旁加载到桌面版 Excel：启动浏览器预览（同一任务窗格 + 浏览器内的工作簿）…`);
  const server = spawn(process.execPath, [cli, 'serve', '--mode', 'development'], { cwd: root, stdio: 'inherit' });
  const stop = () => server.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));

  waitFor(PREVIEW_URL, Date.now() + 180_000).then(
    () => {
      console.log(`\n[年报助手] 预览已就绪：${PREVIEW_URL}`);
      console.log('[年报助手] 证书为开发用自签名证书时，浏览器会提示不安全：点“高级”→“继续前往 localhost”。按 Ctrl+C 停止。\n');
      const open = opener(PREVIEW_URL);
      // Opening is a convenience: when it fails, the URL above is still there to click.
      if (open)
        spawn(open[0], open[1], { stdio: 'ignore', detached: true })
          .on('error', () => {})
          .unref();
    },
    (error) => console.error(`[年报助手] ${error.message}：请查看上面 webpack 的输出。`),
  );
}

if (!args.has('--preview') && (process.platform === 'win32' || process.platform === 'darwin')) sideload();
else preview();
