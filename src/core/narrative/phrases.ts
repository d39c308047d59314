import { FORMAT_2021 } from '../format';

/**
 * The phrases real reports use for the figures of the tables, as data: which words name which cells.
 * `figures.ts` reads a sentence with them; `check.ts` compares what they name with the tables.
 * Rows and columns are the format's stable keys (a group of rows by its official label), never addresses.
 */

/** What a figure counts: a count (件、项…), money (元、万元) or a percentage. */
export type UnitKind = 'count' | 'money' | 'percent';

/** A row of table 三/四/二 by key, or every row under an official label (`（三）不予公开`). */
export type RowRef = string | { readonly under: string };

/** The 信息处理费 facts of 基本信息 a sentence may state. */
export type FeeInfoKey = 'feeNotices' | 'feeAmountYuan' | 'feeCollectedYuan';

/**
 * The cells a figure stands for. `rows` lists alternatives (受理 may mean 新收, or 新收 + 上年结转): the
 * figure agrees with the tables when any alternative's sum over `rows` × `columns` equals it.
 */
export type Measure =
  | { readonly table: 'T2' | 'T3' | 'T4'; readonly rows: readonly (readonly RowRef[])[]; readonly columns: readonly string[] }
  | { readonly table: 'info'; readonly key: FeeInfoKey };

/**
 * A word or phrase that names what the figure after it (or, at a clause's start, before it) counts.
 * A cue may name only rows (收到) or only columns (自然人, 废止): the other half comes from a cue nearby
 * that `lends` it, or from `defaultColumns`.
 */
export interface FigureCue {
  /** How a message names the figure: `收到的申请`. */
  readonly name: string;
  /** The words; a named group `year` is checked against the report year with `year`. */
  readonly pattern: RegExp;
  /** The figures it can name; empty for a cue that only completes or bases others. */
  readonly units: readonly UnitKind[];
  readonly table: 'T2' | 'T3' | 'T4' | 'info';
  readonly rows?: readonly (readonly RowRef[])[];
  readonly columns?: readonly string[];
  /** Columns when the clause names none (T3: 总计, T4: 总计). */
  readonly defaultColumns?: readonly string[];
  /** For `info`: which fact, by the unit of the figure. */
  readonly infoKeys?: Partial<Record<UnitKind, FeeInfoKey>>;
  /** The figure's clause must hold these words (收到 … 申请), or its sentence must. */
  readonly clauseNeeds?: RegExp;
  readonly sentenceNeeds?: RegExp;
  /** Words in the clause that mean something else (行政许可事项 is not 行政许可决定). */
  readonly clauseForbids?: RegExp;
  /** How far it completes a cue that lacks its rows or columns: its own clause, or its whole sentence. */
  readonly lends: 'clause' | 'sentence';
  /** The `year` group must be the report year plus this (上年结转: 2023年结转 in a 2024 report). */
  readonly yearOffset?: number;
  /** `N件（含上年结转…）`: the figure may also mean 新收 + 上年结转. */
  readonly carriedNote?: boolean;
  /** May name the base of a share (`占办结总数的…%`). */
  readonly base?: boolean;
}

const T3_TOTAL = ['total'] as const;
const ORGS = ['commercial', 'research', 'nonprofit', 'legal', 'otherOrg'] as const;
const APPLICATIONS = /申请/;
/** Applications and answers that are not 政府信息公开 ones (行政许可申请, 答复网民留言, 办结群众诉求…). */
const OTHER_BUSINESS = /许可|审批|复议|诉讼|补贴|救助|建议|提案|咨询|留言|热线|来信|来电|信访|诉求|举报|投诉/;
/** 表四's figures count cases about 政府信息公开, not an organ's whole 行政复议 caseload. */
const ABOUT_DISCLOSURE = /公开|信息/;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * 表三's detailed result rows by their official names (属于国家秘密, 申请人逾期未按收费通知要求缴纳费用…),
 * as the generator and careful clerks write them: `不予公开的1件中，属于国家秘密1件`.
 */
const RESULT_ROW_CUES: readonly FigureCue[] = FORMAT_2021.t3.rows
  .filter((row) => row.role === 'result' && row.labels.length === 3 && !row.name.includes('（'))
  .map((row) => ({
    name: row.name,
    pattern: new RegExp(escape(row.name)),
    units: ['count'],
    table: 'T3',
    rows: [[row.key]],
    defaultColumns: T3_TOTAL,
    lends: 'sentence',
  }));

/** The figure cues, searched in every sentence; at one position the longest match wins (不予处理 over 处理). */
export const FIGURE_CUES: readonly FigureCue[] = [
  ...RESULT_ROW_CUES,
  // 表三 rows: each lends its rows to the whole sentence (…申请 N 件（其中自然人 a 件…）).
  {
    name: '收到的申请',
    pattern: /本年新收|新收|收到|接收|接到/,
    units: ['count'],
    table: 'T3',
    rows: [['new']],
    defaultColumns: T3_TOTAL,
    clauseNeeds: APPLICATIONS,
    clauseForbids: OTHER_BUSINESS,
    lends: 'sentence',
    carriedNote: true,
    base: true,
  },
  {
    name: '受理的申请',
    pattern: /受理/,
    units: ['count'],
    table: 'T3',
    rows: [['new'], ['new', 'carried']],
    defaultColumns: T3_TOTAL,
    clauseNeeds: APPLICATIONS,
    clauseForbids: OTHER_BUSINESS,
    lends: 'sentence',
    base: true,
  },
  {
    name: '申请总数',
    pattern: /申请(?:总数|总量|量|数量)|全部申请|申请件数/,
    units: [],
    table: 'T3',
    rows: [['new'], ['new', 'carried']],
    defaultColumns: T3_TOTAL,
    lends: 'sentence',
    base: true,
  },
  {
    name: '上年结转的申请',
    pattern: /上一?年度?结转|(?<year>\d{4})\s*年度?结转(?![至到])/,
    units: ['count'],
    table: 'T3',
    rows: [['carried']],
    defaultColumns: T3_TOTAL,
    lends: 'sentence',
    yearOffset: -1,
  },
  {
    name: '办结的申请',
    pattern: /办结|答复|回复|办复|办理完毕|处理完毕/,
    units: ['count'],
    table: 'T3',
    rows: [['total']],
    defaultColumns: T3_TOTAL,
    sentenceNeeds: APPLICATIONS,
    clauseForbids: OTHER_BUSINESS,
    lends: 'sentence',
    base: true,
  },
  {
    name: '处理的申请',
    pattern: /处理(?!决定|费|率|意见|情况)/,
    units: ['count'],
    table: 'T3',
    rows: [['total'], ['new', 'carried']],
    defaultColumns: T3_TOTAL,
    sentenceNeeds: APPLICATIONS,
    clauseForbids: OTHER_BUSINESS,
    lends: 'sentence',
    base: true,
  },
  {
    name: '结转下年度的申请',
    pattern: /结转(?:至|到)?下一?年度?|结转(?:至|到)\s*(?<year>\d{4})\s*年度?|转入下一?年度?/,
    units: ['count'],
    table: 'T3',
    rows: [['carryForward']],
    defaultColumns: T3_TOTAL,
    lends: 'sentence',
    yearOffset: 1,
  },
  {
    name: '予以公开及部分公开',
    pattern: /(?:予以|全部)公开(?:及|和|与|、|或|以及)部分公开/,
    units: ['count'],
    table: 'T3',
    rows: [['disclosed', 'partial']],
    defaultColumns: T3_TOTAL,
    clauseForbids: /主动/,
    lends: 'sentence',
  },
  // 主动予以公开 is 主动公开 (表二's business), not a result of an application.
  {
    name: '予以公开',
    pattern: /予以公开/,
    units: ['count'],
    table: 'T3',
    rows: [['disclosed']],
    defaultColumns: T3_TOTAL,
    clauseForbids: /主动/,
    lends: 'sentence',
  },
  {
    name: '部分公开',
    pattern: /部分公开/,
    units: ['count'],
    table: 'T3',
    rows: [['partial']],
    defaultColumns: T3_TOTAL,
    lends: 'sentence',
  },
  {
    name: '不予公开',
    pattern: /不予公开/,
    units: ['count'],
    table: 'T3',
    rows: [[{ under: '（三）不予公开' }]],
    defaultColumns: T3_TOTAL,
    lends: 'sentence',
  },
  {
    name: '无法提供',
    pattern: /无法提供/,
    units: ['count'],
    table: 'T3',
    rows: [[{ under: '（四）无法提供' }]],
    defaultColumns: T3_TOTAL,
    lends: 'sentence',
  },
  {
    name: '不予处理',
    pattern: /不予处理/,
    units: ['count'],
    table: 'T3',
    rows: [[{ under: '（五）不予处理' }]],
    defaultColumns: T3_TOTAL,
    lends: 'sentence',
  },
  {
    name: '其他处理',
    pattern: /其他处理/,
    units: ['count'],
    table: 'T3',
    rows: [[{ under: '（六）其他处理' }]],
    defaultColumns: T3_TOTAL,
    lends: 'sentence',
  },
  // 表三 columns (申请人): only within their clause, taking the rows of the sentence.
  { name: '自然人', pattern: /自然人/, units: ['count'], table: 'T3', columns: ['natural'], lends: 'clause' },
  { name: '法人或其他组织', pattern: /法人(?:或|和|及)其他组织/, units: ['count'], table: 'T3', columns: ORGS, lends: 'clause' },
  { name: '商业企业', pattern: /商业企业/, units: ['count'], table: 'T3', columns: ['commercial'], lends: 'clause' },
  { name: '科研机构', pattern: /科研机构/, units: ['count'], table: 'T3', columns: ['research'], lends: 'clause' },
  { name: '社会公益组织', pattern: /社会公益组织/, units: ['count'], table: 'T3', columns: ['nonprofit'], lends: 'clause' },
  { name: '法律服务机构', pattern: /法律服务机构/, units: ['count'], table: 'T3', columns: ['legal'], lends: 'clause' },
  // 表四 groups and result columns.
  {
    name: '行政复议',
    pattern: /行政复议|复议案件/,
    units: ['count'],
    table: 'T4',
    rows: [['review']],
    defaultColumns: ['total'],
    sentenceNeeds: ABOUT_DISCLOSURE,
    lends: 'sentence',
  },
  {
    name: '行政诉讼',
    pattern: /行政诉讼|诉讼案件/,
    units: ['count'],
    table: 'T4',
    rows: [['suitDirect', 'suitAfterReview']],
    defaultColumns: ['total'],
    sentenceNeeds: ABOUT_DISCLOSURE,
    lends: 'sentence',
  },
  {
    name: '未经复议直接起诉',
    pattern: /(?:未经(?:行政)?复议)?直接(?:起诉|提起(?:行政)?诉讼)/,
    units: ['count'],
    table: 'T4',
    rows: [['suitDirect']],
    defaultColumns: ['total'],
    sentenceNeeds: ABOUT_DISCLOSURE,
    lends: 'sentence',
  },
  {
    name: '复议后起诉',
    pattern: /复议后(?:起诉|提起(?:行政)?诉讼)/,
    units: ['count'],
    table: 'T4',
    rows: [['suitAfterReview']],
    defaultColumns: ['total'],
    sentenceNeeds: ABOUT_DISCLOSURE,
    lends: 'sentence',
  },
  { name: '结果维持', pattern: /结果维持|维持/, units: ['count'], table: 'T4', columns: ['upheld'], lends: 'clause' },
  { name: '结果纠正', pattern: /结果纠正|纠正|纠错|撤销/, units: ['count'], table: 'T4', columns: ['corrected'], lends: 'clause' },
  { name: '其他结果', pattern: /其他结果/, units: ['count'], table: 'T4', columns: ['other'], lends: 'clause' },
  { name: '尚未审结', pattern: /尚未审结|未审结|正在审理|审理中/, units: ['count'], table: 'T4', columns: ['pending'], lends: 'clause' },
  // 表二: a document kind lends itself to the sentence (制发规章 2 件，废止 1 件); the verb only to its clause.
  { name: '规章', pattern: /规章/, units: ['count'], table: 'T2', rows: [['regulation']], lends: 'sentence' },
  { name: '行政规范性文件', pattern: /规范性文件/, units: ['count'], table: 'T2', rows: [['normative']], lends: 'sentence' },
  { name: '制发', pattern: /新制定|制发|制定|出台|印发/, units: ['count'], table: 'T2', columns: ['issued'], lends: 'clause' },
  { name: '废止', pattern: /废止/, units: ['count'], table: 'T2', columns: ['repealed'], lends: 'clause' },
  { name: '现行有效', pattern: /现行(?:有效)?/, units: ['count'], table: 'T2', columns: ['inForce'], lends: 'clause' },
  {
    name: '行政许可决定',
    pattern: /行政许可/,
    units: ['count'],
    table: 'T2',
    rows: [['license']],
    columns: ['decisions'],
    clauseForbids: /事项|清单|信息|目录|公示|办件|服务|申请/,
    lends: 'clause',
  },
  {
    name: '行政处罚决定',
    pattern: /行政处罚/,
    units: ['count'],
    table: 'T2',
    rows: [['penalty']],
    columns: ['decisions'],
    clauseForbids: /事项|清单|信息|目录|公示|裁量/,
    lends: 'clause',
  },
  {
    name: '行政强制决定',
    pattern: /行政强制/,
    units: ['count'],
    table: 'T2',
    rows: [['coercion']],
    columns: ['decisions'],
    clauseForbids: /事项|清单|信息|目录|公示/,
    lends: 'clause',
  },
  {
    name: '行政事业性收费',
    pattern: /行政事业性收费/,
    units: ['money'],
    table: 'T2',
    rows: [['fee']],
    columns: ['amount'],
    lends: 'clause',
  },
  // 信息处理费 (基本信息).
  {
    name: '收费通知',
    pattern: /收费通知|缴费通知/,
    units: ['count', 'money'],
    table: 'info',
    infoKeys: { count: 'feeNotices', money: 'feeAmountYuan' },
    lends: 'clause',
  },
  {
    name: '收费通知金额',
    pattern: /金额|总额/,
    units: ['money'],
    table: 'info',
    infoKeys: { money: 'feeAmountYuan' },
    sentenceNeeds: /收费通知|缴费通知/,
    lends: 'clause',
  },
  { name: '信息处理费', pattern: /信息处理费/, units: ['money'], table: 'info', infoKeys: { money: 'feeCollectedYuan' }, lends: 'clause' },
];

/** A cue of a percentage: a rate of the tables, a share of a named base, or a change from last year. */
export interface PercentCue {
  readonly kind: 'rate' | 'share' | 'change';
  readonly name: string;
  readonly pattern: RegExp;
  /** For `change`: a named group `down` marks a fall. */
  readonly clauseForbids?: RegExp;
}

export const PERCENT_CUES: readonly PercentCue[] = [
  {
    kind: 'change',
    name: '同比变化',
    pattern:
      /(?:同比|较上年|比上年|较去年|比去年|与上年相比|较上一年度?|比上一年度?)[^，。；%\d]{0,6}?(?:(?<down>下降|减少|降低|回落)|增长|增加|上升|提高|提升)/,
  },
  // 答复率 = 办结 ÷ (新收 + 上年结转); a 按时/法定期限内 rate cannot be read from the tables.
  { kind: 'rate', name: '答复率', pattern: /(?:回复|答复|办结|办复|处理)率/, clauseForbids: /按时|及时|按期|期限|时限|满意/ },
  { kind: 'share', name: '占比', pattern: /占/ },
];

/** The rows a `RowRef` names: the key itself, or every row whose label path holds the label. */
export function rowKeys(ref: RowRef, rows: readonly { readonly key: string; readonly labels: readonly string[] }[]): string[] {
  if (typeof ref === 'string') return [ref];
  return rows.filter((r) => r.labels.includes(ref.under)).map((r) => r.key);
}
