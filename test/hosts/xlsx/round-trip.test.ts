import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateFile } from '../../../src/cli/load';
import { buildTemplate } from '../../../src/core/layout/template';
import type { ReportData } from '../../../src/core/report/types';
import type { ValidationResult } from '../../../src/core/validate';
import { writeWorkbook } from '../../../src/hosts/xlsx/write';
import { convertWithLibreOffice, libreOfficeAvailable } from '../../support/libreoffice';
import { DAMAGES, damage, generatedReport, jiaokou, seeded, validReport } from '../../support/reports';
import { REPORT_RULES } from '../../support/rules';

/**
 * A workbook a clerk opens and saves in another spreadsheet (here LibreOffice: it recalculates, rewrites
 * every part, turns very hidden sheets into hidden ones) must validate exactly as before.
 */

function corpus(): { name: string; data: ReportData }[] {
  const out = [{ name: 'jiaokou', data: jiaokou() }];
  DAMAGES.forEach((kind, i) => {
    const random = seeded(40_000 + i);
    out.push({ name: `damage-${kind}`, data: damage(validReport(random), kind, random) });
  });
  for (const seed of [3, 7, 11]) out.push({ name: `generated-${seed}`, data: generatedReport(seed).data });
  const spaced = validReport(seeded(40_100));
  out.push({
    name: 'organ-with-full-width-space',
    data: {
      ...spaced,
      organ: '某县人民政府\u3000',
      info: { ...spaced.info, organLevel: null },
      cells: { ...spaced.cells, 'T2.regulation.issued': 2 },
    },
  });
  return out;
}

function emptyAsNull(data: ReportData): ReportData {
  return { ...data, cells: Object.fromEntries(Object.entries(data.cells).map(([id, v]) => [id, v === '' ? null : v])) };
}

async function validated(file: string): Promise<ValidationResult> {
  const loaded = await validateFile(file);
  if (!loaded.ok) throw new Error(`${file}: ${loaded.error}`);
  return loaded.result;
}

const runs = libreOfficeAvailable('round-trip.test.ts: validate before and after LibreOffice saves the workbook');

(runs ? describe : describe.skip)('a workbook opened and saved by LibreOffice', () => {
  const cases = corpus();
  const before = new Map<string, ValidationResult>();
  const after = new Map<string, ValidationResult>();
  let dir = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nianbao-round-trip-'));
    const files: string[] = [];
    for (const { name, data } of cases) {
      const file = join(dir, `${name}.xlsx`);
      writeFileSync(file, await writeWorkbook(buildTemplate({ data }).plan));
      files.push(file);
      before.set(name, await validated(file));
    }
    const outputs = convertWithLibreOffice(files, join(dir, 'saved'));
    for (const [i, { name }] of cases.entries()) after.set(name, await validated(outputs[i]!));
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(corpus().map((c) => c.name))('%s: gives the same findings (rule, cells, message, address …) and data', (name) => {
    const b = before.get(name)!;
    const a = after.get(name)!;
    expect(a.findings).toEqual(b.findings);
    // LibreOffice drops an empty string from a cell: both are blank to every rule.
    expect(emptyAsNull(a.data)).toEqual(emptyAsNull(b.data));
    expect(a.suggestions).toEqual(b.suggestions);
    for (const f of b.findings) expect(f.address).toMatch(/^年报![A-Z]+\d+$/);
  });

  it('is no vacuous comparison: the corpus breaks every kind of rule, and the sample gives its one known finding', () => {
    const rules = new Set([...before.values()].flatMap((r) => r.findings.map((f) => f.rule)));
    expect([...rules].sort()).toEqual(
      expect.arrayContaining([...REPORT_RULES]),
    );
    expect(after.get('jiaokou')!.findings.map((f) => [f.rule, f.cells, f.address])).toEqual([
      ['cell.blank', ['T3.carryForward.commercial'], expect.stringMatching(/^年报!J\d+$/)],
    ]);
    expect(after.get('organ-with-full-width-space')!.findings.map((f) => f.rule)).toContain('T2.regulationLevel');
  });
});
