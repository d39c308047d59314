import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { unzipSync, zipSync } from 'fflate';
import { FORMATS, cellsOf } from '../../src/core/format';
import { readTemplateWorkbook } from '../../src/core/import/workbook';
import { buildTemplate } from '../../src/core/layout/template';
import type { CellValue } from '../../src/core/report/types';
import { validateReport } from '../../src/core/validate';
import { evaluate } from '../../src/core/rules/evaluate';
import { validateFile } from '../../src/cli/load';
import { readXlsxGrid } from '../../src/hosts/xlsx/read';
import { writeWorkbook } from '../../src/hosts/xlsx/write';
import { validReport2021 } from '../fixtures/rules/reports';
import { CHINESE, RUNS, reportArb } from './arbitraries';

/** What a cell holds once in a workbook: blank for missing, null or empty text; a boolean as its text (as the template writes it). */
const stored = (v: CellValue | undefined): CellValue =>
  v === undefined || v === '' ? null : typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : v === 0 ? 0 : v; // -0 is 0 in a file

let dir: string;
let valid: Buffer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-prop-'));
  valid = await writeWorkbook(buildTemplate({ data: validReport2021() }).plan);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('property: report → template → .xlsx → read → validate', () => {
  it('never throws and reads back every input cell as written', async () => {
    await fc.assert(
      fc.asyncProperty(reportArb({ extras: false }), async (data) => {
        const bytes = await writeWorkbook(buildTemplate({ data }).plan);
        const grid = readXlsxGrid(bytes);
        const reading = readTemplateWorkbook(grid);
        expect(reading.ok).toBe(true);
        if (!reading.ok) return;
        const read = reading.value.data;
        expect(read.format).toBe(data.format);
        for (const spec of cellsOf(FORMATS[data.format]).filter((c) => !c.computed)) {
          expect([spec.id, stored(read.cells[spec.id])]).toEqual([spec.id, stored(data.cells[spec.id])]);
        }
        const result = validateReport(read, reading.value);
        // On the input cells, the same findings as the report itself (totals are formulas in the workbook).
        const inputs = new Set(
          cellsOf(FORMATS[data.format])
            .filter((c) => !c.computed)
            .map((c) => c.id),
        );
        const onInputs = (fs: readonly { rule: string; cells: readonly string[] }[]): string[] =>
          fs
            .filter((f) => f.rule.startsWith('cell.') && inputs.has(f.cells[0]!))
            .map((f) => `${f.rule}:${f.cells.join(',')}`)
            .sort();
        expect(onInputs(result.findings)).toEqual(onInputs(evaluate(data).findings));
        for (const f of result.findings) expect(f.cells.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS.slow },
    );
  });
});

type Damage =
  | { kind: 'flip'; at: number; xor: number }
  | { kind: 'truncate'; keep: number }
  | { kind: 'drop'; entry: number }
  | { kind: 'garble'; entry: number; at: number; byte: number };

const damage: fc.Arbitrary<Damage[]> = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant('truncate' as const), keep: fc.nat() }),
    fc.record({ kind: fc.constant('drop' as const), entry: fc.nat() }),
    fc.record({ kind: fc.constant('garble' as const), entry: fc.nat(), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  ),
  { minLength: 1, maxLength: 4 },
);

function damaged(bytes: Uint8Array, steps: readonly Damage[]): Uint8Array {
  let out = new Uint8Array(bytes);
  for (const d of steps) {
    if (d.kind === 'flip') {
      if (out.length) out[d.at % out.length]! ^= d.xor;
    } else if (d.kind === 'truncate') {
      out = out.slice(0, d.keep % (out.length + 1));
    } else {
      let entries: Record<string, Uint8Array>;
      try {
        entries = unzipSync(out);
      } catch {
        continue;
      }
      const names = Object.keys(entries).sort();
      if (names.length === 0) continue;
      const name = names[d.entry % names.length]!;
      if (d.kind === 'drop') delete entries[name];
      else {
        const e = new Uint8Array(entries[name]!);
        if (e.length) e[d.at % e.length] = d.byte;
        entries[name] = e;
      }
      out = zipSync(entries);
    }
  }
  return out;
}

describe('property: a damaged .xlsx', () => {
  it('validateFile never throws: ok, or a Chinese error', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(damage, async (steps) => {
        const file = join(dir, `damaged-${n++}.xlsx`);
        writeFileSync(file, damaged(valid, steps));
        const result = await validateFile(file);
        if (result.ok) {
          for (const f of result.result.findings) {
            expect(f.cells.length).toBeGreaterThan(0);
            expect(f.message).toMatch(CHINESE);
          }
        } else {
          expect(result.error).toMatch(CHINESE);
        }
      }),
      { numRuns: RUNS.medium },
    );
  });
});

describe('property: a random .json', () => {
  it('validateFile never throws: ok with findings that have cells, or a Chinese error', async () => {
    let n = 0;
    const json = fc.oneof(
      fc.jsonValue(),
      reportArb().map((r) => JSON.stringify(r)),
      fc
        .tuple(reportArb(), fc.jsonValue())
        .map(([r, junk]) => JSON.stringify({ ...r, info: junk, cells: { ...r.cells, 'T3.new.natural': junk } })),
    );
    await fc.assert(
      fc.asyncProperty(json, fc.boolean(), async (value, bom) => {
        const file = join(dir, `random-${n++}.json`);
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        writeFileSync(file, `${bom ? '\uFEFF' : ''}${text ?? ''}`);
        const result = await validateFile(file);
        if (result.ok) {
          for (const f of result.result.findings) {
            expect(f.cells.length).toBeGreaterThan(0);
            expect(f.message).toMatch(CHINESE);
          }
        } else {
          expect(result.error).toMatch(CHINESE);
        }
      }),
      { numRuns: RUNS.fast },
    );
  });
});
