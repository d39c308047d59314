import { readTemplateWorkbook } from '../core/import/workbook';
import { META_SHEET } from '../core/layout/template';
import { NARRATIVE_SHEET } from '../core/narrative/sheet';
import { NOTES_SHEET, attachNotes, readNotes, type NotedFinding } from '../core/notes';
import type { SpreadsheetHost } from '../core/port';
import { PREVIOUS_SHEET } from '../core/previous';
import { validateWorkbook } from '../core/validate';

/**
 * The ribbon's 校验: read the active workbook's report through the host (one read: the meta, notes, 正文
 * and kept last-year sheets), validate it as the task pane does (tables, text, across years), and say what was found in a short Chinese summary. The sheet's own marks come
 * from the template's conditional formats, so nothing is written. No Office global here: the entry
 * file (commands.ts) passes the host, the dialog and the ribbon event.
 */

/** What the dialog shows: a headline and a few lines of plain text. */
export interface CommandSummary {
  readonly kind: 'clean' | 'findings' | 'noTemplate' | 'error';
  readonly title: string;
  readonly lines: readonly string[];
}

export type CommandOutcome =
  | { readonly ok: true; readonly summary: CommandSummary }
  | { readonly ok: false; readonly summary: CommandSummary; readonly error: unknown };

/** Shows the summary; resolves when the clerk has seen it (the dialog closed), rejects when it cannot be shown. */
export type ShowSummary = (summary: CommandSummary) => Promise<void>;

/** How many findings the summary lists; the task pane lists them all. */
export const SUMMARY_FINDINGS = 5;

export const NO_TEMPLATE = '当前工作簿中没有年报模板，请先在“年报助手”任务窗格中插入模板。';
const NO_MARKS =
  '当前 Excel 版本不支持条件格式（需要 ExcelApi 1.6），表格中不会标出有问题的单元格；请按下列位置逐一查看，或在“年报助手”任务窗格中查看全部问题。';

function findingLine(f: NotedFinding): string {
  const severity = f.severity === 'error' ? '错误' : '提示';
  const where = f.address ? `${f.address}：` : '';
  const note = f.note ? (f.note.stale ? `（说明已过期：数字已改动，请重新确认：${f.note.text}）` : `（已说明：${f.note.text}）`) : '';
  return `【${severity}】${where}${f.message}${note}`;
}

/** The summary of a workbook's report. Never throws: a failure is a summary too. */
export async function summarizeWorkbook(host: SpreadsheetHost): Promise<CommandSummary> {
  try {
    const grid = await host.read([META_SHEET, NOTES_SHEET, NARRATIVE_SHEET, PREVIOUS_SHEET]);
    const reading = readTemplateWorkbook(grid, { valuesFrom: 'meta' });
    if (!reading.ok) {
      return grid.sheets.some((s) => s.name === META_SHEET)
        ? { kind: 'error', title: '无法校验：模板定位信息已损坏。', lines: [reading.error] }
        : { kind: 'noTemplate', title: NO_TEMPLATE, lines: [] };
    }
    const result = validateWorkbook(grid, reading.value);
    const findings = attachNotes(result.findings, readNotes(grid), result.data);
    const errors = findings.filter((f) => f.severity === 'error').length;
    const warnings = findings.length - errors;
    const explained = findings.filter((f) => f.note && !f.note.stale).length;
    const marks = host.features.conditionalFormats ? [] : [NO_MARKS];
    if (findings.length === 0) return { kind: 'clean', title: '校验完成：没有发现错误或提示。', lines: marks };
    const title = `校验完成：${errors} 处错误，${warnings} 处提示${explained > 0 ? `（其中 ${explained} 处已有说明）` : ''}。`;
    const shown = findings.slice(0, SUMMARY_FINDINGS).map(findingLine);
    const more =
      findings.length > SUMMARY_FINDINGS ? [`……另有 ${findings.length - SUMMARY_FINDINGS} 处，请在“年报助手”任务窗格中查看全部。`] : [];
    return { kind: 'findings', title, lines: [...marks, ...shown, ...more] };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'error', title: '校验失败。', lines: [message] };
  }
}

/** Summarize and show. Never rejects: a dialog that cannot be shown is an outcome, not an exception. */
export async function runValidateCommand(host: SpreadsheetHost, show: ShowSummary): Promise<CommandOutcome> {
  const summary = await summarizeWorkbook(host);
  try {
    await show(summary);
    return { ok: true, summary };
  } catch (error) {
    return { ok: false, summary, error };
  }
}

/** The ribbon handler: runs the command and calls `event.completed()` on every path, exactly once. */
export async function validateCommand(
  event: { completed(): void },
  host: () => SpreadsheetHost,
  show: ShowSummary,
): Promise<CommandOutcome> {
  try {
    return await runValidateCommand(host(), show);
  } catch (error) {
    // Only a host that cannot even be created gets here.
    return {
      ok: false,
      summary: { kind: 'error', title: '校验失败。', lines: [error instanceof Error ? error.message : String(error)] },
      error,
    };
  } finally {
    event.completed();
  }
}
