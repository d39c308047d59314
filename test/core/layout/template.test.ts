import { FORMAT_2019, FORMAT_2021, cellsOf, type FormatDef } from '../../../src/core/format';
import { readTemplateWorkbook } from '../../../src/core/import/workbook';
import { parseRef, type Rect } from '../../../src/core/layout/a1';
import type { PlanConditionalFormat, SheetPlan } from '../../../src/core/layout/plan';
import {
  CALC_SHEET,
  DEFAULT_SHEET,
  FLAG_OFFSET,
  META_MARK,
  META_SHEET,
  TEMPLATE_VERSION,
  buildTemplate,
  computedParts,
} from '../../../src/core/layout/template';
import { INFO_FIELDS } from '../../../src/core/report/info';
import type { ReportData } from '../../../src/core/report/types';
import { statusText } from '../../../src/core/rules/compile';
import { evaluate } from '../../../src/core/rules/evaluate';
import { caseReport } from '../../fixtures/rules/build';
import { RULE_CASES, type RuleCase } from '../../fixtures/rules/cases';
import { validReport2021 } from '../../fixtures/rules/reports';
import { jiaokou } from '../../support/reports';
import { planGrid } from '../support/plan-grid';

const at = (r: Rect): string => `${r.top}:${r.left}`;
const overlap = (a: Rect, b: Rect): boolean => a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
const inside = (a: Rect, outer: Rect): boolean =>
  a.left >= outer.left && a.right <= outer.right && a.top >= outer.top && a.bottom <= outer.bottom;
const sheetOf = (sheets: readonly SheetPlan[], name: string): SheetPlan => {
  const sheet = sheets.find((s) => s.name === name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  return sheet;
};

/** Every label the official tables print, as the format data holds them (format.test.ts pins them to the spec). */
function officialLabels(f: FormatDef): string[] {
  return [
    f.t2.title,
    ...f.t2.parts.flatMap((p) => [p.heading, p.rowHeader, ...p.columns.map((c) => c.label), ...p.rows.map((r) => r.labels.join(''))]),
    f.t3.title,
    f.t3.note,
    ...f.t3.columns.flatMap((c) => [...(c.groups ?? []), c.label]),
    ...f.t3.rows.flatMap((r) => r.labels),
    f.t4.title,
    ...f.t4.groups.flatMap((g) => [...g.parents, g.label]),
    ...f.t4.columns.map((c) => c.label),
  ];
}

describe.each([FORMAT_2021, FORMAT_2019])('the $id template', (format: FormatDef) => {
  const { plan, layout } = buildTemplate({ format });
  const main = sheetOf(plan.sheets, DEFAULT_SHEET);

  it('places every cell of the format, each on its own grid cell', () => {
    const placed = cellsOf(format).map((c) => layout.cells.get(c.id));

    expect(placed.filter((r) => r === undefined)).toEqual([]);
    const spots = placed.map((r) => at(r!));
    expect(new Set(spots).size).toBe(spots.length);
    for (const r of placed)
      expect(r!.top === r!.bottom && r!.left === r!.right ? 1 : (r!.right - r!.left + 1) * (r!.bottom - r!.top + 1)).toBeGreaterThan(0);
  });

  it('has no two merges overlapping, and no merge over a value cell', () => {
    const { merges } = main;
    const clashes: string[] = [];
    merges.forEach((a, i) =>
      merges.slice(i + 1).forEach((b) => overlap(a, b) && clashes.push(`${JSON.stringify(a)} × ${JSON.stringify(b)}`)),
    );

    expect(merges.length).toBeGreaterThan(50);
    expect(clashes).toEqual([]);
    for (const rect of layout.cells.values()) {
      const covering = merges.filter((m) => overlap(m, rect));
      expect(covering.every((m) => m.top === rect.top && m.left === rect.left && m.bottom === rect.bottom && m.right === rect.right)).toBe(
        true,
      );
    }
  });

  it('writes at most one value or formula per grid cell', () => {
    for (const sheet of plan.sheets) {
      const spots = sheet.cells.filter((c) => c.value !== undefined || c.formula !== undefined).map((c) => `${c.row}:${c.col}`);
      expect(spots.filter((s, i) => spots.indexOf(s) !== i)).toEqual([]);
    }
  });

  it('prints every official label verbatim', () => {
    const texts = new Set(main.cells.map((c) => c.value).filter((v): v is string => typeof v === 'string'));

    expect(officialLabels(format).filter((label) => !texts.has(label))).toEqual([]);
  });

  it('computes each total as a SUM of the helper values of its parts', () => {
    const parts = computedParts(format);
    const grid = planGrid(plan);

    for (const spec of cellsOf(format).filter((c) => c.computed)) {
      const pos = layout.cells.get(spec.id)!;
      const formula = grid.formula(DEFAULT_SHEET, pos.top, pos.left);
      const expectedParts = parts.get(spec.id) ?? [];
      expect(formula).toMatch(/^SUM\(/);
      expect(formula?.split(',')).toHaveLength(expectedParts.length);
      expect(expectedParts.length).toBeGreaterThan(0);
    }
    expect([...parts.keys()].sort()).toEqual(
      cellsOf(format)
        .filter((c) => c.computed)
        .map((c) => c.id)
        .sort(),
    );
  });

  it('puts data validation on every input cell (negatives only where the format allows them) and on no total', () => {
    const validated = new Map(main.validations.map((v) => [at(v.range), v]));

    for (const spec of cellsOf(format)) {
      const v = validated.get(at(layout.cells.get(spec.id)!));
      if (spec.computed) {
        expect(v).toBeUndefined();
        continue;
      }
      expect(v?.type).toBe(spec.kind === 'amount' ? 'decimal' : 'whole');
      expect(v && 'min' in v && v.min < 0).toBe(spec.signed);
      expect(v?.message).toContain(spec.label);
    }
  });

  it('marks every cell with an error and a warning conditional format reading its flag', () => {
    for (const rect of layout.cells.values()) {
      const formats = main.conditionalFormats.filter((cf) => at(cf.range) === at(rect));
      expect(formats.map((cf) => cf.mark).sort()).toEqual(['error', 'warning']);
    }
    const flagged = main.cells.filter((c) => c.formula?.startsWith(`${CALC_SHEET}!`));
    expect(flagged.length).toBeGreaterThanOrEqual(layout.cells.size);
    for (const rect of layout.cells.values())
      expect(flagged.some((c) => c.row === rect.top && c.col === rect.left + FLAG_OFFSET)).toBe(true);
  });

  it('keeps a very hidden meta sheet that points at every cell, info field and table by formula', () => {
    const meta = sheetOf(plan.sheets, META_SHEET);
    const grid = planGrid(plan);
    const pointers = new Map<string, string>();
    for (let row = 2; grid.value(META_SHEET, row, 1) !== null; row++)
      pointers.set(String(grid.value(META_SHEET, row, 1)), grid.formula(META_SHEET, row, 2) ?? '');

    expect(meta.visibility).toBe('veryHidden');
    expect(sheetOf(plan.sheets, CALC_SHEET).visibility).toBe('veryHidden');
    expect([grid.value(META_SHEET, 1, 1), grid.value(META_SHEET, 1, 2), grid.value(META_SHEET, 1, 3)]).toEqual([
      META_MARK,
      TEMPLATE_VERSION,
      format.id,
    ]);
    for (const spec of cellsOf(format)) {
      const ref = parseRef(pointers.get(`cell:${spec.id}`) ?? '');
      const pos = layout.cells.get(spec.id)!;
      expect(ref).toEqual({ sheet: DEFAULT_SHEET, row: pos.top, col: pos.left });
    }
    for (const field of INFO_FIELDS) expect(parseRef(pointers.get(`info:${field.key}`) ?? '')).not.toBeNull();
    for (const t of ['T2', 'T3', 'T4']) expect(parseRef(pointers.get(`table:${t}`) ?? '')?.sheet).toBe(DEFAULT_SHEET);
  });

  it('names each table’s area, and every cell of a table lies in its area', () => {
    expect(plan.names.map((n) => n.name)).toEqual(['NB_T2', 'NB_T3', 'NB_T4']);
    for (const spec of cellsOf(format)) expect(inside(layout.cells.get(spec.id)!, layout.tables[spec.table].area)).toBe(true);
    const areas = [layout.tables.T2.area, layout.tables.T3.area, layout.tables.T4.area];
    expect(overlap(areas[0]!, areas[1]!) || overlap(areas[1]!, areas[2]!)).toBe(false);
  });

  it('shows “校验：尚有 N 格未填” in each status line of the empty template', () => {
    const grid = planGrid(plan);
    const status = (['T2', 'T3', 'T4'] as const).map((t) =>
      grid.value(DEFAULT_SHEET, layout.tables[t].status.row, layout.tables[t].status.col),
    );
    const inputs = (t: string): number => cellsOf(format).filter((c) => c.table === t && !c.computed).length;

    expect(status).toEqual([`校验：尚有 ${inputs('T2')} 格未填`, `校验：尚有 ${inputs('T3')} 格未填`, `校验：尚有 ${inputs('T4')} 格未填`]);
  });
});

describe('buildTemplate placement', () => {
  it('moves everything with the origin and quotes an odd sheet name in every pointer', () => {
    const plain = buildTemplate();
    const moved = buildTemplate({ sheet: "Clerk's 年报", origin: { row: 4, col: 3 } });
    const grid = planGrid(moved.plan);

    for (const [id, r] of plain.layout.cells) {
      expect(moved.layout.cells.get(id)).toEqual({ top: r.top + 3, left: r.left + 2, bottom: r.bottom + 3, right: r.right + 2 });
    }
    const pointer = grid.formula(META_SHEET, 2, 2) ?? '';
    expect(pointer.startsWith("'Clerk''s 年报'!")).toBe(true);
    expect(parseRef(pointer)?.sheet).toBe("Clerk's 年报");
  });

  it('titles the report from the organ and year, or leaves placeholders', () => {
    const titled = planGrid(buildTemplate({ data: jiaokou() }).plan);
    const blank = planGrid(buildTemplate().plan);

    expect(titled.value(DEFAULT_SHEET, 1, 1)).toBe('交口县人民政府2024年政府信息公开工作年度报告');
    expect(titled.cell(DEFAULT_SHEET, 1, 1)?.result).toBe('交口县人民政府2024年政府信息公开工作年度报告');
    expect(blank.value(DEFAULT_SHEET, 1, 1)).toBe('（机关名称）    年政府信息公开工作年度报告');
  });
});

describe('buildTemplate with data', () => {
  it('writes the input values and 基本信息, and totals whose formula reproduces the data as formulas with that result', () => {
    const data = jiaokou();
    const { plan, layout } = buildTemplate({ data });
    const grid = planGrid(plan);

    for (const spec of cellsOf(FORMAT_2021)) {
      const pos = layout.cells.get(spec.id)!;
      const cell = grid.cell(DEFAULT_SHEET, pos.top, pos.left);
      if (spec.computed) {
        expect(cell?.formula).toMatch(/^SUM\(/);
        expect(cell?.result).toBe(data.cells[spec.id]);
      } else expect(cell?.value ?? null).toBe(data.cells[spec.id] ?? null);
    }
    const organAt = layout.info.get('organ')!;
    expect(grid.value(DEFAULT_SHEET, organAt.top, organAt.left)).toBe('交口县人民政府');
  });

  it('writes a total that does not match its parts as the figure given, never silently corrected', () => {
    const data = validReport2021();
    data.cells['T4.review.total'] = 5;
    data.cells['T3.new.total'] = '29件';
    const { plan, layout } = buildTemplate({ data });
    const grid = planGrid(plan);
    const cellOf = (id: string) => {
      const pos = layout.cells.get(id)!;
      return grid.cell(DEFAULT_SHEET, pos.top, pos.left);
    };

    expect([cellOf('T4.review.total')?.value, cellOf('T4.review.total')?.formula]).toEqual([5, undefined]);
    expect(cellOf('T3.new.total')?.value).toBe('29件');
    expect(cellOf('T3.carried.total')?.formula).toMatch(/^SUM\(/);
  });

  it('leaves a total the data gives as blank blank, and computes a total the data leaves out', () => {
    const data = validReport2021();
    data.cells['T3.new.total'] = null;
    delete data.cells['T4.review.total'];
    const { plan, layout } = buildTemplate({ data });
    const grid = planGrid(plan);
    const cellOf = (id: string) => {
      const pos = layout.cells.get(id)!;
      return grid.cell(DEFAULT_SHEET, pos.top, pos.left);
    };

    expect(cellOf('T3.new.total')?.formula).toBeUndefined();
    expect(cellOf('T3.new.total')?.value ?? null).toBeNull();
    expect(cellOf('T4.review.total')?.formula).toMatch(/^SUM\(/);
    const read = readTemplateWorkbook(grid);
    expect(read.ok && evaluate(read.value.data).findings.map((f) => [f.rule, f.cells[0]])).toEqual([['cell.blank', 'T3.new.total']]);
  });

  it('writes the organ level by its drop-down label', () => {
    const { plan, layout } = buildTemplate({ data: validReport2021() });
    const pos = layout.info.get('organLevel')!;

    expect(planGrid(plan).value(DEFAULT_SHEET, pos.top, pos.left)).toBe('设区的市、自治州人民政府');
  });
});

describe('the template’s own checks agree with validate on the same workbook', () => {
  /** One rule case per combination of rules it expects (and format): the sheet's checks are slow to interpret. */
  const signature = (c: RuleCase): string =>
    [c.format ?? '2021', ...new Set([...c.expected.errors, ...c.expected.warnings].map(([rule]) => rule))].sort().join(' ');
  const cases = RULE_CASES.filter(
    (c, i) =>
      c.base !== 'empty' &&
      Object.values(c.cells ?? {}).every((v) => typeof v !== 'number' || Number.isFinite(v)) &&
      RULE_CASES.findIndex((d) => d.base !== 'empty' && signature(d) === signature(c)) === i,
  );

  it('run on a case for every rule', () => {
    const rules = new Set(cases.flatMap((c) => [...c.expected.errors, ...c.expected.warnings].map(([rule]) => rule)));

    expect([...rules].sort()).toEqual(
      expect.arrayContaining([
        'T2.feeUnit',
        'T2.inForceBelowIssued',
        'T2.regulationLevel',
        'T3.balance',
        'T3.resultTotal',
        'T3.rowTotal',
        'T4.groupTotal',
        'cell.blank',
        'cell.negative',
        'cell.notInteger',
        'cell.notNumber',
        'cell.precision',
      ]),
    );
  });

  it.each(cases)('$description', (c) => {
    const { plan, layout } = buildTemplate({ data: caseReport(c) });
    const grid = planGrid(plan);
    const reading = readTemplateWorkbook(grid);
    if (!reading.ok) throw new Error(reading.error);
    const { findings, counts } = evaluate(reading.value.data);

    for (const t of ['T2', 'T3', 'T4'] as const) {
      const { row, col } = layout.tables[t].status;
      expect(`${t} ${String(grid.value(DEFAULT_SHEET, row, col))}`).toBe(`${t} ${statusText(counts[t])}`);
    }
    const marks = new Map<string, number>();
    for (const f of findings) for (const id of f.cells) marks.set(id, Math.max(marks.get(id) ?? 0, f.severity === 'error' ? 2 : 1));
    const formatsAt = new Map<string, PlanConditionalFormat[]>();
    for (const cf of sheetOf(plan.sheets, DEFAULT_SHEET).conditionalFormats)
      formatsAt.set(at(cf.range), [...(formatsAt.get(at(cf.range)) ?? []), cf]);
    const sheetMarks = new Map<string, number>();
    for (const [id, pos] of layout.cells) {
      const flag = grid.value(DEFAULT_SHEET, pos.top, pos.left + FLAG_OFFSET);
      if (flag !== 0) sheetMarks.set(id, Number(flag));
      const shown = (formatsAt.get(at(pos)) ?? []).filter((cf) => grid.compute(DEFAULT_SHEET, cf.formula) === true);
      expect(shown.map((cf) => cf.mark)).toEqual(flag === 2 ? ['error'] : flag === 1 ? ['warning'] : []);
    }
    expect(Object.fromEntries(sheetMarks)).toEqual(Object.fromEntries([...marks].filter(([id]) => layout.cells.has(id))));
  });

  it('reads back the figures it wrote', () => {
    const data: ReportData = jiaokou();
    const reading = readTemplateWorkbook(planGrid(buildTemplate({ data }).plan));

    expect(reading.ok && reading.value.data.cells).toEqual(data.cells);
    expect(reading.ok && [reading.value.data.organ, reading.value.data.year, reading.value.data.format]).toEqual([
      '交口县人民政府',
      2024,
      '2021',
    ]);
  });
});
