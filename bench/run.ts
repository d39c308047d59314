/**
 * `npm run bench`: how fast the rules evaluate, how fast `nianbao validate` reads generated workbooks
 * compared with LibreOffice recalculating them (and with exceljs loading them), and the memory it takes.
 * Prints one table. `--quick` (or BENCH_QUICK=1) uses 100 workbooks instead of 1,000; `--files N` sets N.
 * Exits 0 when every measurement ran, targets met or not (the table says which); 1 when one failed to run.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { convertWithLibreOffice, sofficePath } from '../test/support/libreoffice';
import { timeCli } from './cli';
import { timeEvaluate } from './evaluate';
import { runLoadChild, type LoadRun } from './loads';
import { formatCount, formatMiB, formatMs, msSince } from './stats';
import { renderTable, type Row } from './table';
import { generateWorkbooks } from './workbooks';

const EVALUATE_TARGET_MS = 0.2;
const RATIO_TARGET = 20;

interface Options {
  readonly quick: boolean;
  readonly files: number;
  readonly reports: number;
}

function options(): Options {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { quick: { type: 'boolean' }, files: { type: 'string' } } });
  const quick = values.quick === true || process.env['BENCH_QUICK'] === '1';
  const files = values.files === undefined ? (quick ? 100 : 1000) : Number(values.files);
  if (!Number.isInteger(files) || files < 1) throw new Error(`--files wants a whole number ≥ 1, not "${values.files ?? ''}"`);
  return { quick, files, reports: quick ? 2000 : 5000 };
}

const progress = (text: string): void => {
  process.stderr.write(`[bench] ${text}\n`);
};

const failedRow = (what: string, error: unknown): Row => ({
  what,
  total: 'FAILED',
  perItem: (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '',
  target: '',
  met: null,
});

function evaluateRows(count: number): Row[] {
  progress(`evaluate: ${formatCount(count)} generated reports (warm-up pass, then timed)`);
  const t = timeEvaluate(count);
  const p = t.perReport;
  return [
    {
      what: `evaluate(data), ${formatCount(t.reports)} generated reports`,
      total: formatMs(p.total * t.batch),
      perItem: `median ${formatMs(p.median)} · p95 ${formatMs(p.p95)} · max ${formatMs(p.max)}${t.batch > 1 ? ` (batches of ${t.batch})` : ''}`,
      target: `median < ${EVALUATE_TARGET_MS} ms`,
      met: p.median < EVALUATE_TARGET_MS,
    },
  ];
}

function oursRows(run: LoadRun, files: number): Row[] {
  const r = run.report;
  if (r.failures > 0) throw new Error(`ours: ${r.failures} of ${r.files} files did not validate, e.g. ${r.firstError ?? '?'}`);
  const rows: Row[] = [
    {
      what: `validate ${formatCount(files)} .xlsx, ours (as nianbao validate)`,
      total: formatMs(run.wallMs),
      perItem: `mean ${formatMs(run.wallMs / files)} incl. start-up · loop: median ${formatMs(r.perFile.median)}, p95 ${formatMs(r.perFile.p95)}, total ${formatMs(r.loopMs)}`,
      target: '',
      met: null,
    },
  ];
  if (r.split) {
    const s = r.split;
    const sum = s.readFile + s.unzip + s.sheetXml + s.templateReading + s.validateReport;
    const part = (label: string, ms: number): string => `${label} ${ms.toFixed(2)}`;
    rows.push({
      what: '  where a file’s time goes (ms, warm 2nd pass)',
      total: formatMs(sum * files),
      perItem: [
        part('read file', s.readFile),
        part('unzip', s.unzip),
        part('sheet XML', s.sheetXml),
        part('meta→cells', s.templateReading),
        part('validateReport', s.validateReport),
      ].join(' · '),
      target: '',
      met: null,
    });
  }
  return rows;
}

function memoryRows(run: LoadRun | null): Row[] {
  if (!run) return [];
  const r = run.report;
  return [
    {
      what: 'memory after the validation loop (ours)',
      total: `peak RSS ${formatMiB(r.peakRssBytes)}`,
      perItem: `peak heap ${formatMiB(r.peakHeapBytes)} · heap after GC ${formatMiB(r.heapAfterGcBytes)} · ${formatCount(r.findings)} findings`,
      target: '',
      met: null,
    },
  ];
}

function cliRows(file: string): Row[] {
  progress('timing bin/nianbao.js validate on one file (whole process)');
  const t = timeCli(file);
  return [
    {
      what: '  nianbao validate, 1 file, whole process',
      total: formatMs(t.oneFile),
      perItem: `median of ${t.runs} · a bare Node start takes ${formatMs(t.bareNode)}`,
      target: '',
      met: null,
    },
  ];
}

function libreOfficeRows(files: readonly string[], outDir: string, ours: LoadRun | null): Row[] {
  const what = `LibreOffice recalculates the same ${formatCount(files.length)} (start-up incl.)`;
  const ratioWhat = 'ratio LibreOffice / ours';
  const target = `≥ ${RATIO_TARGET}×`;
  if (!sofficePath()) {
    return [
      { what, total: 'LibreOffice not installed', perItem: 'apt-get install libreoffice-calc-nogui', target: '', met: null },
      { what: ratioWhat, total: 'n/a', perItem: 'LibreOffice not installed', target, met: null },
    ];
  }
  progress(`LibreOffice: recalculating ${formatCount(files.length)} files in chunks of ≤ 100 (about 0.2 s a file)`);
  const start = process.hrtime.bigint();
  convertWithLibreOffice(files, outDir, 'xlsx');
  const loMs = msSince(start);
  const runs = Math.ceil(files.length / 100);
  const rows: Row[] = [
    { what, total: formatMs(loMs), perItem: `mean ${formatMs(loMs / files.length)} · ${runs} soffice run${runs > 1 ? 's' : ''} of ≤ 100 files`, target: '', met: null },
  ];
  if (ours) {
    const ratio = loMs / ours.wallMs;
    rows.push({
      what: ratioWhat,
      total: `${ratio.toFixed(1)}×`,
      perItem: `both with start-up; loop only: ${(loMs / ours.report.loopMs).toFixed(1)}×`,
      target,
      met: ratio >= RATIO_TARGET,
    });
  } else {
    rows.push({ what: ratioWhat, total: 'n/a', perItem: 'our validation did not run', target, met: null });
  }
  return rows;
}

function exceljsRows(run: LoadRun, ours: LoadRun | null): Row[] {
  const r = run.report;
  if (r.failures > 0) throw new Error(`exceljs: ${r.failures} of ${r.files} files did not load, e.g. ${r.firstError ?? '?'}`);
  const slower = ours ? ` · ${(r.loopMs / ours.report.loopMs).toFixed(1)}× ours` : '';
  return [
    {
      what: 'exceljs load (for reference)',
      total: formatMs(run.wallMs),
      perItem: `median ${formatMs(r.perFile.median)} · p95 ${formatMs(r.perFile.p95)}${slower} · peak RSS ${formatMiB(r.peakRssBytes)}`,
      target: '',
      met: null,
    },
  ];
}

async function main(): Promise<number> {
  const opts = options();
  const rows: Row[] = [];
  let failed = false;
  const section = async (what: string, run: () => Row[] | Promise<Row[]>): Promise<void> => {
    try {
      rows.push(...(await run()));
    } catch (error) {
      failed = true;
      progress(`${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      rows.push(failedRow(what, error));
    }
  };

  await section('evaluate', () => evaluateRows(opts.reports));

  const dir = mkdtempSync(join(tmpdir(), 'nianbao-bench-'));
  let averageKiB = 0;
  try {
    const inDir = join(dir, 'in');
    let files: string[] = [];
    await section('generate workbooks', async () => {
      progress(`generating ${formatCount(opts.files)} workbooks in ${inDir} (not timed)`);
      files = await generateWorkbooks(opts.files, inDir, (done) => progress(`  ${done}/${opts.files}`));
      averageKiB = files.reduce((s, f) => s + statSync(f).size, 0) / files.length / 1024;
      return [];
    });
    if (files.length > 0) {
      let ours: LoadRun | null = null;
      await section('validate (ours)', async () => {
        progress('validating with our reader (a fresh Node process)');
        const run = await runLoadChild('ours', inDir);
        const done = oursRows(run, files.length);
        ours = run; // only a run whose every file validated counts for the ratio
        return done;
      });
      const first = files[0]!;
      await section('nianbao validate, 1 file', () => cliRows(first));
      await section('memory', () => memoryRows(ours));
      await section('LibreOffice', () => libreOfficeRows(files, join(dir, 'libreoffice'), ours));
      await section('exceljs load', async () => {
        progress('loading with exceljs (a fresh Node process)');
        return exceljsRows(await runLoadChild('exceljs', inDir), ours);
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const cpu = cpus();
  process.stdout.write(
    `nianbao bench — ${opts.quick ? 'quick' : 'full'}: ${formatCount(opts.files)} workbooks (${averageKiB.toFixed(0)} KiB each), ` +
      `${formatCount(opts.reports)} reports · Node ${process.version} · ${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}\n\n`,
  );
  process.stdout.write(`${renderTable(rows)}\n`);
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
