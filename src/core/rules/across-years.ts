import { FORMATS, MAP_2019_TO_2021, cellSpec, cellsOf, type CellId, type FormatDef, type FormatId } from '../format';
import { generateDocument } from '../narrative/generate';
import type { ReportData } from '../report/types';
import { ACROSS_MESSAGES } from './across-messages';
import type { RuleId, Severity } from './catalogue';
import { classifyCell, usableValue, type CellState } from './cell-value';
import { SUM_TOLERANCE, stateOf, sumOf } from './context';
import type { Finding } from './evaluate';

/** A report as the comparisons see it: its figures and, when known, its text. */
export interface ComparedReport {
  readonly data: ReportData;
  readonly paragraphs?: readonly { readonly id: string; readonly text: string }[];
}

/** How alike two reports are (内容雷同): tables equal, and paragraphs that are (nearly) the same. */
export interface Likeness {
  /** The tables hold the same figures (and enough non-zero ones that this is telling). */
  readonly tables: boolean;
  readonly paragraphs: readonly { readonly id: string; readonly otherId: string; readonly similarity: number }[];
}

/** Each X.* check: the rule it reports under and how severe it is (spec/rules.md, "Across years"). */
export const ACROSS_CHECKS = {
  carried: { rule: 'X.carried', severity: 'error' },
  /**
   * Last year's report is for another year than this year − 1: said once, and every X.* check is skipped.
   * Under X.carried, the check it voids first; a warning, since nothing in this report is shown wrong.
   */
  otherYear: { rule: 'X.carried', severity: 'warning' },
  inForce: { rule: 'X.inForce', severity: 'warning' },
  /** Last year's report in the 2019 format has no 现行有效件数: the clerk learns the check was not made. */
  inForceOldFormat: { rule: 'X.inForce', severity: 'info' },
  jump: { rule: 'X.jump', severity: 'warning' },
  identicalTables: { rule: 'X.identical', severity: 'warning' },
  identicalText: { rule: 'X.identical', severity: 'warning' },
} as const satisfies Record<string, { readonly rule: RuleId; readonly severity: Severity }>;

type Check = keyof typeof ACROSS_CHECKS;

/** The figures the X.* checks compare, as data (cell ids of the report being checked). */
export const ACROSS_YEARS = {
  /** X.carried: this year's row against last year's row, each T3 column. */
  carried: { row: 'carried', previousRow: 'carryForward', totalColumn: 'total' },
  /** X.inForce: in force now = in force last year + issued − repealed. */
  inForce: { rows: ['regulation', 'normative'], inForce: 'inForce', issued: 'issued', repealed: 'repealed' },
  jump: {
    /** More than `factor` times last year's, or less than 1/`factor` of it … */
    factor: 5,
    /** … and both figures at least this: 1 → 6 is no news, 50 → 300 is. */
    floor: 5,
    /** The totals compared, with how a message names them where the cell's label is unclear. */
    totals: [
      { cell: 'T3.new.total', name: '表三“本年新收政府信息公开申请数量”总计' },
      { cell: 'T3.total.total', name: '表三办理结果“（七）总计”' },
      { cell: 'T3.carryForward.total', name: '表三“结转下年度继续办理”总计' },
      { cell: 'T4.review.total', name: '表四“行政复议”总计' },
      { cell: 'T4.suitDirect.total', name: '表四“行政诉讼（未经复议直接起诉）”总计' },
      { cell: 'T4.suitAfterReview.total', name: '表四“行政诉讼（复议后起诉）”总计' },
    ],
    /** The T2 columns that hold this year's counts, per format (not 2019's 上一年项目数量 or 本年增/减). */
    t2Columns: { '2021': ['issued', 'repealed', 'inForce', 'decisions'], '2019': ['made', 'published', 'total', 'decisions', 'items'] },
  },
} as const satisfies {
  readonly jump: {
    readonly factor: number;
    readonly floor: number;
    readonly totals: readonly { readonly cell: CellId; readonly name: string }[];
    readonly t2Columns: Readonly<Record<FormatId, readonly string[]>>;
  };
  readonly [key: string]: unknown;
};

/**
 * When two reports count as alike (X.identical; the supervisor's comparison of units uses the same).
 * Tables: only a telling match counts — a small organ's all-zero tables are the same every year.
 * Text: paragraphs are compared as character trigram sets (Jaccard), after the year digits, spacing,
 * punctuation and the format's set sentences are taken out.
 */
export const LIKENESS = {
  /** At least this many non-zero figures equal on both sides before equal tables mean anything … */
  minSame: 6,
  /** … and at least this share of the figures non-zero on either side equal (1 in 10 may differ). */
  minShare: 0.9,
  /** Figures that stay the same by nature (documents in force): they neither make nor break likeness. */
  stable: ['T2.regulation.inForce', 'T2.normative.inForce', 'T2.regulation.total', 'T2.normative.total'],
  /**
   * Trigram Jaccard from which two paragraphs are "nearly the same". Measured on the sample's paragraphs
   * (test/core/rules/across-years.test.ts): a few words changed 0.91, a sentence added 0.77, one sentence
   * in three rewritten 0.71; different paragraphs, or two organs' paragraphs on the same subject, 0.01–0.07.
   * 0.7 keeps the copies and leaves a wide gap to text written afresh.
   */
  minSimilarity: 0.7,
  /** From this similarity a copy is "nearly identical"; below it "mostly the same". */
  nearlyIdentical: 0.9,
  /** Paragraphs with less prose than this (characters, after normalising) are not compared: headings, set phrases. */
  minProse: 50,
  /**
   * A sentence with a figure for every fewer than this many characters states statistics (收到申请 12 件…):
   * its wording is a formula repeated every year, and its figures are the tables' business (N.mismatch),
   * so it is left out of the prose compared.
   */
  statisticsDensity: 20,
  /** Shingle length: trigrams, since Chinese bigrams are words every report on the subject shares. */
  shingle: 3,
  /**
   * Bottom-k min-hash anchors per paragraph, so that a comparison looks only at paragraphs sharing one:
   * two paragraphs at Jaccard J miss each other with probability about (1 − J)⁸, 7·10⁻⁵ at 0.7.
   */
  anchors: 8,
} as const;

/**
 * Sentences every report carries, year after year and organ after organ (the preamble's basis, parts,
 * statistics period and contacts; the fee statement; pointers to the tables): never evidence of copying.
 * Matched against normalised text (no spaces, no punctuation, no year digits).
 */
const SET_SENTENCES: readonly RegExp[] = [
  /统计期限|统计时限|统计时间/,
  /本(?:年度)?报告(?:包括|包含|分为|由|共)|[共计合]+[六6]个?部分/,
  /电子版|本报告.{0,30}(?:查阅|下载)/,
  /疑问|联系电话|联系方式|传真|邮编|邮政编码|^地址/,
  /(?:根据|依据|按照).{0,80}(?:条例|报告格式).{0,80}(?:编制|要求|发布)/,
  /信息处理费/,
  /见下表|如下表|详见(?:附)?表|见附表/,
];

/** Markers the generator leaves for the clerk: the same every year until filled in. */
const MARKER = /【请(?:填写|核对)[^】]*】/g;
/** Not line breaks: a report copied from a PDF breaks its lines mid-sentence. */
const SENTENCE_END = /[。！？!?；;]+/;
/** A year as written before 年 (`2024年`, `2024 年度`, `二〇二四年`): its digits are not compared. */
const YEAR_DIGITS = /(?<!\d)(?:19|20)\d{2}(?=\s*年)|[〇零○一二三四五六七八九]{4}(?=\s*年)/g;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

/** A sentence as compared: full-width folded, lower case, year digits dropped, no spacing or punctuation. */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(YEAR_DIGITS, '').replace(NOT_WORD, '');
}

/** murmur3's 32-bit finaliser: a well-mixed hash, so that the low values of many are a fair sample (min-hash). */
export function mixHash(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** 32-bit FNV-1a of the code points, mixed. */
function hashShingle(points: readonly number[], start: number, length: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < start + length; i++) h = Math.imul(h ^ (points[i] ?? 0), 0x01000193);
  return mixHash(h);
}

/** One paragraph's print: its prose and the sorted, distinct hashes of its trigrams. */
export interface ParagraphPrint {
  readonly id: string;
  /** The paragraph's own text (for quoting). */
  readonly text: string;
  /** What is compared: normalised, set sentences and markers taken out. */
  readonly prose: string;
  readonly shingles: Uint32Array;
}

/**
 * What `likeness` needs of a report, computed once (O(size of the report)); comparing two signatures is
 * then cheap, so a batch of n reports costs n signatures and n²/2 `compareSignatures`.
 */
export interface LikenessSignature {
  readonly format: FormatId;
  /** Each cell classified once, as the checks see it (`sumOf`, `stateOf`). */
  readonly states: ReadonlyMap<CellId, CellState>;
  /** Each cell's usable value in the order of `cellsOf` the report's format, NaN for none: tables compare by index, fast. */
  readonly figures: Float64Array;
  /** The paragraphs with enough prose to compare, in reading order. */
  readonly paragraphs: readonly ParagraphPrint[];
  /** Min-hash anchor → indices into `paragraphs` holding it among their smallest `LIKENESS.anchors` hashes. */
  readonly anchors: ReadonlyMap<number, readonly number[]>;
}

function sentenceKeys(text: string): string[] {
  return text
    .replace(MARKER, '')
    .split(SENTENCE_END)
    .map(normaliseText)
    .filter((s) => s !== '');
}

const FIGURE = /\d+/g;

function statesStatistics(sentence: string): boolean {
  const figures = sentence.match(FIGURE)?.length ?? 0;
  return figures > 0 && Array.from(sentence).length < LIKENESS.statisticsDensity * figures;
}

/** What of a paragraph is compared: its sentences but the set ones, the generated ones and statistics. */
function proseOf(text: string, own: ReadonlySet<string>): string {
  return sentenceKeys(text)
    .filter((s) => !own.has(s) && !statesStatistics(s) && !SET_SENTENCES.some((re) => re.test(s)))
    .join('');
}

function shinglesOf(prose: string): Uint32Array {
  const points = Array.from(prose, (ch) => ch.codePointAt(0) ?? 0);
  const k = LIKENESS.shingle;
  const hashes = new Uint32Array(Math.max(0, points.length - k + 1));
  for (let i = 0; i + k <= points.length; i++) hashes[i] = hashShingle(points, i, k);
  hashes.sort();
  let n = 0;
  for (let i = 0; i < hashes.length; i++) if (i === 0 || hashes[i] !== hashes[i - 1]) hashes[n++] = hashes[i] ?? 0;
  return hashes.slice(0, n);
}

/** The report's own generated sentences: the tool writes them every year, so they are never copies. */
function generatedSentences(data: ReportData): Set<string> {
  const keys = new Set<string>();
  for (const block of generateDocument(data).blocks) if (block.kind !== 'table') for (const key of sentenceKeys(block.text)) keys.add(key);
  return keys;
}

function formatOf(data: ReportData): FormatDef {
  return FORMATS[data.format] ?? FORMATS['2021'];
}

/**
 * The last signature computed of each report's data, with the paragraphs it was computed with. Reports are
 * never changed once read, so a batch signs each unit once though the unit is compared both with last
 * year's report and with the other units, and last year's report once for the whole batch.
 */
const signed = new WeakMap<ReportData, { readonly paragraphs: ComparedReport['paragraphs']; readonly signature: LikenessSignature }>();

/** What `compareSignatures` needs of one report (computed once per report and paragraph list). */
export function likenessSignature(report: ComparedReport): LikenessSignature {
  const known = signed.get(report.data);
  if (known && known.paragraphs === report.paragraphs) return known.signature;
  const signature = signatureOf(report);
  signed.set(report.data, { paragraphs: report.paragraphs, signature });
  return signature;
}

function signatureOf(report: ComparedReport): LikenessSignature {
  const states = new Map<CellId, CellState>();
  for (const [id, raw] of Object.entries(report.data.cells)) states.set(id, classifyCell(raw));
  const paragraphs: ParagraphPrint[] = [];
  const anchors = new Map<number, number[]>();
  if (report.paragraphs && report.paragraphs.length > 0) {
    const own = generatedSentences(report.data);
    for (const p of report.paragraphs) {
      const prose = proseOf(p.text, own);
      if (Array.from(prose).length < LIKENESS.minProse) continue;
      const shingles = shinglesOf(prose);
      const index = paragraphs.length;
      paragraphs.push({ id: p.id, text: p.text, prose, shingles });
      for (const h of shingles.subarray(0, LIKENESS.anchors)) {
        const list = anchors.get(h);
        if (list) list.push(index);
        else anchors.set(h, [index]);
      }
    }
  }
  const format = formatOf(report.data);
  const figures = Float64Array.from(cellsOf(format), (c) => usableValue(stateOf({ states }, c.id)) ?? NaN);
  return { format: format.id, states, figures, paragraphs, anchors };
}

/** Jaccard of two sorted, distinct hash lists. */
function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x === y) {
      common++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return common / (a.length + b.length - common);
}

/**
 * Where the same figure sits in two formats: the cells of `from` whose sum equals the sum of the returned
 * cells of `to`; null when `to` has no counterpart (2019's T2 rows other than the decisions, or one of
 * 2021's three （六） rows alone). T3 and T4 keep their ids across formats; T2 maps only where listed.
 */
export function counterpart(id: CellId, from: FormatId, to: FormatId): readonly CellId[] | null {
  if (from === to) return [id];
  for (const eq of MAP_2019_TO_2021) {
    const [source, target] = from === '2019' ? [eq.from2019, eq.to2021] : [eq.to2021, eq.from2019];
    if (source.includes(id)) return source.length === 1 ? target : null;
  }
  if (id.startsWith('T2.')) return null;
  return cellSpec(FORMATS[to], id) ? [id] : null;
}

/**
 * One figure compared across formats: a cell, or a group that only sums compare (2019's （六）其他处理);
 * as indices into each format's `cellsOf`, and the `a` format's cell ids.
 */
interface Unit {
  readonly a: readonly number[];
  readonly b: readonly number[];
  readonly cells: readonly CellId[];
}

const unitCache = new Map<string, readonly Unit[]>();

/** The figures two formats share, as units of the `a` format's input cells (symmetric up to swapping). */
function comparisonUnits(fa: FormatId, fb: FormatId): readonly Unit[] {
  const key = `${fa}|${fb}`;
  const cached = unitCache.get(key);
  if (cached) return cached;
  const stable = new Set<CellId>(LIKENESS.stable);
  const indexIn = (format: FormatId): Map<CellId, number> => new Map(cellsOf(FORMATS[format]).map((c, i) => [c.id, i]));
  const inA = indexIn(fa);
  const inB = indexIn(fb);
  const indices = (ids: readonly CellId[], index: ReadonlyMap<CellId, number>): number[] | null => {
    const out = ids.map((id) => index.get(id) ?? -1);
    return out.includes(-1) ? null : out;
  };
  const units: Unit[] = [];
  const seen = new Set<CellId>();
  for (const cell of cellsOf(FORMATS[fa])) {
    if (cell.computed || stable.has(cell.id) || seen.has(cell.id)) continue;
    const group = fa === fb ? null : MAP_2019_TO_2021.find((eq) => (fa === '2019' ? eq.from2019 : eq.to2021).includes(cell.id));
    const [cells, other] = group ? (fa === '2019' ? [group.from2019, group.to2021] : [group.to2021, group.from2019]) : [[cell.id], counterpart(cell.id, fa, fb)];
    cells.forEach((id) => seen.add(id));
    const a = indices(cells, inA);
    const b = other ? indices(other, inB) : null;
    if (a && b) units.push({ a, b, cells });
  }
  unitCache.set(key, units);
  return units;
}

function sumFigures(figures: Float64Array, indices: readonly number[]): number {
  let total = 0;
  for (const i of indices) total += figures[i] ?? NaN;
  return total;
}

/** How alike two reports' tables are: figures non-zero on either side, and of those the ones equal. */
export interface TableLikeness {
  readonly alike: boolean;
  /** Figures (input cells, or mapped groups) non-zero in either report, both sides usable. */
  readonly telling: number;
  /** Of those, the ones equal in both reports. */
  readonly same: number;
  /** The first report's cells of the equal figures. */
  readonly sameCells: readonly CellId[];
}

/** Compare two reports' input figures (2019 against 2021 through the format map). */
export function tableLikeness(a: LikenessSignature, b: LikenessSignature): TableLikeness {
  let telling = 0;
  let same = 0;
  const sameCells: CellId[] = [];
  for (const unit of comparisonUnits(a.format, b.format)) {
    const x = sumFigures(a.figures, unit.a);
    const y = sumFigures(b.figures, unit.b);
    // NaN: a blank or unusable cell on either side, not assessed.
    if (Number.isNaN(x) || Number.isNaN(y) || (Math.abs(x) <= SUM_TOLERANCE && Math.abs(y) <= SUM_TOLERANCE)) continue;
    telling++;
    if (Math.abs(x - y) <= SUM_TOLERANCE) {
      same++;
      sameCells.push(...unit.cells);
    }
  }
  const alike = same >= LIKENESS.minSame && same >= LIKENESS.minShare * telling;
  return { alike, telling, same, sameCells };
}

/** The paragraphs of `a` nearly the same as one of `b`'s: every pair at or above the threshold. */
function paragraphLikeness(a: LikenessSignature, b: LikenessSignature): Likeness['paragraphs'] {
  const paragraphs: { id: string; otherId: string; similarity: number }[] = [];
  for (const pa of a.paragraphs) {
    let candidates: number[] | null = null;
    const anchors = Math.min(LIKENESS.anchors, pa.shingles.length);
    for (let k = 0; k < anchors; k++) {
      const holders = b.anchors.get(pa.shingles[k] ?? 0);
      if (holders) candidates = candidates ? [...candidates, ...holders] : [...holders];
    }
    if (!candidates) continue;
    for (const j of [...new Set(candidates)].sort((x, y) => x - y)) {
      const pb = b.paragraphs[j];
      if (!pb) continue;
      const [small, large] = pa.shingles.length < pb.shingles.length ? [pa.shingles.length, pb.shingles.length] : [pb.shingles.length, pa.shingles.length];
      // Jaccard cannot exceed small/large: skip the count when sizes alone rule the pair out.
      if (small < LIKENESS.minSimilarity * large) continue;
      const similarity = jaccard(pa.shingles, pb.shingles);
      if (similarity >= LIKENESS.minSimilarity) paragraphs.push({ id: pa.id, otherId: pb.id, similarity });
    }
  }
  return paragraphs;
}

/** Compare two signatures: symmetric (swapping gives the same pairs, swapped). */
export function compareSignatures(a: LikenessSignature, b: LikenessSignature): Likeness {
  return { tables: tableLikeness(a, b).alike, paragraphs: paragraphLikeness(a, b) };
}

/**
 * Compare two reports' tables and paragraphs. For many reports, compute `likenessSignature` once per
 * report and call `compareSignatures` for each pair instead.
 */
export function likeness(a: ComparedReport, b: ComparedReport): Likeness {
  return compareSignatures(likenessSignature(a), likenessSignature(b));
}

function finding(check: Check, message: string, cells: readonly CellId[], facts: { expected?: number; actual?: number } = {}): Finding {
  const { rule, severity } = ACROSS_CHECKS[check];
  return { rule, severity, message, cells: [...cells], ...facts };
}

const QUOTE_LENGTH = 20;

function quoteOf(text: string): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length > QUOTE_LENGTH ? `${chars.slice(0, QUOTE_LENGTH).join('')}…` : chars.join('');
}

function knownYear(data: ReportData): number | null {
  return typeof data.year === 'number' && Number.isInteger(data.year) ? data.year : null;
}

/** The two reports as the checks read them: this year's cell ids, last year's value of each. */
interface Pair {
  readonly format: FormatDef;
  readonly previousFormat: FormatId;
  readonly now: LikenessSignature;
  readonly before: LikenessSignature;
}

const valueNow = (pair: Pair, id: CellId): number | null => usableValue(stateOf(pair.now, id));

/** Last year's value of this year's cell `id`; null when last year's format has none or it is unusable. */
function valueBefore(pair: Pair, id: CellId): number | null {
  const cells = counterpart(id, pair.format.id, pair.previousFormat);
  return cells ? sumOf(pair.before, cells) : null;
}

const differ = (x: number, y: number): boolean => Math.abs(x - y) > SUM_TOLERANCE;

function checkCarried(pair: Pair): Finding[] {
  const { row, previousRow, totalColumn } = ACROSS_YEARS.carried;
  const out: Finding[] = [];
  const total: Finding[] = [];
  for (const column of pair.format.t3.columns) {
    const cell = `T3.${row}.${column.key}`;
    const carried = valueNow(pair, cell);
    const before = usableValue(stateOf(pair.before, `T3.${previousRow}.${column.key}`));
    if (carried === null || before === null || !differ(carried, before)) continue;
    const f = finding('carried', ACROSS_MESSAGES.carried(column.label, carried, before), [cell], { expected: before, actual: carried });
    (column.key === totalColumn ? total : out).push(f);
  }
  // A wrong applicant column already shows in the total column: the total is reported only when it alone is off.
  return out.length > 0 ? out : total;
}

function checkInForce(pair: Pair): Finding[] {
  const { rows, inForce, issued, repealed } = ACROSS_YEARS.inForce;
  const out: Finding[] = [];
  let notComparable: CellId[] = [];
  for (const row of rows) {
    const cell = `T2.${row}.${inForce}`;
    if (!cellSpec(pair.format, cell)) continue;
    if (!counterpart(cell, pair.format.id, pair.previousFormat)) {
      notComparable = [...notComparable, cell];
      continue;
    }
    const now = valueNow(pair, cell);
    const before = valueBefore(pair, cell);
    const made = valueNow(pair, `T2.${row}.${issued}`);
    const gone = valueNow(pair, `T2.${row}.${repealed}`);
    if (now === null || before === null || made === null || gone === null) continue;
    const expected = before + made - gone;
    if (!differ(now, expected)) continue;
    const name = cellSpec(pair.format, cell)?.rowName ?? row;
    out.push(finding('inForce', ACROSS_MESSAGES.inForce(name, now, before, made, gone), [cell, `T2.${row}.${issued}`, `T2.${row}.${repealed}`], { expected, actual: now }));
  }
  if (notComparable.length > 0) out.push(finding('inForceOldFormat', ACROSS_MESSAGES.inForceOldFormat(), notComparable));
  return out;
}

function checkJump(pair: Pair): Finding[] {
  const { factor, floor, totals, t2Columns } = ACROSS_YEARS.jump;
  const columns: readonly string[] = t2Columns[pair.format.id];
  const named = new Map<CellId, string>(totals.map((t) => [t.cell, t.name]));
  const t2 = cellsOf(pair.format)
    .filter((c) => c.table === 'T2' && c.kind === 'count' && columns.includes(c.column))
    .map((c) => c.id);
  const out: Finding[] = [];
  for (const cell of [...totals.map((t) => t.cell), ...t2]) {
    if (!cellSpec(pair.format, cell)) continue;
    const now = valueNow(pair, cell);
    const before = valueBefore(pair, cell);
    if (now === null || before === null || now < floor || before < floor) continue;
    if (now <= factor * before && factor * now >= before) continue;
    const label = named.get(cell) ?? cellSpec(pair.format, cell)?.label ?? cell;
    out.push(finding('jump', ACROSS_MESSAGES.jump(label, now, before, factor), [cell], { expected: before, actual: now }));
  }
  return out;
}

function checkIdentical(pair: Pair): Finding[] {
  const out: Finding[] = [];
  const tables = tableLikeness(pair.now, pair.before);
  if (tables.alike) out.push(finding('identicalTables', ACROSS_MESSAGES.identicalTables(tables.same, tables.telling), tables.sameCells));
  // One finding per paragraph of this year, for its closest paragraph of last year.
  const best = new Map<string, number>();
  for (const p of paragraphLikeness(pair.now, pair.before)) best.set(p.id, Math.max(best.get(p.id) ?? 0, p.similarity));
  for (const p of pair.now.paragraphs) {
    const similarity = best.get(p.id);
    if (similarity === undefined) continue;
    const quote = quoteOf(p.text);
    out.push({ ...finding('identicalText', ACROSS_MESSAGES.identicalText(quote, similarity, LIKENESS.nearlyIdentical), []), paragraph: p.id, quote });
    best.delete(p.id);
  }
  return out;
}

/** The X.* rules: this year's report against last year's (a 2021 or a 2019-format one). */
export function evaluateAcrossYears(current: ComparedReport, previous: ComparedReport): Finding[] {
  const format = formatOf(current.data);
  const year = knownYear(current.data);
  const previousYear = knownYear(previous.data);
  if (year !== null && previousYear !== null && previousYear !== year - 1) {
    const cells = format.t3.columns.map((c) => `T3.${ACROSS_YEARS.carried.row}.${c.key}`);
    return [finding('otherYear', ACROSS_MESSAGES.otherYear(previousYear, year), cells)];
  }
  // With no text of last year's, this year's paragraphs have nothing to be compared with: skip printing them.
  const now = likenessSignature(previous.paragraphs && previous.paragraphs.length > 0 ? current : { data: current.data });
  const pair: Pair = { format, previousFormat: formatOf(previous.data).id, now, before: likenessSignature(previous) };
  return [...checkCarried(pair), ...checkInForce(pair), ...checkJump(pair), ...checkIdentical(pair)];
}
