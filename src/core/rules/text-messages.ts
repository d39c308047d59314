import { formatNumber } from './messages';

/**
 * The catalogue of Chinese messages for the checks of the report's text (`src/core/narrative/check.ts`):
 * every text finding's message is rendered here from its facts. `quote` is the sentence, shortened.
 */

/** A percentage as the text would write it, to the precision the text used (at least one decimal when not whole). */
export function formatPercent(value: number, decimals: number): string {
  return formatNumber(Number(value.toFixed(Math.max(decimals, 1))));
}

export const TEXT_MESSAGES = {
  mismatch: (quote: string, name: string, stated: string, where: string, table: string, others: readonly string[]): string =>
    `正文“${quote}”中${name}为 ${stated}，而${where}为 ${table}${others.map((o) => `，${o}`).join('')}，两者不一致。请核对正文或表格，使两者一致。`,
  /** What the tables hold: `表三“…”行“总计”列为 12 件` (also another reading of an ambiguous figure: 受理 = 新收 + 上年结转). */
  fact: (where: string, value: string): string => `${where}为 ${value}`,
  difference: (diff: string): string => `（相差 ${diff}）`,
  unitHint: (table: string, unit: string): string => `（即 ${table} ${unit}）`,

  claimUpheld: (quote: string, figures: string): string =>
    `正文“${quote}”称均获维持，但表四${figures}，并非全部维持。请改正文字或核对表四。`,
  claimDisclosed: (quote: string, disclosed: number, total: number): string =>
    `正文“${quote}”称均予以公开，但表三“予以公开”为 ${formatNumber(disclosed)} 件，而“（七）总计”为 ${formatNumber(total)} 件，另有 ${formatNumber(total - disclosed)} 件为其他办理结果。请改正文字或核对表三。`,
  claimNoCases: (quote: string, what: string, facts: string): string => `正文“${quote}”称没有${what}，但${facts}。请改正文字或核对表四。`,
  claimNoApplications: (quote: string, what: string, where: string, value: number): string =>
    `正文“${quote}”称没有${what}，但${where}为 ${formatNumber(value)} 件。请改正文字或核对表三。`,
  claimNoFee: (quote: string, what: string, where: string, value: number, unit: string): string =>
    `正文“${quote}”称${what}，但${where}为 ${formatNumber(value)} ${unit}。请改正文字或核对基本信息。`,

  percentRate: (quote: string, name: string, stated: string, handled: number, received: number, computed: string): string =>
    `正文“${quote}”称${name}为 ${stated}，但按表三，办结 ${formatNumber(handled)} 件，本年新收与上年结转共 ${formatNumber(received)} 件，${name}应为 ${computed}%。请核对。`,
  percentShare: (
    quote: string,
    stated: string,
    numeratorName: string,
    numerator: number,
    baseName: string,
    base: number,
    computed: string,
  ): string =>
    `正文“${quote}”中的 ${stated} 与表格不符：${numeratorName} ${formatNumber(numerator)} 件占${baseName} ${formatNumber(base)} 件的 ${computed}%。请核对比例及其基数。`,
  percentChange: (quote: string, subject: string, stated: string, now: number, before: number, computed: string, rising: boolean): string =>
    `正文“${quote}”称${subject}同比变化 ${stated}，但本年为 ${formatNumber(now)}、上年为 ${formatNumber(before)}，应为${rising ? '增长' : '下降'} ${computed}%。请核对。`,

  feeMissing: (heading: string): string =>
    `“${heading}”部分没有说明信息处理费的收取情况。请写明本年度发出收费通知的件数和金额、实际收取的金额，或写明“本机关本年度未收取信息处理费”。`,
  feeNoticeDenied: (quote: string, count: number): string =>
    `正文“${quote}”称未发出收费通知，但表三“申请人逾期未按收费通知要求缴纳费用”为 ${formatNumber(count)} 件，说明曾发出收费通知。请核对正文或表三、基本信息。`,

  sectionCount: (quote: string, stated: number, listed: number): string =>
    `前言“${quote}”称报告共 ${formatNumber(stated)} 部分，但列出了 ${formatNumber(listed)} 部分。请使部分数与所列内容一致。`,
  sectionNotSix: (quote: string, stated: number, sections: number): string =>
    `前言“${quote}”称报告共 ${formatNumber(stated)} 部分，而年度报告格式规定为 ${formatNumber(sections)} 部分。请核对。`,
  sectionItems: (quote: string, missing: readonly string[]): string =>
    `前言“${quote}”所列的部分与年度报告格式不一致，未列出${missing.map((m) => `“${m}”`).join('、')}。请按格式列出六个部分。`,

  headingMissing: (heading: string): string => `正文缺少第“${heading}”部分（年度报告格式规定的六个部分之一）。请补上该部分的标题和内容。`,
  headingOrder: (found: string, heading: string): string =>
    `正文的“${found}”（“${heading}”）顺序不对：六个部分应按年度报告格式的顺序排列。`,
  headingWording: (found: string, heading: string): string =>
    `正文的标题“${found}”与年度报告格式的标题“${heading}”不一致。请改为格式规定的标题。`,

  repeatedWord: (quote: string, word: string): string => `正文“${quote}”中“${word}”连续出现了两次（“${word}${word}”），请删去重复的一个。`,
  placeholder: (what: string): string => `正文仍有待填写的提示“【请填写：${what}】”，请写入本机关的实际情况并删去提示。`,
  reviewMarker: (what: string): string => `正文仍有待核对的提示“【请核对：${what}】”，请在表格中填好相应数字后重新生成该段，或改写该句。`,
} as const;
