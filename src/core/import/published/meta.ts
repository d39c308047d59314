import { SECTION_HEADINGS_2021 } from '../../format';
import { parseChineseNumber } from '../../narrative/figures';
import { compact, type HeadingMatch } from '../../narrative/outline';
import type { InfoKey } from '../../report/info';
import type { ReportInfo } from '../../report/types';
import type { Finding } from '../../rules/evaluate';
import { IMPORT_MESSAGES } from './messages';
import { isDateLine, type Paragraph } from './narrative';
import { endsSentence } from './normalize';

/**
 * What a published report says about itself: the organ and year (title), the statistics period, the date
 * it was signed, and the 基本信息 its preamble states (who compiled it, website, phone, fax, postcode,
 * address) and section 六's fee facts. The dates give F.deadline and F.year.
 */

export interface Meta {
  readonly year: number | null;
  readonly organ: string | null;
  readonly info: ReportInfo;
  readonly problems: readonly Finding[];
  /** `info:<key>` → the place it was read from. */
  readonly places: ReadonlyMap<string, string>;
}

/** Longest paragraph any of these patterns is tried on (keeps every match linear enough). */
const MAX_SCANNED = 3000;
const TITLE = /^(.{0,40}?)((?:19|20)\d{2})年度?(.{0,40}?)政府信息公开(?:工作)?年度报告/;
const PLACE_NAME = /[省市县区旗州盟镇乡]$/;
const PERIOD = /统计期限[^。]{0,20}?(\d{4})年1月1日[^。]{0,20}?(?:(\d{4})年)?12月31日/;
const COMPILED_BY = /由([^，,。；;《》]{2,30}?)(?:负责)?(?:编制|编写|制作|起草)/;
const WEBSITE =
  /(?:https?:\/\/)?(?:[A-Za-z0-9-]{1,63}\.){1,6}(?:gov\.cn|com\.cn|org\.cn|cn|com|net|org)(?:\/[A-Za-z0-9_\-./?=&%#]{0,200})?/i;
const PHONE = /(?:联系电话|咨询电话|电话)[:：]?((?:\d|[-－—()（） ]){6,24}\d)/;
const FAX = /传真[:：]?((?:\d|[-－—()（） ]){6,24}\d)/;
const POSTCODE = /(?:邮编|邮政编码)[:：]?(\d{6})(?!\d)/;
const ADDRESS = /(?:联系地址|通讯地址|办公地址|地址)[:：]([^，,。；;）)\n]{2,60})/;
const SIGNATURE_MAX = 30;

const CN_DIGIT: Readonly<Record<string, string>> = {
  〇: '0',
  '○': '0',
  零: '0',
  一: '1',
  二: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};

/** `2025 年 1 月 16 日` or `二〇二五年一月十六日` as `2025-01-16`; null when it is no real date. */
export function isoDate(text: string): string | null {
  const t = compact(text);
  const m = /((?:\d|[〇○零一二三四五六七八九]){4})年([\d一二三四五六七八九十]{1,3})月([\d一二三四五六七八九十]{1,3})日/.exec(t);
  if (!m) return null;
  const year = Number([...(m[1] ?? '')].map((ch) => CN_DIGIT[ch] ?? ch).join(''));
  const part = (s: string): number | null => (/^\d+$/.test(s) ? Number(s) : parseChineseNumber(s));
  const month = part(m[2] ?? '');
  const day = part(m[3] ?? '');
  if (month === null || day === null || !Number.isInteger(year)) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

interface Found {
  readonly value: string;
  readonly place: string;
}

function firstMatch(paragraphs: readonly Paragraph[], pattern: RegExp, group = 1): Found | null {
  for (const p of paragraphs) {
    if (p.text.length > MAX_SCANNED) continue;
    const m = pattern.exec(p.text);
    const v = m?.[group]?.trim();
    if (v) return { value: v, place: p.place };
  }
  return null;
}

/** The 基本信息 read as text from the preamble and the signature. */
type TextInfoKey = Extract<InfoKey, 'compiledBy' | 'website' | 'phone' | 'fax' | 'postcode' | 'address'>;
type FeeFacts = Partial<Record<'feeNotices' | 'feeAmountYuan' | 'feeCollectedYuan', number>>;

/** The fee facts section 六 states: 未收取 (nothing issued, nothing charged) or the figures it gives. */
function feeFacts(paragraphs: readonly Paragraph[], headings: readonly HeadingMatch[]): FeeFacts {
  const six = headings.find((h) => h.section === SECTION_HEADINGS_2021.length - 1);
  if (!six) return {};
  const body = paragraphs
    .slice(six.paragraph + 1)
    .filter((p) => !p.heading && p.text.length <= MAX_SCANNED)
    .map((p) => compact(p.text))
    .join('。');
  const out: FeeFacts = {};
  const notices = /发出(?:信息处理费)?(?:收费|缴费)通知(?:书)?(\d+)件/.exec(body);
  const amount = /(?:收费通知|通知)[^。]{0,12}?金额(?:共计|合计|为)?(\d+(?:\.\d+)?)元/.exec(body);
  const collected = /实际收取[^。\d]{0,15}?(\d+(?:\.\d+)?)元/.exec(body);
  if (notices) out.feeNotices = Number(notices[1]);
  else if (/未(?:发出|开具)[^。]{0,10}(?:收费|缴费)通知/.test(body)) out.feeNotices = 0;
  if (amount) out.feeAmountYuan = Number(amount[1]);
  if (collected) out.feeCollectedYuan = Number(collected[1]);
  else if (/未实际收取/.test(body)) out.feeCollectedYuan = 0;
  if (
    out.feeNotices === undefined &&
    /(?:未(?:收取|收|产生)[^。]{0,15}(?:信息处理费|处理费)|无[^。]{0,10}(?:信息处理费|信息公开收费))/.test(body)
  ) {
    // Nothing charged: no notice issued and no amount noticed (the figures section 六 then reports as 0).
    out.feeNotices = 0;
    out.feeAmountYuan ??= 0;
  }
  return out;
}

/** Read the report's metadata from its paragraphs; `headings`: the section headings among them (`findHeadings`). */
export function readMeta(paragraphs: readonly Paragraph[], headings: readonly HeadingMatch[]): Meta {
  const info: ReportInfo = {};
  const places = new Map<string, string>();
  const problems: Finding[] = [];
  const firstHeading = headings[0]?.paragraph ?? Math.min(paragraphs.length, 12);
  const preamble = paragraphs.slice(0, Math.max(firstHeading, 1));

  // Title: {organ}{year}年政府信息公开工作年度报告 (or the year first).
  let year: number | null = null;
  let organ: string | null = null;
  let titlePlace: string | null = null;
  // A page's sidebar may list other reports' titles (其他年度报告) before the report's own: take a title
  // marked as a heading, else the last title before the first section heading (the one the preamble follows).
  const titles: { readonly i: number; readonly m: RegExpExecArray }[] = [];
  for (let i = 0; i < Math.min(paragraphs.length, Math.max(firstHeading, 12)); i++) {
    const p = paragraphs[i];
    if (!p || p.text.length > 200) continue;
    const m = TITLE.exec(compact(p.text));
    if (m) titles.push({ i, m });
  }
  const chosen = titles.find((t) => (paragraphs[t.i]?.level ?? null) !== null) ?? titles[titles.length - 1];
  if (chosen) {
    const { i, m } = chosen;
    const p = paragraphs[i]!;
    year = Number(m[2]);
    titlePlace = p.place;
    const named = (m[1] || m[3] || '').replace(/^[《“"]+|[》”"]+$/g, '');
    const before = paragraphs[i - 1];
    organ =
      named !== '' ? named : before && before.text.length <= SIGNATURE_MAX && !endsSentence(before.text) ? compact(before.text) : null;
  }
  const compactParas = paragraphs.map((p) => ({ ...p, text: compact(p.text) }));
  const whole = compactParas
    .filter((_, i) => (paragraphs[i]?.text.length ?? 0) <= MAX_SCANNED)
    .map((p) => p.text)
    .join('\n');
  if (organ && PLACE_NAME.test(organ) && whole.includes(`${organ}人民政府`)) organ = `${organ}人民政府`;
  if (titlePlace) {
    places.set('info:year', titlePlace);
    places.set('info:organ', titlePlace);
  }

  const period = firstMatch(compactParas, PERIOD);
  const periodYear = period ? Number(period.value) : null;
  if (year === null && periodYear !== null) year = periodYear;

  const set = (key: TextInfoKey, found: Found | null): void => {
    if (!found) return;
    info[key] = found.value;
    places.set(`info:${key}`, found.place);
  };
  const preambleCompact = compactParas.slice(0, preamble.length);
  set('compiledBy', firstMatch(preambleCompact, COMPILED_BY));
  const site = firstMatch(preamble, WEBSITE, 0) ?? firstMatch(paragraphs, WEBSITE, 0);
  set('website', site ? { ...site, value: site.value.replace(/[/.]+$/, '') } : null);
  set('phone', firstMatch(preambleCompact, PHONE) ?? firstMatch(compactParas, PHONE));
  set('fax', firstMatch(preambleCompact, FAX) ?? firstMatch(compactParas, FAX));
  set('postcode', firstMatch(preambleCompact, POSTCODE) ?? firstMatch(compactParas, POSTCODE));
  set('address', firstMatch(preamble, ADDRESS) ?? firstMatch(paragraphs, ADDRESS));

  // The date it was signed: the last paragraph that is a date, near the end; the signature just above it.
  let dateAt = -1;
  for (let i = paragraphs.length - 1; i >= Math.max(0, paragraphs.length - 6); i--) {
    if (isDateLine(paragraphs[i]?.text ?? '')) {
      dateAt = i;
      break;
    }
  }
  const datePara = paragraphs[dateAt];
  const published = datePara ? isoDate(datePara.text) : null;
  if (datePara && published) {
    info.publishedOn = published;
    places.set('info:publishedOn', datePara.place);
    const signature = paragraphs[dateAt - 1];
    if (
      info.compiledBy === undefined &&
      signature &&
      signature.text.length <= SIGNATURE_MAX &&
      !endsSentence(signature.text) &&
      !signature.heading
    ) {
      set('compiledBy', { value: signature.text.trim(), place: signature.place });
    }
  }
  Object.assign(info, feeFacts(paragraphs, headings));

  if (year !== null && published) {
    const place = places.get('info:publishedOn') ?? '';
    if (published > `${year + 1}-01-31`) {
      problems.push({
        rule: 'F.deadline',
        severity: 'warning',
        message: IMPORT_MESSAGES.deadline(published, year, place),
        cells: ['info:publishedOn'],
        address: place,
      });
    } else if (published <= `${year}-12-31` && titlePlace) {
      problems.push({
        rule: 'F.year',
        severity: 'warning',
        message: IMPORT_MESSAGES.yearDate(year, published, place),
        cells: ['info:publishedOn'],
        address: place,
      });
    }
  }
  if (year !== null && titlePlace && periodYear !== null && periodYear !== year && period) {
    problems.push({
      rule: 'F.year',
      severity: 'warning',
      message: IMPORT_MESSAGES.yearPeriod(year, periodYear, period.place),
      cells: ['info:year'],
      address: period.place,
    });
  }
  return { year, organ: organ && organ !== '' ? organ : null, info, problems, places };
}
