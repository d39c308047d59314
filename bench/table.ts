/**
 * How a row came out: a target met (达标) or missed (未达标), no target (–), not measurable here or not
 * there yet (n/a), or the measurement itself failed (出错).
 */
export type Verdict = 'met' | 'missed' | 'info' | 'na' | 'error';

/** One row of the benchmark table. */
export interface Row {
  readonly what: string;
  readonly value: string;
  readonly detail: string;
  readonly target: string;
  readonly verdict: Verdict;
}

const HEADER = ['Measure', 'Value', 'Detail', 'Target', 'Result'] as const;

export const VERDICT_TEXT: Readonly<Record<Verdict, string>> = { met: '达标', missed: '未达标', info: '–', na: 'n/a', error: '出错' };

/** `met` when `ok`, else `missed`. */
export const judged = (ok: boolean): Verdict => (ok ? 'met' : 'missed');

/** Display width: CJK and full-width characters take two columns in a terminal. */
function width(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}

function cells(row: Row): string[] {
  return [row.what, row.value, row.detail, row.target, VERDICT_TEXT[row.verdict]];
}

/** A pipe table that reads in a terminal and renders as Markdown (columns padded; pipes in cells escaped). */
export function renderTable(rows: readonly Row[]): string {
  const body = rows.map((r) => cells(r).map((c) => c.replace(/\|/g, '\\|')));
  const widths = HEADER.map((h, i) => Math.max(width(h), ...body.map((r) => width(r[i] ?? ''))));
  const line = (values: readonly string[]): string =>
    `| ${values.map((v, i) => v + ' '.repeat((widths[i] ?? 0) - width(v))).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(HEADER), rule, ...body.map(line)].join('\n');
}
