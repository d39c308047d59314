import type { ColumnDef, FormatDef, RowDef } from './types';

/** The six section headings of the report, verbatim and in order. */
export const SECTION_HEADINGS_2021 = [
  '一、总体情况',
  '二、主动公开政府信息情况',
  '三、收到和处理政府信息公开申请情况',
  '四、政府信息公开行政复议、行政诉讼情况',
  '五、存在的主要问题及改进情况',
  '六、其他需要报告的事项',
] as const;

const RESULT = '三、本年度办理结果';
const WITHHELD = '（三）不予公开';
const UNABLE = '（四）无法提供';
const REJECTED = '（五）不予处理';
const OTHER = '（六）其他处理';

/** Table 三's rows that both formats share, before （六）. */
export const T3_ROWS_HEAD: readonly RowDef[] = [
  { key: 'new', labels: ['一、本年新收政府信息公开申请数量'], name: '本年新收政府信息公开申请数量', role: 'new' },
  { key: 'carried', labels: ['二、上年结转政府信息公开申请数量'], name: '上年结转政府信息公开申请数量', role: 'carried' },
  { key: 'disclosed', labels: [RESULT, '（一）予以公开'], name: '予以公开', role: 'result' },
  {
    key: 'partial',
    labels: [RESULT, '（二）部分公开（区分处理的，只计这一情形，不计其他情形）'],
    name: '部分公开',
    role: 'result',
  },
  { key: 'withheld1', labels: [RESULT, WITHHELD, '1.属于国家秘密'], name: '属于国家秘密', role: 'result' },
  { key: 'withheld2', labels: [RESULT, WITHHELD, '2.其他法律行政法规禁止公开'], name: '其他法律行政法规禁止公开', role: 'result' },
  { key: 'withheld3', labels: [RESULT, WITHHELD, '3.危及“三安全一稳定”'], name: '危及“三安全一稳定”', role: 'result' },
  { key: 'withheld4', labels: [RESULT, WITHHELD, '4.保护第三方合法权益'], name: '保护第三方合法权益', role: 'result' },
  { key: 'withheld5', labels: [RESULT, WITHHELD, '5.属于三类内部事务信息'], name: '属于三类内部事务信息', role: 'result' },
  { key: 'withheld6', labels: [RESULT, WITHHELD, '6.属于四类过程性信息'], name: '属于四类过程性信息', role: 'result' },
  { key: 'withheld7', labels: [RESULT, WITHHELD, '7.属于行政执法案卷'], name: '属于行政执法案卷', role: 'result' },
  { key: 'withheld8', labels: [RESULT, WITHHELD, '8.属于行政查询事项'], name: '属于行政查询事项', role: 'result' },
  { key: 'unable1', labels: [RESULT, UNABLE, '1.本机关不掌握相关政府信息'], name: '本机关不掌握相关政府信息', role: 'result' },
  { key: 'unable2', labels: [RESULT, UNABLE, '2.没有现成信息需要另行制作'], name: '没有现成信息需要另行制作', role: 'result' },
  { key: 'unable3', labels: [RESULT, UNABLE, '3.补正后申请内容仍不明确'], name: '补正后申请内容仍不明确', role: 'result' },
  { key: 'rejected1', labels: [RESULT, REJECTED, '1.信访举报投诉类申请'], name: '信访举报投诉类申请', role: 'result' },
  { key: 'rejected2', labels: [RESULT, REJECTED, '2.重复申请'], name: '重复申请', role: 'result' },
  { key: 'rejected3', labels: [RESULT, REJECTED, '3.要求提供公开出版物'], name: '要求提供公开出版物', role: 'result' },
  { key: 'rejected4', labels: [RESULT, REJECTED, '4.无正当理由大量反复申请'], name: '无正当理由大量反复申请', role: 'result' },
  {
    key: 'rejected5',
    labels: [RESULT, REJECTED, '5.要求行政机关确认或重新出具已获取信息'],
    name: '要求行政机关确认或重新出具已获取信息',
    role: 'result',
  },
];

/** Table 三's rows after （六）: （七）总计 and 四、结转. */
export const T3_ROWS_TAIL: readonly RowDef[] = [
  { key: 'total', labels: [RESULT, '（七）总计'], name: '总计', role: 'total' },
  { key: 'carryForward', labels: ['四、结转下年度继续办理'], name: '结转下年度继续办理', role: 'carryForward' },
];

const APPLICANTS = '申请人情况';
const ORGS = '法人或其他组织';

/** Table 三's columns, shared by both formats. */
export const T3_COLUMNS: readonly ColumnDef[] = [
  { key: 'natural', label: '自然人', groups: [APPLICANTS] },
  { key: 'commercial', label: '商业企业', groups: [APPLICANTS, ORGS] },
  { key: 'research', label: '科研机构', groups: [APPLICANTS, ORGS] },
  { key: 'nonprofit', label: '社会公益组织', groups: [APPLICANTS, ORGS] },
  { key: 'legal', label: '法律服务机构', groups: [APPLICANTS, ORGS] },
  { key: 'otherOrg', label: '其他', groups: [APPLICANTS, ORGS] },
  { key: 'total', label: '总计', groups: [APPLICANTS] },
];

export const T3_NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';

/** Table 四, shared by both formats. */
export const T4_2021 = {
  id: 'T4',
  title: '四、政府信息公开行政复议、行政诉讼情况',
  groups: [
    { key: 'review', label: '行政复议', parents: [], name: '行政复议' },
    { key: 'suitDirect', label: '未经复议直接起诉', parents: ['行政诉讼'], name: '行政诉讼（未经复议直接起诉）' },
    { key: 'suitAfterReview', label: '复议后起诉', parents: ['行政诉讼'], name: '行政诉讼（复议后起诉）' },
  ],
  columns: [
    { key: 'upheld', label: '结果维持' },
    { key: 'corrected', label: '结果纠正' },
    { key: 'other', label: '其他结果' },
    { key: 'pending', label: '尚未审结' },
    { key: 'total', label: '总计' },
  ],
} as const satisfies FormatDef['t4'];

const CONTENT = '信息内容';
const DECISIONS: ColumnDef = { key: 'decisions', label: '本年处理决定数量' };

/** 《中华人民共和国政府信息公开工作年度报告格式》(国办公开办函〔2021〕30号). */
export const FORMAT_2021 = {
  id: '2021',
  name: '政府信息公开工作年度报告格式（国办公开办函〔2021〕30号）',
  sections: SECTION_HEADINGS_2021,
  feeStatement: true,
  t2: {
    id: 'T2',
    title: '二、主动公开政府信息情况',
    parts: [
      {
        heading: '第二十条第（一）项',
        rowHeader: CONTENT,
        columns: [
          { key: 'issued', label: '本年制发件数' },
          { key: 'repealed', label: '本年废止件数' },
          { key: 'inForce', label: '现行有效件数' },
        ],
        rows: [
          { key: 'regulation', labels: ['规章'], name: '规章' },
          { key: 'normative', labels: ['行政规范性文件'], name: '行政规范性文件' },
        ],
      },
      { heading: '第二十条第（五）项', rowHeader: CONTENT, columns: [DECISIONS], rows: [{ key: 'license', labels: ['行政许可'], name: '行政许可' }] },
      {
        heading: '第二十条第（六）项',
        rowHeader: CONTENT,
        columns: [DECISIONS],
        rows: [
          { key: 'penalty', labels: ['行政处罚'], name: '行政处罚' },
          { key: 'coercion', labels: ['行政强制'], name: '行政强制' },
        ],
      },
      {
        heading: '第二十条第（八）项',
        rowHeader: CONTENT,
        columns: [{ key: 'amount', label: '本年收费金额（单位：万元）', kind: 'amount' }],
        rows: [{ key: 'fee', labels: ['行政事业性收费'], name: '行政事业性收费' }],
      },
    ],
  },
  t3: {
    id: 'T3',
    title: '三、收到和处理政府信息公开申请情况',
    note: T3_NOTE,
    header: APPLICANTS,
    columns: T3_COLUMNS,
    rows: [
      ...T3_ROWS_HEAD,
      {
        key: 'other1',
        labels: [RESULT, OTHER, '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'],
        name: '申请人无正当理由逾期不补正',
        role: 'result',
      },
      {
        key: 'other2',
        labels: [RESULT, OTHER, '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'],
        name: '申请人逾期未按收费通知要求缴纳费用',
        role: 'result',
      },
      { key: 'other3', labels: [RESULT, OTHER, '3.其他'], name: '其他处理（其他）', role: 'result' },
      ...T3_ROWS_TAIL,
    ],
  },
  t4: T4_2021,
} as const satisfies FormatDef;
