import { FORMATS, FORMAT_2021, cellSpec, type CellId, type FormatDef } from '../format';
import { INFO_FIELDS } from '../report/info';
import type { ReportData } from '../report/types';
import { TEXT_RULE_SEVERITY, type TextRuleId } from '../rules/catalogue';
import { classifyCell, usableValue } from '../rules/cell-value';
import type { Finding } from '../rules/evaluate';
import { formatNumber } from '../rules/messages';
import { TEXT_MESSAGES, formatPercent } from '../rules/text-messages';
import { findClaims, type Claim } from './claims';
import { PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN, REVIEW_OPEN } from './document';
import { readText, sentenceAt, unitKind, type FigureMeaning, type Span, type TextFigure, type TextReading } from './figures';
import { findHeadings, readParts, sectionsNotListed, type HeadingMatch } from './outline';
import { rowKeys, type Measure, type RowRef } from './phrases';
import { findRepeatedWords } from './repeats';

/** A paragraph of the report's text: a block id and its text. */
export interface TextParagraph {
  readonly id: string;
  readonly text: string;
}

export interface TextCheckOptions {
  /** Last year's report: enables 同比 percentages. */
  readonly previous?: ReportData;
  /**
   * Whether the paragraphs are a whole report, so that the six sections and section 六's fee statement are
   * checked. By default they are when three or more of the format's section headings are among them.
   */
  readonly whole?: boolean;
}

/** The 基本信息 facts, as cell ids: the workbook reader addresses them as `info:<key>`. */
const infoCell = (key: string): CellId => `info:${key}`;
const FEE_CELLS: readonly CellId[] = ['feeNotices', 'feeAmountYuan', 'feeCollectedYuan'].map(infoCell);
const FEE_STATEMENT = /信息处理费|收费通知|缴费通知|(?:信息公开|政府信息)[^。]{0,10}(?:收费|费用)|收取[^。]{0,10}费/;
const YUAN: Readonly<Record<string, number>> = { 元: 1, 万元: 1e4, 亿元: 1e8 };
const QUOTE_MAX = 40;
const QUOTE_BEFORE = 18;
const QUOTE_AFTER = 12;
const MONEY_SLACK = 1e-6;
const COUNT_SLACK = 1e-9;
/** Share of the format's section headings that marks the paragraphs as a whole report. */
const WHOLE_FROM_HEADINGS = 3;

/** One reading of a figure: the cells it sums, and how a message names them. */
interface Alternative {
  readonly cells: readonly CellId[];
  readonly where: string;
}

/** Everything the checks of one call share. */
interface Context {
  readonly data: ReportData;
  readonly format: FormatDef;
  readonly previous: ReportData | undefined;
}

/** A finding and where it belongs in reading order. */
interface Placed {
  readonly finding: Finding;
  readonly paragraph: number;
  readonly offset: number;
}

function valueOf(data: ReportData, id: CellId): number | null {
  if (id.startsWith('info:')) {
    const v = data.info?.[id.slice(5)];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  }
  return usableValue(classifyCell(data.cells[id]));
}

/** The sum of the cells; `null` when any is blank or not a usable number (the figure is then not assessed). */
function sumOf(data: ReportData, cells: readonly CellId[]): number | null {
  if (cells.length === 0) return null;
  let sum = 0;
  for (const id of cells) {
    const v = valueOf(data, id);
    if (v === null) return null;
    sum += v;
  }
  return sum;
}

function quoted(names: readonly string[]): string {
  return names.map((n) => `“${n}”`).join('与');
}

function columnsText(labels: readonly string[]): string {
  return labels.length > 2 ? `“${labels[0] ?? ''}”至“${labels.at(-1) ?? ''}”` : labels.map((l) => `“${l}”`).join('、');
}

/** The cells of one alternative of a measure, and how a message names them. */
function alternative(measure: Measure, rows: readonly RowRef[], format: FormatDef): Alternative {
  if (measure.table === 'info') {
    const label = INFO_FIELDS.find((f) => f.key === measure.key)?.label ?? measure.key;
    return { cells: [infoCell(measure.key)], where: `基本信息“${label}”` };
  }
  const { table, columns } = measure;
  if (table === 'T3') {
    const keys = rows.flatMap((ref) => rowKeys(ref, format.t3.rows));
    const cells = keys.flatMap((row) => columns.map((col) => `T3.${row}.${col}`));
    const rowText = rows
      .map((ref) =>
        typeof ref === 'string'
          ? `“${format.t3.rows.find((r) => r.key === ref)?.name ?? ref}”`
          : `“${ref.under.replace(/^（.）/, '')}”各项`,
      )
      .join('与');
    const rowWord = rows.every((ref) => typeof ref === 'string') ? '行' : '';
    const labels = columns.map((c) => format.t3.columns.find((k) => k.key === c)?.label ?? c);
    return { cells, where: `表三${rowText}${rowWord}${columnsText(labels)}列${cells.length > 1 ? '之和' : ''}` };
  }
  if (table === 'T4') {
    const keys = rows.filter((r): r is string => typeof r === 'string');
    const cells = keys.flatMap((g) => columns.map((col) => `T4.${g}.${col}`));
    const names = keys.map((g) => format.t4.groups.find((k) => k.key === g)?.name ?? g);
    const labels = columns.map((c) => format.t4.columns.find((k) => k.key === c)?.label ?? c);
    return { cells, where: `表四${quoted(names)}${names.length > 1 ? '的' : ''}${columnsText(labels)}${cells.length > 1 ? '之和' : ''}` };
  }
  const keys = rows.filter((r): r is string => typeof r === 'string');
  const cells = keys.flatMap((row) => columns.map((col) => `T2.${row}.${col}`));
  const labels = cells.map((id) => cellSpec(format, id)?.label ?? id);
  return { cells, where: labels.join('与') + (cells.length > 1 ? '之和' : '') };
}

function alternatives(measure: Measure, format: FormatDef): Alternative[] {
  if (measure.table === 'info') return [alternative(measure, [], format)];
  return measure.rows.map((rows) => alternative(measure, rows, format));
}

/** The unit the tables keep a measure in. */
function tableUnit(measure: Measure, format: FormatDef): string {
  if (measure.table === 'info') return measure.key === 'feeNotices' ? '件' : '元';
  const first = alternative(measure, measure.rows[0] ?? [], format).cells[0];
  return first !== undefined && cellSpec(format, first)?.kind === 'amount' ? '万元' : '件';
}

/** The sentence holding `span`, shortened around it to about 40 characters (a long span to its two ends). */
function quote(original: string, reading: TextReading, span: Span): string {
  const sentence = sentenceAt(reading.sentences, span.start) ?? { start: 0, end: original.length };
  const clean = (from: number, to: number): string =>
    original
      .slice(from, to)
      .replace(/^\s*#+\s*/, '')
      .replace(/\s+/g, ' ')
      .trim();
  if (span.end - span.start > QUOTE_MAX) {
    const half = QUOTE_MAX / 2;
    return `${span.start > sentence.start ? '…' : ''}${clean(span.start, span.start + half)}…${clean(span.end - half, span.end)}${span.end < sentence.end ? '…' : ''}`;
  }
  let from = sentence.start;
  let to = sentence.end;
  if (to - from > QUOTE_MAX) {
    from = Math.max(sentence.start, span.start - QUOTE_BEFORE);
    to = Math.min(sentence.end, Math.max(span.end, from + QUOTE_BEFORE) + QUOTE_AFTER);
  }
  return `${from > sentence.start ? '…' : ''}${clean(from, to)}${to < sentence.end ? '…' : ''}`;
}

function statedText(figure: TextFigure): string {
  return figure.raw.replace(/\s+/g, ' ').trim();
}

function unique(cells: readonly CellId[]): CellId[] {
  return [...new Set(cells)];
}

function finding(rule: TextRuleId, message: string, cells: readonly CellId[], extra: Partial<Finding> = {}): Finding {
  return { rule, severity: TEXT_RULE_SEVERITY[rule], message, cells: [...cells], ...extra };
}

/** N.mismatch: a stated count or amount the tables hold otherwise. */
function checkAmount(figure: TextFigure, meaning: Extract<FigureMeaning, { kind: 'amount' }>, ctx: Context, q: string): Finding | null {
  const unit = tableUnit(meaning.measure, ctx.format);
  const money = unitKind(figure.unit) === 'money';
  const statedFactor = money ? (YUAN[figure.unit] ?? 1) : 1;
  const tableFactor = YUAN[unit] ?? 1;
  const stated = figure.value * statedFactor;
  const tolerance = money ? 0.5 * 10 ** -figure.decimals * statedFactor + MONEY_SLACK : COUNT_SLACK;
  const usable = alternatives(meaning.measure, ctx.format).flatMap((alt) => {
    const v = sumOf(ctx.data, alt.cells);
    return v === null ? [] : [{ alt, v }];
  });
  const [first, ...others] = usable;
  if (!first || usable.some((u) => Math.abs(u.v * tableFactor - stated) <= tolerance)) return null;
  const show = (v: number): string =>
    `${formatNumber(v)} ${unit}${money && unit !== figure.unit ? TEXT_MESSAGES.unitHint(formatNumber((v * tableFactor) / statedFactor), figure.unit) : ''}`;
  const actual = stated / tableFactor;
  const table =
    others.length === 0
      ? `${show(first.v)}${TEXT_MESSAGES.difference(`${formatNumber(Math.abs(first.v - actual))} ${unit}`)}`
      : show(first.v);
  return finding(
    'N.mismatch',
    TEXT_MESSAGES.mismatch(
      q,
      meaning.name,
      statedText(figure),
      first.alt.where,
      table,
      others.map((o) => TEXT_MESSAGES.fact(o.alt.where, show(o.v))),
    ),
    unique(usable.flatMap((u) => u.alt.cells)),
    { expected: first.v, actual },
  );
}

/** Whether a stated percentage follows from a computed one, to the precision it is written with. */
function percentAgrees(stated: number, decimals: number, computed: number): boolean {
  // 100% and 0% are claims of all and none: only exactly so.
  if (stated === 100 && computed < 100 - COUNT_SLACK) return false;
  if (stated === 0 && computed > COUNT_SLACK) return false;
  return Math.abs(stated - computed) < 10 ** -decimals + COUNT_SLACK;
}

/** N.percent: 答复率, 占…的 x%, 同比 x% against the tables. */
function checkPercent(figure: TextFigure, meaning: Exclude<FigureMeaning, { kind: 'amount' }>, ctx: Context, q: string): Finding | null {
  const stated = statedText(figure);
  if (meaning.kind === 'rate') {
    const cells = ['T3.total.total', 'T3.new.total', 'T3.carried.total'];
    const handled = sumOf(ctx.data, cells.slice(0, 1));
    const received = sumOf(ctx.data, cells.slice(1));
    if (handled === null || received === null || received === 0) return null;
    const computed = (handled / received) * 100;
    if (percentAgrees(figure.value, figure.decimals, computed)) return null;
    return finding(
      'N.percent',
      TEXT_MESSAGES.percentRate(q, meaning.name, stated, handled, received, formatPercent(computed, figure.decimals)),
      cells,
      {
        expected: computed,
        actual: figure.value,
      },
    );
  }
  if (meaning.kind === 'share') {
    const numerator = alternatives(meaning.numerator, ctx.format)
      .map((alt) => ({ alt, v: sumOf(ctx.data, alt.cells) }))
      .find((u) => u.v !== null);
    if (!numerator || numerator.v === null) return null;
    const n = numerator.v;
    const bases = alternatives(meaning.base, ctx.format).flatMap((alt) => {
      const v = sumOf(ctx.data, alt.cells);
      return v === null || v === 0 ? [] : [{ alt, v }];
    });
    const [base] = bases;
    if (!base || bases.some((b) => percentAgrees(figure.value, figure.decimals, (n / b.v) * 100))) return null;
    const computed = (n / base.v) * 100;
    return finding(
      'N.percent',
      TEXT_MESSAGES.percentShare(q, stated, meaning.numeratorName, n, meaning.baseName, base.v, formatPercent(computed, figure.decimals)),
      unique([...numerator.alt.cells, ...base.alt.cells]),
      { expected: computed, actual: figure.value },
    );
  }
  const { previous } = ctx;
  if (!previous) return null;
  for (const alt of alternatives(meaning.measure, ctx.format)) {
    const now = sumOf(ctx.data, alt.cells);
    const before = sumOf(previous, alt.cells);
    if (now === null || before === null || before === 0) continue;
    const computed = ((now - before) / before) * 100;
    if (percentAgrees(figure.value * meaning.direction, figure.decimals, computed)) return null;
    return finding(
      'N.percent',
      TEXT_MESSAGES.percentChange(
        q,
        meaning.subject,
        stated,
        now,
        before,
        formatPercent(Math.abs(computed), figure.decimals),
        computed >= 0,
      ),
      alt.cells,
      { expected: computed, actual: figure.value * meaning.direction },
    );
  }
  return null;
}

function groupNames(groups: readonly string[], format: FormatDef): string {
  const suits = groups.includes('suitDirect') && groups.includes('suitAfterReview');
  const names = groups
    .filter((g) => !(suits && (g === 'suitDirect' || g === 'suitAfterReview')))
    .map((g) => (g === 'review' ? '行政复议' : (format.t4.groups.find((k) => k.key === g)?.name ?? g)));
  if (suits) names.push('行政诉讼');
  return names.join('、');
}

/** N.claim (and the N.feeStatement fee-notice case): a claim the tables or 基本信息 contradict. */
function checkClaim(claim: Claim, ctx: Context, q: string): Finding | null {
  const { data, format } = ctx;
  switch (claim.kind) {
    case 'allUpheld': {
      const cells = claim.groups.flatMap((g) => ['corrected', 'other', 'pending'].map((c) => `T4.${g}.${c}`));
      const values = cells.map((id) => ({ id, v: valueOf(data, id) }));
      if (values.some((x) => x.v === null)) return null;
      const against = values.filter((x) => (x.v ?? 0) > 0);
      if (against.length === 0) return null;
      const figures = against
        .map((x) => {
          const spec = cellSpec(format, x.id);
          return `“${spec?.rowName ?? x.id}”“${spec?.columnLabel ?? ''}”为 ${formatNumber(x.v ?? 0)} 件`;
        })
        .join('，');
      return finding(
        'N.claim',
        TEXT_MESSAGES.claimUpheld(q, figures),
        against.map((x) => x.id),
      );
    }
    case 'allDisclosed': {
      const disclosed = valueOf(data, 'T3.disclosed.total');
      const total = valueOf(data, 'T3.total.total');
      if (disclosed === null || total === null || total <= disclosed) return null;
      return finding('N.claim', TEXT_MESSAGES.claimDisclosed(q, disclosed, total), ['T3.disclosed.total', 'T3.total.total'], {
        expected: total,
        actual: disclosed,
      });
    }
    case 'noCases': {
      // Each kind of case denied (行政复议; 行政诉讼 of both kinds; one kind of 起诉) is contradicted on its own.
      const suits = claim.groups.includes('suitDirect') && claim.groups.includes('suitAfterReview');
      const kinds = suits
        ? [...claim.groups.filter((g) => g === 'review').map((g) => [g]), ['suitDirect', 'suitAfterReview']]
        : claim.groups.map((g) => [g]);
      const parts = kinds.map((groups) => {
        const alt = alternative({ table: 'T4', rows: [groups], columns: [claim.column] }, groups, format);
        return { alt, v: sumOf(data, alt.cells) };
      });
      if (parts.some((p) => p.v === null)) return null;
      const against = parts.filter((p) => (p.v ?? 0) > 0);
      if (against.length === 0) return null;
      const what = `${groupNames(claim.groups, format)}${claim.column === 'corrected' ? '被纠错的情况' : ''}`;
      const facts = against.map((p) => TEXT_MESSAGES.fact(p.alt.where, `${formatNumber(p.v ?? 0)} 件`)).join('，');
      const total = against.reduce((sum, p) => sum + (p.v ?? 0), 0);
      return finding('N.claim', TEXT_MESSAGES.claimNoCases(q, what, facts), unique(against.flatMap((p) => p.alt.cells)), {
        expected: total,
        actual: 0,
      });
    }
    case 'noApplications': {
      const alt = alternative({ table: 'T3', rows: [[claim.row]], columns: ['total'] }, [claim.row], format);
      const v = sumOf(data, alt.cells);
      if (v === null || v === 0) return null;
      const what = claim.row === 'new' ? '收到的政府信息公开申请' : '上年结转的申请';
      return finding('N.claim', TEXT_MESSAGES.claimNoApplications(q, what, alt.where, v), alt.cells, { expected: v, actual: 0 });
    }
    case 'noFee': {
      const cell = infoCell(claim.key);
      const v = valueOf(data, cell);
      const notices = claim.key === 'feeNotices';
      if (v !== null && v > 0) {
        const where = alternative({ table: 'info', key: claim.key }, [], format).where;
        return finding(
          'N.claim',
          TEXT_MESSAGES.claimNoFee(q, notices ? '未发出收费通知' : '未收取信息处理费', where, v, notices ? '件' : '元'),
          [cell],
          {
            expected: v,
            actual: 0,
          },
        );
      }
      const unpaid = notices ? valueOf(data, 'T3.other2.total') : null;
      if (unpaid !== null && unpaid > 0)
        return finding('N.feeStatement', TEXT_MESSAGES.feeNoticeDenied(q, unpaid), ['T3.other2.total'], { expected: unpaid, actual: 0 });
      return null;
    }
  }
}

function markers(text: string, open: string): { what: string; start: number; end: number }[] {
  const out: { what: string; start: number; end: number }[] = [];
  let at = text.indexOf(open);
  while (at >= 0) {
    const close = text.indexOf(PLACEHOLDER_CLOSE, at + open.length);
    const end = close < 0 ? text.length : close + PLACEHOLDER_CLOSE.length;
    out.push({ what: text.slice(at + open.length, close < 0 ? text.length : close), start: at, end });
    at = text.indexOf(open, end);
  }
  return out;
}

/** The report's paragraphs read as one text (joined by line breaks, which end sentences). */
interface Document {
  readonly paragraphs: readonly TextParagraph[];
  /** The paragraphs' texts joined, as given. */
  readonly original: string;
  readonly reading: TextReading;
  /** Where each paragraph starts in the joined text. */
  readonly starts: readonly number[];
}

function paragraphAt(doc: Document, offset: number): number {
  let lo = 0;
  let hi = doc.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((doc.starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Checks in the words: markers, doubled words, figures, claims, the parts the preamble lists. */
function checkWords(doc: Document, ctx: Context, firstHeading: number): Placed[] {
  const out: Placed[] = [];
  const { reading, original } = doc;
  const place = (f: Finding, offset: number, span?: Span): void => {
    const paragraph = paragraphAt(doc, offset);
    const id = doc.paragraphs[paragraph]?.id;
    out.push({
      finding: {
        ...f,
        ...(id !== undefined ? { paragraph: id } : {}),
        ...(span && f.quote === undefined ? { quote: quote(original, reading, span) } : {}),
      },
      paragraph,
      offset,
    });
  };
  doc.paragraphs.forEach((p, i) => {
    const start = doc.starts[i] ?? 0;
    for (const m of markers(p.text, PLACEHOLDER_OPEN)) {
      place({ ...finding('N.placeholder', TEXT_MESSAGES.placeholder(m.what), []), quote: p.text.slice(m.start, m.end) }, start + m.start);
    }
    for (const m of markers(p.text, REVIEW_OPEN)) {
      place({ ...finding('N.placeholder', TEXT_MESSAGES.reviewMarker(m.what), []), quote: p.text.slice(m.start, m.end) }, start + m.start);
    }
    for (const r of findRepeatedWords(p.text)) {
      const span = { start: start + r.start, end: start + r.end };
      place(finding('F.repeatedWord', TEXT_MESSAGES.repeatedWord(quote(original, reading, span), r.word), []), span.start, span);
    }
    if (i < firstHeading) {
      const parts = readParts(reading.text.slice(start, start + p.text.length));
      if (parts) {
        const span = { start: start + parts.start, end: start + parts.end };
        const sections = ctx.format.sections;
        const q = quote(original, reading, span);
        const missing = sectionsNotListed(parts.listed, sections);
        const message =
          parts.listed.length > 0 && parts.stated !== parts.listed.length
            ? TEXT_MESSAGES.sectionCount(q, parts.stated, parts.listed.length)
            : parts.stated !== sections.length
              ? TEXT_MESSAGES.sectionNotSix(q, parts.stated, sections.length)
              : parts.listed.length > 0 && missing.length > 0
                ? TEXT_MESSAGES.sectionItems(q, missing)
                : null;
        const actual = parts.listed.length > 0 ? parts.listed.length : parts.stated;
        if (message !== null) place(finding('N.sectionList', message, [], { actual, expected: sections.length }), span.start, span);
      }
    }
  });
  for (const figure of reading.figures) {
    const { meaning } = figure;
    if (!meaning) continue;
    const q = quote(original, reading, figure);
    const f = meaning.kind === 'amount' ? checkAmount(figure, meaning, ctx, q) : checkPercent(figure, meaning, ctx, q);
    if (f) place(f, figure.start, figure);
  }
  for (const claim of findClaims(reading, ctx.data.year)) {
    const f = checkClaim(claim, ctx, quote(original, reading, claim.span));
    if (f) place(f, claim.span.start, claim.span);
  }
  return out;
}

/** F.section and section 六's N.feeStatement, for a whole report. */
function checkOutline(paragraphs: readonly TextParagraph[], headings: readonly HeadingMatch[], ctx: Context): Placed[] {
  const out: Placed[] = [];
  const sections = ctx.format.sections;
  const seen = new Set<number>();
  let highest = -1;
  for (const h of headings) {
    if (seen.has(h.section)) continue;
    seen.add(h.section);
    const official = sections[h.section] ?? '';
    const id = paragraphs[h.paragraph]?.id;
    const place = (message: string): void => {
      out.push({
        finding: { ...finding('F.section', message, []), ...(id !== undefined ? { paragraph: id } : {}), quote: h.text },
        paragraph: h.paragraph,
        offset: 0,
      });
    };
    if (h.section < highest) place(TEXT_MESSAGES.headingOrder(h.text, official));
    else if (!h.exact) place(TEXT_MESSAGES.headingWording(h.text, official));
    highest = Math.max(highest, h.section);
  }
  sections.forEach((official, i) => {
    if (!seen.has(i))
      out.push({ finding: finding('F.section', TEXT_MESSAGES.headingMissing(official), []), paragraph: paragraphs.length, offset: i });
  });
  const fee = ctx.format.feeStatement ? headings.find((h) => h.section === sections.length - 1) : undefined;
  if (fee) {
    const next = headings.find((h) => h.paragraph > fee.paragraph)?.paragraph ?? paragraphs.length;
    const body = paragraphs.slice(fee.paragraph + 1, next).map((p) => p.text);
    if (!body.some((t) => FEE_STATEMENT.test(t))) {
      const id = paragraphs[fee.paragraph]?.id;
      out.push({
        finding: {
          ...finding('N.feeStatement', TEXT_MESSAGES.feeMissing(fee.text), FEE_CELLS),
          ...(id !== undefined ? { paragraph: id } : {}),
        },
        paragraph: fee.paragraph,
        offset: 0,
      });
    }
  }
  return out;
}

/**
 * Check the report's text against its tables and the format: figures that differ from the cells
 * (N.mismatch), claims the tables contradict (N.claim), percentages (N.percent), section 六's fee
 * statement (N.feeStatement), the parts the preamble lists (N.sectionList), prompts still to fill
 * (N.placeholder), the six section headings (F.section) and doubled words (F.repeatedWord).
 * Figures whose cells are blank or unusable are not assessed. Findings come in reading order, each with
 * its paragraph id and a shortened quote; a figure or claim gives at most one finding.
 */
export function checkText(paragraphs: readonly TextParagraph[], data: ReportData, options: TextCheckOptions = {}): Finding[] {
  const format = FORMATS[data.format] ?? FORMAT_2021;
  const ctx: Context = { data, format, previous: options.previous };
  const year = data.year ?? null;
  const headings = findHeadings(paragraphs, format.sections, format.sectionVariants);
  const whole = options.whole ?? new Set(headings.map((h) => h.section)).size >= WHOLE_FROM_HEADINGS;
  const firstHeading = headings[0]?.paragraph ?? paragraphs.length;
  const original = paragraphs.map((p) => p.text).join('\n');
  const starts: number[] = [];
  let at = 0;
  for (const p of paragraphs) {
    starts.push(at);
    at += p.text.length + 1;
  }
  const doc: Document = { paragraphs, original, reading: readText(original, { year }), starts };
  const placed: Placed[] = checkWords(doc, ctx, firstHeading);
  if (whole) placed.push(...checkOutline(paragraphs, headings, ctx));
  // One finding per fact: the same rule on the same cells in the same words is said once.
  const seen = new Set<string>();
  return placed
    .map((x, order) => ({ ...x, order }))
    .sort((a, b) => a.paragraph - b.paragraph || a.offset - b.offset || a.order - b.order)
    .filter((x) => {
      const f = x.finding;
      if (f.cells.length === 0) return true;
      const key = `${f.rule}|${f.paragraph ?? ''}|${f.quote ?? ''}|${f.cells.join(',')}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((x) => x.finding);
}
