/**
 * A child process of the benchmark: validates (as `nianbao validate` does) or loads with exceljs every .xlsx
 * in a folder, and writes a LoadReport as JSON on stdout. Usage: node load-child.js ours|exceljs <dir>
 */
import type ExcelJS from 'exceljs';
import { readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { validateFile } from '../src/cli/load';
import { readTemplateWorkbook } from '../src/core/import/workbook';
import { CALC_SHEET, META_SHEET } from '../src/core/layout/template';
import { validateReport } from '../src/core/validate';
import { readXlsxGrid } from '../src/hosts/xlsx/read';
import type { LoadMode, LoadReport, Split } from './loads';
import { msSince, summarize } from './stats';

interface Outcome {
  readonly ok: boolean;
  readonly error?: string;
  readonly findings: number;
}

async function ours(file: string): Promise<Outcome> {
  const r = await validateFile(file);
  return r.ok ? { ok: true, findings: r.result.findings.length } : { ok: false, error: r.error, findings: 0 };
}

// Loaded only in exceljs mode: requiring exceljs alone takes a few hundred ms, which `ours` must not pay.
let excel: typeof ExcelJS | undefined;

async function exceljs(file: string): Promise<Outcome> {
  if (!excel) throw new Error('exceljs not loaded');
  const wb = new excel.Workbook();
  // exceljs accepts a Node Buffer at run time; its typings declare an ArrayBuffer-like `Buffer` of their own.
  await wb.xlsx.load((await readFile(file)) as unknown as ExcelJS.Buffer);
  return { ok: wb.worksheets.length > 0, findings: 0 };
}

/** The CLI's steps one by one, on files already seen once (so the file cache and the JIT are warm). */
function split(files: readonly string[]): Split {
  const sums = { readFile: 0, unzip: 0, sheetXml: 0, templateReading: 0, validateReport: 0 };
  for (const file of files) {
    let t = process.hrtime.bigint();
    const lap = (): number => {
      const ms = msSince(t);
      t = process.hrtime.bigint();
      return ms;
    };
    const bytes = readFileSync(file);
    sums.readFile += lap();
    const grid = readXlsxGrid(bytes);
    sums.unzip += lap();
    // The grid parses a sheet on first use: touch the ones the reading uses (all but the checks' calc sheet).
    grid.value(META_SHEET, 1, 1);
    for (const s of grid.sheets) if (s.name !== CALC_SHEET) grid.value(s.name, 1, 1);
    sums.sheetXml += lap();
    const reading = readTemplateWorkbook(grid);
    sums.templateReading += lap();
    if (!reading.ok) throw new Error(`${file}: ${reading.error}`);
    validateReport(reading.value.data, reading.value);
    sums.validateReport += lap();
  }
  const n = Math.max(files.length, 1);
  return {
    readFile: sums.readFile / n,
    unzip: sums.unzip / n,
    sheetXml: sums.sheetXml / n,
    templateReading: sums.templateReading / n,
    validateReport: sums.validateReport / n,
  };
}

async function main(): Promise<void> {
  const [mode, dir] = process.argv.slice(2);
  if ((mode !== 'ours' && mode !== 'exceljs') || !dir) throw new Error('usage: load-child.js ours|exceljs <dir>');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.xlsx'))
    .sort()
    .map((f) => join(dir, f));
  const run = mode === 'ours' ? ours : exceljs;
  if (mode === 'exceljs') excel = (await import('exceljs')).default;
  const perFile: number[] = [];
  let failures = 0;
  let firstError: string | null = null;
  let findings = 0;
  let peakHeap = getHeapStatistics().used_heap_size;
  const loopStart = process.hrtime.bigint();
  for (const file of files) {
    const start = process.hrtime.bigint();
    let outcome: Outcome;
    try {
      outcome = await run(file);
    } catch (cause) {
      outcome = { ok: false, error: String(cause), findings: 0 };
    }
    perFile.push(msSince(start));
    if (!outcome.ok) {
      failures++;
      firstError ??= `${file}: ${outcome.error ?? 'not loaded'}`;
    }
    findings += outcome.findings;
    peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size);
  }
  const loopMs = msSince(loopStart);
  const loopEndEpochMs = performance.timeOrigin + performance.now();
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  globalThis.gc?.();
  const heapAfterGcBytes = getHeapStatistics().used_heap_size;
  const report: LoadReport = {
    mode: mode satisfies LoadMode,
    files: files.length,
    failures,
    firstError,
    findings,
    loopMs,
    loopEndEpochMs,
    perFile: summarize(perFile),
    peakRssBytes,
    peakHeapBytes: peakHeap,
    heapAfterGcBytes,
    split: mode === 'ours' && failures === 0 ? split(files) : null,
  };
  process.stdout.write(JSON.stringify(report));
}

main().catch((error: unknown) => {
  process.stderr.write(`load-child: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
