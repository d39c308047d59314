import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { CHUNK, convertArgs, convertedPaths, freshProfile, sofficePath } from './libreoffice';

function run(command: string, args: readonly string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`soffice exited with ${signal ?? code}: ${stderr.slice(-500)}`));
    });
  });
}

/**
 * `convertWithLibreOffice` without blocking: the same chunks of at most 100 files, its own fresh profile
 * (so that two conversions may run at once) and the same check that every output exists. A test can write
 * the next files while LibreOffice converts the last ones.
 */
export async function convertWithLibreOfficeAsync(files: readonly string[], outDir: string, format = 'xlsx'): Promise<string[]> {
  const soffice = sofficePath();
  if (!soffice) throw new Error('soffice not found');
  mkdirSync(outDir, { recursive: true });
  const profile = freshProfile();
  try {
    for (let i = 0; i < files.length; i += CHUNK) {
      const chunk = files.slice(i, i + CHUNK);
      await run(soffice, convertArgs(profile.url, format, outDir, chunk), 300_000);
    }
  } finally {
    profile.dispose();
  }
  return convertedPaths(files, outDir, format);
}
