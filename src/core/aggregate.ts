import { FORMAT_2021, cellsOf, type CellId } from './format';
import { INFO_FIELDS, type InfoKey } from './report/info';
import type { CellValue, ReportData, ReportInfo } from './report/types';
import { INTEGER_TOLERANCE } from './rules/context';
import { classifyCell, usableValue } from './rules/cell-value';
import { formatNumber } from './rules/messages';

/**
 * Summing subordinate units' reports into one (a county's 汇总 of its departments and townships): every
 * input cell of tables 二、三、四 in the 2021 format, and the 信息处理费 facts. A figure is never guessed:
 * where one unit's cell is blank or not a usable number, the sum of that cell is left blank, so that the
 * template marks it, and the gap is listed. Totals are not summed: the template computes them.
 */

/** One unit's report, named as the user knows it (its file). */
export interface AggregateUnit {
  readonly name: string;
  readonly data: ReportData;
}

/** Why a unit's cell could not be added in. */
export type GapReason = 'blank' | 'notNumber' | 'negative' | 'notInteger';

/** A unit's cell that left the sum of that cell blank. */
export interface AggregateGap {
  readonly unit: string;
  /** A cell id, or `info.<key>` for a 基本信息 fact. */
  readonly cell: CellId;
  readonly label: string;
  readonly reason: GapReason;
  readonly raw: CellValue | undefined;
  readonly message: string;
}

/** A unit's cell holding an obviously clean number as text (`12件`): added in with its clean value, as the checks do. */
export interface AggregateCleaned {
  readonly unit: string;
  readonly cell: CellId;
  readonly raw: string;
  readonly value: number;
  readonly message: string;
}

/** A unit left out of the sum entirely. */
export interface AggregateSkip {
  readonly unit: string;
  readonly message: string;
}

export interface Aggregation {
  /** The summed report (2021 format); cells with a gap are absent, totals are absent (computed by the template). */
  readonly data: ReportData;
  /** Names of the units added in. */
  readonly summed: readonly string[];
  readonly skipped: readonly AggregateSkip[];
  readonly gaps: readonly AggregateGap[];
  readonly cleaned: readonly AggregateCleaned[];
}

export interface AggregateOptions {
  readonly organ?: string | null;
  /** The year summed; by default the year most units give (the latest on a tie). */
  readonly year?: number | null;
}

/** The catalogue of the aggregation's Chinese messages. */
export const AGGREGATE_MESSAGES = {
  oldFormat: (unit: string): string => `${unit}：为 2019 年（试行）格式，其表格与 2021 年格式不同，无法汇总到 2021 年格式的表格中，未计入。`,
  otherYear: (unit: string, year: number, summed: number): string => `${unit}：是 ${year} 年度的报告，与汇总的 ${summed} 年度不同，未计入。`,
  blank: (unit: string, label: string): string => `${unit}：${label}为空，汇总表中该格留空。`,
  notNumber: (unit: string, label: string, raw: string): string => `${unit}：${label}填的“${raw}”不是数字，汇总表中该格留空。`,
  negative: (unit: string, label: string, value: number): string => `${unit}：${label}为 ${formatNumber(value)}，是负数，汇总表中该格留空。`,
  notInteger: (unit: string, label: string, value: number): string => `${unit}：${label}为 ${formatNumber(value)}，件数不是整数，汇总表中该格留空。`,
  cleaned: (unit: string, label: string, raw: string, value: number): string => `${unit}：${label}填的“${raw}”按 ${formatNumber(value)} 计入。`,
} as const;

/** The 基本信息 facts that add up across units. */
const SUMMED_INFO = ['feeNotices', 'feeAmountYuan', 'feeCollectedYuan'] as const satisfies readonly InfoKey[];

/** Sums of amounts in 万元 or 元 carry float noise (0.1 + 0.2); six decimals keep every real figure exact. */
const roundSum = (n: number): number => Math.round(n * 1e6) / 1e6;

type Addend = { readonly ok: true; readonly value: number; readonly cleanedFrom?: string } | { readonly ok: false; readonly reason: GapReason; readonly value?: number };

/** What one unit's cell adds to the sum: a usable value, or why there is none. */
function addendOf(raw: CellValue | undefined, count: boolean): Addend {
  const state = classifyCell(raw);
  const value = usableValue(state);
  if (value === null) return { ok: false, reason: state.state === 'blank' ? 'blank' : 'notNumber' };
  if (value < 0) return { ok: false, reason: 'negative', value };
  if (count && Math.abs(value - Math.round(value)) > INTEGER_TOLERANCE) return { ok: false, reason: 'notInteger', value };
  return state.state === 'text' ? { ok: true, value, cleanedFrom: state.raw } : { ok: true, value };
}

function gapMessage(unit: string, label: string, raw: CellValue | undefined, addend: Extract<Addend, { ok: false }>): string {
  switch (addend.reason) {
    case 'blank':
      return AGGREGATE_MESSAGES.blank(unit, label);
    case 'notNumber':
      return AGGREGATE_MESSAGES.notNumber(unit, label, String(raw));
    case 'negative':
      return AGGREGATE_MESSAGES.negative(unit, label, addend.value ?? 0);
    case 'notInteger':
      return AGGREGATE_MESSAGES.notInteger(unit, label, addend.value ?? 0);
  }
}

/** The year most units give; the latest on a tie; null when none gives one. */
function commonYear(units: readonly AggregateUnit[]): number | null {
  const counts = new Map<number, number>();
  for (const u of units) if (typeof u.data.year === 'number') counts.set(u.data.year, (counts.get(u.data.year) ?? 0) + 1);
  let best: number | null = null;
  for (const [year, n] of counts) if (best === null || n > (counts.get(best) ?? 0) || (n === counts.get(best) && year > best)) best = year;
  return best;
}

/** Sum the units' tables into one 2021-format report; see the module comment for what is never guessed. */
export function aggregateReports(units: readonly AggregateUnit[], options: AggregateOptions = {}): Aggregation {
  const skipped: AggregateSkip[] = [];
  const modern = units.filter((u) => {
    if (u.data.format === '2021') return true;
    skipped.push({ unit: u.name, message: AGGREGATE_MESSAGES.oldFormat(u.name) });
    return false;
  });
  const year = options.year ?? commonYear(modern);
  const included = modern.filter((u) => {
    // A unit that does not say its year is summed: nothing tells it apart.
    if (year === null || typeof u.data.year !== 'number' || u.data.year === year) return true;
    skipped.push({ unit: u.name, message: AGGREGATE_MESSAGES.otherYear(u.name, u.data.year, year) });
    return false;
  });

  const gaps: AggregateGap[] = [];
  const cleaned: AggregateCleaned[] = [];
  const cells: Record<CellId, CellValue | undefined> = {};
  for (const spec of cellsOf(FORMAT_2021)) {
    if (spec.computed) continue;
    let sum = 0;
    let complete = true;
    for (const u of included) {
      const raw = u.data.cells[spec.id];
      const addend = addendOf(raw, spec.kind === 'count');
      if (!addend.ok) {
        complete = false;
        gaps.push({ unit: u.name, cell: spec.id, label: spec.label, reason: addend.reason, raw, message: gapMessage(u.name, spec.label, raw, addend) });
        continue;
      }
      if (addend.cleanedFrom !== undefined) {
        cleaned.push({ unit: u.name, cell: spec.id, raw: addend.cleanedFrom, value: addend.value, message: AGGREGATE_MESSAGES.cleaned(u.name, spec.label, addend.cleanedFrom, addend.value) });
      }
      sum += addend.value;
    }
    if (complete && included.length > 0) cells[spec.id] = roundSum(sum);
  }

  const info: ReportInfo = {};
  for (const key of SUMMED_INFO) {
    const field = INFO_FIELDS.find((f) => f.key === key);
    const label = `基本信息“${field?.label ?? key}”`;
    const given = included.filter((u) => u.data.info?.[key] !== undefined && u.data.info[key] !== null);
    // A fact no unit states is simply not stated; one some units state and others do not is a gap.
    if (given.length === 0) continue;
    let sum = 0;
    let complete = true;
    for (const u of included) {
      const raw = u.data.info?.[key];
      const addend = addendOf(typeof raw === 'number' || typeof raw === 'string' ? raw : null, field?.type === 'count');
      if (!addend.ok) {
        complete = false;
        const value = typeof raw === 'number' || typeof raw === 'string' ? raw : null;
        gaps.push({ unit: u.name, cell: `info.${key}`, label, reason: addend.reason, raw: value, message: gapMessage(u.name, label, value, addend) });
      } else sum += addend.value;
    }
    if (complete) info[key] = roundSum(sum);
  }

  const data: ReportData = { format: '2021', year, organ: options.organ ?? null, cells, info };
  return { data, summed: included.map((u) => u.name), skipped, gaps, cleaned };
}
