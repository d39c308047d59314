import type { TemplateReading } from './import/workbook';
import type { ReportData } from './report/types';
import { evaluate, type Evaluation, type Finding } from './rules/evaluate';

/** Everything `validate` says about one report. */
export interface ValidationResult extends Evaluation {
  readonly data: ReportData;
}

/** Findings in the order: table problems first, then the rules; each carries its first cell's address when known. */
export function validateReport(data: ReportData, reading?: Pick<TemplateReading, 'addresses' | 'problems'>): ValidationResult {
  const evaluation = evaluate(data);
  const missing = new Set(reading?.problems.flatMap((p) => p.cells) ?? []);
  // A cell that is gone is reported once, as gone, not again as blank.
  const findings: Finding[] = [
    ...(reading?.problems ?? []),
    ...evaluation.findings.filter((f) => !(f.rule === 'cell.blank' && f.cells.every((c) => missing.has(c)))),
  ];
  const located = reading
    ? findings.map((f) => {
        const address = f.cells.map((c) => reading.addresses.get(c)).find((a) => a !== undefined);
        return address ? { ...f, address } : f;
      })
    : findings;
  return { ...evaluation, data, findings: located };
}
