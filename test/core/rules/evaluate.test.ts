import { FORMAT_2021 } from '../../../src/core/format';
import { RULES, type RuleId } from '../../../src/core/rules/catalogue';
import { evaluate, type Finding } from '../../../src/core/rules/evaluate';
import { caseReport } from '../../fixtures/rules/build';
import { RULE_CASES, type RuleCase } from '../../fixtures/rules/cases';
import { validReport2021 } from '../../fixtures/rules/reports';
import { jiaokou } from '../../support/reports';

type Pair = readonly [RuleId, string];
const byText = (a: Pair, b: Pair): number => `${a[0]} ${a[1]}`.localeCompare(`${b[0]} ${b[1]}`);
const pairs = (findings: readonly Finding[], severity: Finding['severity']): Pair[] =>
  findings
    .filter((f) => f.severity === severity)
    .map((f): Pair => [f.rule, f.cells[0] ?? ''])
    .sort(byText);

describe('rule cases (test/fixtures/rules/cases.ts)', () => {
  it.each(RULE_CASES)('$description', (c: RuleCase) => {
    const { findings } = evaluate(caseReport(c));

    expect(pairs(findings, 'error')).toEqual([...c.expected.errors].sort(byText));
    expect(pairs(findings, 'warning')).toEqual([...c.expected.warnings].sort(byText));
    expect(findings.filter((f) => f.severity === 'info')).toEqual([]);

    const fixes = Object.fromEntries(findings.flatMap((f) => (f.fix ? [[f.fix.cell, f.fix.value]] : [])));
    expect(fixes).toEqual(c.fixes ?? {});
    const implied = Object.fromEntries(
      findings
        .filter((f) => f.rule === 'cell.blank' && f.expected !== undefined)
        .map((f): [string, number | undefined] => [f.cells[0] ?? '', f.expected]),
    );
    expect(implied).toEqual(c.implied ?? {});

    const messages = findings.map((f) => f.message).join('\n');
    for (const fragment of c.says ?? []) expect(messages).toContain(fragment);
  });

  it('cover every rule the evaluator knows, with and without a violation', () => {
    const ruleIds = new Set<RuleId>(['cell.blank', 'cell.notNumber', 'cell.negative', 'cell.notInteger', 'cell.precision', 'F.extra']);
    for (const def of RULES) if ('id' in def) ruleIds.add(def.id);
    const reported = new Set(RULE_CASES.flatMap((c) => [...c.expected.errors, ...c.expected.warnings].map(([rule]) => rule)));

    expect([...ruleIds].filter((id) => !reported.has(id))).toEqual([]);
    expect(RULE_CASES.some((c) => c.expected.errors.length === 0 && c.expected.warnings.length === 0)).toBe(true);
  });

  it('have unique descriptions', () => {
    const seen = RULE_CASES.map((c) => c.description);
    expect(seen.filter((d, i) => seen.indexOf(d) !== i)).toEqual([]);
  });
});

describe('evaluate on the sample report', () => {
  it('finds exactly one error, cell.blank on T3.carryForward.commercial, proposing 0, and no warnings', () => {
    const { findings, counts, suggestions } = evaluate(jiaokou());

    expect(findings).toEqual([
      {
        rule: 'cell.blank',
        severity: 'error',
        message: '表三“结转下年度继续办理”行“商业企业”列为空，按勾稽关系应为 0，请填写。',
        cells: ['T3.carryForward.commercial'],
        expected: 0,
      },
    ]);
    expect(counts).toEqual({
      T2: { errors: 0, warnings: 0, blanks: 0 },
      T3: { errors: 1, warnings: 0, blanks: 1 },
      T4: { errors: 0, warnings: 0, blanks: 0 },
    });
    expect(suggestions).toEqual([]);
  });
});

describe('evaluate: findings as data', () => {
  it('gives an equation finding every cell of the identity, the left side as actual and the right side as expected', () => {
    const data = validReport2021();
    data.cells['T4.review.total'] = 5;

    const [finding] = evaluate(data).findings;

    expect(finding).toEqual({
      rule: 'T4.groupTotal',
      severity: 'error',
      message: '表四“行政复议”：总计（5）不等于结果维持、结果纠正、其他结果、尚未审结之和（4），相差 1。请核对这些数字。',
      cells: ['T4.review.total', 'T4.review.upheld', 'T4.review.corrected', 'T4.review.other', 'T4.review.pending'],
      expected: 4,
      actual: 5,
    });
  });

  it('gives negative, fractional and too precise cells their value as actual', () => {
    const data = validReport2021();
    Object.assign(data.cells, {
      'T4.review.pending': -1,
      'T4.review.total': 2,
      'T4.suitDirect.upheld': 1.5,
      'T4.suitDirect.total': 1.5,
      'T2.fee.amount': 1.23456,
    });

    const actual = Object.fromEntries(evaluate(data).findings.map((f) => [`${f.rule} ${f.cells.join()}`, f.actual]));

    expect(actual).toEqual({
      'cell.precision T2.fee.amount': 1.23456,
      'cell.negative T4.review.pending': -1,
      'cell.notInteger T4.suitDirect.upheld': 1.5,
      'cell.notInteger T4.suitDirect.total': 1.5,
    });
  });

  it('marks the 规章 row, and the two figures compared, on T2 warnings', () => {
    const data = validReport2021();
    data.info = { organLevel: 'county' };
    data.cells['T2.regulation.inForce'] = 1;

    const cells = evaluate(data).findings.map((f) => [f.rule, f.cells]);

    expect(cells).toEqual([
      ['T2.regulationLevel', ['T2.regulation.issued', 'T2.regulation.repealed', 'T2.regulation.inForce']],
      ['T2.inForceBelowIssued', ['T2.regulation.inForce', 'T2.regulation.issued']],
    ]);
  });
});

describe('evaluate: stable order and counts', () => {
  /** Problems in every table, typed in reverse document order. */
  function messyReport(): ReturnType<typeof validReport2021> {
    const data = validReport2021();
    const problems = {
      'T4.suitDirect.total': 3,
      'T4.review.other': '/',
      'T3.carryForward.natural': null,
      'T3.total.natural': 19,
      'T3.partial.legal': '1件',
      'T3.new.research': null,
      'T2.fee.amount': 12.345678,
      'T2.normative.inForce': 8,
      'T2.license.decisions': -3,
      'T9.unknown.cell': 1,
    };
    return { ...data, info: { organLevel: 'county' }, cells: { ...problems, ...data.cells, ...problems } };
  }

  const expectedOrder = [
    'cell.negative T2.license.decisions',
    'cell.precision T2.fee.amount',
    'T2.regulationLevel T2.regulation.issued',
    'T2.inForceBelowIssued T2.normative.inForce',
    'cell.blank T3.new.research',
    'cell.notNumber T3.partial.legal',
    'cell.blank T3.carryForward.natural',
    'T3.rowTotal T3.partial.total',
    'T3.rowTotal T3.total.total',
    'T3.resultTotal T3.total.natural',
    'T3.resultTotal T3.total.legal',
    'cell.notNumber T4.review.other',
    'T4.groupTotal T4.suitDirect.total',
    'F.extra T9.unknown.cell',
  ];

  it('lists findings table by table (T2, T3, T4): cells in document order, then the rules in catalogue order, then F.extra', () => {
    const order = evaluate(messyReport()).findings.map((f) => `${f.rule} ${f.cells[0] ?? ''}`);

    expect(order).toEqual(expectedOrder);
  });

  it('gives the same findings whatever the order of the cells in the data', () => {
    const data = messyReport();
    const reversed = { ...data, cells: Object.fromEntries(Object.entries(data.cells).reverse()) };

    expect(evaluate(reversed)).toEqual(evaluate(data));
  });

  it('counts errors, warnings and blanks per table; F.extra belongs to no table', () => {
    const { counts } = evaluate(messyReport());

    expect(counts).toEqual({
      T2: { errors: 1, warnings: 3, blanks: 0 },
      T3: { errors: 7, warnings: 0, blanks: 2 },
      T4: { errors: 2, warnings: 0, blanks: 0 },
    });
  });

  it('counts nothing for a valid report', () => {
    expect(evaluate(validReport2021())).toEqual({
      findings: [],
      counts: {
        T2: { errors: 0, warnings: 0, blanks: 0 },
        T3: { errors: 0, warnings: 0, blanks: 0 },
        T4: { errors: 0, warnings: 0, blanks: 0 },
      },
      suggestions: [],
    });
  });

  it('evaluates with the format the caller gives, whatever data.format says', () => {
    const data = { ...validReport2021(), format: '2019' as const };

    const as2019 = evaluate(data).findings.filter((f) => f.rule === 'F.extra').length;
    const as2021 = evaluate(data, FORMAT_2021).findings;

    expect(as2019).toBeGreaterThan(0);
    expect(as2021).toEqual([]);
  });
});
