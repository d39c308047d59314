/**
 * How plan cells become Office.js input: the host-neutral part lives in `../shared/plan-cells` (Excel
 * and WPS both parse what is written as if typed); only the width unit is Excel's own here.
 */
export { boundingBox, cellInput, matrixOver, planInput, rectangles, runsOf } from '../shared/plan-cells';

/** Excel column width in characters (the plan's unit) → points (Office.js): about 7 px a character + 5 px padding. */
export function columnWidthPoints(characters: number): number {
  return Math.round((characters * 7 + 5) * 0.75 * 100) / 100;
}
