import { namesOtherYear, sentenceAt, type Span, type TextReading } from './figures';

/**
 * Claims without figures that the tables can contradict: 均获维持, 均予以公开, 未发生行政复议,
 * 未收到申请, 未收取信息处理费 / 未发出收费通知. Read from a text already read by `readText`.
 */

/** A claim and the words it rests on. */
export type Claim =
  /** 均获维持: every case of these 表四 groups ended 结果维持. */
  | { readonly kind: 'allUpheld'; readonly groups: readonly string[]; readonly span: Span }
  /** 均予以公开: every application handled was 予以公开. */
  | { readonly kind: 'allDisclosed'; readonly span: Span }
  /** 未发生行政复议/行政诉讼 (or 未被纠错): the 表四 groups' column is 0. */
  | { readonly kind: 'noCases'; readonly groups: readonly string[]; readonly column: 'total' | 'corrected'; readonly span: Span }
  /** 未收到申请 / 无上年结转申请. */
  | { readonly kind: 'noApplications'; readonly row: 'new' | 'carried'; readonly span: Span }
  /** 未发出收费通知 / 未收取信息处理费. */
  | { readonly kind: 'noFee'; readonly key: 'feeNotices' | 'feeCollectedYuan'; readonly span: Span };

const ALL_UPHELD = /(?:均|全部|都|皆)(?:已|已经)?(?:获得?|被|予以|得到|为)?维持/g;
const ALL_DISCLOSED = /(?:均|全部|都)(?:已|已经)?(?:依法)?(?:予以)?公开/g;
/** A denial; 无 not as in 无法、无正当理由、无力、无偿…. */
const DENIAL = /未发生|未出现|未产生|未有|没有发生|没有|未收到|未接到|未受理|未发出|未收取|不存在|无(?![法正力偿需须论疑误关障纸缝差效])/g;
/** A denial reaches to the end of its clause; 、和及 join what it denies (未发生行政复议、行政诉讼). */
const SCOPE_BREAKS = '，,。；;！？!?…\n：:';
const CLAUSE_BREAKS = `${SCOPE_BREAKS}、（）()`;
const CASES = /复议|诉讼|起诉/;
const CORRECTED = /纠正|纠错|败诉|撤销|确认违法/;
const DIRECT = /(?:未经(?:行政)?复议)?直接(?:起诉|提起(?:行政)?诉讼)/;
const AFTER_REVIEW = /复议后(?:起诉|提起(?:行政)?诉讼)/;
const RECEIVED = /收到|受理|接到|新收/;
const FEE = /信息处理费|收费|缴费|费用/;
/** Words that name the 信息处理费 themselves; plain 收费/费用 only in a sentence about 信息/申请. */
const FEE_NAMED = /信息处理费|收费通知|缴费通知/;
const FEE_NOTICE = /收费通知|缴费通知/;
const ABOUT_DISCLOSURE = /信息|申请/;

/** The 表四 groups a phrase names: 行政复议, 行政诉讼 (both kinds), or one kind of 起诉. */
export function caseGroups(words: string): string[] {
  const groups = new Set<string>();
  let rest = words;
  if (DIRECT.test(rest)) groups.add('suitDirect');
  rest = rest.split(DIRECT).join('');
  if (AFTER_REVIEW.test(rest)) groups.add('suitAfterReview');
  rest = rest.split(AFTER_REVIEW).join('');
  if (/复议/.test(rest)) groups.add('review');
  if (/诉讼|起诉/.test(rest)) {
    groups.add('suitDirect');
    groups.add('suitAfterReview');
  }
  return [...groups];
}

function end(text: string, from: number, breaks: string): number {
  for (let i = from; i < text.length; i++) if (breaks.includes(text.charAt(i))) return i;
  return text.length;
}

function start(text: string, to: number, breaks: string, floor: number): number {
  for (let i = to - 1; i >= floor; i--) if (breaks.includes(text.charAt(i))) return i + 1;
  return floor;
}

/** The 表四 groups the sentence (or, failing that, the nearest sentence before it) speaks of; all three when none. */
function upheldGroups(reading: TextReading, sentence: Span): string[] {
  const groupsIn = (s: Span): string[] => [
    ...new Set(
      reading.cues
        .filter((m) => m.cue.table === 'T4' && m.cue.rows !== undefined && m.start >= s.start && m.end <= s.end)
        .flatMap((m) => (m.cue.rows?.[0] ?? []).filter((r): r is string => typeof r === 'string')),
    ),
  ];
  const earlier = reading.sentences.filter((s) => s.end <= sentence.start).reverse();
  for (const s of [sentence, ...earlier]) {
    const groups = groupsIn(s);
    if (groups.length > 0) return groups;
  }
  return ['review', 'suitDirect', 'suitAfterReview'];
}

/** The claims of a text, in order; claims about another year (2023年未发生…) are left out. */
export function findClaims(reading: TextReading, year: number | null | undefined): Claim[] {
  const { masked } = reading;
  const claims: { claim: Claim; at: number }[] = [];
  const sentenceOf = (at: number): Span => sentenceAt(reading.sentences, at) ?? { start: 0, end: masked.length };
  const otherYear = (sentence: Span, at: number): boolean =>
    namesOtherYear(reading, sentence, start(masked, at, CLAUSE_BREAKS, sentence.start), at, year);
  for (const m of masked.matchAll(ALL_UPHELD)) {
    const sentence = sentenceOf(m.index);
    if (otherYear(sentence, m.index)) continue;
    const span = { start: m.index, end: m.index + m[0].length };
    claims.push({ claim: { kind: 'allUpheld', groups: upheldGroups(reading, sentence), span }, at: span.start });
  }
  for (const m of masked.matchAll(ALL_DISCLOSED)) {
    const sentence = sentenceOf(m.index);
    if (!/申请/.test(masked.slice(sentence.start, sentence.end)) || otherYear(sentence, m.index)) continue;
    claims.push({ claim: { kind: 'allDisclosed', span: { start: m.index, end: m.index + m[0].length } }, at: m.index });
  }
  let reach = -1;
  for (const m of masked.matchAll(DENIAL)) {
    const from = m.index;
    // A denial within another's reach (未发生行政复议、无行政诉讼) is part of it.
    if (from < reach) continue;
    const sentence = sentenceOf(from);
    const to = Math.min(end(masked, from + m[0].length, SCOPE_BREAKS), sentence.end);
    const scope = masked.slice(from + m[0].length, to);
    const span = { start: from, end: to };
    reach = to;
    // A figure in reach is stated, not denied (无…行政复议 0 件 is for N.mismatch).
    if (reading.figures.some((f) => f.start >= span.start && f.end <= span.end)) continue;
    if (otherYear(sentence, from)) continue;
    let claim: Claim | null = null;
    if (CASES.test(scope)) {
      const groups = caseGroups(scope);
      if (groups.length > 0) claim = { kind: 'noCases', groups, column: CORRECTED.test(scope) ? 'corrected' : 'total', span };
    } else if (/结转/.test(scope)) {
      if (/上一?年/.test(scope) && /申请/.test(scope)) claim = { kind: 'noApplications', row: 'carried', span };
    } else if (/申请/.test(scope) && (RECEIVED.test(m[0]) || RECEIVED.test(scope))) {
      claim = { kind: 'noApplications', row: 'new', span };
    } else if (
      FEE.test(scope) &&
      !/行政事业性收费/.test(scope) &&
      (FEE_NAMED.test(scope) || ABOUT_DISCLOSURE.test(masked.slice(sentence.start, sentence.end)))
    ) {
      claim = { kind: 'noFee', key: FEE_NOTICE.test(scope) || m[0] === '未发出' ? 'feeNotices' : 'feeCollectedYuan', span };
    }
    if (claim) claims.push({ claim, at: from });
  }
  return claims.sort((a, b) => a.at - b.at).map((c) => c.claim);
}
