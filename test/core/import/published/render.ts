import { classifyCell } from '../../../../src/core/rules/cell-value';
import type { CellValue } from '../../../../src/core/report/types';

/**
 * Our own Markdown (`nianbao narrative`) rendered as other copies of a table look: each pipe row as a
 * tab-separated line (a spreadsheet pasted as text), or its non-empty cells separated by runs of spaces
 * (`pdftotext -layout`). Separator rows are dropped; the text around the tables is kept.
 */
export function renderTables(markdown: string, style: 'tabs' | 'spaces'): string {
  return markdown
    .split('\n')
    .flatMap((line) => {
      if (!/^\|.*\|$/.test(line)) return [line];
      const cells = line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim().replace(/\\([\\|])/g, '$1'));
      if (cells.every((c) => /^-{3,}$/.test(c))) return [];
      return [style === 'tabs' ? cells.join('\t') : cells.filter((c) => c !== '').join('   ')];
    })
    .join('\n');
}

/**
 * Whether two cell values say the same to the rules: both blank, the same number, or the same text
 * (a text that is a plain number stands for that number: no copy of a printed table keeps the difference,
 * nor surrounding spaces).
 */
export function sameCell(a: CellValue | undefined, b: CellValue | undefined): boolean {
  const norm = (v: CellValue | undefined): string => {
    const s = classifyCell(v);
    if (s.state === 'blank') return 'blank';
    if (s.state === 'number') return `n:${s.value}`;
    const t = s.raw.trim();
    return /^-?\d+(\.\d+)?$/.test(t) ? `n:${Number(t)}` : `t:${t}`;
  };
  return norm(a) === norm(b);
}
