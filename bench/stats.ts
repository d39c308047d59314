/** Durations and sizes for the benchmark: summaries and how they are printed. */

/** A summary of durations, all in milliseconds. */
export interface Summary {
  readonly count: number;
  readonly total: number;
  readonly mean: number;
  readonly median: number;
  readonly p95: number;
  readonly max: number;
}

/** Milliseconds since `start` (a `process.hrtime.bigint()` reading). */
export const msSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

/** Median (mean of the two middle values for an even count) and nearest-rank p95. */
export function summarize(ms: readonly number[]): Summary {
  if (ms.length === 0) return { count: 0, total: 0, mean: 0, median: 0, p95: 0, max: 0 };
  const sorted = [...ms].sort((a, b) => a - b);
  const n = sorted.length;
  const total = sorted.reduce((s, x) => s + x, 0);
  const middle = n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  return { count: n, total, mean: total / n, median: middle, p95: sorted[Math.ceil(0.95 * n) - 1]!, max: sorted[n - 1]! };
}

/** `0.0412 ms`, `5.13 ms`, `812 ms`, `3.41 s`, `3 min 12 s`. */
export function formatMs(ms: number): string {
  if (ms < 0.1) return `${ms.toFixed(4)} ms`;
  if (ms < 10) return `${ms.toFixed(3)} ms`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(2)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

export const formatMiB = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export const formatCount = (n: number): string => n.toLocaleString('en-US');
