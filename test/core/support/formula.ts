/**
 * A small interpreter for the spreadsheet formulas the compiler emits, so unit tests can check that a
 * compiled formula and the JS evaluator agree without starting LibreOffice (which test/hosts does for
 * real). It follows Excel's semantics for exactly the functions of FORMULA_FUNCTIONS and nothing more.
 */

export interface FormulaError {
  readonly error: string;
}
export type Scalar = number | string | boolean | null | FormulaError;
/** A reference evaluates to one value, a range to a list of values. */
export type Resolved = Scalar | readonly Scalar[];
export type Resolver = (ref: string) => Resolved;

const VALUE_ERROR: FormulaError = { error: '#VALUE!' };
const isError = (v: unknown): v is FormulaError => typeof v === 'object' && v !== null && 'error' in v;

type Token =
  | { t: 'num'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'str'; v: string }
  | { t: 'ref'; v: string }
  | { t: 'fn'; v: string }
  | { t: 'op'; v: string }
  | { t: '(' }
  | { t: ')' }
  | { t: ',' };

const REF = /^(?:(?:'(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!)?\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?/;

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const rest = src.slice(i);
    const ch = src[i] ?? '';
    if (ch === ' ') {
      i++;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let s = '';
      for (;;) {
        if (j >= src.length) throw new Error(`unterminated string in ${src}`);
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
    const fn = /^([A-Z][A-Z0-9.]*)\(/.exec(rest);
    if (fn) {
      out.push({ t: 'fn', v: fn[1] ?? '' }, { t: '(' });
      i += fn[0].length;
      continue;
    }
    if (/^(TRUE|FALSE)\b/.test(rest)) {
      const word = rest.startsWith('TRUE') ? 'TRUE' : 'FALSE';
      out.push({ t: 'bool', v: word === 'TRUE' });
      i += word.length;
      continue;
    }
    const ref = REF.exec(rest);
    if (ref) {
      out.push({ t: 'ref', v: ref[0] });
      i += ref[0].length;
      continue;
    }
    const num = /^\d+(\.\d+)?(E[+-]?\d+)?/i.exec(rest);
    if (num) {
      out.push({ t: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const op = /^(<>|<=|>=|[=<>&+\-*/])/.exec(rest);
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
    throw new Error(`cannot read formula at “${rest.slice(0, 20)}” in ${src}`);
  }
  return out;
}

/** A parsed formula: evaluation is deferred so IF and IFERROR only evaluate the branch they take. */
type Node =
  | { k: 'lit'; v: Scalar }
  | { k: 'ref'; v: string }
  | { k: 'call'; name: string; args: Node[] }
  | { k: 'bin'; op: string; a: Node; b: Node }
  | { k: 'neg'; a: Node };

function parse(src: string): Node {
  const tokens = tokenize(src);
  let p = 0;
  const peek = (): Token | undefined => tokens[p];
  const isOp = (...ops: string[]): boolean => {
    const t = peek();
    return t?.t === 'op' && ops.includes(t.v);
  };
  const expect = (t: Token['t']): void => {
    if (peek()?.t !== t) throw new Error(`expected ${t} at token ${p} of ${src}`);
    p++;
  };
  const binary = (next: () => Node, ops: string[]) => (): Node => {
    let a = next();
    while (isOp(...ops)) {
      const op = (tokens[p++] as { v: string }).v;
      a = { k: 'bin', op, a, b: next() };
    }
    return a;
  };
  const primary = (): Node => {
    const t = tokens[p++];
    if (!t) throw new Error(`unexpected end of ${src}`);
    if (t.t === 'num' || t.t === 'bool') return { k: 'lit', v: t.v };
    if (t.t === 'str') return { k: 'lit', v: t.v };
    if (t.t === 'ref') return { k: 'ref', v: t.v };
    if (t.t === 'op' && t.v === '-') return { k: 'neg', a: primary() };
    if (t.t === '(') {
      const e = comparison();
      expect(')');
      return e;
    }
    if (t.t === 'fn') {
      expect('(');
      const args: Node[] = [];
      if (peek()?.t !== ')') {
        args.push(comparison());
        while (peek()?.t === ',') {
          p++;
          args.push(comparison());
        }
      }
      expect(')');
      return { k: 'call', name: t.v, args };
    }
    throw new Error(`unexpected ${JSON.stringify(t)} in ${src}`);
  };
  const multiplicative = binary(primary, ['*', '/']);
  const additive = binary(multiplicative, ['+', '-']);
  const concat = binary(additive, ['&']);
  const comparison: () => Node = binary(concat, ['=', '<>', '<', '>', '<=', '>=']);
  const node = comparison();
  if (p !== tokens.length) throw new Error(`trailing tokens in ${src}`);
  return node;
}

const toNumber = (v: Scalar): number | FormulaError => {
  if (isError(v)) return v;
  if (v === null) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const n = v.trim() === '' ? NaN : Number(v);
  return Number.isFinite(n) ? n : VALUE_ERROR;
};
const toText = (v: Scalar): string | FormulaError => {
  if (isError(v)) return v;
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
};
const toBool = (v: Scalar): boolean | FormulaError => {
  if (isError(v)) return v;
  if (typeof v === 'boolean') return v;
  if (v === null) return false;
  if (typeof v === 'number') return v !== 0;
  return VALUE_ERROR;
};

/** Excel's comparison: blank is 0 or "", numbers < text < booleans, text case-insensitive. */
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

const roundHalfAway = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return (Math.sign(x) * Math.round(Math.abs(x) * f + 1e-9)) / f;
};

function evalNode(node: Node, resolve: Resolver): Resolved {
  const scalar = (n: Node): Scalar => {
    const v = evalNode(n, resolve);
    return Array.isArray(v) ? ((v[0] as Scalar | undefined) ?? null) : (v as Scalar);
  };
  const list = (n: Node): readonly Scalar[] => {
    const v = evalNode(n, resolve);
    return Array.isArray(v) ? (v as readonly Scalar[]) : [v as Scalar];
  };
  switch (node.k) {
    case 'lit':
      return node.v;
    case 'ref':
      return resolve(node.v);
    case 'neg': {
      const n = toNumber(scalar(node.a));
      return isError(n) ? n : -n;
    }
    case 'bin': {
      const a = scalar(node.a);
      const b = scalar(node.b);
      if (isError(a)) return a;
      if (isError(b)) return b;
      if (node.op === '&') {
        const [s, t] = [toText(a), toText(b)];
        return isError(s) ? s : isError(t) ? t : s + t;
      }
      if (['+', '-', '*', '/'].includes(node.op)) {
        const [x, y] = [toNumber(a), toNumber(b)];
        if (isError(x)) return x;
        if (isError(y)) return y;
        if (node.op === '+') return x + y;
        if (node.op === '-') return x - y;
        if (node.op === '*') return x * y;
        return y === 0 ? { error: '#DIV/0!' } : x / y;
      }
      const c = compare(a, b);
      return { '=': c === 0, '<>': c !== 0, '<': c < 0, '>': c > 0, '<=': c <= 0, '>=': c >= 0 }[node.op] ?? VALUE_ERROR;
    }
    case 'call':
      return call(node.name, node.args, scalar, list);
  }
}

function call(name: string, args: Node[], scalar: (n: Node) => Scalar, list: (n: Node) => readonly Scalar[]): Scalar {
  const arg = (i: number): Scalar => {
    const n = args[i];
    return n ? scalar(n) : null;
  };
  const text = (i: number): string | FormulaError => toText(arg(i));
  const number = (i: number): number | FormulaError => toNumber(arg(i));
  const all = (): Scalar[] => args.flatMap((a) => [...list(a)]);
  switch (name) {
    case 'IF': {
      const c = toBool(arg(0));
      if (isError(c)) return c;
      return c ? arg(1) : args.length > 2 ? arg(2) : false;
    }
    case 'IFERROR': {
      const v = arg(0);
      return isError(v) ? arg(1) : v;
    }
    case 'AND':
    case 'OR': {
      const bs = all().map(toBool);
      const err = bs.find(isError);
      if (err) return err;
      return name === 'AND' ? bs.every((b) => b === true) : bs.some((b) => b === true);
    }
    case 'ISNUMBER':
      return typeof arg(0) === 'number';
    case 'ISERROR':
      return isError(arg(0));
    case 'N': {
      const v = arg(0);
      return isError(v) ? v : typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : 0;
    }
    case 'LEN': {
      const s = text(0);
      return isError(s) ? s : [...s].length;
    }
    case 'LEFT':
    case 'RIGHT': {
      const s = text(0);
      const n = args.length > 1 ? number(1) : 1;
      if (isError(s)) return s;
      if (isError(n)) return n;
      const chars = [...s];
      return name === 'LEFT' ? chars.slice(0, n).join('') : chars.slice(Math.max(0, chars.length - n)).join('');
    }
    case 'TRIM': {
      const s = text(0);
      return isError(s) ? s : s.replace(/ +/g, ' ').replace(/^ | $/g, '');
    }
    case 'SUBSTITUTE': {
      const [s, from, to] = [text(0), text(1), text(2)];
      if (isError(s)) return s;
      if (isError(from)) return from;
      if (isError(to)) return to;
      return from === '' ? s : s.split(from).join(to);
    }
    case 'FIND': {
      const [needle, hay] = [text(0), text(1)];
      const start = args.length > 2 ? number(2) : 1;
      if (isError(needle)) return needle;
      if (isError(hay)) return hay;
      if (isError(start)) return start;
      const chars = [...hay];
      if (start < 1 || start > chars.length + 1) return VALUE_ERROR;
      const at = chars
        .slice(start - 1)
        .join('')
        .indexOf(needle);
      return at < 0
        ? VALUE_ERROR
        : [
            ...chars
              .slice(start - 1)
              .join('')
              .slice(0, at),
          ].length + start;
    }
    case 'CHAR': {
      const n = number(0);
      return isError(n) ? n : String.fromCharCode(n);
    }
    case 'VALUE': {
      const v = arg(0);
      if (typeof v === 'number' || isError(v)) return v;
      const s = toText(v);
      if (isError(s)) return s;
      return /^\s*[+-]?(\d+\.?\d*|\.\d+)(E[+-]?\d+)?\s*$/i.test(s) ? Number(s) : VALUE_ERROR;
    }
    case 'ABS': {
      const n = number(0);
      return isError(n) ? n : Math.abs(n);
    }
    case 'ROUND': {
      const [x, d] = [number(0), number(1)];
      if (isError(x)) return x;
      if (isError(d)) return d;
      return roundHalfAway(x, d);
    }
    case 'SUM': {
      const vs = all();
      const err = vs.find(isError);
      return err ?? vs.reduce<number>((s, v) => s + (typeof v === 'number' ? v : 0), 0);
    }
    case 'COUNT':
      return all().filter((v) => typeof v === 'number').length;
    case 'COUNTIF':
    case 'SUMIF': {
      const range = args[0] ? list(args[0]) : [];
      const criterion = arg(1);
      const sums = name === 'SUMIF' && args[2] ? list(args[2]) : range;
      let acc = 0;
      range.forEach((v, i) => {
        const s = sums[i];
        if (compare(v, criterion) === 0) acc += name === 'COUNTIF' ? 1 : typeof s === 'number' ? s : 0;
      });
      return acc;
    }
    default:
      throw new Error(`the test interpreter does not know ${name}()`);
  }
}

const parsed = new Map<string, Node>();

/** Evaluate a formula (without `=`); references are looked up with `resolve`. */
export function evaluateFormula(formula: string, resolve: Resolver = () => null): Scalar {
  let node = parsed.get(formula);
  if (!node) {
    node = parse(formula);
    parsed.set(formula, node);
  }
  const v = evalNode(node, resolve);
  return Array.isArray(v) ? ((v[0] as Scalar | undefined) ?? null) : (v as Scalar);
}

/** The function names a formula calls, string literals left out. */
export function functionNames(formula: string): string[] {
  const outside = formula.replace(/"(?:[^"]|"")*"/g, '""');
  return [...outside.matchAll(/(?<![A-Za-z0-9_.$'])([A-Z][A-Z0-9.]*)\(/g)].map((m) => m[1] ?? '');
}
