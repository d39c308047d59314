/**
 * The Chinese messages of the findings made while reading a published report (F.label, F.missingRow,
 * F.extra, F.oldFormat, F.deadline, F.year): each says where, what was found, what the format wants, and
 * what to do.
 */

/** `2025 年 1 月 16 日` for `2025-01-16`. */
function dateText(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y ?? ''} 年 ${m ?? ''} 月 ${d ?? ''} 日`;
}

export const IMPORT_MESSAGES = {
  label: (place: string, what: string, written: string, official: string): string =>
    `${place}的${what}“${written}”与年度报告格式的“${official}”不一致。请改为格式规定的文字。`,
  shortRow: (table: string, name: string, place: string, found: number, expected: number): string =>
    `${table}“${name}”行（${place}）只有 ${found} 个数字，而格式有 ${expected} 列，无法确定各数字属于哪一列，该行未读入。请核对该行，补齐缺少的数字（没有的填 0）。`,
  missingRow: (table: string, name: string, place: string): string =>
    `${table}中找不到“${name}”行（${place}）。请按年度报告格式补上该行（没有的填 0）。`,
  missingTable: (table: string, title: string, place: string | null): string =>
    `未找到${table}（“${title}”${place ? `，${place}的标题之下` : ''}）。请按年度报告格式补上该表（没有的填 0）。`,
  extraColumn: (table: string, label: string, place: string): string =>
    `${table}有格式以外的列“${label}”（${place}），该列的数字未读入。请删去该列，按年度报告格式列表。`,
  extraValues: (table: string, name: string, place: string, found: number, expected: number): string =>
    `${table}“${name}”（${place}）有 ${found} 个数字，而格式只有 ${expected} 列，多出的 ${found - expected} 个数字未读入。请核对并删去多余的数字或列。`,
  extraRow: (table: string, label: string, place: string): string =>
    `${table}${place}的“${label}”不是年度报告格式中的行，该行的数字未读入。请删去该行，或改用格式规定的行。`,
  duplicateRow: (table: string, name: string, place: string, first: string): string =>
    `${table}“${name}”行出现了两次（${first}、${place}），只读入了第一次的数字。请删去重复的行。`,
  oldFormat: (year: number, marker: string, place: string): string =>
    `本报告为 ${year} 年度，但表格使用的是 2019 年的试行格式（如“${marker}”，${place}）。2021 年度起应使用《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号），请按现行格式重新制表。`,
  deadline: (date: string, year: number, place: string): string =>
    `报告的落款日期为 ${dateText(date)}（${place}），晚于 ${year + 1} 年 1 月 31 日。年度报告应于次年 1 月 31 日前公布，请核对发布日期。`,
  yearPeriod: (titleYear: number, periodYear: number, place: string): string =>
    `标题中的报告年度为 ${titleYear} 年，而统计期限为 ${periodYear} 年（${place}），两者不一致。请核对报告年度和统计期限。`,
  yearDate: (titleYear: number, date: string, place: string): string =>
    `报告的落款日期为 ${dateText(date)}（${place}），早于 ${titleYear} 年度结束，与报告年度不符。请核对报告年度或落款日期。`,
  notReport: (): string =>
    '未找到政府信息公开工作年度报告的内容：既没有年度报告格式规定的表格（表二、表三、表四），也没有“一、总体情况”等六个部分的标题。请确认文件是已发布的年度报告。',
} as const;
