import type { RuleId } from './catalogue';

/**
 * A short Chinese name for each rule id, for column headers and summaries (the batch summary's 规则矩阵).
 * The order is the catalogue's (cells, tables, form, across years, text): lists of rules follow it.
 * Typed over `RuleId`, so a new rule without a name is a compile error.
 */
export const RULE_NAMES = {
  'cell.blank': '单元格为空',
  'cell.notNumber': '不是规范数字',
  'cell.negative': '负数',
  'cell.notInteger': '件数不是整数',
  'cell.precision': '金额小数过多',
  'T3.rowTotal': '表三行总计',
  'T3.resultTotal': '表三办理结果总计',
  'T3.balance': '表三收结平衡',
  'T4.groupTotal': '表四总计',
  'T2.regulationLevel': '无权制定规章',
  'T2.inForceBelowIssued': '现行有效少于本年制发',
  'T2.feeUnit': '收费金额单位',
  'F.missingRow': '缺少表格或行列',
  'F.extra': '多出的行列',
  'F.label': '标签与格式不符',
  'F.formula': '模板公式被改动',
  'F.oldFormat': '沿用2019年格式',
  'F.deadline': '发布逾期',
  'F.year': '年度不一致',
  'F.section': '正文部分缺漏或次序',
  'F.repeatedWord': '词语重复',
  'X.carried': '上年结转不衔接',
  'X.inForce': '现行有效不衔接',
  'X.jump': '与上年相差悬殊',
  'X.identical': '内容雷同',
  'N.mismatch': '正文数字与表格不符',
  'N.claim': '正文说法与表格矛盾',
  'N.percent': '百分比有误',
  'N.feeStatement': '信息处理费说明',
  'N.sectionList': '前言所列部分',
  'N.placeholder': '正文待填写',
} as const satisfies Record<RuleId, string>;

/** Every rule id in the order of `RULE_NAMES`. */
export const RULE_ORDER: readonly RuleId[] = Object.keys(RULE_NAMES) as RuleId[];

/** The Chinese name of a rule id; an id this build does not know (a newer file) is shown as is. */
export function ruleName(rule: string): string {
  return (RULE_NAMES as Readonly<Record<string, string>>)[rule] ?? rule;
}
