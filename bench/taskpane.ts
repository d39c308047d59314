/**
 * The task pane as shipped: the production webpack build of taskpane.html (office.js excluded from the size:
 * it is Microsoft's, already minified, and loads first), and its time to ready in Debian's headless Chromium
 * driven by playwright-core (test/browser/support.ts). Two bench scripts are added to a copy of the built page
 * (bench/browser/): before office.js a fake Excel holding the template filled with the sample report, after it
 * an Office.onReady that answers "Excel" and a recorder of the pane's ready signal (`data-ready` on its root,
 * set by src/taskpane/mount.ts once the workbook has been read, checked and shown).
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import webpack, { type Configuration } from 'webpack';
import type { ReportData } from '../src/core/report/types';
import { CHROMIUM, launchChromium, serve } from '../test/browser/support';
import type { BenchMarks, BenchWindow } from './browser/shared';
import { msSince, summarize, type Summary } from './stats';

const ROOT = join(__dirname, '..', '..');

export interface ScriptSize {
  /** taskpane.js as built (minified) and gzipped, in bytes. */
  readonly raw: number;
  readonly gzip: number;
  /** The chunks the pane loads only when asked (Word export, reading a report file…), gzipped together, and their names. */
  readonly lazyGzip: number;
  readonly lazy: readonly string[];
}

export interface ReadyTiming {
  /** office.js loaded → the pane's ready signal, per load (ms). */
  readonly afterOfficeJs: Summary;
  /** Office.onReady resolved → ready (mount, first read and check, first render). */
  readonly afterOnReady: Summary;
  /** office.js loaded → its own onReady (its start-up outside Office; part of afterOfficeJs). */
  readonly officeStartup: Summary;
  /** Time inside the fake Excel's `context.sync()` (part of afterOnReady; a real Excel takes its own). */
  readonly fake: Summary;
  readonly loads: number;
  /** Findings the pane listed when ready (the same on every load). */
  readonly findings: number;
}

export interface BuiltTaskpane {
  readonly dir: string;
  readonly buildMs: number;
  readonly size: ScriptSize;
  /** Whether Chromium is installed here (outside CI it may not be); the bench scripts are built only then. */
  readonly chromium: boolean;
}

/** `gzip -6` (zlib's default), what a web server's gzip gives give or take a few per cent. */
const gzipped = (file: string): number => gzipSync(readFileSync(file)).length;

/** The production build of the task pane page alone (office.js copied beside it, as shipped). */
async function buildTaskpane(outDir: string): Promise<void> {
  const cli = join(ROOT, 'node_modules', 'webpack-cli', 'bin', 'cli.js');
  const args = [cli, '--mode', 'production', '--env', 'pages=taskpane', '--env', `outDir=${outDir}`, '--no-color'];
  try {
    await promisify(execFile)(process.execPath, args, { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`webpack (production, taskpane) failed: ${`${stdout}\n${stderr}`.trim().split('\n').slice(0, 5).join(' | ')}`, {
      cause: error,
    });
  }
}

function scriptSize(outDir: string): ScriptSize {
  const main = join(outDir, 'taskpane.js');
  const lazy = readdirSync(outDir).filter((f) => f.endsWith('.js') && f !== 'taskpane.js' && statSync(join(outDir, f)).isFile());
  return {
    raw: statSync(main).size,
    gzip: gzipped(main),
    lazyGzip: lazy.reduce((sum, f) => sum + gzipped(join(outDir, f)), 0),
    lazy,
  };
}

/** What bench/taskpane.ts takes from webpack.config.js (CommonJS): the settings every build shares. */
interface WebpackConfigModule {
  common(mode: 'development' | 'production'): Configuration;
}

/** bench/browser/excel.ts and office.ts as two scripts in `outDir` (not minified: they are not measured). */
function buildBenchScripts(outDir: string): Promise<void> {
  // Run from build/bench: the config is found from the repository's root, not next to this file.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- webpack.config.js is CommonJS.
  const { common } = require(join(ROOT, 'webpack.config.js')) as WebpackConfigModule;
  const shared = common('development');
  const compiler = webpack({
    ...shared,
    devtool: false, // no source maps: the scripts are not measured
    target: 'web',
    entry: { 'bench-excel': './bench/browser/excel.ts', 'bench-office': './bench/browser/office.ts' },
    output: { path: outDir, filename: '[name].js', clean: false },
    resolve: {
      ...shared.resolve,
      // office-addin-mock needs only an enum of office-addin-manifest (as in jest.config.js).
      alias: { 'office-addin-manifest': join(ROOT, 'test', 'shims', 'office-addin-manifest.js') },
    },
    stats: 'errors-only',
  });
  return new Promise((resolve, reject) => {
    compiler.run((error, stats) => {
      compiler.close(() => undefined);
      if (error) reject(error);
      else if (stats?.hasErrors())
        reject(new Error(`webpack (bench scripts) failed: ${stats.toString('errors-only').split('\n').slice(0, 5).join(' | ')}`));
      else resolve();
    });
  });
}

const OFFICE_JS_TAG = /<script[^>]*\ssrc="?office-js\/office\.js"?[^>]*><\/script>/;

/** A copy of the built taskpane.html with the bench scripts around office.js. */
function benchPage(outDir: string): string {
  const html = readFileSync(join(outDir, 'taskpane.html'), 'utf8');
  if (!OFFICE_JS_TAG.test(html)) throw new Error('taskpane.html as built has no <script src="office-js/office.js">');
  const page = 'bench-taskpane.html';
  writeFileSync(
    join(outDir, page),
    html.replace(OFFICE_JS_TAG, '<script src="bench-excel.js"></script>$&<script src="bench-office.js"></script>'),
  );
  return page;
}

async function timeToReady(outDir: string, data: ReportData, loads: number): Promise<ReadyTiming> {
  const page = benchPage(outDir);
  const server = await serve(outDir);
  const browser = await launchChromium();
  try {
    const afterOfficeJs: number[] = [];
    const afterOnReady: number[] = [];
    const officeStartup: number[] = [];
    const fake: number[] = [];
    let findings = -1;
    // The first load warms Chromium's caches and code caches for office.js: not counted.
    for (let i = 0; i <= loads; i++) {
      const tab = await browser.newPage({ locale: 'zh-CN' });
      const errors: string[] = [];
      tab.on('pageerror', (error) => errors.push(error.message));
      await tab.addInitScript((report: ReportData) => {
        (window as unknown as BenchWindow).nianbaoBenchData = report;
      }, data);
      await tab.goto(`${server.origin}/${page}`);
      await tab.waitForFunction(
        () => {
          const marks = (window as unknown as BenchWindow).nianbaoBench?.marks;
          return marks?.ready !== undefined || marks?.error !== undefined;
        },
        undefined,
        { timeout: 30_000 },
      );
      const marks = await tab.evaluate((): BenchMarks => ({ ...(window as unknown as BenchWindow).nianbaoBench?.marks }));
      await tab.context().close();
      if (marks.error) throw new Error(`task pane page: ${marks.error}`);
      if (errors.length > 0) throw new Error(`task pane page error: ${errors[0]}`);
      const { prepared, officeLoaded, officeReady, onReady, ready, fakeMs } = marks;
      if (
        prepared === undefined ||
        officeLoaded === undefined ||
        officeReady === undefined ||
        onReady === undefined ||
        ready === undefined ||
        fakeMs === undefined
      ) {
        throw new Error(`task pane page: marks missing (${JSON.stringify(marks)})`);
      }
      // The fake Excel must be ready before office.js ran, or its preparation would be timed too.
      if (prepared > officeLoaded)
        throw new Error(`the fake Excel was prepared ${(prepared - officeLoaded).toFixed(1)} ms after office.js loaded`);
      if (i === 0) continue;
      afterOfficeJs.push(ready - officeLoaded);
      afterOnReady.push(ready - onReady);
      officeStartup.push(officeReady - officeLoaded);
      fake.push(fakeMs);
      findings = marks.findings ?? -1;
    }
    if (server.missing.length > 0) throw new Error(`the page asked for files the build did not emit: ${server.missing.join(', ')}`);
    return {
      afterOfficeJs: summarize(afterOfficeJs),
      afterOnReady: summarize(afterOnReady),
      officeStartup: summarize(officeStartup),
      fake: summarize(fake),
      loads,
      findings,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

const BENCH_SCRIPTS = ['bench-excel.js', 'bench-office.js'];

/**
 * Build the pane into `outDir` (a fresh folder) and measure its script; with Chromium, build the bench scripts
 * at the same time (into a folder of their own: the production build empties its output folder), then copy them in.
 */
export async function buildTaskpanePage(outDir: string, progress: (text: string) => void): Promise<BuiltTaskpane> {
  progress('task pane: production webpack build (taskpane.html, office.js copied beside it), not timed');
  const chromium = existsSync(CHROMIUM);
  if (!chromium && (process.env['CI'] || process.env['NIANBAO_CI']))
    throw new Error(`${CHROMIUM} is missing (apt-get install -y chromium fonts-noto-cjk)`);
  const scriptsDir = `${outDir}-scripts`;
  const start = process.hrtime.bigint();
  const scripts = chromium ? buildBenchScripts(scriptsDir) : Promise.resolve();
  const [production] = await Promise.allSettled([buildTaskpane(outDir), scripts]);
  const buildMs = msSince(start);
  if (production.status === 'rejected') throw production.reason;
  const size = scriptSize(outDir);
  await scripts;
  for (const f of chromium ? BENCH_SCRIPTS : []) copyFileSync(join(scriptsDir, f), join(outDir, f));
  progress(`task pane: built in ${(buildMs / 1000).toFixed(1)} s`);
  return { dir: outDir, buildMs, size, chromium };
}

/** The built pane's time to ready over `loads` page loads; null where Chromium is not installed. */
export async function measureReady(
  built: BuiltTaskpane,
  data: ReportData,
  loads: number,
  progress: (text: string) => void,
): Promise<ReadyTiming | null> {
  if (!built.chromium) return null;
  progress(`task pane: ${loads} loads in headless Chromium (+1 to warm up)`);
  return timeToReady(built.dir, data, loads);
}
