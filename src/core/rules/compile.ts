import type { CellId } from '../format';
import { CELL_CONTENT, type RuleId, type Severity } from './catalogue';
import { BLANK_CHARACTERS, CLEANING_SUBSTITUTIONS } from './cell-value';
import { INTEGER_TOLERANCE, SUM_TOLERANCE } from './context';
import type { TableCounts } from './evaluate';
import type { RuleInstance } from './instances';
import { ORGAN_LEVELS, ORGAN_NAME_PATTERNS, ORGAN_TEXT_BLANKS } from './organ-level';

/**
 * The formula compiler: the same checks as the evaluator, as spreadsheet formulas. Only functions that
 * Excel, WPS and LibreOffice share (see FORMULA_FUNCTIONS); references come from the workbook layout.
 */

/** Every function a compiled formula may call. A test holds the compiler to this list. */
export const FORMULA_FUNCTIONS = [
  'ABS', 'AND', 'CHAR', 'COUNT', 'COUNTIF', 'FIND', 'IF', 'IFERROR', 'ISBLANK', 'ISERROR', 'ISNUMBER', 'LEFT', 'LEN',
  'N', 'OR', 'RIGHT', 'ROUND', 'SUBSTITUTE', 'SUM', 'SUMIF', 'TRIM', 'VALUE',
] as const;

/** Where the compiled formulas find a cell and its helpers (A1 references, sheet-qualified as needed). */
export interface FormulaRefs {
  /** The cell as the clerk typed it. */
  raw(id: CellId): string;
  /** Helper: the cleaned text of a text cell. */
  clean(id: CellId): string;
  /** Helper: 0 number, 1 blank, 2 text with a clean number, 3 other text or an error value. */
  kind(id: CellId): string;
  /** Helper: the number the sums use, or "" when there is none. */
  value(id: CellId): string;
  /** Helper: the organ level's key (`county` …) or "" when unknown. */
  organLevelCode(): string;
}

/** One compiled check: a formula that is TRUE when the check fails, and the cells it marks. */
export interface CompiledCheck {
  readonly rule: RuleId;
  readonly severity: Severity;
  readonly formula: string;
  readonly cells: readonly CellId[];
}

/** A formula string literal. */
export function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

function literal(text: string): string {
  // A control character (line break, tab …) inside a string literal is not portable (XML turns a CR into a
  // line feed): spell it CHAR(n), which means the same in every code page below 128.
  return text.length === 1 && text.charCodeAt(0) < 32 ? `CHAR(${text.charCodeAt(0)})` : quote(text);
}

const num = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(12).replace(/0+$/, ''));

function substituteAll(expr: string, pairs: readonly (readonly [string, string])[]): string {
  return pairs.reduce((acc, [from, to]) => `SUBSTITUTE(${acc},${literal(from)},${literal(to)})`, expr);
}

/** Helper formula: the cleaned text of a raw cell (empty for numbers, `#` for error values). */
export function compileCleanText(raw: string): string {
  return `IF(ISNUMBER(${raw}),"",IF(ISERROR(${raw}),"#",${substituteAll(raw, CLEANING_SUBSTITUTIONS)}))`;
}

/**
 * Helper formula: the cell's kind code, as `classifyCell` decides it. A number, or a text's clean number,
 * at or beyond `CELL_CONTENT.largest` (the bound `classifyCell` applies) is 3: no usable value, as for other text.
 */
export function compileKind(raw: string, clean: string): string {
  const blankStripped = substituteAll(raw, BLANK_CHARACTERS.map((c) => [c, ''] as const));
  const residue = substituteAll(clean, [...Array.from({ length: 10 }, (_, d) => [String(d), ''] as const), ['.', ''], ['-', '']]);
  const digits = `SUBSTITUTE(SUBSTITUTE(${clean},"-",""),".","")`;
  const cleanNumber = `AND(LEN(${clean})>0,LEN(${residue})=0,ISERROR(FIND("-",${clean},2)),LEN(${clean})-LEN(SUBSTITUTE(${clean},".",""))<2,LEN(${digits})>0)`;
  const bound = num(CELL_CONTENT.largest);
  // Nested, not AND: every spreadsheet evaluates all of AND's arguments, and VALUE of a non-number is an error.
  // Where VALUE fails on a clean text the cell stays 2, as it did before the bound (compileValue gives "").
  const cleanKind = `IF(IFERROR(ABS(VALUE(${clean}))<${bound},TRUE),2,3)`;
  return `IF(ISNUMBER(${raw}),IF(ABS(${raw})<${bound},0,3),IF(ISERROR(${raw}),3,IF(LEN(${blankStripped})=0,1,IF(${cleanNumber},${cleanKind},3))))`;
}

/** Helper formula: the number the sums use, or "". */
export function compileValue(raw: string, clean: string, kind: string): string {
  return `IF(${kind}=0,${raw},IF(${kind}=2,IFERROR(VALUE(${clean}),""),""))`;
}

/** Helper formula: an organ's name or level as `organText` reads it (every blank a space, then TRIM). */
export function compileOrganText(ref: string): string {
  return `TRIM(${substituteAll(ref, ORGAN_TEXT_BLANKS.map((c) => [c, ' '] as const))})`;
}

/**
 * Helper formula: the organ's level key from 基本信息's level, else guessed from the organ's name. `name`
 * and `level` refer to helper cells holding `compileOrganText` of those cells (spelt out here, the blanks'
 * SUBSTITUTEs would take the formula past Excel's 8,192 characters). Text compares ignoring case, as in
 * `parseOrganLevel`.
 */
export function compileOrganLevelCode(name: string, level: string): string {
  const guess = ORGAN_NAME_PATTERNS.reduceRight((otherwise, p) => {
    const tests = [
      ...(p.prefixes ?? []).map((x) => `LEFT(${name},${x.length})=${quote(x)}`),
      ...(p.suffixes ?? []).map((x) => `RIGHT(${name},${x.length})=${quote(x)}`),
    ];
    const unless = (p.unless ?? []).map((x) => `ISERROR(FIND(${quote(x)},${name}))`);
    const test = unless.length ? `AND(OR(${tests.join(',')}),${unless.join(',')})` : `OR(${tests.join(',')})`;
    return `IF(${test},${quote(p.level)},${otherwise})`;
  }, '""');
  return ORGAN_LEVELS.reduceRight(
    (otherwise, l) => `IF(OR(${level}=${quote(l.label)},${level}=${quote(l.key)}),${quote(l.key)},${otherwise})`,
    guess,
  );
}

const n = (ref: string): string => `N(${ref})`;
const sum = (refs: readonly string[]): string => `SUM(${refs.join(',')})`;

type Compiler<K extends RuleInstance['kind']> = (inst: Extract<RuleInstance, { kind: K }>, refs: FormulaRefs) => CompiledCheck[];

/** One compiler per rule kind, mirroring the evaluator's: a missing one is a compile error. */
const COMPILERS: { readonly [K in RuleInstance['kind']]: Compiler<K> } = {
  cellContent: (inst, refs) => {
    const { cell } = inst;
    const k = refs.kind(cell.id);
    const v = n(refs.value(cell.id));
    const terms = [`${k}<>0`];
    if (!cell.signed) terms.push(`${v}<0`);
    if (cell.kind === 'count') terms.push(`ABS(${v}-ROUND(${v},0))>${num(INTEGER_TOLERANCE)}`);
    const checks: CompiledCheck[] = [{ rule: 'cell.blank', severity: 'error', formula: `OR(${terms.join(',')})`, cells: [cell.id] }];
    if (cell.kind === 'amount') {
      const scale = 10 ** inst.def.amountDecimals;
      const nonNegative = cell.signed ? '' : `,${v}>=0`;
      checks.push({
        rule: 'cell.precision',
        severity: 'warning',
        formula: `AND(${k}=0${nonNegative},ABS(${v}*${scale}-ROUND(${v}*${scale},0))>${num(SUM_TOLERANCE)})`,
        cells: [cell.id],
      });
    }
    return checks;
  },
  equation: (inst, refs) => {
    const left = inst.left.map((id) => refs.value(id));
    const right = inst.right.map((id) => refs.value(id));
    const count = `COUNT(${[...left, ...right].join(',')})=${left.length + right.length}`;
    return [
      {
        rule: inst.def.id,
        severity: inst.def.severity,
        formula: `AND(${count},ABS(${sum(left)}-${sum(right)})>${num(SUM_TOLERANCE)})`,
        cells: inst.cells,
      },
    ];
  },
  organLevel: (inst, refs) => {
    const cannot = ORGAN_LEVELS.filter((l) => !l.mayMakeRegulations).map((l) => `${refs.organLevelCode()}=${quote(l.key)}`);
    const nonZero = inst.cells.map((id) => `${n(refs.value(id))}>0`);
    return [{ rule: inst.def.id, severity: inst.def.severity, formula: `AND(OR(${cannot.join(',')}),OR(${nonZero.join(',')}))`, cells: inst.cells }];
  },
  notLess: (inst, refs) => {
    const g = refs.value(inst.greater.id);
    const l = refs.value(inst.lesser.id);
    return [{ rule: inst.def.id, severity: inst.def.severity, formula: `AND(COUNT(${g},${l})=2,${n(g)}<${n(l)})`, cells: inst.cells }];
  },
  feeUnit: (inst, refs) => {
    const { def } = inst;
    const v = n(refs.value(def.cell));
    const decisions = def.decisions.map((id) => refs.value(id));
    const whole = `ABS(${v}-ROUND(${v},0))<=${num(INTEGER_TOLERANCE)}`;
    const perDecision = `AND(${v}>=${def.wholeFrom},${whole},COUNT(${decisions.join(',')})=${decisions.length},${v}>${def.perDecision}*${sum(decisions)})`;
    return [
      {
        rule: def.id,
        severity: def.severity,
        formula: `AND(COUNT(${refs.value(def.cell)})=1,OR(${v}>=${def.implausibleFrom},${perDecision}))`,
        cells: inst.cells,
      },
    ];
  },
};

/** Compile one check into formulas (cell content gives an error check and, for amounts, a precision warning). */
export function compileInstance(inst: RuleInstance, refs: FormulaRefs): CompiledCheck[] {
  return (COMPILERS[inst.kind] as Compiler<RuleInstance['kind']>)(inst, refs);
}

/** The status line of a table, as text (the sheet computes the same with `compileStatus`). */
export function statusText(c: TableCounts): string {
  const hints = c.warnings > 0 ? `，${c.warnings} 处提示` : '';
  if (c.errors === 0) return c.warnings === 0 ? '校验：通过' : `校验：通过（${c.warnings} 处提示）`;
  if (c.errors === c.blanks) return `校验：尚有 ${c.blanks} 格未填${hints}`;
  return `校验：${c.errors - c.blanks} 处错误${c.blanks > 0 ? `，${c.blanks} 格未填` : ''}${hints}`;
}

/** The status line as a formula over the cells holding the table's error, warning and blank counts. */
export function compileStatus(errors: string, warnings: string, blanks: string): string {
  const hints = `IF(${warnings}>0,"，"&${warnings}&" 处提示","")`;
  return (
    `IF(${errors}=0,IF(${warnings}=0,"校验：通过","校验：通过（"&${warnings}&" 处提示）"),` +
    `IF(${errors}=${blanks},"校验：尚有 "&${blanks}&" 格未填"&${hints},` +
    `"校验："&(${errors}-${blanks})&" 处错误"&IF(${blanks}>0,"，"&${blanks}&" 格未填","")&${hints}))`
  );
}
