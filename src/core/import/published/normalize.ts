import type { CellValue } from '../../report/types';
import { cleanText } from '../../rules/cell-value';
import { parseChineseNumber } from '../../narrative/figures';
import { similarity } from '../../narrative/outline';

/**
 * Label text as the importer compares it. Printed labels differ in ways that mean nothing: full- or
 * half-width brackets and commas, spaces (U+3000, NBSP, a PDF line split), straight or curly quotes,
 * `1.`/`1、`/`1．` and `(一)`/`（一）`. All of those are folded away here, so that what is left over is a
 * real difference of wording (F.label).
 */

/** Longest text still read as a label: anything longer is prose, never compared (keeps scoring cheap). */
export const MAX_LABEL = 120;

const QUOTES = /[“”„‟″〃"'‘’‚‛「」『』〝〞]/g;
const OPEN_BRACKETS = /[〔【［[]/g;
const CLOSE_BRACKETS = /[〕】］\]]/g;
const SPACES = /[\s\u00a0\u3000\u200b\ufeff]+/g;

/** Results of the pure functions below, kept while few: the same labels are compared again and again. */
const MEMO_LIMIT = 20000;
function memo<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const value = compute();
  if (cache.size >= MEMO_LIMIT) cache.clear();
  if (key.length <= MAX_LABEL * 4) cache.set(key, value);
  return value;
}
const canonCache = new Map<string, string>();
const scoreCache = new Map<string, number>();
const bodyCache = new Map<string, string>();

/** NFKC, no spaces, one kind of quote and bracket: `（二） 部分公开(区分处理的, …)` → `(二)部分公开(区分处理的,…)`. */
export function canon(text: string): string {
  return memo(canonCache, text, () => canonOf(text));
}

function canonOf(text: string): string {
  return text.normalize('NFKC').replace(SPACES, '').replace(QUOTES, '"').replace(OPEN_BRACKETS, '(').replace(CLOSE_BRACKETS, ')');
}

/** How a label is numbered: `一、` (A), `(一)` (B), `1.` (C). */
export type Level = 'A' | 'B' | 'C';

/** One numbered part of a label: `(三)不予公开` → level B, number 3, body `不予公开`. */
export interface Segment {
  readonly level: Level | null;
  readonly num: number | null;
  /** The words without the numbering, canonical. */
  readonly body: string;
}

// Markers are matched at the current position only (sticky), so splitting is one linear pass.
const MARK_A = /([一二三四五六七八九十]{1,2})[、.,:]/y;
const MARK_B = /\(([一二三四五六七八九十]{1,2})\)/y;
const MARK_C = /(?:(\d{1,2})[.、,](?!\d)|\((\d{1,2})\))/y;

function markerAt(s: string, at: number, first: boolean): { level: Level; num: number; end: number } | null {
  if (first) {
    MARK_A.lastIndex = at;
    const a = MARK_A.exec(s);
    const n = a ? parseChineseNumber(a[1] ?? '') : null;
    if (a && n !== null) return { level: 'A', num: n, end: at + a[0].length };
  }
  MARK_B.lastIndex = at;
  const b = MARK_B.exec(s);
  const nb = b ? parseChineseNumber(b[1] ?? '') : null;
  if (b && nb !== null) return { level: 'B', num: nb, end: at + b[0].length };
  MARK_C.lastIndex = at;
  const c = MARK_C.exec(s);
  if (c) return { level: 'C', num: Number(c[1] ?? c[2]), end: at + c[0].length };
  return null;
}

/**
 * A canonical label split at its numbering: `三、本年度办理结果(三)不予公开1.属于国家秘密` → A 三 …, B 三 …, C 1 ….
 * Text before the first marker is a segment without a level.
 */
export function segments(key: string): Segment[] {
  const out: Segment[] = [];
  let level: Level | null = null;
  let num: number | null = null;
  let body = '';
  const push = (): void => {
    if (level !== null || body !== '') out.push({ level, num, body });
  };
  for (let i = 0; i < key.length;) {
    // A marker starts a segment only where a new label can start: at the beginning or after words.
    const m = key[i] === '(' || /[\d一二三四五六七八九十]/.test(key[i] ?? '') ? markerAt(key, i, i === 0) : null;
    if (m && (m.level !== 'C' || i === 0 || !/\d/.test(key[i - 1] ?? ''))) {
      push();
      level = m.level;
      num = m.num;
      body = '';
      i = m.end;
      continue;
    }
    body += key[i];
    i++;
  }
  push();
  return out;
}

/** A label's words without its numbering, canonical: `（一）予以公开` → `予以公开`. */
export function bodyKey(label: string): string {
  return memo(bodyCache, label, () =>
    segments(canon(label))
      .map((s) => s.body)
      .join(''),
  );
}

/**
 * How well a written label stands for an official one (both canonical): 1 when equal; one containing the
 * other (`规章(县级无此项)`, a truncated label) or sharing most characters (`本年度止件数`) scores below.
 */
export function labelScore(written: string, official: string): number {
  if (written === official) return 1;
  if (written === '' || official === '' || written.length > MAX_LABEL) return 0;
  return memo(scoreCache, `${written}\u0000${official}`, () => scoreOf(written, official));
}

function scoreOf(written: string, official: string): number {
  const [short, long] = written.length <= official.length ? [written, official] : [official, written];
  if (short.length >= 2 && long.includes(short)) return 0.55 + (0.4 * short.length) / long.length;
  return 0.95 * similarity(written, official);
}

/** The best of `officials` for `written`: its index and score (index -1 when none scores above 0). */
export function bestLabel(written: string, officials: readonly string[]): { index: number; score: number } {
  let index = -1;
  let score = 0;
  officials.forEach((o, i) => {
    const s = labelScore(written, o);
    if (s > score) {
      score = s;
      index = i;
    }
  });
  return { index, score };
}

/** Texts that stand for "no figure" in a printed table: `/`, `—`, `无` … */
const PLACEHOLDER_VALUE = /^[/\\\-—–－_~～·•.。*×xX?？无空零〇]{1,3}$/;
const NUMBERING_ONLY = /^(?:\(?\d{1,2}[.、)]|\([一二三四五六七八九十]{1,2}\)|[一二三四五六七八九十]{1,2}、)$/;
const SPREADSHEET_ERROR = /^#[A-Z/0]{1,7}[!?]?$/;
const NUMERIC = /^-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const UNIT_TAIL = /^-?[\d.]+[件项个条次宗元万]{1,2}$/;

/** Whether a table field reads as a value (a number, `12件`, `/`, `—`, `无`) rather than as words of a label. */
export function isValueLike(text: string): boolean {
  const t = text.trim();
  if (t === '' || t.length > 40 || (t.length > 16 && !/^[-+]?[\d.,，e+]+$/i.test(t))) return false;
  if (SPREADSHEET_ERROR.test(t) || t === 'N/A') return true;
  // Most fields are words: no digit and longer than a placeholder, they are no value.
  if (t.length > 3 && !/[\d０-９]/.test(t)) return false;
  const n = t.normalize('NFKC');
  if (NUMBERING_ONLY.test(n)) return false;
  if (PLACEHOLDER_VALUE.test(n)) return true;
  const c = cleanText(n);
  return NUMERIC.test(c) || UNIT_TAIL.test(c.replace(/元$/, '件'));
}

/** A number as a spreadsheet or our own Markdown prints it (`1e+21` for the very large). */
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i;

/** A printed value as a cell holds it: a plain number as a number, nothing as blank, anything else as its text. */
export function parseValue(text: string): CellValue {
  const t = text.replace(SPACES, ' ').trim();
  if (t === '') return null;
  if (PLAIN_NUMBER.test(t) && t.length <= 40) {
    const v = Number(t);
    if (Number.isFinite(v)) return v;
  }
  return t;
}

/** A sentence ends here: `。`, `；`, `！`, `？`, `：` (closing quotes and brackets after them aside). */
export function endsSentence(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && /[\s”’"')）」』】]/.test(text[i] ?? '')) i--;
  return /[。！？；!?;：:…]/.test(text[i] ?? '');
}
