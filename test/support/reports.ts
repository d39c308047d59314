import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORMAT_2021, cellsOf, type FormatDef } from '../../src/core/format';
import type { CellValue, ReportData } from '../../src/core/report/types';

/** Small seeded generator (mulberry32), so every generated dataset can be reproduced from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;
export const int = (random: Random, max: number): number => Math.floor(random() * (max + 1));
export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const ORGANS = [
  { organ: '交口县人民政府', organLevel: 'county' },
  { organ: '某市人民政府办公室', organLevel: 'department' },
  { organ: '某省人民政府', organLevel: 'province' },
  { organ: '某镇人民政府', organLevel: 'township' },
  { organ: '某自治州人民政府', organLevel: 'city' },
] as const;

/** Split `total` into `parts` non-negative whole numbers. */
function split(random: Random, total: number, parts: number): number[] {
  const out = new Array<number>(parts).fill(0);
  for (let i = 0; i < total; i++) out[Math.floor(random() * parts)]! += 1;
  return out;
}

/** A report in the 2021 format that breaks no rule: every total adds up, every cell a clean number. */
export function validReport(random: Random, scale = 20): ReportData {
  const f = FORMAT_2021;
  const cells: Record<string, CellValue> = {};
  const who = pick(random, ORGANS);
  const mayMakeRegulations = who.organLevel === 'province' || who.organLevel === 'city';
  for (const row of ['regulation', 'normative']) {
    const issued = row === 'regulation' && !mayMakeRegulations ? 0 : int(random, scale);
    const repealed = row === 'regulation' && !mayMakeRegulations ? 0 : int(random, scale);
    cells[`T2.${row}.issued`] = issued;
    cells[`T2.${row}.repealed`] = repealed;
    cells[`T2.${row}.inForce`] = row === 'regulation' && !mayMakeRegulations ? 0 : issued + int(random, scale * 3);
  }
  cells['T2.license.decisions'] = int(random, scale * 100);
  cells['T2.penalty.decisions'] = int(random, scale * 50);
  cells['T2.coercion.decisions'] = int(random, scale * 5);
  cells['T2.fee.amount'] = Math.round(random() * 500 * 10000) / 10000;
  const applicants = f.t3.columns.filter((c) => c.key !== 'total').map((c) => c.key);
  const results = f.t3.rows.filter((r) => r.role === 'result').map((r) => r.key);
  const rowSums = new Map<string, number>();
  const add = (row: string, col: string, v: number): void => {
    cells[`T3.${row}.${col}`] = v;
    rowSums.set(row, (rowSums.get(row) ?? 0) + v);
  };
  for (const col of applicants) {
    const busy = random() < 0.5;
    const fresh = busy ? int(random, scale) : 0;
    const carried = busy ? int(random, 3) : 0;
    const forward = int(random, Math.min(3, fresh + carried));
    add('new', col, fresh);
    add('carried', col, carried);
    add('carryForward', col, forward);
    const handled = split(random, fresh + carried - forward, results.length);
    results.forEach((row, i) => add(row, col, handled[i] ?? 0));
    add('total', col, fresh + carried - forward);
  }
  for (const row of f.t3.rows) cells[`T3.${row.key}.total`] = rowSums.get(row.key) ?? 0;
  for (const group of f.t4.groups) {
    let total = 0;
    for (const col of ['upheld', 'corrected', 'other', 'pending']) {
      const v = random() < 0.7 ? 0 : int(random, 5);
      cells[`T4.${group.key}.${col}`] = v;
      total += v;
    }
    cells[`T4.${group.key}.total`] = total;
  }
  return { format: '2021', year: 2024 + int(random, 1), organ: who.organ, cells, info: { organLevel: who.organLevel, feeNotices: 0, feeAmountYuan: 0 } };
}

/** Ways a report goes wrong, as real reports do (spec/rules.md, "What real reports get wrong"). */
export const DAMAGES = [
  'blank',
  'blankTotal',
  'unusableText',
  'cleanText',
  'negative',
  'fraction',
  'rowTotal',
  'resultTotal',
  'balance',
  'groupTotal',
  'regulationLevel',
  'inForceBelowIssued',
  'feeUnit',
  'precision',
  'tooLarge',
] as const;
export type Damage = (typeof DAMAGES)[number];

const UNUSABLE = ['/', '—', '无', '十二', '#REF!', 'N/A', '见附表'];
/** Numbers no cell can hold (`CellContentRule.largest` is 10 亿), at the bound and far beyond, as numbers and as text. */
const TOO_LARGE: readonly CellValue[] = [1e9, 1e15, 99999999999, 1e20, 1e308, -1e12, '99999999999件', '１０００００００００'];
const CLEANABLE = (v: number): string[] => [`${v}件`, ` ${v} `, `'${v}`, String(v).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))), `${v}项`, String(v)];

/** Apply one kind of damage to a copy of the report. */
export function damage(report: ReportData, kind: Damage, random: Random, format: FormatDef = FORMAT_2021): ReportData {
  const cells = { ...report.cells };
  const inputs = cellsOf(format).filter((c) => !c.computed);
  const anyInput = (): string => pick(random, inputs).id;
  const num = (id: string): number => {
    const v = cells[id];
    return typeof v === 'number' ? v : 0;
  };
  const out: ReportData = { ...report, cells, info: { ...report.info } };
  switch (kind) {
    case 'blank':
      cells[anyInput()] = random() < 0.5 ? null : '';
      break;
    case 'blankTotal':
      cells[pick(random, ['T3.new.total', 'T3.carryForward.total', 'T4.review.total'])] = null;
      break;
    case 'unusableText':
      cells[anyInput()] = pick(random, UNUSABLE);
      break;
    case 'cleanText': {
      const id = pick(random, inputs.filter((c) => c.kind === 'count')).id;
      cells[id] = pick(random, CLEANABLE(num(id)));
      break;
    }
    case 'negative':
      cells[anyInput()] = -1 - int(random, 5);
      break;
    case 'fraction': {
      const id = pick(random, inputs.filter((c) => c.kind === 'count')).id;
      cells[id] = num(id) + 0.5;
      break;
    }
    case 'rowTotal': {
      const row = pick(random, format.t3.rows).key;
      cells[`T3.${row}.total`] = num(`T3.${row}.total`) + 1 + int(random, 3);
      break;
    }
    case 'resultTotal': {
      const col = pick(random, format.t3.columns).key;
      cells[`T3.total.${col}`] = num(`T3.total.${col}`) + 1;
      break;
    }
    case 'balance': {
      const col = pick(random, format.t3.columns.filter((c) => c.key !== 'total')).key;
      const d = 1 + int(random, 4);
      cells[`T3.new.${col}`] = num(`T3.new.${col}`) + d;
      cells['T3.new.total'] = num('T3.new.total') + d;
      break;
    }
    case 'groupTotal': {
      const g = pick(random, format.t4.groups).key;
      cells[`T4.${g}.total`] = num(`T4.${g}.total`) + 1;
      break;
    }
    case 'regulationLevel':
      out.organ = '某县人民政府';
      out.info = { ...out.info, organLevel: random() < 0.5 ? 'county' : null };
      cells['T2.regulation.issued'] = 1 + int(random, 3);
      break;
    case 'inForceBelowIssued':
      cells['T2.normative.issued'] = num('T2.normative.inForce') + 1 + int(random, 3);
      break;
    case 'feeUnit':
      cells['T2.fee.amount'] = 150000 + int(random, 10000);
      break;
    case 'precision':
      cells['T2.fee.amount'] = 12.345678;
      break;
    case 'tooLarge':
      // Every fourth time the amount (万元) cell, whose only other check is T2.feeUnit's.
      cells[random() < 0.25 ? 'T2.fee.amount' : anyInput()] = pick(random, TOO_LARGE);
      break;
  }
  return out;
}

/** A generated dataset: a valid report with 0–3 kinds of damage, reproducible from its seed. */
export function generatedReport(seed: number): { data: ReportData; damages: Damage[] } {
  const random = seeded(seed);
  let data = validReport(random);
  const damages: Damage[] = [];
  const count = seed % 4;
  for (let i = 0; i < count; i++) {
    const kind = pick(random, DAMAGES);
    damages.push(kind);
    data = damage(data, kind, random);
  }
  return { data, damages };
}

export const SAMPLES_DIR = join(__dirname, '..', '..', '..', 'shared', 'samples');

/** The sample report's figures (../shared/samples/jiaokou-2024.json), as kept in test/fixtures. */
export function jiaokou(): ReportData {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'jiaokou-2024.json'), 'utf8')) as ReportData;
}
