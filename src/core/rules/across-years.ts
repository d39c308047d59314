import type { ReportData } from '../report/types';
import type { Finding } from './evaluate';

/** A report as the comparisons see it: its figures and, when known, its text. */
export interface ComparedReport {
  readonly data: ReportData;
  readonly paragraphs?: readonly { readonly id: string; readonly text: string }[];
}

/** How alike two reports are (内容雷同): tables equal, and paragraphs that are (nearly) the same. */
export interface Likeness {
  /** The tables hold the same figures (and enough non-zero ones that this is telling). */
  readonly tables: boolean;
  readonly paragraphs: readonly { readonly id: string; readonly otherId: string; readonly similarity: number }[];
}

/** Compare two reports' tables and paragraphs. */
export function likeness(a: ComparedReport, b: ComparedReport): Likeness {
  throw new Error(`not implemented yet (${String(a.data.year)} ${String(b.data.year)})`);
}

/** The X.* rules: this year's report against last year's (a 2021 or a 2019-format one). */
export function evaluateAcrossYears(current: ComparedReport, previous: ComparedReport): Finding[] {
  throw new Error(`not implemented yet (${String(current.data.year)} ${String(previous.data.year)})`);
}

export type { ReportData };
