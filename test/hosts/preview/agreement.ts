import { cellsOf, type CellId, type TableId } from '../../../src/core/format';
import { readTemplateWorkbook } from '../../../src/core/import/workbook';
import { a1 } from '../../../src/core/layout/a1';
import { FLAG_OFFSET, type TemplateLayout } from '../../../src/core/layout/template';
import type { ReportData } from '../../../src/core/report/types';
import { statusText } from '../../../src/core/rules/compile';
import { evaluate, type Evaluation } from '../../../src/core/rules/evaluate';
import type { PreviewWorkbook } from '../../../src/hosts/preview/workbook';

const TABLES: readonly TableId[] = ['T2', 'T3', 'T4'];

export interface Agreement {
  /** The report as the workbook holds it now. */
  readonly data: ReportData;
  /** The evaluator on that report. */
  readonly evaluation: Evaluation;
  /** Every place where the workbook's own checks and the evaluator disagree, in words. */
  readonly disagreements: string[];
}

/**
 * The preview workbook's checks (status lines, flag cells, conditional-format marks), computed by its
 * formulas, against the evaluator run on the values the workbook holds.
 */
export function agreement(workbook: PreviewWorkbook, layout: TemplateLayout): Agreement {
  const read = readTemplateWorkbook(workbook.snapshot(workbook.sheets().map((s) => s.name)));
  if (!read.ok) throw new Error(read.error);
  const data = read.value.data;
  const evaluation = evaluate(data);
  const disagreements: string[] = [];
  for (const table of TABLES) {
    const at = layout.tables[table].status;
    const line = workbook.value(layout.sheet, at.row, at.col);
    const text = statusText(evaluation.counts[table]);
    if (line !== text) disagreements.push(`${table} status ${a1(at)}: sheet ${JSON.stringify(line)}, evaluator ${JSON.stringify(text)}`);
  }
  const flagOf = new Map<CellId, number>();
  for (const f of evaluation.findings) {
    const flag = f.severity === 'error' ? 2 : f.severity === 'warning' ? 1 : 0;
    for (const id of f.cells) flagOf.set(id, Math.max(flagOf.get(id) ?? 0, flag));
  }
  for (const spec of cellsOf(layout.format)) {
    const at = layout.cells.get(spec.id);
    if (!at) continue;
    const want = flagOf.get(spec.id) ?? 0;
    const flag = workbook.value(layout.sheet, at.top, at.left + FLAG_OFFSET);
    const mark = workbook.mark(layout.sheet, at.top, at.left);
    const wantMark = want === 2 ? 'error' : want === 1 ? 'warning' : null;
    if (flag !== want) disagreements.push(`${spec.id} flag: sheet ${JSON.stringify(flag)}, evaluator ${want}`);
    if (mark !== wantMark) disagreements.push(`${spec.id} mark: sheet ${String(mark)}, evaluator ${String(wantMark)}`);
  }
  return { data, evaluation, disagreements };
}
