/// <reference lib="dom" />
/**
 * What the two bench scripts injected into the built task pane page share (bench/taskpane.ts): excel.ts,
 * before office.js, prepares a fake Excel holding a filled template; office.ts, right after office.js,
 * makes office.js report that Excel and records when the pane becomes ready.
 */
import type { ReportData } from '../../src/core/report/types';

/** Times on the page's clock (`performance.now()`, ms). */
export interface BenchMarks {
  /** The fake Excel holds the template (before office.js: not part of the time to ready). */
  prepared?: number;
  /** office.js has loaded and run (the script right after it starts). */
  officeLoaded?: number;
  /** office.js's own Office.onReady resolved (outside Office: with no host). */
  officeReady?: number;
  /** taskpane.js called Office.onReady and it resolved with Excel. */
  onReady?: number;
  /** The pane set its ready signal (`data-ready` on its root): the workbook read, checked and shown. */
  ready?: number;
  /** Time spent inside the fake Excel's `context.sync()` (ms), from the start to the ready signal. */
  fakeMs?: number;
  /** The findings listed when ready. */
  findings?: number;
  /** Anything that went wrong on the page's side. */
  error?: string;
}

export interface BenchState {
  readonly run: typeof Excel.run;
  readonly prepared: Promise<void>;
  readonly marks: BenchMarks;
}

/** The page's window as the bench scripts see it. */
export interface BenchWindow {
  /** The report the fake workbook holds (set by the bench before the page loads). */
  nianbaoBenchData?: ReportData;
  nianbaoBench?: BenchState;
}

export const benchWindow = (): BenchWindow => window as unknown as BenchWindow;

/** The ready signal src/taskpane/mount.ts sets on the pane's root. */
export const READY_ATTRIBUTE = 'data-ready';
