import type { CellValue } from '../report/types';
import { CELL_CONTENT } from './catalogue';

/**
 * How a typed value is cleaned before it is read as a number, applied in this order. The evaluator and
 * the formula compiler both read this list, so the sheet's own checks clean exactly as `validate` does.
 */
export const CLEANING_SUBSTITUTIONS: readonly (readonly [string, string])[] = [
  ...Array.from({ length: 10 }, (_, d) => [String.fromCharCode(0xff10 + d), String(d)] as const),
  ['．', '.'],
  ['－', '-'],
  ['，', ''],
  [',', ''],
  [' ', ''],
  ['\u3000', ''],
  ['\n', ''],
  ["'", ''],
  ['万元', ''],
  ['件', ''],
  ['项', ''],
  ['个', ''],
  ['条', ''],
  ['次', ''],
  ['宗', ''],
];

/** Characters whose only presence makes a text cell count as blank. */
export const BLANK_CHARACTERS: readonly string[] = [' ', '\u3000', '\n'];

/** What a cell holds, as the rules see it. */
export type CellState =
  | { readonly state: 'number'; readonly value: number }
  | { readonly state: 'blank' }
  /**
   * Not a clean number; `clean` is the obvious value when there is one. `tooLarge`: a number (or the clean
   * value of a text) at or beyond `CELL_CONTENT.largest`, no real figure, so it has no usable value.
   */
  | { readonly state: 'text'; readonly raw: string; readonly clean: number | null; readonly tooLarge?: number };

const BLANK: CellState = { state: 'blank' };
const CLEAN_NUMBER = /^-?\d*\.?\d*$/;
const DIGIT = /\d/;

/** The cleaned text of a value, as `CLEANING_SUBSTITUTIONS` leaves it. */
export function cleanText(text: string): string {
  let s = text;
  for (const [from, to] of CLEANING_SUBSTITUTIONS) if (s.includes(from)) s = s.split(from).join(to);
  return s;
}

function isBlankText(text: string): boolean {
  for (const ch of text) if (!BLANK_CHARACTERS.includes(ch)) return false;
  return true;
}

/** Whether a number is too large to be any cell's figure (the sheet's `compileKind` tests the same). */
function isTooLarge(value: number): boolean {
  return Math.abs(value) >= CELL_CONTENT.largest;
}

/** Classify a cell's content: a number, blank, or text with its obvious clean value if any. */
export function classifyCell(raw: CellValue | undefined): CellState {
  if (raw === null || raw === undefined) return BLANK;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return { state: 'text', raw: String(raw), clean: null };
    return isTooLarge(raw) ? { state: 'text', raw: String(raw), clean: null, tooLarge: raw } : { state: 'number', value: raw };
  }
  if (typeof raw === 'boolean') return { state: 'text', raw: raw ? 'TRUE' : 'FALSE', clean: null };
  if (isBlankText(raw)) return BLANK;
  const cleaned = cleanText(raw);
  const clean = CLEAN_NUMBER.test(cleaned) && DIGIT.test(cleaned) ? Number(cleaned) : null;
  if (clean === null || !Number.isFinite(clean)) return { state: 'text', raw, clean: null };
  return isTooLarge(clean) ? { state: 'text', raw, clean: null, tooLarge: clean } : { state: 'text', raw, clean };
}

/** The number the sums use: the value, or the clean value of a text cell; `null` when there is none. */
export function usableValue(state: CellState): number | null {
  if (state.state === 'number') return state.value;
  if (state.state === 'text') return state.clean;
  return null;
}
