import { cellsOf, FORMAT_2019, FORMAT_2021 } from '../../src/core/format';
import type { WorkbookGrid } from '../../src/core/import/grid';
import type { SheetPlan } from '../../src/core/layout/plan';
import { upsertNote, type Note } from '../../src/core/notes';
import type { ReportData } from '../../src/core/report/types';
import {
  canonicalCellValue,
  localTime,
  SIGNOFF_SHEET,
  signoffPlan,
  signoffRowCount,
  signoffSheetStatus,
  tableFingerprint,
} from '../../src/core/signoff';
import { validateReport } from '../../src/core/validate';
import { emptyReport, validReport2019, validReport2021 } from '../fixtures/rules/reports';
import { planGrid } from './support/plan-grid';

const FINGERPRINT = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
const VERSIONS = { app: '0.1.0', rules: '2021.1' };
const NOW = new Date(2025, 0, 10, 16, 5);

const withCells = (data: ReportData, cells: ReportData['cells']): ReportData => ({ ...data, cells: { ...data.cells, ...cells } });

describe('tableFingerprint', () => {
  it('is 12 Crockford base32 characters grouped 4-4-4, the same every time', () => {
    const fingerprint = tableFingerprint(validReport2021());
    expect(fingerprint).toMatch(FINGERPRINT);
    expect(fingerprint).toMatchInlineSnapshot(`"W30G-TKB0-26J2"`);
    expect(tableFingerprint(validReport2021())).toBe(fingerprint);
  });

  it('changes when any one cell of the format changes, is blanked, or is typed as text', () => {
    const data = validReport2021();
    const base = tableFingerprint(data);
    const seen = new Set([base]);
    for (const { id } of cellsOf(FORMAT_2021)) {
      const v = data.cells[id];
      const changed = tableFingerprint(withCells(data, { [id]: typeof v === 'number' ? v + 1 : 1 }));
      expect(changed).not.toBe(base);
      seen.add(changed);
      expect(tableFingerprint(withCells(data, { [id]: null }))).not.toBe(base);
      expect(tableFingerprint(withCells(data, { [id]: `${String(v)}件` }))).not.toBe(base);
    }
    // Every single change gives a fingerprint of its own.
    expect(seen.size).toBe(cellsOf(FORMAT_2021).length + 1);
  });

  it('does not depend on the order of the keys, on cells the format lacks, on 基本信息 or the organ', () => {
    const data = validReport2021();
    const reversed: ReportData = { ...data, cells: Object.fromEntries(Object.entries(data.cells).reverse()) };
    expect(tableFingerprint(reversed)).toBe(tableFingerprint(data));
    expect(tableFingerprint({ ...data, organ: '另一个机关', year: 2030, info: { feeNotices: 3 } })).toBe(tableFingerprint(data));
    expect(tableFingerprint(withCells(data, { 'T9.unknown.cell': 5 }))).toBe(tableFingerprint(data));
  });

  it('reads values as any host gives them: float noise, -0, surrounding spaces and blanks are the same value', () => {
    const data = validReport2021();
    const noisy = 9669.2526 + 1e-12; // 9669.252600000002, as a sum read back from a spreadsheet may be
    expect(noisy).not.toBe(9669.2526);
    expect(tableFingerprint(withCells(data, { 'T2.fee.amount': 9669.2526 }))).toBe(
      tableFingerprint(withCells(data, { 'T2.fee.amount': noisy })),
    );
    expect(tableFingerprint(withCells(data, { 'T3.new.natural': 0 }))).toBe(tableFingerprint(withCells(data, { 'T3.new.natural': -0 })));
    expect(tableFingerprint(withCells(data, { 'T3.new.natural': ' 12件\u3000' }))).toBe(
      tableFingerprint(withCells(data, { 'T3.new.natural': '12件' })),
    );
    const blanks = [null, undefined, '', '  ', '\u3000'].map((v) => tableFingerprint(withCells(data, { 'T3.new.natural': v })));
    expect(new Set(blanks).size).toBe(1);
    const rest = Object.fromEntries(Object.entries(data.cells).filter(([id]) => id !== 'T3.new.natural'));
    expect(tableFingerprint({ ...data, cells: rest })).toBe(blanks[0]);
  });

  it('canonicalises raw values', () => {
    expect([12, 12.0, 0.1 + 0.2, -0, ' 3 ', '', null, true].map(canonicalCellValue)).toEqual([
      'n:12',
      'n:12',
      'n:0.3',
      'n:0',
      't:3',
      '',
      '',
      'b:true',
    ]);
  });

  it('covers the 2019 format’s own cells', () => {
    const data = validReport2019();
    const fingerprint = tableFingerprint(data);
    expect(fingerprint).toMatch(FINGERPRINT);
    expect(tableFingerprint(data, FORMAT_2019)).toBe(fingerprint);
    expect(tableFingerprint(withCells(data, { 'T2.procurement.amount': 121 }))).not.toBe(fingerprint);
  });
});

/** The sheet's text, row by row (cells joined with `|`, blank rows left out). */
function sheetText(plan: ReturnType<typeof signoffPlan>): string[] {
  const grid = planGrid(plan);
  const sheet = plan.sheets[0]!;
  const last = Math.max(...sheet.cells.map((c) => c.row));
  const lines: string[] = [];
  for (let r = 1; r <= last; r++) {
    const values = [1, 2, 3, 4].map((c) => grid.value(SIGNOFF_SHEET, r, c));
    if (values.every((v) => v === null)) continue;
    lines.push(values.map((v) => (v === null ? '' : String(v))).join('|'));
  }
  return lines;
}

function explainedWarning(): { data: ReportData; notes: Note[] } {
  const data = withCells(validReport2021(), { 'T2.normative.inForce': 5 });
  const warning = validateReport(data).findings.find((f) => f.rule === 'T2.inForceBelowIssued')!;
  const notes = upsertNote([], warning, '本年制发的文件中有 6 件当年即废止。', data, new Date('2025-01-09T08:00:00Z'));
  return { data, notes };
}

describe('signoffPlan (审核单)', () => {
  it('holds the title, organ, year, fingerprint, versions, time, results per table, the lists and the signature lines', () => {
    const { data, notes } = explainedWarning();
    const broken = withCells(data, { 'T4.review.upheld': -1 });
    const result = validateReport(broken);
    const plan = signoffPlan(result, notes, tableFingerprint(broken), VERSIONS, NOW);

    expect(plan.sheets.map((s) => [s.name, s.visibility])).toEqual([[SIGNOFF_SHEET, 'visible']]);
    expect(plan.names).toEqual([]);
    const fingerprint = tableFingerprint(broken);
    expect(sheetText(plan).map((l) => l.replace(fingerprint, '<指纹>').replace(/\u3000+/g, '<空>'))).toMatchInlineSnapshot(`
     [
       "示例市人民政府2024年政府信息公开工作年度报告审核单|||",
       "报告机关||示例市人民政府|",
       "报告年度||2024年|",
       "数据指纹||<指纹>（表二、表三、表四全部单元格的数值；任何一个数字改动，指纹都会改变。核对：nianbao validate --fingerprint 文件）|",
       "年报助手版本||0.1.0|",
       "校验规则版本||2021.1|",
       "生成时间||2025-01-10 16:05|",
       "校验结果|||",
       "表二||主动公开政府信息情况|1 处提示（已说明 1 处）",
       "表三||收到和处理政府信息公开申请情况|通过",
       "表四||政府信息公开行政复议、行政诉讼情况|2 处错误",
       "其他||模板结构、基本信息、正文等|通过",
       "结论||尚有 2 处错误，须改正后再报送。|",
       "序号|位置|错误（须改正）|规则",
       "1||表四“行政复议”“结果维持”为 -1，不能是负数，请改正。|cell.negative",
       "2||表四“行政复议”：总计（4）不等于结果维持、结果纠正、其他结果、尚未审结之和（1），相差 3。请核对这些数字。|T4.groupTotal",
       "序号|位置|提示|说明",
       "1||表二“行政规范性文件”的现行有效件数（5）少于本年制发件数（10），只有本年制发的文件当年又废止时才会如此，请核对。|本年制发的文件中有 6 件当年即废止。（2025-01-09）",
       "|填报人（签字）||日期：<空>年<空>月<空>日",
       "|审核人（签字）||日期：<空>年<空>月<空>日",
       "|负责人（签字）||日期：<空>年<空>月<空>日",
     ]
    `);
  });

  it('flags a 说明 whose values changed as 需重新确认, and lists an unexplained warning as 未说明', () => {
    const { data, notes } = explainedWarning();
    const changed = withCells(data, { 'T2.normative.inForce': 4, 'T2.regulation.inForce': 0 });
    const plan = signoffPlan(validateReport(changed), notes, tableFingerprint(changed), VERSIONS, NOW);
    const text = sheetText(plan);

    expect(text.find((l) => l.includes('少于本年制发件数（10）'))).toContain(
      '|需重新确认（说明之后数值已改动）：本年制发的文件中有 6 件当年即废止。',
    );
    expect(text.filter((l) => l.endsWith('|（未说明）')).length).toBeGreaterThan(0);
    expect(text.find((l) => l.startsWith('结论'))).toMatch(/未发现错误；\d+ 处提示中有 \d+ 处未说明或需重新确认，请核实。/);
  });

  it('says 通过 everywhere and lists 无 for a clean report', () => {
    const data = validReport2021();
    const text = sheetText(signoffPlan(validateReport(data), [], tableFingerprint(data), VERSIONS, NOW));
    expect(text.filter((l) => l.endsWith('|通过'))).toHaveLength(4);
    expect(text.find((l) => l.startsWith('结论'))).toBe('结论||未发现错误或提示。|');
    expect(text.filter((l) => l === '||无|')).toHaveLength(2);
  });

  it('shows each finding’s workbook address, and keeps a long list of blanks to 50 with the count of the rest', () => {
    const data = emptyReport();
    const result = validateReport(data);
    const addressed = { ...result, findings: result.findings.map((f, i) => ({ ...f, address: `年报!C${i + 10}` })) };
    const text = sheetText(signoffPlan(addressed, [], tableFingerprint(data), VERSIONS, NOW));
    const errors = result.findings.filter((f) => f.severity === 'error').length;

    expect(text.filter((l) => /^\d+\|年报!C\d+\|/.test(l))).toHaveLength(50);
    expect(text).toContain(`||另有 ${errors - 50} 处错误未列出，请在任务窗格中或用 nianbao validate 查看。|`);
  });

  it('is an A4 portrait page: four columns that fit the width, the print area over every row, merges only in the fixed block', () => {
    const data = validReport2021();
    const sheet: SheetPlan = signoffPlan(validateReport(data), [], tableFingerprint(data), VERSIONS, NOW).sheets[0]!;
    const width = sheet.columns.reduce((sum, c) => sum + c.width, 0);
    const last = Math.max(...sheet.cells.map((c) => c.row));

    expect(width).toBeLessThanOrEqual(95);
    expect(sheet.print).toEqual({ area: { top: 1, left: 1, bottom: last, right: 4 }, breaksAfter: [] });
    expect(sheet.merges.every((m) => m.bottom <= 15)).toBe(true);
    expect(sheet.rows.find((r) => r.row === 1)?.height).toBeGreaterThanOrEqual(30);
  });

  it('empties the rows a longer earlier 审核单 left below the new one', () => {
    const data = emptyReport();
    const long = signoffPlan(validateReport(data), [], tableFingerprint(data), VERSIONS, NOW);
    const longRows = signoffRowCount(planGrid(long));
    const clean = validReport2021();

    const short = signoffPlan(validateReport(clean), [], tableFingerprint(clean), VERSIONS, NOW, longRows);
    const sheet = short.sheets[0]!;
    const printed = sheet.print!.area.bottom;

    expect(longRows).toBeGreaterThan(printed);
    const cleared = sheet.cells.filter((c) => c.row > printed);
    expect(cleared).toHaveLength((longRows - printed) * 4);
    expect(cleared.every((c) => c.value === null)).toBe(true);
  });

  it('counts no rows in a workbook without a 审核单', () => {
    const grid: WorkbookGrid = { sheets: [{ name: '年报', visibility: 'visible' }], value: () => 1, formula: () => null };
    expect(signoffRowCount(grid)).toBe(0);
  });

  it('writes the time in the clerk’s local time', () => {
    expect(localTime(new Date(2025, 11, 31, 9, 7))).toBe('2025-12-31 09:07');
  });
});

describe('signoffSheetStatus', () => {
  const grid = (values: Record<string, string>): WorkbookGrid => ({
    sheets: [{ name: SIGNOFF_SHEET, visibility: 'visible' }],
    value: (_sheet, row, col) => values[`${row}:${col}`] ?? null,
    formula: () => null,
  });

  it('tells a 审核单 made here, an empty sheet of that name and the clerk’s own sheet apart', () => {
    const data = validReport2021();
    const made = planGrid(signoffPlan(validateReport(data), [], tableFingerprint(data), VERSIONS, NOW));
    expect(signoffSheetStatus(made)).toBe('ours');
    expect(signoffSheetStatus(grid({}))).toBe('ours');
    expect(signoffSheetStatus(grid({ '1:1': '科室审核记录', '2:1': '张三' }))).toBe('other');
    expect(signoffSheetStatus({ sheets: [], value: () => null, formula: () => null })).toBe('absent');
  });
});
