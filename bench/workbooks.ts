import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTemplate } from '../src/core/layout/template';
import { writeWorkbook } from '../src/hosts/xlsx/write';
import { generatedReport } from '../test/support/reports';

/** Write `count` filled template workbooks (seeds 1…count) into `dir`; returns their paths. Not timed. */
export async function generateWorkbooks(count: number, dir: string, progress: (done: number) => void): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const width = String(count).length;
  const files: string[] = [];
  for (let seed = 1; seed <= count; seed++) {
    const file = join(dir, `report-${String(seed).padStart(width, '0')}.xlsx`);
    writeFileSync(file, await writeWorkbook(buildTemplate({ data: generatedReport(seed).data }).plan));
    files.push(file);
    if (seed % 100 === 0 || seed === count) progress(seed);
  }
  return files;
}
