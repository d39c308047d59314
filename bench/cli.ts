import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { summarize } from './stats';

const ROOT = join(__dirname, '..', '..');

/** Wall time of one node process, in ms; throws when it ends with a code not in `codes`. */
function wall(args: readonly string[], codes: readonly number[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error) throw r.error;
  if (r.status === null || !codes.includes(r.status)) throw new Error(`node ${args.join(' ')} ended with ${r.status ?? r.signal ?? '?'}: ${r.stderr.trim()}`);
  return ms;
}

export interface CliTiming {
  /** `nianbao validate <one file>`, whole process, median of the runs. */
  readonly oneFile: number;
  /** A bare Node start, for comparison. */
  readonly bareNode: number;
  readonly runs: number;
}

/** The whole command a clerk runs on one file (bin/nianbao.js, exit 0 or 1 = it validated), median of `runs`. */
export function timeCli(file: string, runs = 5): CliTiming {
  const median = (args: readonly string[], codes: readonly number[]): number => summarize(Array.from({ length: runs }, () => wall(args, codes))).median;
  const oneFile = median([join(ROOT, 'bin', 'nianbao.js'), 'validate', file], [0, 1]);
  const bare = median(['-e', '0'], [0]);
  return { oneFile, bareNode: bare, runs };
}
