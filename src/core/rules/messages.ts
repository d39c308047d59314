import type { ValueKind } from '../format/types';

/** The one catalogue of Chinese messages: every finding's text is rendered here from its facts. */

/** A number as a clerk writes it: no float noise, no exponent for ordinary sizes. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toFixed(6)));
}

/** A round bound as a clerk reads it: `10 亿`, `1000 万`. */
function magnitude(n: number): string {
  if (n >= 1e8 && n % 1e8 === 0) return `${formatNumber(n / 1e8)} 亿`;
  if (n >= 1e4 && n % 1e4 === 0) return `${formatNumber(n / 1e4)} 万`;
  return formatNumber(n);
}

const QUOTE_MAX = 60;
/** A cell's text as quoted in a message: a pasted page is not repeated whole. */
function shorten(text: string): string {
  const chars = Array.from(text);
  return chars.length > QUOTE_MAX ? `${chars.slice(0, QUOTE_MAX).join('')}…（共 ${chars.length} 字）` : text;
}

export const MESSAGES = {
  blank: (label: string, implied: number | null): string =>
    implied === null ? `${label}为空，请填写 0 或实际数字。` : `${label}为空，按勾稽关系应为 ${formatNumber(implied)}，请填写。`,
  notNumber: (label: string, raw: string, clean: number | null): string =>
    clean === null
      ? `${label}填的“${shorten(raw)}”不是数字，请填写阿拉伯数字（没有的填 0）。`
      : `${label}填的“${shorten(raw)}”不是规范的数字，应改为 ${formatNumber(clean)}（可一键修正）。`,
  tooLarge: (label: string, raw: string, value: number, largest: number, kind: ValueKind): string =>
    `${label}${String(value) === raw ? `为 ${formatNumber(value)}` : `填的“${shorten(raw)}”`}，数字过大（${kind === 'amount' ? '金额' : '件数'}不可能达到 ${magnitude(largest)}${kind === 'amount' ? '万元' : '件'}），请核对是否多输了位数或粘贴了其他内容，改为实际数字。`,
  dateFormatted: (label: string, shown: string, time: boolean, value: number, kind: ValueKind): string =>
    `${label}显示为${time ? '时间' : '日期'}（${shown}），单元格被设成了${time ? '时间' : '日期'}格式（实际存的是 ${formatNumber(value)}），未计入合计。` +
    `${kind === 'amount' ? '金额' : '件数'}应为普通数字：请把该单元格的格式改为“常规”或“数值”，再核对数字。`,
  negative: (label: string, value: number): string => `${label}为 ${formatNumber(value)}，不能是负数，请改正。`,
  notInteger: (label: string, value: number): string => `${label}为 ${formatNumber(value)}，件数应为整数，请改正。`,
  precision: (label: string, value: number, decimals: number): string =>
    `${label}为 ${formatNumber(value)} 万元，超过 ${decimals} 位小数（万元保留 ${decimals} 位即精确到元），请核对单位和数值。`,
  equation: (table: string, subject: string, leftName: string, left: number, rightName: string, right: number): string =>
    `${table}${subject}：${leftName}（${formatNumber(left)}）不等于${rightName}（${formatNumber(right)}），相差 ${formatNumber(Math.abs(left - right))}。请核对这些数字。`,
  regulationLevel: (organ: string, levelLabel: string, guessed: boolean, figures: string): string =>
    `表二“规章”填有非零数字（${figures}），但${organ === '' ? '本机关' : `“${organ}”`}${guessed ? '按机关名称推断为' : '为'}${levelLabel}，无权制定规章。如确无规章，请填 0；如机关层级有误，请在基本信息中改正。`,
  inForceBelowIssued: (rowName: string, inForce: number, issued: number): string =>
    `表二“${rowName}”的现行有效件数（${formatNumber(inForce)}）少于本年制发件数（${formatNumber(issued)}），只有本年制发的文件当年又废止时才会如此，请核对。`,
  feeUnit: (value: number): string =>
    `表二“行政事业性收费”为 ${formatNumber(value)} 万元，数额异常，可能是按“元”填写的。本栏单位为万元：按元统计的，请除以 10000（即 ${formatNumber(value / 10000)} 万元）。`,
  extra: (id: string): string => `数据中的“${id}”不是本格式的单元格，已忽略，请核对单元格编号。`,
  fix: (label: string, value: number, cleared: number): string =>
    cleared > 1
      ? `把${label}改为 ${formatNumber(value)}，可同时消除 ${cleared} 条错误。`
      : `把${label}改为 ${formatNumber(value)}，可消除这条错误。`,
} as const;
