import { FORMAT_2019, FORMAT_2021, type CellId } from '../../../src/core/format';
import type { WorkbookPlan } from '../../../src/core/layout/plan';
import { buildTemplate } from '../../../src/core/layout/template';
import { generateDocument } from '../../../src/core/narrative/generate';
import { narrativeSheetPlan } from '../../../src/core/narrative/sheet';
import { notesPlan, upsertNote } from '../../../src/core/notes';
import { signoffPlan, tableFingerprint } from '../../../src/core/signoff';
import { validateReport } from '../../../src/core/validate';
import { VERSIONS } from '../../../src/core/version';
import type { CellValue } from '../../../src/core/report/types';
import { classifyCell } from '../../../src/core/rules/cell-value';
import {
  FORMULA_FUNCTIONS,
  compileCleanText,
  compileInstance,
  compileKind,
  compileOrganLevelCode,
  compileOrganText,
  compileStatus,
  compileValue,
  quote,
  statusText,
  type FormulaRefs,
} from '../../../src/core/rules/compile';
import { contextOf } from '../../../src/core/rules/context';
import { evaluateInstance, type TableCounts } from '../../../src/core/rules/evaluate';
import { instancesOf } from '../../../src/core/rules/instances';
import { guessOrganLevel, parseOrganLevel } from '../../../src/core/rules/organ-level';
import { caseReport } from '../../fixtures/rules/build';
import { RULE_CASES } from '../../fixtures/rules/cases';
import { generatedReport, jiaokou } from '../../support/reports';
import { evaluateFormula, functionNames, type Resolved, type Scalar } from '../../../src/hosts/preview/formula';

const NOW = new Date('2025-01-16T08:00:00.000Z');

describe('the functions compiled formulas call', () => {
  it('are read from a formula outside its string literals', () => {
    expect(functionNames('IF(ISNUMBER(A1),SUM($B$2,\'年报\'!C3),"TEXTJOIN(")&N(x)')).toEqual(['IF', 'ISNUMBER', 'SUM', 'N']);
    expect(functionNames('"a""IFS(b"&LEN(A1)')).toEqual(['LEN']);
  });

  it.each([
    ['2021', FORMAT_2021],
    ['2019', FORMAT_2019],
  ] as const)(
    'are all in FORMULA_FUNCTIONS, in every formula of the %s template (cells and conditional formats of all sheets)',
    (_id, format) => {
      const { plan } = buildTemplate({ format, sheet: "Clerk's 年报", origin: { row: 3, col: 2 } });
      const formulas = plan.sheets.flatMap((s) => [
        ...s.cells.flatMap((c) => (c.formula ? [c.formula] : [])),
        ...s.conditionalFormats.map((cf) => cf.formula),
      ]);
      const used = new Set(formulas.flatMap(functionNames));

      expect(formulas.length).toBeGreaterThan(1000);
      expect([...used].filter((name) => !(FORMULA_FUNCTIONS as readonly string[]).includes(name))).toEqual([]);
      expect([...used]).toEqual(expect.arrayContaining(['IF', 'SUM', 'SUBSTITUTE', 'COUNT', 'SUMIF']));
    },
  );

  /** Every formula of a plan: cells and conditional formats, every sheet. */
  const formulasOf = (plan: WorkbookPlan): string[] =>
    plan.sheets.flatMap((s) => [
      ...s.cells.flatMap((c) => (c.formula !== undefined ? [c.formula] : [])),
      ...s.conditionalFormats.map((cf) => cf.formula),
    ]);

  /** Every plan the product writes into a workbook, as the task pane and the CLI make them. */
  function productPlans(): [string, WorkbookPlan, number][] {
    const data = jiaokou();
    const damaged = generatedReport(3).data;
    const result = validateReport(damaged);
    const warning = result.findings.find((f) => f.severity === 'warning');
    const notes = warning ? upsertNote([], warning, '=说明：年中清理', damaged, NOW) : [];
    return [
      // [what, plan, how many formulas it has at least]
      ['the template with a report’s data (title formula included)', buildTemplate({ data }).plan, 1000],
      ['the 2019 template with data', buildTemplate({ format: FORMAT_2019, data: { ...data, format: '2019' } }).plan, 1000],
      ['the 正文 sheet (its status formula per paragraph)', narrativeSheetPlan(generateDocument(data), 10), 10],
      ['the 审核单', signoffPlan(result, notes, tableFingerprint(damaged), VERSIONS, NOW, 80), 0],
      ['the 说明 sheet', notesPlan(notes, 3), 0],
    ];
  }

  it.each(productPlans())('are all in FORMULA_FUNCTIONS in every plan the product writes: %s', (_what, plan, atLeast) => {
    const formulas = formulasOf(plan);
    const used = new Set(formulas.flatMap(functionNames));

    expect(formulas.length).toBeGreaterThanOrEqual(atLeast);
    expect([...used].filter((name) => !(FORMULA_FUNCTIONS as readonly string[]).includes(name))).toEqual([]);
  });

  it('finds the title’s and the 正文 status’s functions (the list is read, not assumed)', () => {
    const plans = productPlans();
    const used = (i: number): Set<string> => new Set(formulasOf(plans[i]![1]).flatMap(functionNames));
    expect([...used(0)]).toEqual(expect.arrayContaining(['TRIM', 'IF']));
    expect([...used(2)].sort()).toEqual(['FIND', 'IF', 'ISNUMBER']);
  });

  it('lists no function that no plan uses: the allow-list is exactly what the product emits', () => {
    const used = new Set(productPlans().flatMap(([, plan]) => formulasOf(plan).flatMap(functionNames)));
    expect([...FORMULA_FUNCTIONS].filter((name) => !used.has(name))).toEqual([]);
  });
});

describe('statusText', () => {
  const counts = (errors: number, warnings: number, blanks: number): TableCounts => ({ errors, warnings, blanks });

  it.each([
    ['nothing fails', counts(0, 0, 0), '校验：通过'],
    ['only warnings', counts(0, 2, 0), '校验：通过（2 处提示）'],
    ['only blank cells', counts(3, 0, 3), '校验：尚有 3 格未填'],
    ['only blank cells and a warning', counts(3, 1, 3), '校验：尚有 3 格未填，1 处提示'],
    ['errors and blanks', counts(5, 0, 2), '校验：3 处错误，2 格未填'],
    ['errors only', counts(1, 0, 0), '校验：1 处错误'],
    ['errors, blanks and warnings', counts(4, 2, 1), '校验：3 处错误，1 格未填，2 处提示'],
  ])('says %s', (_what, c, text) => {
    expect(statusText(c)).toBe(text);
  });

  it('is what the sheet’s status formula computes, for every mix of counts', () => {
    const formula = compileStatus('B2', 'C2', 'D2');
    for (let errors = 0; errors <= 4; errors++) {
      for (let blanks = 0; blanks <= errors; blanks++) {
        for (let warnings = 0; warnings <= 2; warnings++) {
          const cells: Record<string, number> = { B2: errors, C2: warnings, D2: blanks };
          expect(evaluateFormula(formula, (ref) => cells[ref] ?? null)).toBe(statusText({ errors, warnings, blanks }));
        }
      }
    }
  });
});

describe('quote', () => {
  it('doubles quotes inside a string literal', () => {
    expect(quote('危及“三安全一稳定”"x"')).toBe('"危及“三安全一稳定”""x"""');
    expect(evaluateFormula(quote('a"b'))).toBe('a"b');
  });
});

/** A fake sheet: raw cells in `raw!`, the helper columns computed by the compiled helper formulas. */
function fakeSheet(cells: Readonly<Record<CellId, CellValue | undefined>>, organ: string | null = null, level: string | null = null) {
  const ids = Object.keys(cells);
  const row = new Map<CellId, number>();
  const idAt = (ref: string): CellId => ids[Number(/\d+$/.exec(ref)?.[0] ?? 0) - 1] ?? '';
  const at = (sheet: string, id: CellId): string => {
    if (!row.has(id)) {
      ids.push(id);
      row.set(id, ids.length);
    }
    return `${sheet}!$A$${row.get(id) ?? 0}`;
  };
  ids.forEach((id, i) => row.set(id, i + 1));
  const refs: FormulaRefs = {
    raw: (id) => at('raw', id),
    clean: (id) => at('clean', id),
    kind: (id) => at('kind', id),
    value: (id) => at('value', id),
    organLevelCode: () => 'meta!$A$1',
  };
  const memo = new Map<string, Resolved>();
  const resolve = (ref: string): Resolved => {
    const known = memo.get(ref);
    if (known !== undefined) return known;
    const [sheet] = ref.split('!');
    const id = idAt(ref);
    let v: Scalar;
    if (sheet === 'info') v = ref.endsWith('$1') ? organ : level;
    else if (sheet === 'raw') {
      const raw = cells[id];
      v = raw === undefined || raw === '' ? null : raw;
    } else if (sheet === 'clean') v = evaluateFormula(compileCleanText(refs.raw(id)), resolve);
    else if (sheet === 'kind') v = evaluateFormula(compileKind(refs.raw(id), refs.clean(id)), resolve);
    else if (sheet === 'value') v = evaluateFormula(compileValue(refs.raw(id), refs.clean(id), refs.kind(id)), resolve);
    else if (sheet === 'organText') v = evaluateFormula(compileOrganText(ref.endsWith('$1') ? 'info!$A$1' : 'info!$A$2'), resolve);
    else if (sheet === 'meta') v = evaluateFormula(compileOrganLevelCode('organText!$A$1', 'organText!$A$2'), resolve);
    else throw new Error(`no such reference ${ref}`);
    memo.set(ref, v);
    return v;
  };
  return { refs, resolve };
}

describe('the cell helper formulas read a cell as classifyCell does', () => {
  const RAW: CellValue[] = [
    12,
    0,
    -3,
    1.5,
    null,
    '',
    ' ',
    '\u3000',
    '\n',
    '12',
    ' 12 ',
    "'12",
    '１２',
    '12件',
    '12项',
    '12个',
    '12条',
    '12次',
    '12宗',
    '1,234',
    '1，234',
    '26.55万元',
    '２６．５５',
    '－３',
    '-3',
    '12.',
    '.5',
    '-',
    '.',
    '-.',
    '1-2',
    '--1',
    '1.2.3',
    '/',
    '—',
    '无',
    '十二',
    '#REF!',
    'N/A',
    '1e3',
    '见附表',
    true,
    false,
    '12 件',
    '1 2',
    // Either side of CellContentRule.largest (10 亿): no usable value from it on.
    999999999,
    1e9,
    -1e9,
    1e15,
    1e308,
    '999999999件',
    '1000000000件',
    '１０００００００００',
    '99999999999',
  ];

  it.each(RAW.map((raw) => [JSON.stringify(raw), raw] as const))('%s', (_shown, raw) => {
    const { refs, resolve } = fakeSheet({ X: raw });
    const state = classifyCell(raw);
    const kind = resolve(refs.kind('X'));
    const value = resolve(refs.value('X'));

    const expectedKind = state.state === 'number' ? 0 : state.state === 'blank' ? 1 : state.clean !== null ? 2 : 3;
    const expectedValue = state.state === 'number' ? state.value : state.state === 'text' && state.clean !== null ? state.clean : '';
    expect(kind).toBe(expectedKind);
    expect(value).toBe(expectedValue);
  });
});

describe('the organ level formula agrees with parseOrganLevel and guessOrganLevel', () => {
  const NAMES = [
    '交口县人民政府',
    '某县人民政府\u3000',
    '\t某镇人民政府\n',
    '某  县人民政府',
    '某镇人民政府',
    '某街道办事处',
    '某省人民政府',
    '某自治区人民政府',
    '某自治州人民政府',
    '某市人民政府',
    '国务院办公厅',
    '国家统计局',
    '商务部',
    '某县教育局',
    '某省教育厅',
    '某市人民政府办公室',
    ' 某县人民政府 ',
    '',
  ];
  const LEVELS = [
    null,
    'county',
    'County',
    ' city\u00a0',
    'city',
    '县级人民政府',
    '设区的市、自治州人民政府',
    '政府部门及其他机关',
    '县里',
  ];

  it.each(NAMES.flatMap((name) => LEVELS.map((level) => [name, level] as const)))('name “%s”, level %p', (name, level) => {
    const { resolve } = fakeSheet({}, name, level);
    const expected = parseOrganLevel(level) ?? guessOrganLevel(name) ?? '';

    expect(resolve('meta!$A$1')).toBe(expected);
  });
});

describe('each compiled check fails exactly when the evaluator reports it', () => {
  const cases = RULE_CASES.filter((c) => Object.values(c.cells ?? {}).every((v) => typeof v !== 'number' || Number.isFinite(v)));

  it.each(cases)('$description', (c) => {
    const data = caseReport(c);
    const ctx = contextOf(data);
    const { refs, resolve } = fakeSheet(
      data.cells,
      data.organ ?? null,
      typeof data.info?.organLevel === 'string' ? data.info.organLevel : null,
    );
    const disagreements: string[] = [];
    for (const inst of instancesOf(ctx.format)) {
      const finding = evaluateInstance(inst, ctx);
      for (const check of compileInstance(inst, refs)) {
        const sheetSays = evaluateFormula(check.formula, resolve);
        const evaluatorSays =
          check.rule === 'cell.precision' ? finding?.rule === 'cell.precision' : finding !== null && finding.rule !== 'cell.precision';
        if (sheetSays !== evaluatorSays)
          disagreements.push(`${inst.key} ${check.rule}: sheet ${JSON.stringify(sheetSays)}, evaluator ${String(evaluatorSays)}`);
      }
    }

    expect(disagreements).toEqual([]);
  });
});
