import type { WorkbookGrid } from '../../../src/core/import/grid';
import { columnNumber } from '../../../src/core/layout/a1';
import type { PlanCell, WorkbookPlan } from '../../../src/core/layout/plan';
import type { CellValue } from '../../../src/core/report/types';
import { evaluateFormula, type Resolved, type Scalar } from '../../../src/hosts/preview/formula';

const REF = /^(?:(?:'((?:[^']|'')+)'|([A-Za-z_][A-Za-z0-9_.]*))!)?\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/;

/** A workbook plan as a grid whose formulas are computed by the test interpreter, as a spreadsheet would. */
export interface PlanGrid extends WorkbookGrid {
  /** Evaluate a formula as if it sat in `sheet`. */
  compute(sheet: string, formula: string): Scalar;
  /** The plan cell holding a value or formula at a position (not a style-only cell), if any. */
  cell(sheet: string, row: number, col: number): PlanCell | undefined;
}

export function planGrid(plan: WorkbookPlan): PlanGrid {
  const cells = new Map<string, PlanCell>();
  const key = (sheet: string, row: number, col: number): string => `${sheet}\u0000${row}\u0000${col}`;
  for (const sheet of plan.sheets) {
    for (const c of sheet.cells) if (c.value !== undefined || c.formula !== undefined) cells.set(key(sheet.name, c.row, c.col), c);
  }
  const memo = new Map<string, Scalar>();
  const computing = new Set<string>();

  const valueAt = (sheet: string, row: number, col: number): Scalar => {
    const k = key(sheet, row, col);
    const known = memo.get(k);
    if (known !== undefined) return known;
    const c = cells.get(k);
    let v: Scalar = null;
    if (c?.formula !== undefined) {
      if (computing.has(k)) throw new Error(`circular reference at ${sheet}!R${row}C${col}`);
      computing.add(k);
      v = compute(sheet, c.formula);
      computing.delete(k);
    } else if (c?.value !== undefined && c.value !== '') v = c.value;
    memo.set(k, v);
    return v;
  };

  const resolver =
    (home: string) =>
    (ref: string): Resolved => {
      const m = REF.exec(ref);
      if (!m) throw new Error(`cannot resolve ${ref}`);
      const sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : (m[2] ?? home);
      if (!plan.sheets.some((s) => s.name === sheet)) return { error: '#REF!' };
      const [c1, r1] = [columnNumber(m[3] ?? ''), Number(m[4])];
      if (m[5] === undefined) return valueAt(sheet, r1, c1);
      const [c2, r2] = [columnNumber(m[5]), Number(m[6])];
      const out: Scalar[] = [];
      for (let r = r1; r <= r2; r++) for (let c = c1; c <= c2; c++) out.push(valueAt(sheet, r, c));
      return out;
    };

  const compute = (sheet: string, formula: string): Scalar => evaluateFormula(formula, resolver(sheet));

  const toCell = (v: Scalar): CellValue => (typeof v === 'object' && v !== null ? v.error : v);
  return {
    sheets: plan.sheets.map((s) => ({ name: s.name, visibility: s.visibility })),
    value: (sheet, row, col) => toCell(valueAt(sheet, row, col)),
    formula: (sheet, row, col) => cells.get(key(sheet, row, col))?.formula ?? null,
    compute,
    cell: (sheet, row, col) => cells.get(key(sheet, row, col)),
  };
}
