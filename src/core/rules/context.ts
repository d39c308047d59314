import { FORMATS, type CellId, type FormatDef } from '../format';
import type { OrganLevel, ReportData } from '../report/types';
import { classifyCell, usableValue, type CellState } from './cell-value';
import { instancesOf, type RuleInstance } from './instances';
import { guessOrganLevel, parseOrganLevel } from './organ-level';

/** Absolute tolerance when comparing sums (values are counts; amounts have at most 4 decimals). */
export const SUM_TOLERANCE = 1e-6;
/** Tolerance of the whole-number test. */
export const INTEGER_TOLERANCE = 1e-9;

/** What the checks see of a report. */
export interface EvaluationContext {
  readonly format: FormatDef;
  readonly states: ReadonlyMap<CellId, CellState>;
  /** Values that identities force on blank cells (one identity, one blank, everything else usable). */
  readonly implied: ReadonlyMap<CellId, readonly number[]>;
  readonly organ: string;
  readonly organLevel: { readonly level: OrganLevel; readonly guessed: boolean } | null;
}

const BLANK_STATE: CellState = { state: 'blank' };

/** Anything that tells a cell's state (the context, or a what-if overlay of it). */
export interface CellStates {
  readonly states: { get(id: CellId): CellState | undefined };
}

export function stateOf(ctx: CellStates, id: CellId): CellState {
  return ctx.states.get(id) ?? BLANK_STATE;
}

/** Σ of usable values, or null when any cell has none. */
export function sumOf(ctx: CellStates, ids: readonly CellId[]): number | null {
  let total = 0;
  for (const id of ids) {
    const v = usableValue(stateOf(ctx, id));
    if (v === null) return null;
    total += v;
  }
  return total;
}

/** Values identities force on blank cells: an identity whose only unusable cell is one blank. */
function impliedValues(instances: readonly RuleInstance[], states: ReadonlyMap<CellId, CellState>): Map<CellId, number[]> {
  const implied = new Map<CellId, number[]>();
  for (const inst of instances) {
    if (inst.kind !== 'equation') continue;
    let blank: CellId | null = null;
    let blankOnLeft = false;
    let left = 0;
    let right = 0;
    let unusable = 0;
    for (const [ids, isLeft] of [[inst.left, true], [inst.right, false]] as const) {
      for (const id of ids) {
        const state = states.get(id) ?? BLANK_STATE;
        const v = usableValue(state);
        if (v !== null) {
          if (isLeft) left += v;
          else right += v;
          continue;
        }
        unusable++;
        if (state.state === 'blank') {
          blank = id;
          blankOnLeft = isLeft;
        }
      }
    }
    if (unusable !== 1 || blank === null) continue;
    const value = blankOnLeft ? right - left : left - right;
    const list = implied.get(blank);
    if (list) list.push(value);
    else implied.set(blank, [value]);
  }
  return implied;
}

/** Build what the checks see: each cell classified once, the organ's level known or guessed. */
export function contextOf(data: ReportData, format: FormatDef = FORMATS[data.format] ?? FORMATS['2021']): EvaluationContext {
  const states = new Map<CellId, CellState>();
  for (const [id, raw] of Object.entries(data.cells)) states.set(id, classifyCell(raw));
  const organ = typeof data.organ === 'string' ? data.organ.trim() : '';
  const explicit = parseOrganLevel(data.info?.organLevel);
  const guessed = explicit === null && organ !== '' ? guessOrganLevel(organ) : null;
  const organLevel = explicit !== null ? { level: explicit, guessed: false } : guessed !== null ? { level: guessed, guessed: true } : null;
  return { format, states, implied: impliedValues(instancesOf(format), states), organ, organLevel };
}

