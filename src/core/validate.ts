import type { WorkbookGrid } from './import/grid';
import type { TemplateReading } from './import/workbook';
import { checkText } from './narrative/check';
import { NARRATIVE_SHEET, documentFromWorkbook, readNarrativeSheet } from './narrative/sheet';
import { readPrevious } from './previous';
import type { ReportData } from './report/types';
import { evaluateAcrossYears, type ComparedReport } from './rules/across-years';
import { evaluate, type Evaluation, type Finding } from './rules/evaluate';

/** Everything `validate` says about one report. */
export interface ValidationResult extends Evaluation {
  readonly data: ReportData;
}

/** The report's text, for the text checks: paragraphs in reading order, and where each sits. */
export interface NarrativeText {
  readonly paragraphs: readonly { readonly id: string; readonly text: string }[];
  readonly addressOf: (paragraphId: string) => string | undefined;
}

/**
 * The 正文 sheet's text as the report will read: the clerk's edits, and the generated paragraphs with the
 * current figures. None when the workbook has no 正文 sheet (nothing written yet, nothing to check).
 */
export function workbookNarrative(grid: WorkbookGrid, data: ReportData): NarrativeText | undefined {
  const rows = readNarrativeSheet(grid);
  if (!rows) return undefined;
  const doc = documentFromWorkbook(grid, data);
  const rowOf = new Map(rows.map((r) => [r.id, r.row]));
  return {
    paragraphs: doc.blocks.filter((b) => b.kind !== 'table').map((b) => ({ id: b.id, text: b.text })),
    addressOf: (id) => {
      const row = rowOf.get(id);
      return row === undefined ? undefined : `${NARRATIVE_SHEET}!B${row}`;
    },
  };
}

/**
 * Validate a workbook made by the template as every host shows it (task pane, ribbon 校验): its tables, its
 * 正文 sheet's text, and last year's report when the workbook keeps one (pass it when already read).
 */
export function validateWorkbook(
  grid: WorkbookGrid,
  reading: Pick<TemplateReading, 'data' | 'addresses' | 'problems'>,
  previous: ComparedReport | null = readPrevious(grid),
): ValidationResult {
  return validateReport(reading.data, reading, workbookNarrative(grid, reading.data), previous ? { previous } : {});
}

/**
 * Findings in the order: table problems first, then the rules, then the text; each carries its first
 * cell's address when known (a text finding: its paragraph's row in the 正文 sheet).
 */
export function validateReport(
  data: ReportData,
  reading?: Pick<TemplateReading, 'addresses' | 'problems'>,
  narrative?: NarrativeText,
  options: { readonly previous?: ComparedReport } = {},
): ValidationResult {
  const evaluation = evaluate(data);
  // Cells a reading could not read (gone, shifted, shown as a date): errors of their own. A warning such
  // as a reworded label names its cells too, but they were read.
  const missing = new Set(reading?.problems.filter((p) => p.severity === 'error').flatMap((p) => p.cells) ?? []);
  // A cell that is gone is reported once, as gone, not again as blank.
  const findings: Finding[] = [
    ...(reading?.problems ?? []),
    ...evaluation.findings.filter((f) => !(f.rule === 'cell.blank' && f.cells.every((c) => missing.has(c)))),
  ];
  // A reading's own problem keeps the place it names (the header line of a reworded column label); a text
  // finding (and a copied paragraph, X.identical) is found where its paragraph is; the others at their first cell.
  const locate = (f: Finding): Finding => {
    const address =
      f.address ?? (f.paragraph !== undefined ? narrative?.addressOf(f.paragraph) : f.cells.map((c) => reading?.addresses.get(c)).find((a) => a !== undefined));
    return address ? { ...f, address } : f;
  };
  const text = narrative ? checkText(narrative.paragraphs, data, { whole: true, ...(options.previous ? { previous: options.previous.data } : {}) }) : [];
  const across = options.previous ? evaluateAcrossYears({ data, ...(narrative ? { paragraphs: narrative.paragraphs } : {}) }, options.previous) : [];
  return { ...evaluation, data, findings: [...findings, ...text, ...across].map(locate) };
}
