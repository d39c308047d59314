import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { attachNotes } from '../core/notes';
import type { ComparedReport } from '../core/rules/across-years';
import { validateReport, type ValidationResult } from '../core/validate';
import { readReportFile, type ReportFile } from '../import/report-file';

export type LoadResult = { readonly ok: true; readonly result: ValidationResult } | { readonly ok: false; readonly error: string };
export type ReadFileResult = { readonly ok: true; readonly report: ReportFile } | { readonly ok: false; readonly error: string };

/** Read one report file from disk; every failure is a Chinese message, never a throw. */
export async function loadReportFile(file: string): Promise<ReadFileResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    return { ok: false, error: code === 'ENOENT' ? '文件不存在。' : code === 'EISDIR' ? '这是一个文件夹，不是文件。' : `无法读取文件（${code ?? String(cause)}）。` };
  }
  const read = readReportFile(basename(file), bytes);
  return read.ok ? { ok: true, report: read.value } : read;
}

/** The report as the across-years and across-units comparisons see it. */
export function comparedOf(report: ReportFile): ComparedReport {
  return { data: report.data, ...(report.narrative ? { paragraphs: report.narrative.paragraphs } : {}) };
}

/**
 * Validate one report: its own rules, its text, and last year's report when given (else the one a
 * workbook made by `template --from` keeps).
 */
export function validateLoaded(report: ReportFile, previous?: ComparedReport): ValidationResult {
  const last = previous ?? report.previous;
  const result = validateReport(report.data, report.reading, report.narrative, last ? { previous: last } : {});
  // Warnings the clerk explained (说明) travel with the workbook to the reviewer.
  return report.notes ? { ...result, findings: attachNotes(result.findings, report.notes, result.data) } : result;
}

/** Read and validate one input file; every failure is a Chinese message, never a throw. */
export async function validateFile(file: string, previous?: ComparedReport): Promise<LoadResult> {
  const loaded = await loadReportFile(file);
  return loaded.ok ? { ok: true, result: validateLoaded(loaded.report, previous) } : loaded;
}
