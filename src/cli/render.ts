import type { NotedFinding } from '../core/notes';
import type { ValidationResult } from '../core/validate';

const SEVERITY: Readonly<Record<string, string>> = { error: '错误', warning: '提示', info: '说明' };

/** The Chinese report of one file for a terminal. */
export function renderResult(file: string, result: ValidationResult): string {
  const { data, findings, suggestions } = result;
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const who = [data.organ, data.year ? `${data.year}年度` : null].filter(Boolean).join(' ');
  const lines = [`${file}${who ? `（${who}）` : ''}`];
  lines.push(errors === 0 && warnings === 0 ? '  通过：未发现问题。' : `  ${errors} 处错误，${warnings} 处提示。`);
  for (const f of findings as readonly NotedFinding[]) {
    // A published report's message already names its line; a workbook's does not name the cell's address.
    const where = f.address && !f.message.includes(f.address) ? `（${f.address}）` : '';
    lines.push(`  [${SEVERITY[f.severity] ?? f.severity}] ${f.message}${where}  <${f.rule}>`);
    if (f.note) lines.push(`      说明${f.note.stale ? '（数字已改动，请重新确认）' : ''}：${f.note.text}`);
  }
  for (const s of suggestions) lines.push(`  建议：${s.message}`);
  return lines.join('\n');
}
