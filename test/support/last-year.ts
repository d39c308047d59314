import { FORMAT_2021 } from '../../src/core/format';
import type { CellValue, ReportData } from '../../src/core/report/types';

const num = (v: CellValue | undefined): number => (typeof v === 'number' ? v : 0);

/**
 * A plausible last-year report for a valid 2021 report: itself valid, its 结转下年度 equal to this year's
 * 上年结转, its 现行有效 leading to this year's, no figure 5× off, and its tables different enough (results
 * all 予以公开, one more of everything in T2 and T4) that nothing reads as copied. So every X.* rule passes.
 */
export function lastYearOf(current: ReportData): ReportData {
  const now = current.cells;
  const cells: Record<string, CellValue> = { ...now } as Record<string, CellValue>;
  const applicants = FORMAT_2021.t3.columns.filter((c) => c.key !== 'total').map((c) => c.key);
  const results = FORMAT_2021.t3.rows.filter((r) => r.role === 'result').map((r) => r.key);
  for (const col of applicants) {
    const forward = num(now[`T3.carried.${col}`]);
    const carried = num(now[`T3.carryForward.${col}`]);
    // One more application than this year, or as many more as keep the handled count from going below zero.
    const fresh = num(now[`T3.new.${col}`]) + Math.max(1, forward - carried - num(now[`T3.new.${col}`]));
    cells[`T3.new.${col}`] = fresh;
    cells[`T3.carried.${col}`] = carried;
    cells[`T3.carryForward.${col}`] = forward;
    for (const row of results) cells[`T3.${row}.${col}`] = 0;
    cells[`T3.disclosed.${col}`] = fresh + carried - forward;
    cells[`T3.total.${col}`] = fresh + carried - forward;
  }
  for (const row of FORMAT_2021.t3.rows) cells[`T3.${row.key}.total`] = applicants.reduce((s, col) => s + num(cells[`T3.${row.key}.${col}`]), 0);
  for (const row of ['regulation', 'normative']) {
    cells[`T2.${row}.inForce`] = num(now[`T2.${row}.inForce`]) - num(now[`T2.${row}.issued`]) + num(now[`T2.${row}.repealed`]);
    cells[`T2.${row}.issued`] = 0;
    cells[`T2.${row}.repealed`] = 0;
  }
  for (const id of ['T2.license.decisions', 'T2.penalty.decisions', 'T2.coercion.decisions']) cells[id] = num(now[id]) + 3;
  cells['T2.fee.amount'] = num(now['T2.fee.amount']) + 1;
  for (const group of FORMAT_2021.t4.groups) {
    cells[`T4.${group.key}.upheld`] = num(now[`T4.${group.key}.upheld`]) + 1;
    cells[`T4.${group.key}.total`] = num(now[`T4.${group.key}.total`]) + 1;
  }
  return { ...current, year: typeof current.year === 'number' ? current.year - 1 : null, cells };
}
