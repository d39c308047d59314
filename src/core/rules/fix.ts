import { cellSpec, type CellId } from '../format';
import { usableValue } from './cell-value';
import { SUM_TOLERANCE, stateOf, sumOf, type CellStates, type EvaluationContext } from './context';
import type { CellState } from './cell-value';
import { instancesOf, type EquationInstance, type RuleInstance } from './instances';
import { MESSAGES } from './messages';

/** One cell whose change clears several failing totals at once. */
export interface FixSuggestion {
  cell: CellId;
  value: number;
  /** Keys of the failing checks the change clears. */
  clears: string[];
  message: string;
}

function holds(inst: EquationInstance, ctx: CellStates): boolean | null {
  const left = sumOf(ctx, inst.left);
  const right = sumOf(ctx, inst.right);
  if (left === null || right === null) return null;
  return Math.abs(left - right) <= SUM_TOLERANCE;
}

/**
 * The single cell whose change clears the most failing totals, net of the totals it would break, as a
 * whole number ≥ 0. Only a clear winner is proposed: when several cells would do equally well (a lone
 * broken 表四 total could be any of its five cells) the data do not say which is wrong, and no guess is made.
 */
export function suggestFixes(ctx: EvaluationContext, failing: readonly RuleInstance[]): FixSuggestion[] {
  const broken = failing.filter((i): i is EquationInstance => i.kind === 'equation');
  if (broken.length === 0) return [];
  const equations = instancesOf(ctx.format).filter((i): i is EquationInstance => i.kind === 'equation');
  const tried = new Set<string>();
  let best: { cell: CellId; value: number; clears: string[]; net: number } | null = null;
  let tied = false;
  for (const inst of broken) {
    const left = sumOf(ctx, inst.left) ?? 0;
    const right = sumOf(ctx, inst.right) ?? 0;
    for (const cell of inst.cells) {
      const current = usableValue(stateOf(ctx, cell));
      if (current === null) continue;
      const value = inst.left.includes(cell) ? current + (right - left) : current + (left - right);
      const key = `${cell}=${value}`;
      if (tried.has(key) || value < 0 || Math.abs(value - Math.round(value)) > SUM_TOLERANCE) continue;
      tried.add(key);
      const replaced: CellState = { state: 'number', value: Math.round(value) };
      const changed: CellStates = { states: { get: (id) => (id === cell ? replaced : ctx.states.get(id)) } };
      const clears: string[] = [];
      let net = 0;
      for (const eq of equations) {
        if (!eq.cells.includes(cell)) continue;
        const before = holds(eq, ctx);
        const after = holds(eq, changed);
        if (before === false && after === true) {
          clears.push(eq.key);
          net++;
        } else if (before === true && after === false) net--;
      }
      if (net < 1 || (best && net < best.net)) continue;
      tied = best !== null && net === best.net;
      if (!tied) best = { cell, value: Math.round(value), clears, net };
    }
  }
  if (!best || tied) return [];
  const label = cellSpec(ctx.format, best.cell)?.label ?? best.cell;
  return [{ cell: best.cell, value: best.value, clears: best.clears, message: MESSAGES.fix(label, best.value, best.clears.length) }];
}
