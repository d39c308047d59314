import { parseRef } from '../../../src/core/layout/a1';
import { buildTemplate } from '../../../src/core/layout/template';
import { FORMULA_FUNCTIONS } from '../../../src/core/rules/compile';
import {
  FormulaSyntaxError,
  SUPPORTED_FUNCTIONS,
  evaluateFormula,
  evaluateParsed,
  numberFromText,
  numberText,
  parseFormula,
  type CellSource,
  type Scalar,
} from '../../../src/hosts/preview/formula';
import { CASE_SHEETS, FORMULA_CASES } from './formula-cases';

/** The case workbook as a cell source, formulas sitting on Sheet1. */
function caseSource(): CellSource {
  const sheets = new Map(Object.entries(CASE_SHEETS).map(([name, cells]) => [name.toLowerCase(), cells]));
  return {
    cell(sheet, row, col) {
      const cells = sheets.get((sheet ?? 'Sheet1').toLowerCase());
      if (!cells) return undefined;
      const hit = Object.entries(cells).find(([ref]) => {
        const p = parseRef(ref);
        return p?.row === row && p.col === col;
      });
      return hit ? hit[1] : null;
    },
    name: (name) => (name.toUpperCase() === 'TAGS' ? { ...parseFormula('F1:F4').references[0]!, text: name } : undefined),
  };
}

describe('the formula interpreter', () => {
  it.each(FORMULA_CASES)('computes %s as Excel does', (_what, c) => {
    const at = parseRef(c.at ?? 'A1')!;

    expect(evaluateParsed(parseFormula(c.formula), caseSource(), { at })).toEqual(c.expected);
  });

  it('knows exactly the functions the template’s formulas may call', () => {
    expect([...SUPPORTED_FUNCTIONS].sort()).toEqual([...FORMULA_FUNCTIONS].sort());
  });

  it('reads defined names as ranges', () => {
    expect(evaluateParsed(parseFormula('COUNTIF(Tags,"T2|*")'), caseSource())).toBe(3);
  });

  it('moves the references without $ of a conditional format to the cell it is applied to', () => {
    const f = parseFormula('D1+$D$1');

    expect(evaluateParsed(f, caseSource(), { offset: { rows: 2, cols: 0 } })).toBe(4);
    expect(evaluateParsed(f, caseSource(), { offset: { rows: 0, cols: 1 } })).toEqual({ error: '#DIV/0!' });
  });

  it('lists each reference with its sheet, corners and $ signs', () => {
    const refs = parseFormula("SUM('Clerk''s 年报'!$B$3:A1,nianbao_calc!$D12)").references;

    expect(refs).toEqual([
      expect.objectContaining({
        sheet: "Clerk's 年报",
        top: 1,
        left: 1,
        bottom: 3,
        right: 2,
        range: true,
        fixed: { top: false, left: false, bottom: true, right: true },
      }),
      expect.objectContaining({
        text: 'nianbao_calc!$D12',
        sheet: 'nianbao_calc',
        top: 12,
        left: 4,
        range: false,
        fixed: { top: false, left: true, bottom: false, right: true },
      }),
    ]);
  });

  it.each(['SUM(1', '"abc', '1+', 'SUM(1))', '#BAD!', 'A1 B1', '1,2'])('refuses %p with a FormulaSyntaxError', (text) => {
    expect(() => parseFormula(text)).toThrow(FormulaSyntaxError);
  });

  it('looks references up by their text with a resolver (a range as a list of values)', () => {
    const cells: Record<string, Scalar | Scalar[]> = { B2: 3, 'raw!$A$1': '4', '$C$1:$C$3': [1, 'x', 2] };
    const resolve = (ref: string): Scalar | Scalar[] => cells[ref] ?? null;

    expect(evaluateFormula('B2*raw!$A$1', resolve)).toBe(12);
    expect(evaluateFormula('SUM($C$1:$C$3)+COUNT($C$1:$C$3)', resolve)).toBe(5);
    expect(evaluateFormula('ISBLANK(Z9)', resolve)).toBe(true);
  });
});

describe('numbers and text', () => {
  it.each([
    [1234, '1234'],
    [0.1 + 0.2, '0.3'],
    [-1.5, '-1.5'],
    [1e15, '1E+15'],
    [1.5e-10, '1.5E-10'],
    [1e-7, '0.0000001'],
    [123456789012345, '123456789012345'],
  ])('writes %p as %p', (n, text) => {
    expect(numberText(n)).toBe(text);
  });

  it.each([
    ['12', 12],
    [' -3 ', -3],
    ['1,234,567.5', 1234567.5],
    ['50%', 0.5],
    ['.5', 0.5],
    ['1E3', 1000],
    ['1,23', null],
    ['12件', null],
    ['', null],
    ['１２', null],
    ['--1', null],
  ])('reads %p as %p', (text, n) => {
    expect(numberFromText(text)).toBe(n);
  });
});

describe('the template’s formulas', () => {
  it('all parse, and each calls only known functions', () => {
    const { plan } = buildTemplate({ sheet: "Clerk's 年报", origin: { row: 3, col: 2 } });
    const formulas = plan.sheets.flatMap((s) => [
      ...s.cells.flatMap((c) => (c.formula ? [c.formula] : [])),
      ...s.conditionalFormats.map((cf) => cf.formula),
    ]);
    const known = new Set<string>(SUPPORTED_FUNCTIONS);
    const unknown = new Set<string>();
    const walk = (n: ReturnType<typeof parseFormula>['root']): void => {
      if (n.k === 'call') {
        if (!known.has(n.name)) unknown.add(n.name);
        n.args.forEach(walk);
      } else if (n.k === 'bin') [n.a, n.b].forEach(walk);
      else if (n.k === 'unary') walk(n.a);
    };

    for (const f of formulas) walk(parseFormula(f).root);

    expect(formulas.length).toBeGreaterThan(1000);
    expect([...unknown]).toEqual([]);
  });
});
