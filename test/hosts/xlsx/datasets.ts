import { FORMAT_2021, cellsOf } from '../../../src/core/format';
import type { InfoKey } from '../../../src/core/report/info';
import type { CellValue, OrganLevel, ReportData } from '../../../src/core/report/types';
import { DAMAGES, damage, generatedReport, int, pick, seeded, validReport, type Damage } from '../../support/reports';

/** One dataset of the agreement corpus, with what it takes to reproduce it. */
export interface Dataset {
  /** File-name safe and unique: `g017`, `d-balance-3`, `e-12`. */
  readonly name: string;
  /** How to rebuild it: `generatedReport(17)`, `validReport(seeded(…)) + damage(…)`, or an edge case. */
  readonly origin: string;
  readonly damages: readonly string[];
  readonly data: ReportData;
  /** 基本信息 typed into the sheet after the fill, over what it wrote. */
  readonly typed?: Partial<Record<InfoKey, string>>;
}

/**
 * Text and numbers that exercise how a spreadsheet reads a cell: full-width digits and spaces, separators,
 * signs and points where VALUE and the cleaning could part ways, strings that look like formulas or error
 * values, and numbers at the edges of the tolerances.
 */
export const EDGE_VALUES: readonly CellValue[] = [
  '１２',
  '１２．５',
  '－３',
  '\u300012\u3000',
  ' 12 ',
  '12\n',
  '1,234',
  '1，234',
  "'12",
  '12件',
  '12项',
  '3个',
  '.5',
  '5.',
  '-0',
  '0012',
  '-',
  '.',
  '1.2.3',
  '1-2',
  '--1',
  '1e3',
  '1 2',
  '12\u00a0',
  '\t12',
  '#N/A',
  '#DIV/0!',
  'TRUE',
  '=1+1',
  '０',
  '   ',
  '\u3000',
  '',
  2.0000000001,
  1e-10,
  -0.5,
  1e15,
  // Either side of `CellContentRule.largest` (10 亿): the last real figure, and the first that is none.
  999999999,
  1e9,
  '999999999件',
  '1000000000件',
];

/**
 * Organ names and levels whose blanks and case a spreadsheet's TRIM and `=` and JavaScript read differently.
 * `typed` is a level typed into the sheet over what `fill` wrote (fill writes a level it knows as its label).
 */
export const EDGE_ORGANS: readonly { organ: string; organLevel: string | null; typed?: string }[] = [
  { organ: '某县人民政府\u3000', organLevel: null },
  { organ: '\u3000某县人民政府', organLevel: null },
  { organ: '某县人民政府 ', organLevel: null },
  { organ: '某县人民政府\t', organLevel: null },
  { organ: '某县人民政府\u00a0', organLevel: null },
  { organ: '某县人民政府\r\n', organLevel: null },
  { organ: '某县人民政府\u2003', organLevel: null },
  { organ: '\u3000国家某局', organLevel: null },
  { organ: '某  县人民政府', organLevel: null },
  { organ: '某镇政府', organLevel: null },
  { organ: '某市人民政府', organLevel: 'county' },
  { organ: '某市人民政府', organLevel: '乡镇人民政府、街道办事处' },
  { organ: '某市人民政府', organLevel: '县级' },
  { organ: '某市人民政府', organLevel: null, typed: '县级人民政府\u3000' },
  { organ: '某市人民政府', organLevel: null, typed: ' 县级人民政府 ' },
  { organ: '某市人民政府', organLevel: null, typed: '县级人民政府\n' },
  { organ: '某市人民政府', organLevel: null, typed: 'county' },
  { organ: '某市人民政府', organLevel: null, typed: 'County' },
  { organ: '某市人民政府', organLevel: null, typed: 'COUNTY\u3000' },
  { organ: '某县人民政府', organLevel: null, typed: 'city' },
];

export const PER_KIND = 7;

/**
 * The corpus the engine tests run on: `generatedReport` over a range of seeds, then, because
 * `generatedReport` picks its damages at random and so may leave some kinds out, every kind applied
 * directly (alone and with a second random kind), then the edge values and organ names above planted in
 * valid reports.
 */
export function agreementDatasets(generated = 64): Dataset[] {
  const out: Dataset[] = [];
  for (let seed = 0; seed < generated; seed++) {
    const { data, damages } = generatedReport(seed);
    out.push({ name: `g${String(seed).padStart(3, '0')}`, origin: `generatedReport(${seed})`, damages, data });
  }
  DAMAGES.forEach((kind, k) => {
    for (let j = 0; j < PER_KIND; j++) {
      const seed = 10_000 + k * 100 + j;
      const random = seeded(seed);
      let data = damage(validReport(random), kind, random);
      const damages: Damage[] = [kind];
      if (j % 2 === 1) {
        const second = pick(random, DAMAGES);
        data = damage(data, second, random);
        damages.push(second);
      }
      out.push({ name: `d-${kind}-${j}`, origin: `validReport(seeded(${seed})) + damage(${damages.join(', ')})`, damages, data });
    }
  });
  const counts = cellsOf(FORMAT_2021).filter((c) => !c.computed && c.kind === 'count');
  EDGE_VALUES.forEach((value, i) => {
    const seed = 20_000 + i;
    const random = seeded(seed);
    const base = validReport(random);
    // A count cell, except every fourth value, which goes into the amount (万元) cell.
    const id = i % 4 === 3 ? 'T2.fee.amount' : pick(random, counts).id;
    out.push({
      name: `e-${i}`,
      origin: `validReport(seeded(${seed})), ${id} = ${JSON.stringify(value)}`,
      damages: ['edgeValue'],
      data: { ...base, cells: { ...base.cells, [id]: value } },
    });
  });
  EDGE_ORGANS.forEach(({ organ, organLevel, typed }, i) => {
    const seed = 30_000 + i;
    const random = seeded(seed);
    const base = validReport(random);
    const cells = { ...base.cells, 'T2.regulation.issued': 1 + int(random, 3) };
    out.push({
      name: `o-${i}`,
      origin: `validReport(seeded(${seed})), organ ${JSON.stringify(organ)}, level ${JSON.stringify(organLevel)}${typed === undefined ? '' : `, typed level ${JSON.stringify(typed)}`}, 规章 issued`,
      damages: ['edgeOrgan'],
      // The level as given: the template writes text it does not recognise as it is.
      data: { ...base, organ, cells, info: { ...base.info, organLevel: organLevel as OrganLevel | null } },
      ...(typed === undefined ? {} : { typed: { organLevel: typed } }),
    });
  });
  return out;
}

/** How many datasets carry each damage kind. */
export function damageCounts(datasets: readonly Dataset[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(DAMAGES.map((d) => [d, 0]));
  for (const d of datasets) for (const kind of d.damages) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}
