import { parseChineseNumber } from './figures';

/**
 * The report's outline: which paragraphs are the six section headings of the format, and what the
 * preamble says about the parts (本报告包括……共计6部分).
 */

/** A paragraph read as one of the format's section headings. */
export interface HeadingMatch {
  /** Index of the paragraph. */
  readonly paragraph: number;
  /** Index into the format's sections (0 = 一、总体情况). */
  readonly section: number;
  /** The heading as written, without Markdown marks. */
  readonly text: string;
  /** Written exactly as the format has it (spaces aside). */
  readonly exact: boolean;
}

const HEADING = /^([一二三四五六七八九十]+)\s*[、.．,，]\s*(\S.*)$/;
const MAX_HEADING = 40;
/** Share of characters a heading must have in common with the format's to be taken for it. */
const SIMILAR = 0.5;
/** … or this share, when it also bears the section's number. */
const NUMBERED_SIMILAR = 0.25;

/** A text without its spaces (ASCII, full-width U+3000, line breaks). */
export const compact = (s: string): string => s.replace(/[\s\u3000]+/g, '');

/** A heading without its numbering: `一、总体情况` → `总体情况`. */
export function headingBody(heading: string): string {
  const m = HEADING.exec(compact(heading));
  return m ? (m[2] ?? '') : compact(heading);
}

/** Characters in common (as multisets) over the longer length: 1 for the same text, 0 for nothing shared. */
export function similarity(a: string, b: string): number {
  if (a === '' || b === '') return 0;
  const used = new Array<boolean>(b.length).fill(false);
  let common = 0;
  for (let i = 0; i < a.length; i++) {
    let k = b.indexOf(a.charAt(i));
    while (k >= 0 && used[k]) k = b.indexOf(a.charAt(i), k + 1);
    if (k >= 0) {
      used[k] = true;
      common++;
    }
  }
  return common / Math.max(a.length, b.length);
}

/** The section a heading-like paragraph stands for, or `null` for a paragraph that is no section heading. */
function sectionOf(
  text: string,
  sections: readonly string[],
  variants: Readonly<Record<number, readonly string[]>>,
): { section: number; text: string; exact: boolean } | null {
  const written = text.replace(/^\s*#+\s*/, '').trim();
  const flat = compact(written);
  if (flat.length > MAX_HEADING || /[。；;]/.test(flat)) return null;
  const m = HEADING.exec(flat);
  if (!m) return null;
  const body = m[2] ?? '';
  const exact = sections.findIndex((official, i) => compact(official) === flat || (variants[i] ?? []).some((v) => compact(v) === flat));
  let best = exact;
  if (best < 0) {
    let score = 0;
    sections.forEach((official, i) => {
      const s = similarity(body, headingBody(official));
      if (s > score) {
        score = s;
        best = i;
      }
    });
    // A heading numbered as a section and sharing a quarter of its words is taken for it (五、存在问题).
    const numbered = (parseChineseNumber(m[1] ?? '') ?? 0) - 1;
    if (score < SIMILAR)
      best = numbered >= 0 && similarity(body, headingBody(sections[numbered] ?? '')) >= NUMBERED_SIMILAR ? numbered : -1;
  }
  if (best < 0) return null;
  return { section: best, text: written, exact: best === exact };
}

/** The paragraphs that are section headings, in order. */
export function findHeadings(
  paragraphs: readonly { readonly text: string }[],
  sections: readonly string[],
  variants: Readonly<Record<number, readonly string[]>> = {},
): HeadingMatch[] {
  const out: HeadingMatch[] = [];
  paragraphs.forEach((p, paragraph) => {
    const found = sectionOf(p.text, sections, variants);
    if (found) out.push({ paragraph, ...found });
  });
  return out;
}

/** What a preamble says about the report's parts. */
export interface PartsStatement {
  readonly start: number;
  readonly end: number;
  /** The number of parts it states. */
  readonly stated: number;
  /** The parts it lists (empty when it lists none). */
  readonly listed: readonly string[];
}

const PARTS = /(?:包括|包含|分为|由)([^。；;]*?)(?:等|共计|共|合计|总计)?\s*([0-9]+|[一二三四五六七八九十]+)\s*个?部分/;
const REPORT = /报告|年报/;
const NUMBERING = /^(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]|[一二三四五六七八九十]是)/;

/** 本报告包括总体情况、……、其他需要报告的事项共计 6 部分: the number stated and the parts listed. */
export function readParts(text: string): PartsStatement | null {
  const m = PARTS.exec(text);
  if (!m || !REPORT.test(text.slice(0, m.index + m[0].length))) return null;
  const raw = m[2] ?? '';
  const stated = /^\d+$/.test(raw) ? Number(raw) : parseChineseNumber(raw);
  if (stated === null) return null;
  const listed = (m[1] ?? '')
    .split(/[、，,；]/)
    .map((s) => compact(s).replace(NUMBERING, '').replace(/等$/, ''))
    .filter((s) => s !== '');
  return { start: m.index, end: m.index + m[0].length, stated, listed: listed.length >= 2 ? listed : [] };
}

/** The format's sections a list does not name (each listed part taken for the section it most resembles). */
export function sectionsNotListed(listed: readonly string[], sections: readonly string[]): string[] {
  return sections.filter((official) => !listed.some((item) => similarity(item, headingBody(official)) >= SIMILAR));
}
