import fc from 'fast-check';
import { FORMAT_2019, FORMAT_2021, cellsOf, type FormatDef } from '../../src/core/format';
import type { CellValue, OrganLevel, ReportData, ReportInfo } from '../../src/core/report/types';
import { VALID_INPUTS, withTotals } from '../fixtures/rules/reports';

/** Multiply every run count (e.g. `PROPERTY_RUNS_SCALE=20 npx jest test/properties` for a long hunt). */
const SCALE = Math.max(1, Number(process.env.PROPERTY_RUNS_SCALE ?? '1') || 1);
/** Runs per property: bounded so that the whole folder stays well under 30 s. */
if (SCALE > 1) jest.setTimeout(30_000 * SCALE);
export const RUNS = { fast: 150 * SCALE, medium: 60 * SCALE, slow: 30 * SCALE, controller: 15 * SCALE } as const;

/** Numbers a clerk (or a paste) can put in a cell: small counts, negatives, fractions, huge values. */
export const numberValue: fc.Arbitrary<number> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 200 }) },
  { weight: 2, arbitrary: fc.integer({ min: -1000, max: 1_000_000 }) },
  { weight: 1, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0.5, 1.25, 1e15, 2 ** 53 + 2, 1e300, -1e300, Number.MAX_SAFE_INTEGER, -0, 1e-9) },
);

const FULL_WIDTH = '０１２３４５６７８９';
const fullWidth = (n: number): string =>
  String(n)
    .split('')
    .map((d) => (/\d/.test(d) ? FULL_WIDTH[Number(d)] : d))
    .join('');

/** Text a clerk types or pastes into a count cell. */
export const textValue: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 0, max: 99999 }).map(String),
  fc.integer({ min: 0, max: 9999 }).map(fullWidth),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.constantFrom('件', '万元', '元', '项', '条', ' 件', '个')).map(([n, u]) => `${n}${u}`),
  fc.tuple(fc.constantFrom(' ', '\t', '\u3000', '\n', '\u00a0'), fc.integer({ min: 0, max: 999 })).map(([w, n]) => `${w}${n}${w}`),
  fc.constantFrom(
    '/',
    '—',
    '-',
    '无',
    '零',
    '十二',
    '一百零五',
    '#N/A',
    '#REF!',
    '#VALUE!',
    '#DIV/0!',
    'TRUE',
    'FALSE',
    '',
    ' ',
    '1,234',
    '1.5e3',
    '2024-01-01',
    '=A1+1',
    '12,5',
    'NaN',
    'Infinity',
    '∞',
    '１２件',
    '约10件',
  ),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);

export const cellValue: fc.Arbitrary<CellValue | undefined> = fc.oneof(
  { weight: 6, arbitrary: numberValue },
  { weight: 3, arbitrary: textValue },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const LEVELS: readonly OrganLevel[] = ['state', 'province', 'city', 'county', 'township', 'department'];

export const info: fc.Arbitrary<ReportInfo | undefined> = fc.option(
  fc.record(
    {
      organLevel: fc.option(
        fc.oneof(
          fc.constantFrom(...LEVELS),
          /* a JSON file can say anything */ fc.constantFrom(
            '县级',
            'toString',
            '__proto__',
            '',
          ) as fc.Arbitrary<string> as fc.Arbitrary<OrganLevel>,
        ),
      ),
      feeNotices: fc.option(fc.integer({ min: -5, max: 50 })),
      feeAmountYuan: fc.option(fc.double({ min: -10, max: 1e5, noNaN: true, noDefaultInfinity: true })),
      feeCollectedYuan: fc.option(fc.integer({ min: 0, max: 1e5 })),
      publishedOn: fc.option(fc.constantFrom('2025-01-20', '2025-13-40', 'abc', '')),
      compiledBy: fc.option(fc.string({ maxLength: 10 })),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

const formatArb: fc.Arbitrary<FormatDef> = fc.constantFrom(FORMAT_2021, FORMAT_2021, FORMAT_2019);

/** An extra cell id that is not in any format. */
const unknownId: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'T3.bogus.natural',
    'T9.x.y',
    'T2.fee',
    '',
    '年报',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'T3.new.__proto__',
    'T3.constructor.total',
  ),
  fc.string({ maxLength: 10 }),
);

/**
 * A random report: each cell of the format either a clean base value, a random value, or missing; sometimes
 * unknown extra keys. `near` keeps most cells valid (so rules about sums fire in interesting ways).
 */
export function reportArb(options: { extras?: boolean; formats?: readonly FormatDef[] } = {}): fc.Arbitrary<ReportData> {
  const formats = options.formats ? fc.constantFrom(...options.formats) : formatArb;
  return formats.chain((format) => {
    const ids = cellsOf(format).map((c) => c.id);
    const base = format === FORMAT_2021 ? withTotals(FORMAT_2021, VALID_INPUTS) : {};
    const perCell = fc.array(
      fc.oneof({ weight: 3, arbitrary: fc.constant<'base'>('base') }, { weight: 2, arbitrary: cellValue.map((v) => ({ v })) }),
      {
        minLength: ids.length,
        maxLength: ids.length,
      },
    );
    const extras = options.extras === false ? fc.constant([]) : fc.array(fc.tuple(unknownId, cellValue), { maxLength: 3 });
    return fc
      .record({
        choices: perCell,
        extras,
        year: fc.option(
          fc.oneof(
            { weight: 5, arbitrary: fc.integer({ min: 2008, max: 2030 }) },
            { weight: 1, arbitrary: fc.constantFrom(0, -1, 2024.5, 1e12) },
          ),
        ),
        organ: fc.option(fc.constantFrom('示例市人民政府', '某县人民政府', '', '<b>x</b>')),
        info,
      })
      .map(({ choices, extras: more, year, organ, info: inf }) => {
        const cells: Record<string, CellValue | undefined> = {};
        ids.forEach((id, i) => {
          const c = choices[i];
          if (c === 'base') {
            if (base[id] !== undefined) cells[id] = base[id];
          } else if (c && c.v !== undefined) cells[id] = c.v;
        });
        // As JSON.parse makes them: an own key even for `__proto__`.
        for (const [id, v] of more)
          if (!ids.includes(id)) Object.defineProperty(cells, id, { value: v, enumerable: true, writable: true, configurable: true });
        const data: ReportData = { format: format.id, year, organ, cells };
        if (inf !== undefined) data.info = inf;
        return data;
      });
  });
}

/** The same report with its cells in another key order. */
export function shuffledCells(data: ReportData, seed: number): ReportData {
  const entries = Object.entries(data.cells);
  let s = seed >>> 0 || 1;
  for (let i = entries.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  return { ...data, cells: Object.fromEntries(entries) };
}

/** Whether a message is Chinese (has at least one CJK ideograph). */
export const CHINESE = /[\u4e00-\u9fff]/;
