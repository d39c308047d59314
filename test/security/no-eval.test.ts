/**
 * Issue 7, item 4: no eval and no new Function in our code: not in src/**\/*.ts (eslint.config.mjs bans them
 * too), and not from our modules in the built bundles. Third-party code in the bundles is listed, not judged:
 * webpack's runtime has `new Function("return this")` as a fallback when globalThis is missing (never taken in
 * the browsers we support), and the pages' Content-Security-Policy (no 'unsafe-eval') refuses any eval anyway.
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildPages } from '../browser/support';

const root = join(__dirname, '..', '..');
const EVAL = /\beval\s*\(|\bnew\s+Function\s*\(|\bFunction\s*\(\s*['"`]/g;

function files(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'office-js' ? [] : files(path, ext);
    return name.endsWith(ext) ? [path] : [];
  });
}

describe('no eval, no new Function', () => {
  it('in src/**/*.ts', () => {
    const hits = files(join(root, 'src'), '.ts').flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (EVAL.test(line) ? [`${relative(root, file)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(hits).toEqual([]);
  });

  it('from our own modules in the built bundles (development build: each module is labelled with its path)', async () => {
    const outDir = await buildPages(['preview', 'taskpane', 'commands', 'summary', 'wps']);
    try {
      const ours: string[] = [];
      for (const file of files(outDir, '.js')) {
        // A development bundle introduces each module with /***/ "./path": ; the text up to the next one is its code.
        const parts = readFileSync(file, 'utf8').split(/\/\*\*\*\/ "([^"]+)":/);
        for (let i = 1; i < parts.length; i += 2) {
          const module = parts[i]!;
          if (!module.includes('node_modules') && EVAL.test(parts[i + 1]!)) ours.push(`${relative(outDir, file)}: ${module}`);
          EVAL.lastIndex = 0;
        }
      }
      expect(ours).toEqual([]);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }, 180_000);
});
