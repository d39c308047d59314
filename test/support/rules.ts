import type { RuleId } from '../../src/core/rules/catalogue';

/** Every rule a single report can break (no narrative, no previous year): a corpus must exercise them all. */
export const REPORT_RULES: readonly RuleId[] = [
  'cell.blank',
  'cell.notNumber',
  'cell.negative',
  'cell.notInteger',
  'cell.precision',
  'T3.rowTotal',
  'T3.resultTotal',
  'T3.balance',
  'T4.groupTotal',
  'T2.regulationLevel',
  'T2.inForceBelowIssued',
  'T2.feeUnit',
];
