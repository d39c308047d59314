import type { ReportData } from '../src/core/report/types';
import { evaluate } from '../src/core/rules/evaluate';
import { generatedReport } from '../test/support/reports';
import { summarize, type Summary } from './stats';

export interface EvaluateTiming {
  readonly reports: number;
  /** Per report, in ms. */
  readonly perReport: Summary;
  /** Reports per timed sample: 1, or a batch when one call is too short for the timer. */
  readonly batch: number;
  /** Findings over all reports (a check that the work was done). */
  readonly findings: number;
}

/** What one hrtime.bigint() reading costs, in ms (median of many back-to-back pairs). */
function timerCost(): number {
  const samples: number[] = [];
  for (let i = 0; i < 10_000; i++) {
    const a = process.hrtime.bigint();
    const b = process.hrtime.bigint();
    samples.push(Number(b - a) / 1e6);
  }
  return summarize(samples).median;
}

function timeSamples(reports: readonly ReportData[], batch: number): { perReport: number[]; findings: number } {
  const perReport: number[] = [];
  let findings = 0;
  for (let i = 0; i + batch <= reports.length; i += batch) {
    const start = process.hrtime.bigint();
    for (let j = i; j < i + batch; j++) findings += evaluate(reports[j]!).findings.length;
    perReport.push(Number(process.hrtime.bigint() - start) / 1e6 / batch);
  }
  return { perReport, findings };
}

/** evaluate(data) over `count` generated reports (valid ones with 0–3 damages), after a warm-up pass. */
export function timeEvaluate(count: number): EvaluateTiming {
  const reports = Array.from({ length: count }, (_, i) => generatedReport(i + 1).data);
  for (const r of reports) evaluate(r);
  globalThis.gc?.();
  const single = timeSamples(reports, 1);
  // A call should last well over what reading the timer costs; if not, time batches of calls.
  const cost = timerCost();
  const median = summarize(single.perReport).median;
  if (median >= 100 * cost) return { reports: count, perReport: summarize(single.perReport), batch: 1, findings: single.findings };
  const batch = Math.min(count, Math.ceil((1000 * cost) / Math.max(median, 1e-6)));
  globalThis.gc?.();
  const batched = timeSamples(reports, batch);
  return { reports: count, perReport: summarize(batched.perReport), batch, findings: batched.findings };
}
