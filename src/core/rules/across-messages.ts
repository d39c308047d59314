import { formatNumber } from './messages';

/**
 * The catalogue of Chinese messages for the checks across years (`src/core/rules/across-years.ts`): every
 * X.* finding's message is rendered here from its facts (both figures, the difference, what to do).
 */

const COPY_NOTE = '年报应写本年度的实际情况，不应照抄上年（年度报告格式将“内容雷同”列为问题）';

/** A ratio as a message writes it: one decimal at most (`6.2`, `12`). */
function ratioText(ratio: number): string {
  return formatNumber(Number(ratio.toFixed(1)));
}

/** A share as a message writes it: whole percent, and never `0%` for a share that is not nothing. */
function shareText(share: number): string {
  const percent = Math.round(share * 100);
  return percent < 1 ? '不到 1%' : `${percent}%`;
}

export const ACROSS_MESSAGES = {
  otherYear: (previousYear: number, year: number): string =>
    `所给的上年年报是 ${previousYear} 年度的，而本报告是 ${year} 年度的，应与 ${year - 1} 年度的年报比对。跨年度核对（上年结转、现行有效件数、数字突变、内容雷同）均未进行，请改用 ${year - 1} 年度的年报。`,
  carried: (column: string, carried: number, carryForward: number): string =>
    `表三“上年结转政府信息公开申请数量”行“${column}”列为 ${formatNumber(carried)}，而上年年报“结转下年度继续办理”行同一列为 ${formatNumber(carryForward)}，相差 ${formatNumber(Math.abs(carried - carryForward))}。本年的“上年结转”应等于上年年报的“结转下年度继续办理”，请核对本年或上年的数字。`,
  inForce: (row: string, inForce: number, previous: number, issued: number, repealed: number): string => {
    const expected = previous + issued - repealed;
    return `表二“${row}”现行有效件数为 ${formatNumber(inForce)}，而按上年年报现行有效 ${formatNumber(previous)} 件、本年制发 ${formatNumber(issued)} 件、废止 ${formatNumber(repealed)} 件推算应为 ${formatNumber(expected)} 件，相差 ${formatNumber(Math.abs(inForce - expected))}。请核对；如另有原因（如文件到期自然失效、上年数字有误），请在说明中写明。`;
  },
  inForceOldFormat: (): string =>
    '上年年报为 2019 年（试行）格式，没有“现行有效件数”，本年规章和行政规范性文件的现行有效件数未能与上年衔接核对。',
  jump: (label: string, value: number, previous: number, factor: number): string => {
    const rising = value > previous;
    const change = rising
      ? `增加 ${formatNumber(value - previous)}，是上年的 ${ratioText(value / previous)} 倍`
      : `减少 ${formatNumber(previous - value)}，仅为上年的 ${shareText(value / previous)}`;
    const slip = rising ? '是否多填了一位数或填错了栏目' : '是否漏填或少填了一位数';
    return `${label}为 ${formatNumber(value)}，上年年报为 ${formatNumber(previous)}，${change}，变化超过 ${formatNumber(factor)} 倍。请核对${slip}；如属实，请在说明中写明原因。`;
  },
  identicalTables: (same: number, telling: number): string =>
    same === telling
      ? `本年表二、表三、表四填写的数字与上年年报完全相同（${formatNumber(same)} 个非零数字均与上年一致）。${COPY_NOTE}。请按本年度的统计核对；如确实相同，请在说明中写明。`
      : `本年表二、表三、表四填写的数字与上年年报几乎相同（${formatNumber(telling)} 个非零数字中 ${formatNumber(same)} 个与上年一致）。${COPY_NOTE}。请按本年度的统计核对；如确实如此，请在说明中写明。`,
  identicalText: (quote: string, similarity: number, nearly: number): string =>
    similarity >= 1
      ? `正文“${quote}”一段与上年年报的一段文字相同（年份和统计数字除外）。${COPY_NOTE}，请改写。`
      : `正文“${quote}”一段与上年年报的一段文字${similarity >= nearly ? '几乎相同' : '大部分相同'}（相似度 ${shareText(similarity)}）。${COPY_NOTE}，请改写。`,
} as const;
