import type { CellId, RowDef, TableId } from '../format';

/** Rule ids of `spec/rules.md` that this rule set evaluates. */
export type RuleId =
  | 'cell.blank'
  | 'cell.notNumber'
  | 'cell.negative'
  | 'cell.notInteger'
  | 'cell.precision'
  | 'T3.rowTotal'
  | 'T3.resultTotal'
  | 'T3.balance'
  | 'T4.groupTotal'
  | 'T2.regulationLevel'
  | 'T2.inForceBelowIssued'
  | 'T2.feeUnit'
  | 'F.missingRow'
  | 'F.extra'
  | 'F.label'
  | 'F.formula'
  /* A published report's form (src/core/import/published). */
  | 'F.oldFormat'
  | 'F.deadline'
  | 'F.year'
  /* Across years and across units (src/core/rules/across-years.ts). */
  | 'X.carried'
  | 'X.inForce'
  | 'X.jump'
  | 'X.identical'
  /* Text against tables (src/core/narrative/check.ts). */
  | 'N.mismatch'
  | 'N.claim'
  | 'N.percent'
  | 'N.feeStatement'
  | 'N.sectionList'
  | 'N.placeholder'
  | 'F.section'
  | 'F.repeatedWord';

export type Severity = 'error' | 'warning' | 'info';

/** The rules on the report's text (`src/core/narrative/check.ts`) and their severities. */
export const TEXT_RULE_SEVERITY = {
  'N.mismatch': 'error',
  'N.claim': 'error',
  'N.percent': 'warning',
  'N.feeStatement': 'warning',
  'N.sectionList': 'warning',
  // An unfilled 【请填写：…】 can never be published, and no 说明 could accept it: an error, like a blank cell.
  'N.placeholder': 'error',
  'F.section': 'warning',
  'F.repeatedWord': 'warning',
} as const satisfies Partial<Record<RuleId, Severity>>;

export type TextRuleId = keyof typeof TEXT_RULE_SEVERITY;

/** Picks rows (for a rule applied to each column) or columns (for each row) of a table. */
export type Selector =
  | { readonly keys: readonly string[] }
  | { readonly roles: readonly NonNullable<RowDef['role']>[] }
  | { readonly allExcept: readonly string[] };

/** The content of every cell of the tables: blank, not a number, too large, negative, fractional, too precise. */
export interface CellContentRule {
  readonly kind: 'cellContent';
  /** Decimals allowed in an amount (万元) before `cell.precision` warns: 4 = one yuan. */
  readonly amountDecimals: number;
  /**
   * From this magnitude on, a number is no real figure of any cell, count or amount: it is reported as
   * `cell.notNumber` (a wrong paste or extra digits) and the sums leave it out. One bound for both kinds,
   * because the sheet's per-cell helper formulas (`compileKind`) do not know a cell's kind.
   */
  readonly largest: number;
}

/** Σ left = Σ right, applied to each row or each column of a table. */
export interface EquationRule {
  readonly kind: 'equation';
  readonly id: RuleId;
  readonly severity: Severity;
  readonly table: 'T3' | 'T4';
  readonly each: 'row' | 'column';
  readonly left: Selector;
  readonly right: Selector;
  /** How the message names each side, e.g. `第一项加第二项`. */
  readonly leftName: string;
  readonly rightName: string;
}

/** No value of `row` may exceed the organ's power: 规章 only from organs that may make them. */
export interface OrganLevelRule {
  readonly kind: 'organLevel';
  readonly id: RuleId;
  readonly severity: Severity;
  readonly row: string;
}

/** `lesser` ≤ `greater` in each listed row of table 二. */
export interface NotLessRule {
  readonly kind: 'notLess';
  readonly id: RuleId;
  readonly severity: Severity;
  readonly rows: readonly string[];
  readonly greater: string;
  readonly lesser: string;
}

/** An amount in 万元 that looks typed in 元. */
export interface FeeUnitRule {
  readonly kind: 'feeUnit';
  readonly id: RuleId;
  readonly severity: Severity;
  readonly cell: CellId;
  readonly decisions: readonly CellId[];
  /** At or above this many 万元 the amount is implausible for any organ. */
  readonly implausibleFrom: number;
  /** A whole amount from this many 万元 … */
  readonly wholeFrom: number;
  /** … and above this many 万元 per decision looks typed in 元. */
  readonly perDecision: number;
}

export type RuleDef = CellContentRule | EquationRule | OrganLevelRule | NotLessRule | FeeUnitRule;

/** Which table a rule family belongs to, for the status lines. */
export type RuleTable = TableId;

/**
 * The cell content rule. `largest`, 10 亿: no organ makes 10 亿 decisions a year (a big city's traffic police
 * makes tens of millions of 行政处罚, so a lower bound would reject real reports), and 10 亿万元 is
 * implausible even if typed in 元: divided by 10000 it is still `T2.feeUnit`'s `implausibleFrom` (10 万万元).
 * Between the two, `T2.feeUnit` warns and proposes the amount in 万元.
 */
export const CELL_CONTENT: CellContentRule = { kind: 'cellContent', amountDecimals: 4, largest: 1_000_000_000 };

/** The rule set of `spec/rules.md` for a single report (no narrative, no previous year). */
export const RULES: readonly RuleDef[] = [
  CELL_CONTENT,
  {
    kind: 'organLevel',
    id: 'T2.regulationLevel',
    severity: 'warning',
    row: 'regulation',
  },
  {
    kind: 'notLess',
    id: 'T2.inForceBelowIssued',
    severity: 'warning',
    rows: ['regulation', 'normative'],
    greater: 'inForce',
    lesser: 'issued',
  },
  {
    kind: 'feeUnit',
    id: 'T2.feeUnit',
    severity: 'warning',
    cell: 'T2.fee.amount',
    decisions: ['T2.license.decisions', 'T2.penalty.decisions', 'T2.coercion.decisions'],
    implausibleFrom: 100000,
    wholeFrom: 1000,
    perDecision: 10,
  },
  {
    kind: 'equation',
    id: 'T3.rowTotal',
    severity: 'error',
    table: 'T3',
    each: 'row',
    left: { keys: ['total'] },
    right: { allExcept: ['total'] },
    leftName: '总计',
    rightName: '各类申请人之和',
  },
  {
    kind: 'equation',
    id: 'T3.resultTotal',
    severity: 'error',
    table: 'T3',
    each: 'column',
    left: { roles: ['total'] },
    right: { roles: ['result'] },
    leftName: '“（七）总计”',
    rightName: '各项办理结果之和',
  },
  {
    kind: 'equation',
    id: 'T3.balance',
    severity: 'error',
    table: 'T3',
    each: 'column',
    left: { roles: ['new', 'carried'] },
    right: { roles: ['total', 'carryForward'] },
    leftName: '第一项加第二项',
    rightName: '第三项加第四项',
  },
  {
    kind: 'equation',
    id: 'T4.groupTotal',
    severity: 'error',
    table: 'T4',
    each: 'row',
    left: { keys: ['total'] },
    right: { allExcept: ['total'] },
    leftName: '总计',
    rightName: '结果维持、结果纠正、其他结果、尚未审结之和',
  },
];
