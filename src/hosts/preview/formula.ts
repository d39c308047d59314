/**
 * A small interpreter for the spreadsheet formulas the template uses, so that the preview workbook can
 * compute its checks in the browser (and unit tests can check the compiled formulas without LibreOffice).
 * It follows Excel's semantics for exactly the functions of FORMULA_FUNCTIONS: reference arguments versus
 * value arguments, blank cells, text that looks like a number, error values and implicit intersection.
 *
 * Pure TypeScript: formulas are parsed into a tree and walked; nothing is ever compiled to JavaScript.
 *
 * Not supported (the template needs none of it): array constants and array formulas, whole-column or
 * whole-row references (`A:A`), the space (intersection) and comma (union) reference operators, dates,
 * and Excel's 15-digit adjustment of results that differ from a neighbour in the last bits.
 */

/** Excel's error values. */
export type ErrorCode = '#NULL!' | '#DIV/0!' | '#VALUE!' | '#REF!' | '#NAME?' | '#NUM!' | '#N/A';
export interface FormulaError {
  readonly error: ErrorCode;
}
/** What a cell holds or a formula computes; `null` is a blank cell. */
export type Scalar = number | string | boolean | null | FormulaError;
/** A reference looked up by its text: one value, or a range's values row by row. */
export type Resolved = Scalar | readonly Scalar[];
export type Resolver = (ref: string) => Resolved;

/** The functions this interpreter knows: the template's FORMULA_FUNCTIONS (a test holds them equal). */
export const SUPPORTED_FUNCTIONS = [
  'ABS',
  'AND',
  'CHAR',
  'COUNT',
  'COUNTIF',
  'FIND',
  'IF',
  'IFERROR',
  'ISBLANK',
  'ISERROR',
  'ISNUMBER',
  'LEFT',
  'LEN',
  'N',
  'OR',
  'RIGHT',
  'ROUND',
  'SUBSTITUTE',
  'SUM',
  'SUMIF',
  'TRIM',
  'VALUE',
] as const;

const ERROR_CODES: readonly ErrorCode[] = ['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A'];
const err = (error: ErrorCode): FormulaError => ({ error });
const VALUE_ERROR = err('#VALUE!');

export const isFormulaError = (v: unknown): v is FormulaError =>
  typeof v === 'object' && v !== null && 'error' in v && ERROR_CODES.includes((v as { error: ErrorCode }).error);

/** A formula the interpreter cannot read. */
export class FormulaSyntaxError extends Error {
  override readonly name = 'FormulaSyntaxError';
}

/** A cell or range reference in a formula, 1-based. `sheet` null means the formula's own sheet. */
export interface Reference {
  /** As written, e.g. `'年报'!$I$36`, `nianbao_calc!$D$12:$D$20`, `B2`. */
  readonly text: string;
  readonly sheet: string | null;
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
  /** Written as a range (`A1:B2`), not a single cell. */
  readonly range: boolean;
  /** Which parts carry a `$` (do not move when a conditional format is applied to another cell). */
  readonly fixed: { readonly top: boolean; readonly left: boolean; readonly bottom: boolean; readonly right: boolean };
}

/** A parsed formula. */
export type FormulaNode =
  | { readonly k: 'lit'; readonly v: Scalar }
  | { readonly k: 'ref'; readonly ref: Reference }
  | { readonly k: 'name'; readonly name: string }
  | { readonly k: 'missing' }
  | { readonly k: 'call'; readonly name: string; readonly args: readonly FormulaNode[] }
  | { readonly k: 'bin'; readonly op: string; readonly a: FormulaNode; readonly b: FormulaNode }
  | { readonly k: 'unary'; readonly op: '-' | '+' | '%'; readonly a: FormulaNode };

export interface ParsedFormula {
  readonly text: string;
  readonly root: FormulaNode;
  /** Every reference in the formula, in order. */
  readonly references: readonly Reference[];
}

type Token =
  | { t: 'num'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'str'; v: string }
  | { t: 'err'; v: ErrorCode }
  | { t: 'ref'; v: Reference }
  | { t: 'name'; v: string }
  | { t: 'fn'; v: string }
  | { t: 'op'; v: string }
  | { t: '(' }
  | { t: ')' }
  | { t: ',' };

const SHEET = String.raw`(?:'((?:[^']|'')+)'|([\p{L}_][\p{L}\p{N}_.]*))!`;
const CELL = String.raw`(\$?)([A-Za-z]{1,3})(\$?)(\d+)`;
/** A reference, not followed by what would make it part of a longer name or a function. */
const REF = new RegExp(String.raw`^(?:${SHEET})?${CELL}(?::${CELL})?(?![\p{L}\p{N}_.(!])`, 'u');
const SHEET_ERROR = new RegExp(String.raw`^${SHEET}#REF!`, 'u');
const FUNCTION = /^([A-Za-z][A-Za-z0-9.]*)\s*\(/;
const NAME = /^[\p{L}_\\][\p{L}\p{N}_.]*/u;
const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[Ee][+-]?\d+)?/;
const OPERATOR = /^(<>|<=|>=|[=<>&+\-*/^%])/;
const MAX_ROW = 1048576;
const MAX_COL = 16384;

function columnOf(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function referenceOf(m: RegExpExecArray): Reference | null {
  const sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : (m[2] ?? null);
  const range = m[7] !== undefined;
  const a = { col: columnOf(m[4] ?? ''), row: Number(m[6]), colFixed: m[3] === '$', rowFixed: m[5] === '$' };
  const b = range ? { col: columnOf(m[8] ?? ''), row: Number(m[10]), colFixed: m[7] === '$', rowFixed: m[9] === '$' } : a;
  if (Math.max(a.col, b.col) > MAX_COL || Math.max(a.row, b.row) > MAX_ROW || Math.min(a.row, b.row) < 1) return null;
  // A range is kept top-left to bottom-right, as Excel turns `B2:A1` into `A1:B2`.
  const [top, bottom] = a.row <= b.row ? [a, b] : [b, a];
  const [left, right] = a.col <= b.col ? [a, b] : [b, a];
  return {
    text: m[0],
    sheet,
    top: top.row,
    left: left.col,
    bottom: bottom.row,
    right: right.col,
    range,
    fixed: { top: top.rowFixed, left: left.colFixed, bottom: bottom.rowFixed, right: right.colFixed },
  };
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const rest = src.slice(i);
    const ch = src[i] ?? '';
    if (ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t') {
      i++;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let s = '';
      for (;;) {
        if (j >= src.length) throw new FormulaSyntaxError(`unterminated string in ${src}`);
        if (src[j] === '"') {
          if (src[j + 1] === '"') {
            s += '"';
            j += 2;
            continue;
          }
          break;
        }
        s += src[j];
        j++;
      }
      out.push({ t: 'str', v: s });
      i = j + 1;
      continue;
    }
    if (ch === '#') {
      const code = ERROR_CODES.find((e) => rest.toUpperCase().startsWith(e));
      if (!code) throw new FormulaSyntaxError(`unknown error value at “${rest.slice(0, 8)}” in ${src}`);
      out.push({ t: 'err', v: code });
      i += code.length;
      continue;
    }
    const sheetError = SHEET_ERROR.exec(rest);
    if (sheetError) {
      out.push({ t: 'err', v: '#REF!' });
      i += sheetError[0].length;
      continue;
    }
    const fn = FUNCTION.exec(rest);
    if (fn) {
      out.push({ t: 'fn', v: (fn[1] ?? '').toUpperCase() }, { t: '(' });
      i += fn[0].length;
      continue;
    }
    const ref = REF.exec(rest);
    if (ref) {
      const r = referenceOf(ref);
      if (r) {
        out.push({ t: 'ref', v: r });
        i += ref[0].length;
        continue;
      }
    }
    const num = NUMBER.exec(rest);
    if (num) {
      out.push({ t: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      const upper = name[0].toUpperCase();
      out.push(upper === 'TRUE' || upper === 'FALSE' ? { t: 'bool', v: upper === 'TRUE' } : { t: 'name', v: name[0] });
      i += name[0].length;
      continue;
    }
    const op = OPERATOR.exec(rest);
    if (op) {
      out.push({ t: 'op', v: op[1] ?? '' });
      i += op[0].length;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      out.push({ t: ch });
      i++;
      continue;
    }
    throw new FormulaSyntaxError(`cannot read formula at “${rest.slice(0, 20)}” in ${src}`);
  }
  return out;
}

/** Parse a formula (without the leading `=`). Throws FormulaSyntaxError. */
export function parseFormula(text: string): ParsedFormula {
  const tokens = tokenize(text);
  const references: Reference[] = [];
  let p = 0;
  const peek = (): Token | undefined => tokens[p];
  const isOp = (ops: readonly string[]): boolean => {
    const t = peek();
    return t?.t === 'op' && ops.includes(t.v);
  };
  const expect = (t: Token['t']): void => {
    if (peek()?.t !== t) throw new FormulaSyntaxError(`expected ${t} at token ${p} of ${text}`);
    p++;
  };
  const binary = (next: () => FormulaNode, ops: readonly string[]) => (): FormulaNode => {
    let a = next();
    while (isOp(ops)) {
      const op = (tokens[p++] as { v: string }).v;
      a = { k: 'bin', op, a, b: next() };
    }
    return a;
  };
  const argument = (): FormulaNode => (peek()?.t === ',' || peek()?.t === ')' ? { k: 'missing' } : comparison());
  const primary = (): FormulaNode => {
    const t = tokens[p++];
    if (!t) throw new FormulaSyntaxError(`unexpected end of ${text}`);
    switch (t.t) {
      case 'num':
      case 'bool':
      case 'str':
        return { k: 'lit', v: t.v };
      case 'err':
        return { k: 'lit', v: err(t.v) };
      case 'ref':
        references.push(t.v);
        return { k: 'ref', ref: t.v };
      case 'name':
        return { k: 'name', name: t.v };
      case '(': {
        const e = comparison();
        expect(')');
        return e;
      }
      case 'fn': {
        expect('(');
        const args: FormulaNode[] = [];
        if (peek()?.t !== ')') {
          args.push(argument());
          while (peek()?.t === ',') {
            p++;
            args.push(argument());
          }
        }
        expect(')');
        return { k: 'call', name: t.v, args };
      }
      default:
        throw new FormulaSyntaxError(`unexpected ${JSON.stringify(t)} in ${text}`);
    }
  };
  // Excel's precedence, tightest first: negation, percent, ^, * /, + -, &, comparison.
  const unary = (): FormulaNode => {
    if (isOp(['-', '+'])) {
      const op = (tokens[p++] as { v: '-' | '+' }).v;
      return { k: 'unary', op, a: unary() };
    }
    return primary();
  };
  const percent = (): FormulaNode => {
    let a = unary();
    while (isOp(['%'])) {
      p++;
      a = { k: 'unary', op: '%', a };
    }
    return a;
  };
  const power = binary(percent, ['^']);
  const multiplicative = binary(power, ['*', '/']);
  const additive = binary(multiplicative, ['+', '-']);
  const concat = binary(additive, ['&']);
  const comparison: () => FormulaNode = binary(concat, ['=', '<>', '<', '>', '<=', '>=']);
  const root = comparison();
  if (p !== tokens.length) throw new FormulaSyntaxError(`trailing tokens in ${text}`);
  return { text, root, references };
}

/** Where a formula's references are looked up. */
export interface CellSource {
  /** A cell's value (`sheet` null: the formula's own sheet); undefined when there is no such sheet. */
  cell(sheet: string | null, row: number, col: number): Scalar | undefined;
  /** A defined name's reference; undefined when there is none (then `#NAME?`). */
  name?(name: string): Reference | undefined;
}

export interface EvaluateOptions {
  /** Where the formula sits: implicit intersection of a range used as one value. */
  readonly at?: { readonly row: number; readonly col: number };
  /** Moves the references without `$` (a conditional format's formula applied to a cell of its range). */
  readonly offset?: { readonly rows: number; readonly cols: number };
}

/** A range's values, row by row; `ref` is where it came from (unknown for a text resolver's list). */
interface Area {
  readonly area: true;
  readonly rows: number;
  readonly cols: number;
  readonly values: readonly Scalar[];
  readonly ref: Reference | null;
}
type Value = Scalar | Area;

const isArea = (v: Value): v is Area => typeof v === 'object' && v !== null && 'area' in v;

/** How references are read: by position (a workbook) or by their text (tests' resolvers). */
interface Lookup {
  ref(ref: Reference, resize?: { rows: number; cols: number }): Value;
  name(name: string): Value;
  readonly at: { readonly row: number; readonly col: number } | undefined;
}

function positionLookup(source: CellSource, options: EvaluateOptions): Lookup {
  const { offset } = options;
  const moved = (ref: Reference): Reference =>
    offset && (offset.rows !== 0 || offset.cols !== 0)
      ? {
          ...ref,
          top: ref.top + (ref.fixed.top ? 0 : offset.rows),
          bottom: ref.bottom + (ref.fixed.bottom ? 0 : offset.rows),
          left: ref.left + (ref.fixed.left ? 0 : offset.cols),
          right: ref.right + (ref.fixed.right ? 0 : offset.cols),
        }
      : ref;
  const read = (ref: Reference, resize?: { rows: number; cols: number }): Value => {
    const r = moved(ref);
    const bottom = resize ? r.top + resize.rows - 1 : r.bottom;
    const right = resize ? r.left + resize.cols - 1 : r.right;
    if (r.top < 1 || r.left < 1 || bottom > MAX_ROW || right > MAX_COL) return err('#REF!');
    if (!r.range && !resize) {
      const v = source.cell(r.sheet, r.top, r.left);
      return v === undefined ? err('#REF!') : v;
    }
    const values: Scalar[] = [];
    for (let row = r.top; row <= bottom; row++) {
      for (let col = r.left; col <= right; col++) {
        const v = source.cell(r.sheet, row, col);
        if (v === undefined) return err('#REF!');
        values.push(v);
      }
    }
    return { area: true, rows: bottom - r.top + 1, cols: right - r.left + 1, values, ref: { ...r, bottom, right, range: true } };
  };
  return {
    ref: read,
    name: (name) => {
      const ref = source.name?.(name);
      return ref ? read({ ...ref, range: true }) : err('#NAME?');
    },
    at: options.at,
  };
}

function textLookup(resolve: Resolver): Lookup {
  const toValue = (v: Resolved): Value =>
    Array.isArray(v) ? { area: true, rows: 1, cols: v.length, values: v as readonly Scalar[], ref: null } : (v as Scalar);
  return { ref: (ref) => toValue(resolve(ref.text)), name: (name) => toValue(resolve(name)), at: undefined };
}

/** Numeric text as Excel reads it in arithmetic and VALUE: spaces, a sign, thousands separators, a percent sign. */
const NUMERIC_TEXT = /^\s*([+-]?)(\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+(?:\.\d*)?|\.\d+)(?:[Ee]([+-]?\d+))?\s*(%?)\s*$/;

/** The number a text means, or null. */
export function numberFromText(text: string): number | null {
  const m = NUMERIC_TEXT.exec(text);
  if (!m) return null;
  const n = Number(`${m[1] ?? ''}${(m[2] ?? '').replace(/,/g, '')}${m[3] !== undefined ? `e${m[3]}` : ''}`);
  if (!Number.isFinite(n)) return null;
  return m[4] === '%' ? n / 100 : n;
}

const toNumber = (v: Scalar): number | FormulaError => {
  if (isFormulaError(v)) return v;
  if (v === null) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return numberFromText(v) ?? VALUE_ERROR;
};

/** A number as Excel writes it in text (the General format in a formula): at most 15 significant digits. */
export function numberText(n: number): string {
  if (n === 0 || !Number.isFinite(n)) return '0';
  const r = Number(n.toPrecision(15));
  const abs = Math.abs(r);
  if (abs >= 1e15 || abs < 1e-9) {
    const [mantissa = '0', exponent = '0'] = r.toExponential().split('e');
    const e = Number(exponent);
    return `${mantissa.toUpperCase()}E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (abs < 1e-6) return r.toFixed(20).replace(/0+$/, '');
  return String(r);
}

const toText = (v: Scalar): string | FormulaError => {
  if (isFormulaError(v)) return v;
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return numberText(v);
  return v;
};

const toBool = (v: Scalar): boolean | FormulaError => {
  if (isFormulaError(v)) return v;
  if (typeof v === 'boolean') return v;
  if (v === null) return false;
  if (typeof v === 'number') return v !== 0;
  const upper = v.toUpperCase();
  return upper === 'TRUE' ? true : upper === 'FALSE' ? false : VALUE_ERROR;
};

/** A whole-number argument: Excel truncates toward zero. */
const toInteger = (v: Scalar): number | FormulaError => {
  const n = toNumber(v);
  return isFormulaError(n) ? n : Math.trunc(n);
};

/** Excel's comparison: blank is 0, "" or FALSE as the other side needs; numbers < text < booleans; text ignores case. */
function compare(a: Scalar, b: Scalar): number {
  const rank = (v: Scalar): number => (typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2);
  let x = a;
  let y = b;
  if (x === null) x = typeof y === 'string' ? '' : typeof y === 'boolean' ? false : 0;
  if (y === null) y = typeof x === 'string' ? '' : typeof x === 'boolean' ? false : 0;
  if (rank(x) !== rank(y)) return rank(x) - rank(y);
  if (typeof x === 'string' && typeof y === 'string') {
    const [p, q] = [x.toLowerCase(), y.toLowerCase()];
    return p < q ? -1 : p > q ? 1 : 0;
  }
  return Number(x) - Number(y);
}

/** ROUND: half away from zero, on the decimal the number shows (2.675 → 2.68, as Excel). */
export function round(x: number, digits: number): number {
  const sign = x < 0 ? -1 : 1;
  if (digits >= 0) {
    const f = 10 ** digits;
    return (sign * Math.floor(Number((Math.abs(x) * f).toPrecision(15)) + 0.5)) / f;
  }
  const f = 10 ** -digits;
  return sign * Math.floor(Number((Math.abs(x) / f).toPrecision(15)) + 0.5) * f;
}

/** A criterion of COUNTIF / SUMIF, as a test of one cell's value. */
function criterion(c: Scalar): (v: Scalar) => boolean {
  if (isFormulaError(c)) return (v) => isFormulaError(v) && v.error === c.error;
  if (typeof c === 'number') return (v) => (typeof v === 'number' ? v === c : typeof v === 'string' && numberFromText(v) === c);
  if (typeof c === 'boolean') return (v) => v === c;
  const text = c ?? '';
  const m = /^(<=|>=|<>|<|>|=)?([\s\S]*)$/.exec(text);
  const op = m?.[1] ?? '';
  const operand = m?.[2] ?? '';
  const n = numberFromText(operand);
  const upper = operand.toUpperCase();
  const blank = (v: Scalar): boolean => v === null || v === '';
  if (n !== null && operand.trim() !== '') {
    // Equality also matches text that reads as the number; ordering compares numbers only.
    const numeric = (v: Scalar): number | null => (typeof v === 'number' ? v : typeof v === 'string' ? numberFromText(v) : null);
    switch (op) {
      case '':
      case '=':
        return (v) => numeric(v) === n;
      case '<>':
        return (v) => numeric(v) !== n;
      case '<':
        return (v) => typeof v === 'number' && v < n;
      case '>':
        return (v) => typeof v === 'number' && v > n;
      case '<=':
        return (v) => typeof v === 'number' && v <= n;
      default:
        return (v) => typeof v === 'number' && v >= n;
    }
  }
  if (upper === 'TRUE' || upper === 'FALSE') {
    const b = upper === 'TRUE';
    return op === '<>' ? (v) => v !== b : op === '' || op === '=' ? (v) => v === b : () => false;
  }
  if (operand === '') {
    if (op === '') return blank;
    if (op === '=') return (v) => v === null;
    if (op === '<>') return (v) => v !== null;
    return () => false;
  }
  if (op === '' || op === '=' || op === '<>') {
    // Wildcards: * any run, ? one character, ~ escapes the next.
    let pattern = '';
    for (let i = 0; i < operand.length; i++) {
      const ch = operand[i] ?? '';
      if (ch === '~' && i + 1 < operand.length) pattern += (operand[++i] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      else if (ch === '*') pattern += '[\\s\\S]*';
      else if (ch === '?') pattern += '[\\s\\S]';
      else pattern += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
    const re = new RegExp(`^${pattern}$`, 'i');
    const matches = (v: Scalar): boolean => typeof v === 'string' && re.test(v);
    return op === '<>' ? (v) => !matches(v) : matches;
  }
  return (v) => {
    if (typeof v !== 'string') return false;
    const d = compare(v, operand);
    return op === '<' ? d < 0 : op === '>' ? d > 0 : op === '<=' ? d <= 0 : d >= 0;
  };
}

class Evaluator {
  constructor(private readonly lookup: Lookup) {}

  value(node: FormulaNode): Value {
    switch (node.k) {
      case 'lit':
        return node.v;
      case 'missing':
        return null;
      case 'ref':
        return this.lookup.ref(node.ref);
      case 'name':
        return this.lookup.name(node.name);
      case 'unary': {
        const a = this.scalar(node.a);
        if (node.op === '+') return a;
        const n = toNumber(a);
        if (isFormulaError(n)) return n;
        return node.op === '-' ? -n : n / 100;
      }
      case 'bin':
        return this.binary(node.op, this.scalar(node.a), this.scalar(node.b));
      case 'call':
        return this.call(node.name, node.args);
    }
  }

  /** One value: a range gives the cell in the formula's row or column (implicit intersection), else #VALUE!. */
  scalar(node: FormulaNode): Scalar {
    return this.single(this.value(node));
  }

  single(v: Value): Scalar {
    if (!isArea(v)) return v;
    if (v.values.length === 1) return v.values[0] ?? null;
    const at = this.lookup.at;
    const ref = v.ref;
    if (!at || !ref) return VALUE_ERROR;
    if (v.cols === 1 && at.row >= ref.top && at.row <= ref.bottom) return v.values[at.row - ref.top] ?? null;
    if (v.rows === 1 && at.col >= ref.left && at.col <= ref.right) return v.values[at.col - ref.left] ?? null;
    return VALUE_ERROR;
  }

  private binary(op: string, a: Scalar, b: Scalar): Scalar {
    if (isFormulaError(a)) return a;
    if (isFormulaError(b)) return b;
    if (op === '&') {
      const [s, t] = [toText(a), toText(b)];
      return isFormulaError(s) ? s : isFormulaError(t) ? t : s + t;
    }
    if (op === '+' || op === '-' || op === '*' || op === '/' || op === '^') {
      const [x, y] = [toNumber(a), toNumber(b)];
      if (isFormulaError(x)) return x;
      if (isFormulaError(y)) return y;
      let r: number;
      if (op === '+') r = x + y;
      else if (op === '-') r = x - y;
      else if (op === '*') r = x * y;
      else if (op === '/') {
        if (y === 0) return err('#DIV/0!');
        r = x / y;
      } else {
        if (x === 0 && y === 0) return err('#NUM!');
        if (x === 0 && y < 0) return err('#DIV/0!');
        r = x ** y;
      }
      return Number.isFinite(r) ? r : err('#NUM!');
    }
    const c = compare(a, b);
    switch (op) {
      case '=':
        return c === 0;
      case '<>':
        return c !== 0;
      case '<':
        return c < 0;
      case '>':
        return c > 0;
      case '<=':
        return c <= 0;
      default:
        return c >= 0;
    }
  }

  /** The values of each argument: a reference's cells (`fromRef`), or one value computed by the formula. */
  private flatten(args: readonly FormulaNode[]): { v: Scalar; fromRef: boolean }[] {
    const out: { v: Scalar; fromRef: boolean }[] = [];
    for (const a of args) {
      const v = this.value(a);
      if (isArea(v)) for (const x of v.values) out.push({ v: x, fromRef: true });
      else out.push({ v, fromRef: a.k === 'ref' || a.k === 'name' });
    }
    return out;
  }

  private call(name: string, args: readonly FormulaNode[]): Value {
    const arg = (i: number): Scalar => {
      const n = args[i];
      return n ? this.scalar(n) : null;
    };
    const count = (min: number, max: number): boolean => args.length >= min && args.length <= max;
    switch (name) {
      case 'IF': {
        if (!count(2, 3)) return VALUE_ERROR;
        const c = toBool(arg(0));
        if (isFormulaError(c)) return c;
        if (c) return this.value(args[1] ?? { k: 'missing' });
        return args.length > 2 ? this.value(args[2] ?? { k: 'missing' }) : false;
      }
      case 'IFERROR': {
        if (!count(2, 2)) return VALUE_ERROR;
        const v = arg(0);
        return isFormulaError(v) ? arg(1) : v;
      }
      case 'AND':
      case 'OR': {
        if (args.length === 0) return VALUE_ERROR;
        let seen = 0;
        let all = true;
        let any = false;
        for (const { v, fromRef } of this.flatten(args)) {
          if (isFormulaError(v)) return v;
          // In a reference, text and blank cells are skipped; typed directly, text must say TRUE or FALSE.
          if (fromRef && (typeof v === 'string' || v === null)) continue;
          const b = toBool(v);
          if (isFormulaError(b)) return b;
          seen++;
          all &&= b;
          any ||= b;
        }
        if (seen === 0) return VALUE_ERROR;
        return name === 'AND' ? all : any;
      }
      case 'ISNUMBER':
        return count(1, 1) ? typeof arg(0) === 'number' : VALUE_ERROR;
      case 'ISERROR':
        return count(1, 1) ? isFormulaError(arg(0)) : VALUE_ERROR;
      case 'ISBLANK':
        return count(1, 1) ? args[0]?.k !== 'missing' && arg(0) === null : VALUE_ERROR;
      case 'N': {
        if (!count(1, 1)) return VALUE_ERROR;
        const raw = this.value(args[0] ?? { k: 'missing' });
        // N of a range reads its first cell.
        const v = isArea(raw) ? (raw.values[0] ?? null) : raw;
        return isFormulaError(v) ? v : typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : 0;
      }
      case 'LEN': {
        if (!count(1, 1)) return VALUE_ERROR;
        const s = toText(arg(0));
        return isFormulaError(s) ? s : s.length;
      }
      case 'LEFT':
      case 'RIGHT': {
        if (!count(1, 2)) return VALUE_ERROR;
        const s = toText(arg(0));
        const n = args.length > 1 ? toInteger(arg(1)) : 1;
        if (isFormulaError(s)) return s;
        if (isFormulaError(n)) return n;
        if (n < 0) return VALUE_ERROR;
        return name === 'LEFT' ? s.slice(0, n) : s.slice(Math.max(0, s.length - n));
      }
      case 'TRIM': {
        if (!count(1, 1)) return VALUE_ERROR;
        const s = toText(arg(0));
        return isFormulaError(s) ? s : s.replace(/ +/g, ' ').replace(/^ | $/g, '');
      }
      case 'SUBSTITUTE': {
        if (!count(3, 4)) return VALUE_ERROR;
        const [s, from, to] = [toText(arg(0)), toText(arg(1)), toText(arg(2))];
        if (isFormulaError(s)) return s;
        if (isFormulaError(from)) return from;
        if (isFormulaError(to)) return to;
        if (from === '') return s;
        if (args.length < 4) return s.split(from).join(to);
        const nth = toInteger(arg(3));
        if (isFormulaError(nth)) return nth;
        if (nth < 1) return VALUE_ERROR;
        let at = -1;
        for (let k = 0; k < nth; k++) {
          at = s.indexOf(from, at + (k === 0 ? 0 : from.length));
          if (at < 0) return s;
        }
        return s.slice(0, at) + to + s.slice(at + from.length);
      }
      case 'FIND': {
        if (!count(2, 3)) return VALUE_ERROR;
        const [needle, hay] = [toText(arg(0)), toText(arg(1))];
        const start = args.length > 2 ? toInteger(arg(2)) : 1;
        if (isFormulaError(needle)) return needle;
        if (isFormulaError(hay)) return hay;
        if (isFormulaError(start)) return start;
        if (start < 1 || start > hay.length + 1) return VALUE_ERROR;
        const at = hay.indexOf(needle, start - 1);
        return at < 0 ? VALUE_ERROR : at + 1;
      }
      case 'CHAR': {
        if (!count(1, 1)) return VALUE_ERROR;
        const n = toInteger(arg(0));
        if (isFormulaError(n)) return n;
        // 128–255 depend on the system code page; Latin-1 here.
        return n < 1 || n > 255 ? VALUE_ERROR : String.fromCharCode(n);
      }
      case 'VALUE': {
        if (!count(1, 1)) return VALUE_ERROR;
        const v = arg(0);
        if (typeof v === 'number' || isFormulaError(v)) return v;
        if (v === null) return 0;
        if (typeof v === 'boolean') return VALUE_ERROR;
        return numberFromText(v) ?? VALUE_ERROR;
      }
      case 'ABS': {
        if (!count(1, 1)) return VALUE_ERROR;
        const n = toNumber(arg(0));
        return isFormulaError(n) ? n : Math.abs(n);
      }
      case 'ROUND': {
        if (!count(2, 2)) return VALUE_ERROR;
        const [x, d] = [toNumber(arg(0)), toInteger(arg(1))];
        if (isFormulaError(x)) return x;
        if (isFormulaError(d)) return d;
        return round(x, d);
      }
      case 'SUM': {
        if (args.length === 0) return VALUE_ERROR;
        let total = 0;
        for (const { v, fromRef } of this.flatten(args)) {
          if (isFormulaError(v)) return v;
          // Cells of a reference add only numbers; a value typed as an argument is converted.
          if (fromRef) {
            if (typeof v === 'number') total += v;
            continue;
          }
          const n = toNumber(v);
          if (isFormulaError(n)) return n;
          total += n;
        }
        return total;
      }
      case 'COUNT': {
        if (args.length === 0) return VALUE_ERROR;
        let n = 0;
        for (const { v, fromRef } of this.flatten(args)) {
          if (typeof v === 'number') n++;
          else if (!fromRef && (typeof v === 'boolean' || (typeof v === 'string' && numberFromText(v) !== null))) n++;
        }
        return n;
      }
      case 'COUNTIF':
      case 'SUMIF': {
        if (name === 'COUNTIF' ? !count(2, 2) : !count(2, 3)) return VALUE_ERROR;
        const rangeNode = args[0];
        if (!rangeNode || (rangeNode.k !== 'ref' && rangeNode.k !== 'name')) return VALUE_ERROR;
        const range = this.value(rangeNode);
        if (isFormulaError(range)) return range;
        const cells = isArea(range) ? range : { area: true as const, rows: 1, cols: 1, values: [range], ref: null };
        const test = criterion(arg(1));
        let sums: readonly Scalar[] = cells.values;
        const sumNode = args[2];
        if (name === 'SUMIF' && sumNode) {
          // The sum range is as large as the criteria range, from its own top-left cell.
          if (sumNode.k !== 'ref') return VALUE_ERROR;
          const sum = cells.ref ? this.lookup.ref(sumNode.ref, { rows: cells.rows, cols: cells.cols }) : this.value(sumNode);
          if (isFormulaError(sum)) return sum;
          sums = isArea(sum) ? sum.values : [sum];
        }
        let acc = 0;
        for (let i = 0; i < cells.values.length; i++) {
          if (!test(cells.values[i] ?? null)) continue;
          if (name === 'COUNTIF') acc++;
          else {
            const s = sums[i];
            if (isFormulaError(s)) return s;
            if (typeof s === 'number') acc += s;
          }
        }
        return acc;
      }
      default:
        return err('#NAME?');
    }
  }
}

/** What a cell shows for a formula's result: a range is intersected; a blank reference shows 0. */
function result(ev: Evaluator, root: FormulaNode): Scalar {
  const v = ev.single(ev.value(root));
  return v === null ? 0 : v;
}

/** Evaluate a parsed formula; references are read from `source` by position. */
export function evaluateParsed(formula: ParsedFormula, source: CellSource, options: EvaluateOptions = {}): Scalar {
  return result(new Evaluator(positionLookup(source, options)), formula.root);
}

const parsed = new Map<string, ParsedFormula>();

/** Parse a formula once and remember it (the template repeats many formulas' text). */
export function parseCached(formula: string): ParsedFormula {
  let p = parsed.get(formula);
  if (!p) {
    p = parseFormula(formula);
    if (parsed.size > 50000) parsed.clear();
    parsed.set(formula, p);
  }
  return p;
}

/** Evaluate a formula (without `=`); references are looked up by their text with `resolve`. */
export function evaluateFormula(formula: string, resolve: Resolver = () => null): Scalar {
  return result(new Evaluator(textLookup(resolve)), parseCached(formula).root);
}

/** The function names a formula calls, string literals left out. */
export function functionNames(formula: string): string[] {
  const outside = formula.replace(/"(?:[^"]|"")*"/g, '""');
  return [...outside.matchAll(/(?<![A-Za-z0-9_.$'])([A-Z][A-Z0-9.]*)\(/g)].map((m) => m[1] ?? '');
}
