/** A1 addresses: 1-based rows and columns. */

export interface Position {
  readonly row: number;
  readonly col: number;
}

export interface Rect {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/** `1` → `A`, `27` → `AA`. */
export function columnLetters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** `AA` → 27; 0 for anything else. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) return 0;
    n = n * 26 + (code - 64);
  }
  return n;
}

export function a1(p: Position, absolute = false): string {
  return absolute ? `$${columnLetters(p.col)}$${p.row}` : `${columnLetters(p.col)}${p.row}`;
}

export function rangeA1(r: Rect, absolute = false): string {
  const tl = a1({ row: r.top, col: r.left }, absolute);
  return r.top === r.bottom && r.left === r.right ? tl : `${tl}:${a1({ row: r.bottom, col: r.right }, absolute)}`;
}

/** A sheet name as a formula writes it: quoted unless it is a plain ASCII identifier. */
export function sheetPrefix(sheet: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? `${sheet}!` : `'${sheet.replace(/'/g, "''")}'!`;
}

/** `'年报'!$C$7` */
export function sheetRef(sheet: string, p: Position | Rect): string {
  return sheetPrefix(sheet) + ('row' in p ? a1(p, true) : rangeA1(p, true));
}

const REF = /^(?:(?:'((?:[^']|'')+)'|([^'!]+))!)?\$?([A-Za-z]{1,3})\$?(\d+)$/;

/** Parse `'年报'!$C$7`, `年报!C7` or `C7`; `null` for anything else (such as `#REF!`). */
export function parseRef(text: string): { sheet: string | null; row: number; col: number } | null {
  const m = REF.exec(text.trim().replace(/^=/, ''));
  if (!m) return null;
  const sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : (m[2] ?? null);
  const col = columnNumber(m[3] ?? '');
  const row = Number(m[4]);
  if (col === 0 || !Number.isInteger(row) || row < 1) return null;
  return { sheet, row, col };
}
