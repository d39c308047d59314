import { cellSpec, tableName, type CellId, type FormatDef, type TableId } from '../format';
import type { ReportData } from '../report/types';
import { CELL_CONTENT, type RuleId, type Severity } from './catalogue';
import { usableValue } from './cell-value';
import { INTEGER_TOLERANCE, SUM_TOLERANCE, contextOf, stateOf, sumOf, type EvaluationContext } from './context';
import { suggestFixes, type FixSuggestion } from './fix';
import { instancesOf, type RuleInstance } from './instances';
import { MESSAGES, formatNumber } from './messages';
import { mayMakeRegulations, organLevelLabel } from './organ-level';

/** A broken rule (DESIGN.md contract). `address` is added where the source is a workbook. */
export interface Finding {
  rule: RuleId;
  severity: Severity;
  message: string;
  cells: CellId[];
  expected?: number;
  actual?: number;
  address?: string;
  /** The clean value of a `cell.notNumber`, for a one-click fix. */
  fix?: { cell: CellId; value: number };
  /** For a finding on the report's text: the id of the paragraph (block) it is in. */
  paragraph?: string;
  /** For a finding on the report's text: the words it is about, shortened, as quoted in the message. */
  quote?: string;
}

export interface TableCounts {
  errors: number;
  warnings: number;
  /** Of the errors, how many are blank cells. */
  blanks: number;
}

export interface Evaluation {
  findings: Finding[];
  counts: Record<TableId, TableCounts>;
  suggestions: FixSuggestion[];
}

type Evaluator<K extends RuleInstance['kind']> = (inst: Extract<RuleInstance, { kind: K }>, ctx: EvaluationContext) => Finding | null;

/** One evaluator per rule kind: a missing one is a compile error. Each check gives at most one finding. */
const EVALUATORS: { readonly [K in RuleInstance['kind']]: Evaluator<K> } = {
  cellContent: (inst, ctx) => {
    const { cell } = inst;
    const state = stateOf(ctx, cell.id);
    const label = cell.label;
    const cells = [cell.id];
    if (state.state === 'blank') {
      const implied = ctx.implied.get(cell.id) ?? [];
      const agreed = implied.length > 0 && implied.every((v) => Math.abs(v - (implied[0] ?? 0)) <= SUM_TOLERANCE) ? (implied[0] ?? null) : null;
      // Propose only a value the cell could hold: not below zero (unless signed), whole for a count.
      const whole = agreed !== null && (cell.kind !== 'count' || Math.abs(agreed - Math.round(agreed)) <= INTEGER_TOLERANCE);
      const usable = agreed !== null && whole && (agreed >= 0 || cell.signed) ? agreed : null;
      return { rule: 'cell.blank', severity: 'error', message: MESSAGES.blank(label, usable), cells, ...(usable !== null ? { expected: usable } : {}) };
    }
    if (state.state === 'text' && state.tooLarge !== undefined) {
      // The bound `classifyCell` applied (and the sheet's formulas), not a copy a rule set might carry.
      return {
        rule: 'cell.notNumber',
        severity: 'error',
        message: MESSAGES.tooLarge(label, state.raw, state.tooLarge, CELL_CONTENT.largest, cell.kind),
        cells,
        actual: state.tooLarge,
      };
    }
    if (state.state === 'text') {
      return {
        rule: 'cell.notNumber',
        severity: 'error',
        message: MESSAGES.notNumber(label, state.raw, state.clean),
        cells,
        ...(state.clean !== null ? { fix: { cell: cell.id, value: state.clean } } : {}),
      };
    }
    const v = state.value;
    if (v < 0 && !cell.signed) return { rule: 'cell.negative', severity: 'error', message: MESSAGES.negative(label, v), cells, actual: v };
    if (cell.kind === 'count' && Math.abs(v - Math.round(v)) > INTEGER_TOLERANCE) {
      return { rule: 'cell.notInteger', severity: 'error', message: MESSAGES.notInteger(label, v), cells, actual: v };
    }
    if (cell.kind === 'amount') {
      const scaled = v * 10 ** inst.def.amountDecimals;
      if (Math.abs(scaled - Math.round(scaled)) > SUM_TOLERANCE) {
        return { rule: 'cell.precision', severity: 'warning', message: MESSAGES.precision(label, v, inst.def.amountDecimals), cells, actual: v };
      }
    }
    return null;
  },
  equation: (inst, ctx) => {
    const left = sumOf(ctx, inst.left);
    const right = sumOf(ctx, inst.right);
    if (left === null || right === null || Math.abs(left - right) <= SUM_TOLERANCE) return null;
    return {
      rule: inst.def.id,
      severity: inst.def.severity,
      message: MESSAGES.equation(tableName(inst.table), inst.subject, inst.def.leftName, left, inst.def.rightName, right),
      cells: [...inst.cells],
      expected: right,
      actual: left,
    };
  },
  organLevel: (inst, ctx) => {
    if (!ctx.organLevel || mayMakeRegulations(ctx.organLevel.level)) return null;
    const figures: string[] = [];
    for (const id of inst.cells) {
      const v = usableValue(stateOf(ctx, id));
      if (v !== null && v > 0) figures.push(`${cellSpec(ctx.format, id)?.columnLabel ?? id} ${formatNumber(v)}`);
    }
    if (figures.length === 0) return null;
    return {
      rule: inst.def.id,
      severity: inst.def.severity,
      message: MESSAGES.regulationLevel(ctx.organ, organLevelLabel(ctx.organLevel.level), ctx.organLevel.guessed, figures.join('，')),
      cells: [...inst.cells],
    };
  },
  notLess: (inst, ctx) => {
    const greater = usableValue(stateOf(ctx, inst.greater.id));
    const lesser = usableValue(stateOf(ctx, inst.lesser.id));
    if (greater === null || lesser === null || greater >= lesser) return null;
    return {
      rule: inst.def.id,
      severity: inst.def.severity,
      message: MESSAGES.inForceBelowIssued(inst.rowName, greater, lesser),
      cells: [...inst.cells],
      expected: lesser,
      actual: greater,
    };
  },
  feeUnit: (inst, ctx) => {
    const { def } = inst;
    const v = usableValue(stateOf(ctx, def.cell));
    if (v === null) return null;
    const decisions = sumOf(ctx, def.decisions);
    const whole = Math.abs(v - Math.round(v)) <= INTEGER_TOLERANCE;
    const looksLikeYuan = v >= def.implausibleFrom || (v >= def.wholeFrom && whole && decisions !== null && v > def.perDecision * decisions);
    if (!looksLikeYuan) return null;
    return { rule: def.id, severity: def.severity, message: MESSAGES.feeUnit(v), cells: [...inst.cells], actual: v };
  },
};

/** Run one check. */
export function evaluateInstance(inst: RuleInstance, ctx: EvaluationContext): Finding | null {
  return (EVALUATORS[inst.kind] as Evaluator<RuleInstance['kind']>)(inst, ctx);
}

function emptyCounts(): Record<TableId, TableCounts> {
  return { T2: { errors: 0, warnings: 0, blanks: 0 }, T3: { errors: 0, warnings: 0, blanks: 0 }, T4: { errors: 0, warnings: 0, blanks: 0 } };
}

/** Evaluate every rule on a report: all findings in a stable order, counts per table, one-cell fixes. */
export function evaluate(data: ReportData, format?: FormatDef): Evaluation {
  const ctx = contextOf(data, format);
  const findings: Finding[] = [];
  const counts = emptyCounts();
  const failing: RuleInstance[] = [];
  for (const inst of instancesOf(ctx.format)) {
    const finding = evaluateInstance(inst, ctx);
    if (!finding) continue;
    findings.push(finding);
    failing.push(inst);
    const c = counts[inst.table];
    if (finding.severity === 'error') c.errors++;
    else if (finding.severity === 'warning') c.warnings++;
    if (finding.rule === 'cell.blank') c.blanks++;
  }
  for (const id of Object.keys(data.cells)) {
    if (!cellSpec(ctx.format, id)) findings.push({ rule: 'F.extra', severity: 'warning', message: MESSAGES.extra(id), cells: [id] });
  }
  return { findings, counts, suggestions: suggestFixes(ctx, failing) };
}
