import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshProfile, sofficePath } from './libreoffice';

/** Debian's own Python: python3-uno installs `uno` for it, not for any other python3 on the PATH. */
export const SYSTEM_PYTHON = '/usr/bin/python3';
// Next to this file; from a compiled copy under build/test/support, back in the source tree.
const SCRIPT = [join(__dirname, 'lo-edit.py'), join(__dirname, '..', '..', '..', 'test', 'support', 'lo-edit.py')].find((p) => existsSync(p)) ?? join(__dirname, 'lo-edit.py');

/** What a clerk does to a sheet, as test/support/lo-edit.py applies it (rows 1-based, A1 cells). */
export type ClerkEdit =
  | { readonly op: 'insertRows'; readonly sheet: string; readonly before: number; readonly count: number }
  | { readonly op: 'deleteRows'; readonly sheet: string; readonly at: number; readonly count: number }
  /** Cut and paste: references to the moved cells follow them. */
  | { readonly op: 'moveRange'; readonly sheet: string; readonly range: string; readonly to: string }
  | { readonly op: 'renameSheet'; readonly sheet: string; readonly to: string }
  /** Typed into the cell, read by Calc's input parser (` 12 ` becomes a number, `'12` text). */
  | { readonly op: 'type'; readonly sheet: string; readonly cell: string; readonly text: string }
  /** Pasted as text: stays a string whatever it looks like. */
  | { readonly op: 'text'; readonly sheet: string; readonly cell: string; readonly text: string };

export interface EditJob {
  readonly input: string;
  readonly output: string;
  readonly edits: readonly ClerkEdit[];
}

/**
 * Whether tests that drive LibreOffice through Python-UNO run: they need soffice and python3-uno. In CI
 * they must (.ci/run installs both); elsewhere they skip, and say so loudly.
 */
export function unoAvailable(what: string): boolean {
  const missing: string[] = [];
  if (!sofficePath()) missing.push('LibreOffice (libreoffice-calc-nogui)');
  if (spawnSync(SYSTEM_PYTHON, ['-c', 'import uno'], { stdio: 'ignore' }).status !== 0) missing.push(`Python-UNO for ${SYSTEM_PYTHON} (python3-uno)`);
  if (missing.length === 0) return true;
  if (process.env['CI']) throw new Error(`${missing.join(' and ')} required in CI for: ${what}. .ci/run installs them.`);
  console.warn(`\n*** SKIPPED: ${what} — not installed: ${missing.join(', ')}. ***\n`);
  return false;
}

/**
 * Apply each job's edits with one headless LibreOffice (a single start for all jobs, its own fresh profile)
 * and save the results as .xlsx. Throws with LibreOffice's complaint when a job fails.
 */
export function editWithLibreOffice(jobs: readonly EditJob[]): void {
  const soffice = sofficePath();
  if (!soffice) throw new Error('soffice not found');
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-edit-'));
  const profile = freshProfile();
  try {
    const list = join(dir, 'jobs.json');
    writeFileSync(list, JSON.stringify(jobs));
    execFileSync(SYSTEM_PYTHON, [SCRIPT, soffice, profile.url, list], { stdio: 'pipe', timeout: 180_000 });
  } catch (cause) {
    const stderr = (cause as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`LibreOffice could not apply the edits${stderr ? `: ${stderr}` : ''}`, { cause });
  } finally {
    profile.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
