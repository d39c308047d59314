/** The 基本信息 block: the facts outside the tables that the narrative and some rules need. */

export type InfoKey =
  | 'organ'
  | 'organLevel'
  | 'year'
  | 'compiledBy'
  | 'publishedOn'
  | 'website'
  | 'phone'
  | 'fax'
  | 'address'
  | 'postcode'
  | 'feeNotices'
  | 'feeAmountYuan'
  | 'feeCollectedYuan';

export type InfoType = 'text' | 'level' | 'year' | 'date' | 'count' | 'yuan';

export interface InfoField {
  readonly key: InfoKey;
  readonly label: string;
  readonly type: InfoType;
  /** Shown to the clerk as the input hint. */
  readonly hint: string;
}

export const INFO_FIELDS: readonly InfoField[] = [
  { key: 'organ', label: '机关名称', type: 'text', hint: '如：交口县人民政府' },
  { key: 'organLevel', label: '机关层级', type: 'level', hint: '从下拉列表中选择；决定能否填报规章' },
  { key: 'year', label: '报告年度', type: 'year', hint: '如：2025' },
  { key: 'compiledBy', label: '编制单位（落款）', type: 'text', hint: '如：交口县人民政府办公室' },
  { key: 'publishedOn', label: '发布日期', type: 'date', hint: '如：2026-01-20（应不晚于次年1月31日）' },
  { key: 'website', label: '报告发布网站', type: 'text', hint: '如：www.jiaokou.gov.cn' },
  { key: 'phone', label: '联系电话', type: 'text', hint: '' },
  { key: 'fax', label: '传真', type: 'text', hint: '' },
  { key: 'address', label: '联系地址', type: 'text', hint: '' },
  { key: 'postcode', label: '邮政编码', type: 'text', hint: '' },
  { key: 'feeNotices', label: '信息处理费：发出收费通知（件）', type: 'count', hint: '没有的填 0' },
  { key: 'feeAmountYuan', label: '信息处理费：收费通知金额（元）', type: 'yuan', hint: '单位：元；没有的填 0' },
  { key: 'feeCollectedYuan', label: '信息处理费：实际收取金额（元）', type: 'yuan', hint: '单位：元；没有的填 0' },
];
