/**
 * A real headless Chromium over the built browser preview: build it with webpack (development mode) into a
 * temporary folder, serve that folder on 127.0.0.1, drive Debian's `chromium` with playwright-core.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** notes/toolchain.md: what Debian's Chromium needs here (root, no GPU, no network beyond the test server). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const root = join(__dirname, '..', '..');

/** Whether the browser tests can run; outside CI a missing Chromium skips them (loudly), in CI it fails them. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const message = `${CHROMIUM} 不存在：浏览器测试无法运行（apt-get install -y chromium fonts-noto-cjk，或运行 .ci/run）。`;
  if (process.env.CI || process.env.NIANBAO_CI) throw new Error(message);
  console.warn(`\n*** 跳过浏览器测试 *** ${message}\n`);
  return false;
}

/** Builds the given pages (development mode) into a fresh temporary folder; resolves to that folder. */
export async function buildPages(pages: readonly string[]): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'nianbao-preview-'));
  const cli = join(root, 'node_modules', 'webpack-cli', 'bin', 'cli.js');
  const args = [cli, '--mode', 'development', '--env', `pages=${pages.join(',')}`, '--env', `outDir=${outDir}`, '--no-color'];
  try {
    await promisify(execFile)(process.execPath, args, { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    rmSync(outDir, { recursive: true, force: true });
    throw new Error(`webpack failed:\n${stdout}\n${stderr}`, { cause: error });
  }
  return outDir;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.map': 'application/json',
  '.xml': 'application/xml',
};

export interface StaticServer {
  readonly origin: string;
  /** Paths that were requested and not found (a page asking for a missing file is a bug). */
  readonly missing: string[];
  close(): Promise<void>;
}

/** Serves `dir` over http on 127.0.0.1 on a free port. */
export async function serve(dir: string): Promise<StaticServer> {
  const missing: string[] = [];
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(dir, pathname === '/' ? 'index.html' : pathname));
    if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      if (pathname !== '/favicon.ico') missing.push(pathname);
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    missing,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** test-artifacts/ (gitignored): screenshots kept for a person to look at. */
export function artifactPath(name: string): string {
  const dir = join(root, 'test-artifacts', 'browser');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

/** Polls `check` until it holds (the pane re-validates a moment after each change). */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
