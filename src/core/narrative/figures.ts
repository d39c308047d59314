import { FIGURE_CUES, PERCENT_CUES, type FigureCue, type Measure, type PercentCue, type UnitKind } from './phrases';

/**
 * Figures in Chinese report text: Arabic numbers (1,735 · 9669.2526 · full-width １２), Chinese numerals
 * (十二、一百零三、两), each with its unit, the words before it in its clause, and — where the phrase
 * catalogue (`phrases.ts`) recognises them — the cells of the tables it states.
 * A number without a unit is not a figure: years, dates, phone numbers, postcodes, 〔2021〕30号,
 * list ordinals (一是、（一）、1.) and 共计6部分 are never taken.
 */

export type FigureUnit = '件' | '项' | '条' | '个' | '次' | '宗' | '起' | '部' | '元' | '万元' | '亿元' | '%';

const UNIT_KINDS: Readonly<Record<FigureUnit, UnitKind>> = {
  件: 'count',
  项: 'count',
  条: 'count',
  个: 'count',
  次: 'count',
  宗: 'count',
  起: 'count',
  部: 'count',
  元: 'money',
  万元: 'money',
  亿元: 'money',
  '%': 'percent',
};

/** What kind of quantity a unit measures. */
export function unitKind(unit: FigureUnit): UnitKind {
  return UNIT_KINDS[unit];
}

/** What a figure states, as far as the phrase catalogue can tell. */
export type FigureMeaning =
  /** A count or an amount of the tables (or of 基本信息's 信息处理费). */
  | { readonly kind: 'amount'; readonly name: string; readonly measure: Measure }
  /** 答复率: 办结 ÷ (新收 + 上年结转). */
  | { readonly kind: 'rate'; readonly name: string }
  /** 占…的 x%: the figure before it over a named base. */
  | {
      readonly kind: 'share';
      readonly name: string;
      readonly numerator: Measure;
      readonly numeratorName: string;
      readonly base: Measure;
      readonly baseName: string;
    }
  /** 同比增长/下降 x%: a measure against last year's. */
  | { readonly kind: 'change'; readonly name: string; readonly measure: Measure; readonly subject: string; readonly direction: 1 | -1 };

/** A figure found in a text. Offsets are into the text as given (the reader keeps every character's place). */
export interface TextFigure {
  readonly value: number;
  readonly unit: FigureUnit;
  /** As written, e.g. `十二件`, `12 件`, `1,735条`. */
  readonly raw: string;
  readonly start: number;
  readonly end: number;
  /** Decimals as written: the precision the text claims (9669.25 万元 → 2). */
  readonly decimals: number;
  /** 约、近、以上、左右, or part of a range: not an exact figure, never checked. */
  readonly approximate: boolean;
  /** The words before the figure within its clause. */
  readonly phrase: string;
  /** The cells it states; `null` when no phrase of the catalogue names it, or it is about another year. */
  readonly meaning: FigureMeaning | null;
}

/** Where a cue of the catalogue occurs in a text. */
export interface CueMatch {
  readonly cue: FigureCue;
  readonly start: number;
  readonly end: number;
  readonly year: number | null;
}

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A text read once: the sentences, the cues and the figures, for the checks to share. */
export interface TextReading {
  /** The text with full-width digits, ．and ％ made half-width (same length, same offsets). */
  readonly text: string;
  /** `text` with the inside of 《…》 blanked, so titles of laws name nothing. */
  readonly masked: string;
  readonly sentences: readonly Span[];
  readonly cues: readonly CueMatch[];
  readonly figures: readonly TextFigure[];
}

export interface ReadOptions {
  /** The report year: figures about another year (2023年收到…) are not the tables' figures. */
  readonly year?: number | null;
}

const SENTENCE_BREAKS = '。！？!?…\n';
const CLAUSE_BREAKS = `${SENTENCE_BREAKS}，,；;：:、（）()`;
const MASK = '□';

const CN_DIGITS: Readonly<Record<string, number>> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_SMALL: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };
const CN_BIG: Readonly<Record<string, number>> = { 万: 1e4, 亿: 1e8 };

/** A Chinese numeral's value: 十二 → 12, 一百零三 → 103, 两千 → 2000, 一万二千 → 12000, 二〇二四 → 2024; null for 三四 (three or four). */
export function parseChineseNumber(s: string): number | null {
  if (s === '') return null;
  // Digits one after another read positionally when a zero shows it (二〇二四); 三四件 is "three or four".
  if ([...s].every((ch) => CN_DIGITS[ch] !== undefined)) {
    if (s.length === 1) return CN_DIGITS[s] ?? null;
    return /[〇零]/.test(s) ? Number([...s].map((ch) => String(CN_DIGITS[ch])).join('')) : null;
  }
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const ch of s) {
    const d = CN_DIGITS[ch];
    const small = CN_SMALL[ch];
    const big = CN_BIG[ch];
    if (d !== undefined) {
      if (digit !== null && digit !== 0 && d !== 0) return null;
      digit = d;
    } else if (small !== undefined) {
      section += (digit ?? 1) * small;
      digit = null;
    } else if (big !== undefined) {
      section += digit ?? 0;
      total += (section === 0 ? 1 : section) * big;
      section = 0;
      digit = null;
    } else {
      return null;
    }
  }
  return total + section + (digit ?? 0);
}

function halfWidth(text: string): string {
  return text.replace(/[０-９．％]/g, (ch) =>
    ch === '．' ? '.' : ch === '％' ? '%' : String.fromCharCode(ch.charCodeAt(0) - 0xff10 + 48),
  );
}

function maskTitles(text: string): string {
  return text.replace(/《[^《》]*》/g, (m) => `《${MASK.repeat(m.length - 2)}》`);
}

const FIGURE =
  /(?<pct>百分之(?<pctNum>[零〇一二两三四五六七八九十百千]+|\d+(?:\.\d+)?))|(?:(?<ar>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)|(?<cn>[零〇一二两三四五六七八九十百千万亿]+?))[ \t\u00a0\u3000]*(?<mult>万(?=[件项条个次宗起]))?(?<unit>万元|亿元|元|%|[件项条个次宗起部])/g;
/** Before an Arabic number: part of a code, a phone number, a version, a list ordinal. */
const AR_BEFORE = /[\d.,A-Za-z\-/_#〔[]$/;
/** Before a Chinese numeral: an ordinal or a word (第一、每一、统一、唯一、之一). */
const CN_BEFORE = /[第每某任统唯同单逐之万专其]$/;
const CN_SOME_DIGIT = /[零〇一二两三四五六七八九十]/;
/** After a unit: the unit is part of a word (部分、部门、一次性、一条龙、个工作日、3个百分点、起诉). */
const AFTER_UNIT: Readonly<Partial<Record<FigureUnit, RegExp>>> = {
  部: /^[分门署位委长队属级]/,
  次: /^性/,
  条: /^龙/,
  个: /^(?:百分点|工作日|自然日|月|小时|季度|星期|周|年|日|天)/,
  起: /^[诉草至到止步来点始]/,
};
const APPROX_BEFORE = /(?:约|近|逾|超过|超|将近|大约|上|达近)\s*$/;
const APPROX_AFTER = /^\s*(?:左右|以上|以下|上下|之多|多|余)/;
const RANGE_BEFORE = /[\d零〇一二两三四五六七八九十百千万]\s*[至到\-~～—－]\s*$/;
const FILLER = /^(?:其中|共|共计|合计|总计|另有|另|有|还有|计|尚有|仍有|已有|全年|全年共)?$/;
const YEAR = /(\d{4})\s*年/g;
const OTHER_YEAR = /上一?年度?|去年|前年/g;
const RESPECTIVELY = /分别/;

/** Global copies of the catalogue's patterns, made once. */
const CUE_SCANNERS: readonly { readonly cue: FigureCue; readonly re: RegExp }[] = FIGURE_CUES.map((cue) => ({
  cue,
  re: new RegExp(cue.pattern.source, 'g'),
}));

const PERCENT_SCANNERS: readonly { readonly cue: PercentCue; readonly re: RegExp }[] = PERCENT_CUES.map((cue) => ({
  cue,
  re: new RegExp(cue.pattern.source, 'g'),
}));

function numberAt(groups: Record<string, string | undefined>): { value: number; decimals: number } | null {
  const pct = groups['pctNum'];
  const ar = groups['ar'];
  const cn = groups['cn'];
  const text = pct ?? ar ?? cn ?? '';
  if (ar !== undefined || (pct !== undefined && /^\d/.test(pct))) {
    const value = Number(text.replace(/,/g, ''));
    const dot = text.indexOf('.');
    return Number.isFinite(value) ? { value, decimals: dot < 0 ? 0 : text.length - dot - 1 } : null;
  }
  if (!CN_SOME_DIGIT.test(text) && text !== '百') return null;
  const value = parseChineseNumber(text);
  return value === null ? null : { value, decimals: 0 };
}

/** The figures of a text, without reading what they mean (no cue, no year). */
function scanNumbers(text: string): Omit<TextFigure, 'phrase' | 'meaning'>[] {
  const out: Omit<TextFigure, 'phrase' | 'meaning'>[] = [];
  for (const m of text.matchAll(FIGURE)) {
    const g = m.groups ?? {};
    const start = m.index;
    const end = start + m[0].length;
    const before = text.slice(Math.max(0, start - 4), start);
    const after = text.slice(end, end + 6);
    const unit = (g['pct'] !== undefined ? '%' : g['unit']) as FigureUnit;
    if (g['ar'] !== undefined && AR_BEFORE.test(before)) continue;
    if (g['cn'] !== undefined && (CN_BEFORE.test(before) || (unit === '起' && g['cn'] === '一'))) continue;
    const rule = AFTER_UNIT[unit];
    if (rule?.test(after)) continue;
    if (unit.length === 1 && unit !== '%' && after.startsWith(unit)) continue;
    const n = numberAt(g);
    if (!n) continue;
    const value = g['mult'] !== undefined ? n.value * 1e4 : n.value;
    const approximate =
      APPROX_BEFORE.test(before) || APPROX_AFTER.test(after) || RANGE_BEFORE.test(text.slice(Math.max(0, start - 12), start));
    out.push({ value, unit, raw: m[0], start, end, decimals: n.decimals, approximate });
  }
  return out;
}

const SENTENCE_BREAK = /[。！？!?…\n]/g;

function sentencesOf(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (const m of text.matchAll(SENTENCE_BREAK)) {
    if (m.index > start) spans.push({ start, end: m.index });
    start = m.index + 1;
  }
  if (start < text.length) spans.push({ start, end: text.length });
  return spans;
}

/** The sentence holding `offset` (binary search over sentences in order). */
export function sentenceAt(sentences: readonly Span[], offset: number): Span | undefined {
  let lo = 0;
  let hi = sentences.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = sentences[mid];
    if (!s) break;
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return s;
  }
  return undefined;
}

function clauseStartBefore(text: string, at: number, floor: number): number {
  for (let i = at - 1; i >= floor; i--) if (CLAUSE_BREAKS.includes(text.charAt(i))) return i + 1;
  return floor;
}

function clauseEndAfter(text: string, at: number, ceiling: number): number {
  for (let i = at; i < ceiling; i++) if (CLAUSE_BREAKS.includes(text.charAt(i))) return i;
  return ceiling;
}

function cueMatches(masked: string): CueMatch[] {
  const out: CueMatch[] = [];
  for (const { cue, re } of CUE_SCANNERS) {
    for (const m of masked.matchAll(re)) {
      const y = m.groups?.['year'];
      out.push({ cue, start: m.index, end: m.index + m[0].length, year: y === undefined ? null : Number(y) });
    }
  }
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** Everything the meaning of one figure is read from. */
interface Place {
  readonly reading: Omit<TextReading, 'figures'>;
  readonly sentence: Span;
  readonly clause: Span;
  readonly figures: readonly Omit<TextFigure, 'phrase' | 'meaning'>[];
  readonly options: ReadOptions;
}

function admissible(m: CueMatch, kind: UnitKind, place: Place): boolean {
  const { cue } = m;
  if (!cue.units.includes(kind)) return false;
  const { masked } = place.reading;
  const clause = masked.slice(place.clause.start, place.clause.end);
  if (cue.clauseNeeds && !cue.clauseNeeds.test(clause)) return false;
  if (cue.clauseForbids?.test(clause)) return false;
  if (cue.sentenceNeeds && !cue.sentenceNeeds.test(masked.slice(place.sentence.start, place.sentence.end))) return false;
  const year = place.options.year;
  if (m.year !== null && cue.yearOffset !== undefined && typeof year === 'number' && m.year !== year + cue.yearOffset) return false;
  return true;
}

/** Cues before `at` in the clause (nearest first, longest first), with no other figure in between. */
function cuesBefore(place: Place, at: number): CueMatch[] {
  const blocked = place.figures.filter((f) => f.end <= at).reduce((max, f) => Math.max(max, f.end), -1);
  return place.reading.cues
    .filter((m) => m.end <= at && m.end > place.clause.start && m.start >= place.sentence.start && m.start >= blocked)
    .sort((a, b) => b.end - a.end || a.start - b.start);
}

function cuesAfter(place: Place, at: number): CueMatch[] {
  const next = place.figures.find((f) => f.start >= at)?.start ?? Number.POSITIVE_INFINITY;
  return place.reading.cues.filter((m) => m.start >= at && m.end <= place.clause.end && m.end <= next);
}

/** The cue that lends `part` to a cue of `table` that lacks it: its clause first, then (if it lends so far) its sentence. */
function lender(
  place: Place,
  table: FigureCue['table'],
  part: 'rows' | 'columns',
  kind: UnitKind,
  at: { start: number; end: number },
): CueMatch | null {
  const sentence = place.reading.masked.slice(place.sentence.start, place.sentence.end);
  const fits = (m: CueMatch): boolean =>
    m.cue.table === table && m.cue[part] !== undefined && m.cue.units.includes(kind) && (m.cue.sentenceNeeds?.test(sentence) ?? true);
  const { cues } = place.reading;
  const inClauseBefore = cues.filter((m) => fits(m) && m.start >= place.clause.start && m.end <= at.start).sort((a, b) => b.end - a.end);
  const inClauseAfter = cues.filter((m) => fits(m) && m.start >= at.end && m.end <= place.clause.end);
  const inSentence = cues
    .filter((m) => fits(m) && m.cue.lends === 'sentence' && m.start >= place.sentence.start && m.end <= place.clause.start)
    .sort((a, b) => b.end - a.end);
  return inClauseBefore[0] ?? inClauseAfter[0] ?? inSentence[0] ?? null;
}

/** What a cue names, completed by the cues that lend it rows or columns: the measure and its name (规章（制发）). */
function measureOf(
  m: CueMatch,
  kind: UnitKind,
  place: Place,
  figure: { start: number; end: number },
): { measure: Measure; name: string } | null {
  const { cue } = m;
  if (cue.table === 'info') {
    const key = cue.infoKeys?.[kind];
    return key ? { measure: { table: 'info', key }, name: cue.name } : null;
  }
  const span = { start: Math.min(m.start, figure.start), end: Math.max(m.end, figure.end) };
  const rowLender = cue.rows ? null : lender(place, cue.table, 'rows', kind, span);
  const columnLender = cue.columns ? null : lender(place, cue.table, 'columns', kind, span);
  const rows = cue.rows ?? rowLender?.cue.rows;
  const columns = cue.columns ?? columnLender?.cue.columns ?? cue.defaultColumns;
  if (!rows || !columns) return null;
  const name = rowLender ? `${rowLender.cue.name}（${cue.name}）` : columnLender ? `${cue.name}（${columnLender.cue.name}）` : cue.name;
  // N件（含上年结转…）: the figure may count 上年结转 too.
  if (cue.carriedNote && /^\s*[（(]含[^）)]*结转/.test(place.reading.masked.slice(figure.end, figure.end + 20))) {
    return { measure: { table: cue.table, rows: [...rows, ...rows.map((alt) => [...alt, 'carried'])], columns }, name };
  }
  return { measure: { table: cue.table, rows, columns }, name };
}

/**
 * Whether the words before `at` (in its sentence) are about a year other than the report's: the nearest
 * 4-digit year (2023年收到…), or 上年/去年 in the clause — outside the cues that name years themselves
 * (2023年结转, 结转至2025年, 上年结转).
 */
export function namesOtherYear(
  reading: Pick<TextReading, 'masked' | 'cues'>,
  sentence: Span,
  clauseStart: number,
  at: number,
  year: number | null | undefined,
): boolean {
  const { masked, cues } = reading;
  const inCue = (start: number, end: number): boolean => cues.some((m) => m.start <= start && m.end >= end);
  if (typeof year === 'number') {
    let nearest: number | null = null;
    for (const m of masked.slice(sentence.start, at).matchAll(YEAR)) {
      const start = sentence.start + m.index;
      if (!inCue(start, start + m[0].length)) nearest = Number(m[1]);
    }
    if (nearest !== null && nearest !== year) return true;
  }
  for (const m of masked.slice(clauseStart, at).matchAll(OTHER_YEAR)) {
    const start = clauseStart + m.index;
    if (!inCue(start, start + m[0].length)) return true;
  }
  return false;
}

function amountMeaning(figure: Omit<TextFigure, 'phrase' | 'meaning'>, place: Place): FigureMeaning | null {
  const kind = unitKind(figure.unit);
  const before = cuesBefore(place, figure.start);
  let primary = before.find((m) => admissible(m, kind, place)) ?? null;
  if (!primary && before.length === 0 && FILLER.test(place.reading.masked.slice(place.clause.start, figure.start).trim())) {
    primary = cuesAfter(place, figure.end).find((m) => admissible(m, kind, place)) ?? null;
  }
  if (!primary) return null;
  const found = measureOf(primary, kind, place, figure);
  return found ? { kind: 'amount', name: found.name, measure: found.measure } : null;
}

function percentMeaning(
  figure: Omit<TextFigure, 'phrase' | 'meaning'>,
  place: Place,
  earlier: readonly TextFigure[],
): FigureMeaning | null {
  const { masked } = place.reading;
  const clause = masked.slice(place.clause.start, figure.start);
  const previous = earlier
    .filter((f) => f.start >= place.sentence.start && f.meaning?.kind === 'amount' && unitKind(f.unit) === 'count')
    .at(-1);
  for (const { cue, re } of PERCENT_SCANNERS) {
    const found = [...clause.matchAll(re)].at(-1);
    if (!found) continue;
    if (cue.clauseForbids?.test(clause)) return null;
    if (cue.kind === 'rate') return { kind: 'rate', name: cue.name };
    if (cue.kind === 'change') {
      if (previous?.meaning?.kind !== 'amount') return null;
      return {
        kind: 'change',
        name: cue.name,
        measure: previous.meaning.measure,
        subject: previous.meaning.name,
        direction: found.groups?.['down'] ? -1 : 1,
      };
    }
    // 占…的 x%: the base is a cue between 占 and the figure; the numerator the figure before 占.
    const baseFrom = place.clause.start + found.index;
    const base = place.reading.cues.find((m) => m.cue.base === true && m.start >= baseFrom && m.end <= figure.start);
    if (!base || !previous || previous.meaning?.kind !== 'amount' || previous.end > baseFrom) return null;
    const baseMeasure = measureOf(base, 'count', place, figure);
    if (!baseMeasure) return null;
    return {
      kind: 'share',
      name: cue.name,
      numerator: previous.meaning.measure,
      numeratorName: previous.meaning.name,
      base: baseMeasure.measure,
      baseName: baseMeasure.name,
    };
  }
  return null;
}

/** Read a text once: its sentences, the catalogue's cues and every figure with what it states. */
export function readText(input: string, options: ReadOptions = {}): TextReading {
  const text = halfWidth(input);
  const masked = maskTitles(text);
  const sentences = sentencesOf(masked);
  const cues = cueMatches(masked);
  const numbers = scanNumbers(text);
  const figures: TextFigure[] = [];
  const base = { text, masked, sentences, cues };
  const { year } = options;
  for (const n of numbers) {
    const sentence = sentenceAt(sentences, n.start) ?? { start: 0, end: text.length };
    const clause = { start: clauseStartBefore(masked, n.start, sentence.start), end: clauseEndAfter(masked, n.end, sentence.end) };
    const place: Place = { reading: base, sentence, clause, figures: numbers, options };
    const phrase = text.slice(clause.start, n.start).trim();
    let meaning: FigureMeaning | null = null;
    if (
      !n.approximate &&
      !RESPECTIVELY.test(masked.slice(sentence.start, n.start)) &&
      !namesOtherYear(base, sentence, n.unit === '%' ? n.start : clause.start, n.start, year)
    ) {
      meaning = n.unit === '%' ? percentMeaning(n, place, figures) : amountMeaning(n, place);
    }
    figures.push({ ...n, raw: input.slice(n.start, n.end), phrase, meaning });
  }
  return { ...base, figures };
}

/** The figures of a text with their units, phrases and (where known) the cells they state. */
export function findFigures(text: string, options: ReadOptions = {}): TextFigure[] {
  return [...readText(text, options).figures];
}
