import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';

/** Where LibreOffice is, or null. */
export function sofficePath(): string | null {
  const found = spawnSync('sh', ['-c', 'command -v soffice || command -v libreoffice'], { encoding: 'utf8' });
  const path = found.stdout.trim().split('\n')[0];
  return found.status === 0 && path ? path : null;
}

/**
 * Whether tests that need LibreOffice run. In CI they must (CI installs it); elsewhere they may skip,
 * and say so loudly.
 */
export function libreOfficeAvailable(what: string): boolean {
  if (sofficePath()) return true;
  if (process.env['CI']) throw new Error(`LibreOffice (soffice) is required in CI for: ${what}. .ci/run installs libreoffice-calc-nogui.`);
  console.warn(`\n*** SKIPPED: ${what} — LibreOffice (soffice) is not installed. Install libreoffice-calc-nogui to run it. ***\n`);
  return false;
}

const RECALC_ALWAYS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/** A fresh LibreOffice profile that always recalculates on load (one per process: profiles are not shared). */
export function freshProfile(): { url: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-lo-'));
  mkdirSync(join(dir, 'user'), { recursive: true });
  writeFileSync(join(dir, 'user', 'registrymodifications.xcu'), RECALC_ALWAYS);
  return { url: `file://${dir}`, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export const CHUNK = 100;

/** The soffice arguments that convert `files` into `outDir` with a given profile. */
export function convertArgs(profileUrl: string, format: string, outDir: string, files: readonly string[]): string[] {
  return [`-env:UserInstallation=${profileUrl}`, '--headless', '--norestore', '--convert-to', format, '--outdir', outDir, ...files];
}

/** The paths LibreOffice writes for `files`; throws when any is missing (a batch may stop silently). */
export function convertedPaths(files: readonly string[], outDir: string, format: string): string[] {
  const outputs = files.map((f) => join(outDir, `${basename(f, extname(f))}.${format}`));
  const missing = outputs.filter((o) => !existsSync(o));
  if (missing.length) throw new Error(`LibreOffice did not write ${missing.length} of ${outputs.length} files, e.g. ${missing[0]}`);
  return outputs;
}

/**
 * Open each file in LibreOffice (headless), recalculate, and save it as `format` into `outDir`. Files go
 * in chunks of at most 100 (a larger batch has been seen to stop silently) and every output is checked.
 * Returns the output paths in input order.
 */
export function convertWithLibreOffice(files: readonly string[], outDir: string, format = 'xlsx'): string[] {
  const soffice = sofficePath();
  if (!soffice) throw new Error('soffice not found');
  mkdirSync(outDir, { recursive: true });
  const profile = freshProfile();
  try {
    for (let i = 0; i < files.length; i += CHUNK) {
      const chunk = files.slice(i, i + CHUNK);
      execFileSync(soffice, convertArgs(profile.url, format, outDir, chunk), { stdio: 'pipe', timeout: 300_000 });
    }
  } finally {
    profile.dispose();
  }
  return convertedPaths(files, outDir, format);
}
