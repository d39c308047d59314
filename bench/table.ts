/** One row of the benchmark table. `met` is null where a row has no target or could not be judged. */
export interface Row {
  readonly what: string;
  readonly total: string;
  readonly perItem: string;
  readonly target: string;
  readonly met: boolean | null;
}

const HEADER = ['Measure', 'Total', 'Per item', 'Target', 'Met'] as const;

function cells(row: Row): string[] {
  return [row.what, row.total, row.perItem, row.target, row.met === null ? '–' : row.met ? '✓' : '✗'];
}

/** A pipe table that reads in a terminal and renders as Markdown (columns padded; pipes in cells escaped). */
export function renderTable(rows: readonly Row[]): string {
  const body = rows.map((r) => cells(r).map((c) => c.replace(/\|/g, '\\|')));
  const widths = HEADER.map((h, i) => Math.max([...h].length, ...body.map((r) => [...(r[i] ?? '')].length)));
  const line = (values: readonly string[]): string => `| ${values.map((v, i) => v + ' '.repeat((widths[i] ?? 0) - [...v].length)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(HEADER), rule, ...body.map(line)].join('\n');
}
