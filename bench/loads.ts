import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Summary } from './stats';

/** What a load child measures: our validation as the CLI runs it, or exceljs loading the same files. */
export type LoadMode = 'ours' | 'exceljs';

/** Where our validation spends a file's time (means in ms over a second, warm pass). */
export interface Split {
  readonly readFile: number;
  /** readXlsxGrid: unzip, workbook.xml, sharedStrings. */
  readonly unzip: number;
  /** Scanning the sheets' XML the reading touches (meta and the report sheet). */
  readonly sheetXml: number;
  /** readTemplateWorkbook once the sheets are parsed: following the meta sheet's references. */
  readonly templateReading: number;
  /** validateReport: evaluate and locate the findings. */
  readonly validateReport: number;
}

/** A load child's answer (JSON on its stdout). */
export interface LoadReport {
  readonly mode: LoadMode;
  readonly files: number;
  /** Files that came back `ok: false` or threw; the first error as an example. */
  readonly failures: number;
  readonly firstError: string | null;
  readonly findings: number;
  /** The loop over all files, in the child. */
  readonly loopMs: number;
  /** When the loop ended (ms since the epoch, `performance.timeOrigin + performance.now()`). */
  readonly loopEndEpochMs: number;
  readonly perFile: Summary;
  readonly peakRssBytes: number;
  /** Largest V8 used-heap size seen between files. */
  readonly peakHeapBytes: number;
  /** V8 used heap after the loop, after a full GC. */
  readonly heapAfterGcBytes: number;
  readonly split: Split | null;
}

/** A load child's report, and the wall time from spawning it to the end of its loop (Node start-up and module loading included). */
export interface LoadRun {
  readonly report: LoadReport;
  readonly wallMs: number;
}

const epochMs = (): number => performance.timeOrigin + performance.now();

/** Run `mode` over every .xlsx in `dir` in a fresh Node process, so its memory is its own. */
export function runLoadChild(mode: LoadMode, dir: string): Promise<LoadRun> {
  const start = epochMs();
  const child = spawn(process.execPath, ['--expose-gc', join(__dirname, 'load-child.js'), mode, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const out: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) {
        reject(new Error(`${mode} load child exited with ${code ?? signal ?? 'unknown'}`));
        return;
      }
      try {
        const report = JSON.parse(Buffer.concat(out).toString('utf8')) as LoadReport;
        // Not the process's exit: ours runs a second, split-timing pass after its loop.
        resolve({ report, wallMs: report.loopEndEpochMs - start });
      } catch (cause) {
        reject(new Error(`${mode} load child wrote no report`, { cause }));
      }
    });
  });
}
