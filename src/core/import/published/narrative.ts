import { compact } from '../../narrative/outline';
import { endsSentence } from './normalize';
import { isSectionHeading } from './route';
import type { TextUnit } from './units';

/**
 * The report's text as paragraphs in reading order. A PDF breaks a paragraph into lines (and a page
 * break adds blank lines in the middle of one): a line that does not end a sentence continues on the
 * next line that is not a heading. Headings, the date and the title stand alone.
 */

export interface Paragraph {
  readonly text: string;
  /** `第 13 行` (the paragraph's first line) or `第 4 段`. */
  readonly place: string;
  readonly heading: boolean;
  /** The heading level the source marks (`<h1>`, a Word heading style); null for plain text. */
  readonly level: number | null;
}

const DATE_LINE =
  /^(?:\d{4}|[〇○零一二三四五六七八九]{4})年(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})日$/;
const SUB_HEADING = /^[(（][一二三四五六七八九十]{1,3}[)）]/;
const MAX_SUB_HEADING = 30;
const MAX_TITLE = 60;

/** A line that is only a date (`2025 年 1 月 16 日`, `二〇二五年一月十六日`). */
export function isDateLine(text: string): boolean {
  const t = compact(text);
  return t.length <= 20 && DATE_LINE.test(t);
}

/** `{机关}{年}年政府信息公开工作年度报告`, or its last line: ends with 年度报告, no punctuation of a sentence. */
function isTitle(text: string): boolean {
  return text.length <= MAX_TITLE && /年度报告\s*$/.test(text) && !/[，。；,;]/.test(text);
}

function standsAlone(u: TextUnit): boolean {
  if (u.heading !== null) return true;
  const t = u.text;
  if (isSectionHeading(t) || isTitle(t)) return true;
  return t.length <= MAX_SUB_HEADING && SUB_HEADING.test(t) && !endsSentence(t);
}

/** Lines of a paragraph joined: Chinese runs straight on, a space only between two Latin words or numbers. */
function joinLines(lines: readonly string[]): string {
  let out = lines[0] ?? '';
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1] ?? '';
    const next = lines[i] ?? '';
    out += /[A-Za-z0-9]$/.test(prev) && /^[A-Za-z0-9]/.test(next) ? ` ${next}` : next;
  }
  return out;
}

/** The text units (null: a blank line) as paragraphs. */
export function paragraphsOf(stream: readonly (TextUnit | null)[]): Paragraph[] {
  const out: Paragraph[] = [];
  // The lines of the paragraph being read, joined when it ends (a long one is never copied line by line).
  let cur: { lines: string[]; place: string; joinable: boolean } | null = null;
  const flush = (): void => {
    const text = cur ? joinLines(cur.lines).trim() : '';
    if (cur && text !== '') out.push({ text, place: cur.place, heading: false, level: null });
    cur = null;
  };
  for (const u of stream) {
    if (u === null) continue;
    const text = u.text.trim();
    if (text === '') continue;
    const alone = standsAlone(u);
    const head = cur;
    const first = head?.lines[0];
    if (
      alone &&
      out.length === 0 &&
      head &&
      first !== undefined &&
      head.lines.length === 1 &&
      isTitle(text) &&
      first.length <= MAX_TITLE &&
      !endsSentence(first)
    ) {
      // A title broken over two lines: `青岩县自然资源局 2022 年政府信息公开` / `工作年度报告`.
      out.push({ text: joinLines([first, text]), place: head.place, heading: true, level: u.heading });
      cur = null;
      continue;
    }
    if (alone || isDateLine(text)) {
      flush();
      out.push({ text, place: u.place, heading: alone, level: u.heading });
      continue;
    }
    const last = head?.lines[head.lines.length - 1];
    if (head && last !== undefined && head.joinable && u.joinable && !endsSentence(last)) {
      head.lines.push(text);
      continue;
    }
    flush();
    cur = { lines: [text], place: u.place, joinable: u.joinable };
  }
  flush();
  return out;
}
