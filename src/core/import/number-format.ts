/**
 * Number formats as a workbook stores them: whether a cell's format shows its number as a date or a time
 * (a count cell formatted as a date shows 2025/1/1 and holds 45658), and what it then shows.
 */

/** What a date-like number format shows a number as. */
export type DateLikeFormat = 'date' | 'time';

const DATE_TOKEN = /[ymd]/;
const TIME_TOKEN = /[hs]/;
/** An elapsed-time bracket: `[h]`, `[mm]`, `[ss]`. */
const ELAPSED = /^\[(h+|m+|s+)\]$/i;

/**
 * Whether a format code (`yyyy/m/d`, `h:mm`, `0.00`, `General` …) shows a number as a date or a time: a
 * y, m, d, h or s outside quoted text, escapes (`\年`, `_)`, `*-`) and brackets (`[Red]`, `[$-804]`,
 * `[DBNum1]`; an elapsed `[h]` counts as time). `m` alone is a month (`mmm-yy`), with h or s a minute.
 */
export function dateLikeFormat(code: string): DateLikeFormat | null {
  let tokens = '';
  for (let i = 0; i < code.length; i++) {
    const ch = code[i] ?? '';
    if (ch === '"') {
      const end = code.indexOf('"', i + 1);
      i = end < 0 ? code.length : end;
    } else if (ch === '[') {
      const end = code.indexOf(']', i + 1);
      const bracket = end < 0 ? code.slice(i) : code.slice(i, end + 1);
      if (ELAPSED.test(bracket)) tokens += 'h';
      i = end < 0 ? code.length : end;
    } else if (ch === '\\' || ch === '_' || ch === '*') {
      i++; // the next character is shown as it is (or is padding)
    } else {
      tokens += ch.toLowerCase();
    }
  }
  // `General` and the exponent `E+` hold none of the tokens; a stray `e` (an era year) comes with m and d.
  tokens = tokens.replace(/general/g, '');
  const time = TIME_TOKEN.test(tokens);
  const date = /[yd]/.test(tokens) || (!time && DATE_TOKEN.test(tokens));
  return date ? 'date' : time ? 'time' : null;
}

const DAY_MS = 86_400_000;
/** The last day Excel shows (9999-12-31); beyond it, and below 0, a date cell shows `#######`. */
const LAST_SERIAL = 2_958_465;

/**
 * What a date-like format shows a number as, in the 1900 date system every spreadsheet writes: `2025/1/1`
 * for a date (serial 60 is Excel's 1900/2/29, and 0 is its 1900/1/0), `0:00` for a time.
 */
export function dateLikeText(serial: number, kind: DateLikeFormat): string {
  if (!Number.isFinite(serial) || serial < 0 || serial >= LAST_SERIAL + 1) return '#######';
  if (kind === 'time') {
    const minutes = Math.round((serial - Math.floor(serial)) * 1440) % 1440;
    return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
  }
  const day = Math.floor(serial);
  if (day === 0) return '1900/1/0';
  if (day === 60) return '1900/2/29';
  // Excel counts a 1900/2/29 that never was: from serial 61 on, days run from 1899-12-30.
  const date = new Date(Date.UTC(1899, 11, day < 60 ? 31 : 30) + day * DAY_MS);
  return `${date.getUTCFullYear()}/${date.getUTCMonth() + 1}/${date.getUTCDate()}`;
}
