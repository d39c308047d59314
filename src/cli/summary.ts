import ExcelJS from 'exceljs';
import type { CellId } from '../core/format';
import { MARKS } from '../core/layout/plan';
import type { ReportData } from '../core/report/types';
import type { Severity } from '../core/rules/catalogue';
import { RULE_ORDER, ruleName } from '../core/rules/names';
import type { BatchOutcome, CheckedUnit, IdenticalPair } from './batch';

/**
 * The supervisor's summary workbook of a batch (`nianbao validate … --summary 汇总校验.xlsx`): one row per
 * unit with its conclusion and key figures (单位汇总), the unit × rule matrix of findings (规则矩阵), the files
 * that could not be read (无法读取) and the reports copied from another organ (雷同).
 */

/** A key figure of the 单位汇总 sheet: the sum of these cells. */
interface KeyFigure {
  readonly header: string;
  readonly cells: readonly CellId[];
  readonly amount?: boolean;
}

const KEY_FIGURES: readonly KeyFigure[] = [
  { header: '新收申请', cells: ['T3.new.total'] },
  { header: '上年结转', cells: ['T3.carried.total'] },
  { header: '办结', cells: ['T3.total.total'] },
  { header: '结转下年度', cells: ['T3.carryForward.total'] },
  { header: '行政复议', cells: ['T4.review.total'] },
  { header: '行政诉讼', cells: ['T4.suitDirect.total', 'T4.suitAfterReview.total'] },
  { header: '规范性文件制发', cells: ['T2.normative.issued'] },
  { header: '规范性文件现行有效', cells: ['T2.normative.inForce'] },
  { header: '行政许可', cells: ['T2.license.decisions'] },
  { header: '行政处罚', cells: ['T2.penalty.decisions'] },
  { header: '收费金额（万元）', cells: ['T2.fee.amount'], amount: true },
];

/** The conclusion of one file, as the 结论 column says it. */
type Conclusion = '通过' | '有错误' | '无法读取';

function conclusionOf(o: BatchOutcome): Conclusion {
  if (!o.ok) return '无法读取';
  return o.result.findings.some((f) => f.severity === 'error') ? '有错误' : '通过';
}

/**
 * A key figure as the unit wrote it: a number; the text itself when a single cell holds text (a reviewer
 * wants to see the `/`); blank otherwise. A figure of several cells is summed only when all are numbers.
 */
function figureOf(data: ReportData, figure: KeyFigure): number | string | null {
  const values = figure.cells.map((c) => data.cells[c]);
  if (values.every((v): v is number => typeof v === 'number' && Number.isFinite(v))) return values.reduce((s, v) => s + v, 0);
  const [only] = values;
  return values.length === 1 && typeof only === 'string' ? only : null;
}

const argb = (rgb: string): string => `FF${rgb}`;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const MARK_OF: Readonly<Partial<Record<Severity, { readonly fill: string; readonly font: string }>>> = { error: MARKS.error, warning: MARKS.warning };
const FONT = '宋体';

function styleHeader(row: ExcelJS.Row): void {
  row.eachCell((cell) => {
    cell.font = { name: FONT, bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
}

function paint(cell: ExcelJS.Cell, severity: Severity): void {
  const mark = MARK_OF[severity];
  if (!mark) return;
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(mark.fill) } };
  cell.font = { name: FONT, color: { argb: argb(mark.font) } };
}

/** The sheet's columns: header, width; the header row frozen and filtered. */
function sheetWith(wb: ExcelJS.Workbook, name: string, columns: readonly (readonly [string, number])[], headerRows = 1): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: headerRows }] });
  columns.forEach(([, width], i) => (ws.getColumn(i + 1).width = width));
  styleHeader(ws.addRow(columns.map(([header]) => header)));
  return ws;
}

function filterRange(ws: ExcelJS.Worksheet, headerRow: number, columns: number): void {
  ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: Math.max(headerRow, ws.rowCount), column: columns } };
}

function unitsSheet(wb: ExcelJS.Workbook, outcomes: readonly BatchOutcome[]): void {
  const columns: (readonly [string, number])[] = [
    ['文件', 40],
    ['单位', 28],
    ['年度', 8],
    ['错误数', 8],
    ['警告数', 8],
    ['结论', 10],
    ...KEY_FIGURES.map((f) => [f.header, f.amount ? 14 : 10] as const),
  ];
  const ws = sheetWith(wb, '单位汇总', columns);
  for (const o of outcomes) {
    const data = o.ok ? o.result.data : null;
    const count = (severity: Severity): number | null => (o.ok ? o.result.findings.filter((f) => f.severity === severity).length : null);
    const conclusion = conclusionOf(o);
    const row = ws.addRow([
      o.file,
      data?.organ ?? null,
      data?.year ?? null,
      count('error'),
      count('warning'),
      conclusion,
      ...KEY_FIGURES.map((f) => (data ? figureOf(data, f) : null)),
    ]);
    KEY_FIGURES.forEach((f, i) => (row.getCell(7 + i).numFmt = f.amount ? '0.0000' : '0'));
    if (conclusion !== '通过') paint(row.getCell(6), conclusion === '有错误' ? 'error' : 'warning');
  }
  filterRange(ws, 1, columns.length);
}

/** The rules found in the batch, in the catalogue's order; ids this build does not know last, sorted. */
function rulesFound(units: readonly CheckedUnit[]): string[] {
  const found = new Set(units.flatMap((u) => u.result.findings.map((f) => f.rule as string)));
  const known = RULE_ORDER.filter((r) => found.has(r));
  const unknown = [...found].filter((r) => !(RULE_ORDER as readonly string[]).includes(r)).sort();
  return [...known, ...unknown];
}

function matrixSheet(wb: ExcelJS.Workbook, units: readonly CheckedUnit[]): void {
  const rules = rulesFound(units);
  const columns: (readonly [string, number])[] = [['文件', 40], ['单位', 28], ...rules.map((r) => [r, Math.max(10, r.length + 2)] as const)];
  const ws = sheetWith(wb, '规则矩阵', columns, 2);
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: 2 }];
  styleHeader(ws.addRow(['', '', ...rules.map((r) => ruleName(r))]));
  ws.mergeCells(1, 1, 2, 1);
  ws.mergeCells(1, 2, 2, 2);
  const totals = rules.map(() => 0);
  for (const u of units) {
    const row = ws.addRow([u.file, u.result.data.organ ?? null]);
    rules.forEach((rule, i) => {
      const found = u.result.findings.filter((f) => (f.rule as string) === rule);
      if (found.length === 0) return;
      totals[i] = (totals[i] ?? 0) + found.length;
      const cell = row.getCell(3 + i);
      cell.value = found.length;
      paint(cell, found.some((f) => f.severity === 'error') ? 'error' : found.some((f) => f.severity === 'warning') ? 'warning' : 'info');
    });
  }
  filterRange(ws, 2, columns.length);
  const total = ws.addRow(['合计', null, ...totals.map((n) => (n === 0 ? null : n))]);
  total.font = { name: FONT, bold: true };
}

function unreadableSheet(wb: ExcelJS.Workbook, outcomes: readonly BatchOutcome[]): void {
  const ws = sheetWith(wb, '无法读取', [
    ['文件', 40],
    ['原因', 90],
  ]);
  for (const o of outcomes) if (!o.ok) ws.addRow([o.file, o.error]).getCell(2).alignment = { wrapText: true, vertical: 'top' };
  filterRange(ws, 1, 2);
}

function copiesSheet(wb: ExcelJS.Workbook, outcomes: readonly BatchOutcome[], pairs: readonly IdenticalPair[]): void {
  const ws = sheetWith(wb, '雷同', [
    ['文件甲', 40],
    ['单位甲', 28],
    ['文件乙', 40],
    ['单位乙', 28],
    ['雷同之处', 40],
  ]);
  for (const p of pairs) {
    const a = outcomes[p.a];
    const b = outcomes[p.b];
    if (!a?.ok || !b?.ok) continue;
    const tables = p.tables ? (p.tables.same === p.tables.telling ? `表格数字完全相同（${p.tables.same} 个非零数字）` : `表格数字几乎相同（${p.tables.telling} 个中 ${p.tables.same} 个）`) : null;
    const paragraphs = new Set(p.paragraphs.map((x) => x.id)).size;
    const what = [tables, paragraphs > 0 ? `${paragraphs} 段文字相同或几乎相同` : null].filter(Boolean).join('；');
    ws.addRow([a.file, a.result.data.organ ?? null, b.file, b.result.data.organ ?? null, what]);
  }
  filterRange(ws, 1, 5);
}

/** The summary workbook of a batch, as .xlsx bytes. */
export async function summaryWorkbook(outcomes: readonly BatchOutcome[], pairs: readonly IdenticalPair[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '年报助手';
  unitsSheet(wb, outcomes);
  matrixSheet(
    wb,
    outcomes.filter((o): o is CheckedUnit => o.ok),
  );
  unreadableSheet(wb, outcomes);
  copiesSheet(wb, outcomes, pairs);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
