import { cellsOf, type CellId, type CellSpec, type FormatDef, type RowDef, type TableId } from '../format';
import type {
  CellContentRule,
  EquationRule,
  FeeUnitRule,
  NotLessRule,
  OrganLevelRule,
  RuleDef,
  RuleId,
  Selector,
  Severity,
} from './catalogue';
import { RULES } from './catalogue';

interface InstanceBase {
  /** Unique within a rule set, stable across runs: `T3.balance@natural`. */
  readonly key: string;
  readonly table: TableId;
  /** Every cell the check involves; a failing check marks them all. */
  readonly cells: readonly CellId[];
}

export interface CellContentInstance extends InstanceBase {
  readonly kind: 'cellContent';
  readonly def: CellContentRule;
  readonly cell: CellSpec;
}
export interface EquationInstance extends InstanceBase {
  readonly kind: 'equation';
  readonly def: EquationRule;
  /** `“自然人”列`, `“予以公开”行`. */
  readonly subject: string;
  readonly left: readonly CellId[];
  readonly right: readonly CellId[];
}
export interface OrganLevelInstance extends InstanceBase {
  readonly kind: 'organLevel';
  readonly def: OrganLevelRule;
}
export interface NotLessInstance extends InstanceBase {
  readonly kind: 'notLess';
  readonly def: NotLessRule;
  readonly rowName: string;
  readonly greater: CellSpec;
  readonly lesser: CellSpec;
}
export interface FeeUnitInstance extends InstanceBase {
  readonly kind: 'feeUnit';
  readonly def: FeeUnitRule;
}

/** A rule applied to particular cells: what the evaluator checks and the compiler turns into a formula. */
export type RuleInstance = CellContentInstance | EquationInstance | OrganLevelInstance | NotLessInstance | FeeUnitInstance;

/** The rule id and severity a check reports when it fails (for cell content: the worst case). */
export function instanceRule(inst: RuleInstance): { readonly rule: RuleId; readonly severity: Severity } {
  if (inst.kind === 'cellContent') return { rule: 'cell.blank', severity: 'error' };
  return { rule: inst.def.id, severity: inst.def.severity };
}

interface Axis {
  readonly key: string;
  readonly name: string;
  readonly role?: RowDef['role'];
}

function select(axis: readonly Axis[], selector: Selector): Axis[] {
  if ('keys' in selector) return axis.filter((a) => selector.keys.includes(a.key));
  if ('roles' in selector) return axis.filter((a) => a.role !== undefined && selector.roles.includes(a.role));
  return axis.filter((a) => !selector.allExcept.includes(a.key));
}

function tableAxes(format: FormatDef, table: 'T3' | 'T4'): { rows: Axis[]; columns: Axis[]; rowWord: string } {
  if (table === 'T3') {
    return {
      rows: format.t3.rows.map((r) => ({ key: r.key, name: r.name, ...(r.role ? { role: r.role } : {}) })),
      columns: format.t3.columns.map((c) => ({ key: c.key, name: c.label })),
      rowWord: '行',
    };
  }
  return {
    rows: format.t4.groups.map((g) => ({ key: g.key, name: g.name })),
    columns: format.t4.columns.map((c) => ({ key: c.key, name: c.label })),
    rowWord: '',
  };
}

type Expander<K extends RuleDef['kind']> = (def: Extract<RuleDef, { kind: K }>, format: FormatDef, has: (id: CellId) => CellSpec | undefined) => RuleInstance[];

/** One expander per rule kind: a missing one is a compile error. */
const EXPANDERS: { readonly [K in RuleDef['kind']]: Expander<K> } = {
  cellContent: (def, format) =>
    cellsOf(format).map((cell) => ({ kind: 'cellContent', key: `cell@${cell.id}`, table: cell.table, cells: [cell.id], def, cell })),
  equation: (def, format) => {
    const { rows, columns, rowWord } = tableAxes(format, def.table);
    const out: RuleInstance[] = [];
    const outer = def.each === 'row' ? rows : columns;
    const inner = def.each === 'row' ? columns : rows;
    for (const o of outer) {
      const id = (i: Axis): CellId => (def.each === 'row' ? `${def.table}.${o.key}.${i.key}` : `${def.table}.${i.key}.${o.key}`);
      const left = select(inner, def.left).map(id);
      const right = select(inner, def.right).map(id);
      if (left.length === 0 || right.length === 0) continue;
      const subject = def.each === 'row' ? `“${o.name}”${rowWord}` : `“${o.name}”列`;
      out.push({ kind: 'equation', key: `${def.id}@${o.key}`, table: def.table, cells: [...left, ...right], def, subject, left, right });
    }
    return out;
  },
  organLevel: (def, format) => {
    const cells = cellsOf(format).filter((c) => c.table === 'T2' && c.row === def.row).map((c) => c.id);
    return cells.length === 0 ? [] : [{ kind: 'organLevel', key: def.id, table: 'T2', cells, def }];
  },
  notLess: (def, format, has) => {
    const out: RuleInstance[] = [];
    for (const row of def.rows) {
      const greater = has(`T2.${row}.${def.greater}`);
      const lesser = has(`T2.${row}.${def.lesser}`);
      if (!greater || !lesser) continue;
      const rowName = format.t2.parts.flatMap((p) => p.rows).find((r) => r.key === row)?.name ?? row;
      out.push({ kind: 'notLess', key: `${def.id}@${row}`, table: 'T2', cells: [greater.id, lesser.id], def, rowName, greater, lesser });
    }
    return out;
  },
  feeUnit: (def, _format, has) =>
    has(def.cell) && def.decisions.every((d) => has(d)) ? [{ kind: 'feeUnit', key: def.id, table: 'T2', cells: [def.cell], def }] : [],
};

const TABLE_ORDER: readonly TableId[] = ['T2', 'T3', 'T4'];
const cache = new Map<FormatDef, readonly RuleInstance[]>();

/** Every check of the rule set on a format, grouped by table (cell checks first), in a stable order. */
export function instancesOf(format: FormatDef, rules: readonly RuleDef[] = RULES): readonly RuleInstance[] {
  const cached = rules === RULES ? cache.get(format) : undefined;
  if (cached) return cached;
  const index = new Map(cellsOf(format).map((c) => [c.id, c]));
  const has = (id: CellId): CellSpec | undefined => index.get(id);
  const all = rules.flatMap((def) => (EXPANDERS[def.kind] as Expander<RuleDef['kind']>)(def, format, has));
  const sorted = TABLE_ORDER.flatMap((t) => all.filter((i) => i.table === t));
  if (rules === RULES) cache.set(format, sorted);
  return sorted;
}
