import { FORMAT_2021, cellsOf } from '../../src/core/format';
import type { WorkbookGrid } from '../../src/core/import/grid';
import { readTemplateWorkbook } from '../../src/core/import/workbook';
import type { WorkbookPlan } from '../../src/core/layout/plan';
import { buildTemplate } from '../../src/core/layout/template';
import {
  PREVIOUS_SHEET,
  carriedFigures,
  describeCarried,
  previousPlan,
  previousRowsUsed,
  readPrevious,
  rollForward,
} from '../../src/core/previous';
import type { ReportData } from '../../src/core/report/types';
import type { ComparedReport } from '../../src/core/rules/across-years';
import { evaluate } from '../../src/core/rules/evaluate';
import { generatedReport, jiaokou, seeded, validReport } from '../support/reports';
import { planGrid } from './support/plan-grid';

const APPLICANTS = FORMAT_2021.t3.columns.filter((c) => c.key !== 'total').map((c) => c.key);

/** A 2019-format report (试行): its own 表二, the same 表三 ids with a single （六）其他处理 row. */
function report2019(): ReportData {
  return {
    format: '2019',
    year: 2020,
    organ: '某县人民政府',
    cells: {
      'T2.regulation.made': 0,
      'T3.other.natural': 1,
      'T3.carryForward.natural': 2,
      'T3.carryForward.commercial': 1,
      'T3.carryForward.research': 0,
      'T3.carryForward.nonprofit': 0,
      'T3.carryForward.legal': 0,
      'T3.carryForward.otherOrg': 0,
      'T3.carryForward.total': 3,
    },
    info: { organLevel: 'county', phone: '0358-1234567', publishedOn: '2021-01-20', feeNotices: 0 },
  };
}

describe('rollForward: next year’s report from last year’s', () => {
  it('carries 结转下年度 into 上年结转 column by column, year + 1, organ and lasting 基本信息 — nothing else', () => {
    const last = validReport(seeded(5));
    last.info = {
      ...last.info,
      compiledBy: '某办公室',
      website: 'www.example.gov.cn',
      address: '某路 1 号',
      publishedOn: '2025-01-20',
      feeCollectedYuan: 0,
    };
    const next = rollForward(last);

    expect(next.format).toBe('2021');
    expect(next.year).toBe((last.year as number) + 1);
    expect(next.organ).toBe(last.organ);
    expect(next.info).toEqual({
      organLevel: last.info?.organLevel,
      compiledBy: '某办公室',
      website: 'www.example.gov.cn',
      address: '某路 1 号',
    });
    const expected: Record<string, unknown> = {};
    for (const col of [...APPLICANTS, 'total']) expected[`T3.carried.${col}`] = last.cells[`T3.carryForward.${col}`];
    expect(next.cells).toEqual(expected);
  });

  it('takes a 2019-format report as last year’s: the same 表三 ids', () => {
    const next = rollForward(report2019());

    expect(next).toEqual({
      format: '2021',
      year: 2021,
      organ: '某县人民政府',
      cells: {
        'T3.carried.natural': 2,
        'T3.carried.commercial': 1,
        'T3.carried.research': 0,
        'T3.carried.nonprofit': 0,
        'T3.carried.legal': 0,
        'T3.carried.otherOrg': 0,
        'T3.carried.total': 3,
      },
      info: { organLevel: 'county', phone: '0358-1234567' },
    });
  });

  it('leaves blank what last year left blank or wrote as text, and says so', () => {
    // The sample report leaves 结转下年度 / 商业企业 blank.
    const last = jiaokou();
    last.cells['T3.carryForward.research'] = '/';
    const next = rollForward(last);
    const carried = carriedFigures(last);

    expect(next.cells['T3.carried.commercial']).toBeUndefined();
    expect(next.cells['T3.carried.research']).toBeUndefined();
    expect(carried.skipped.map((s) => [s.column.key, s.raw])).toEqual([
      ['commercial', null],
      ['research', '/'],
    ]);
    expect(describeCarried(carried)).toBe(
      '上年结转 0 件；上年“结转下年度继续办理”行中商业企业（空白）、科研机构（“/”）不是数字，未结转，请核实后填写',
    );
  });

  it('carries 总计 only when it is the sum of the columns carried (else the template’s formula sums them)', () => {
    const last = validReport(seeded(9));
    last.cells['T3.carryForward.total'] = Number(last.cells['T3.carryForward.total']) + 1;

    expect(rollForward(last).cells['T3.carried.total']).toBeUndefined();
    expect(Object.keys(rollForward(last).cells)).toHaveLength(APPLICANTS.length);
  });

  it('has no year when last year’s is unknown, and no organ when it was blank', () => {
    const next = rollForward({ format: '2021', year: null, organ: '  ', cells: {} });

    expect(next).toEqual({ format: '2021', year: null, organ: null, cells: {} });
    expect(describeCarried(carriedFigures({ format: '2021', cells: {} }))).toBe(
      '上年结转：上年年报的“结转下年度继续办理”行没有可结转的数字',
    );
  });

  it('says what was carried, naming the columns that hold cases', () => {
    expect(describeCarried(carriedFigures(report2019()))).toBe('上年结转 3 件（自然人 2、商业企业 1）');
  });

  it('makes a template whose only figures are 上年结转, its total a formula, its 表三 balanced so far', () => {
    const last = validReport(seeded(11));
    const { plan, layout } = buildTemplate({ data: rollForward(last) });
    const read = readTemplateWorkbook(planGrid(plan));
    if (!read.ok) throw new Error(read.error);
    const filled = Object.entries(read.value.data.cells).filter(([, v]) => v !== null && v !== undefined && v !== '');

    for (const [id] of filled) expect(id.startsWith('T3.carried.') || cellsOf(FORMAT_2021).find((c) => c.id === id)?.computed).toBe(true);
    expect(read.value.data.cells['T3.carried.total']).toBe(last.cells['T3.carryForward.total']);
    const total = layout.cells.get('T3.carried.total')!;
    expect(planGrid(plan).formula(layout.sheet, total.top, total.left)).toMatch(/^SUM\(/);
    expect(
      evaluate(read.value.data).findings.filter((f) => f.cells.some((c) => c.startsWith('T3.carried.')) && f.rule !== 'T3.balance'),
    ).toEqual([]);
  });
});

describe('the kept sheet: last year’s report inside the workbook', () => {
  const tricky: ReportData = {
    format: '2021',
    year: 2024,
    organ: '=某县人民政府',
    cells: {
      'T3.new.natural': '１２',
      'T3.new.commercial': "'3",
      'T3.carried.natural': '0012',
      'T4.review.corrected': '=1+1',
      'T2.fee.amount': 1234.5678,
      'T3.new.legal': true,
    },
    info: { postcode: '033000', publishedOn: '2025-01-16', feeNotices: 0, extra: { nested: 1 } },
  };

  it.each<[string, ComparedReport]>([
    ['the sample report', { data: jiaokou() }],
    ['a generated report with damage', { data: generatedReport(3).data }],
    ['a 2019-format report', { data: report2019() }],
    [
      'a published report with paragraphs',
      {
        data: jiaokou(),
        paragraphs: [
          { id: 'p1', text: '一、总体情况' },
          { id: 'p2', text: '2024年，我县收到申请 12 件。' },
        ],
      },
    ],
    ['text a spreadsheet would reinterpret', { data: tricky }],
  ])('round-trips %s: plan → grid → readPrevious', (_, prev) => {
    const back = readPrevious(planGrid(previousPlan(prev, 0)));
    const cells: Record<string, unknown> = {};
    for (const [id, v] of Object.entries(prev.data.cells))
      if (v !== null && v !== undefined && v !== '') cells[id] = typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : v;
    const info = Object.fromEntries(Object.entries(prev.data.info ?? {}).filter(([, v]) => typeof v === 'string' || typeof v === 'number'));

    expect(back?.data.format).toBe(prev.data.format);
    expect(back?.data.year).toBe(prev.data.year ?? null);
    expect(back?.data.organ).toBe(prev.data.organ ?? null);
    expect(back?.data.cells).toEqual(cells);
    expect(back?.data.info ?? {}).toEqual(info);
    expect(back?.paragraphs).toEqual(prev.paragraphs);
  });

  it('is a very hidden sheet of its own, added by buildTemplate’s `previous`', () => {
    const { plan } = buildTemplate({ data: rollForward(jiaokou()), previous: { data: jiaokou() } });
    const sheet = plan.sheets.find((s) => s.name === PREVIOUS_SHEET);

    expect(sheet?.visibility).toBe('veryHidden');
    expect(readPrevious(planGrid(plan))?.data.cells).toEqual(
      Object.fromEntries(Object.entries(jiaokou().cells).filter(([, v]) => v !== null && v !== undefined)),
    );
    expect(buildTemplate({ data: jiaokou() }).plan.sheets.some((s) => s.name === PREVIOUS_SHEET)).toBe(false);
  });

  it('blanks the rows a longer report kept before leaves, so nothing of it lingers', () => {
    const long: ComparedReport = {
      data: jiaokou(),
      paragraphs: Array.from({ length: 30 }, (_, i) => ({ id: `p${i}`, text: `第 ${i} 段` })),
    };
    const short: ComparedReport = { data: { format: '2021', year: 2023, cells: { 'T3.carryForward.natural': 1 } } };
    const used = previousRowsUsed(planGrid(previousPlan(long, 0)));
    const back = readPrevious(lastWins(previousPlan(long, 0), previousPlan(short, used)));

    expect(used).toBeGreaterThan(30);
    expect(back).toEqual({ data: { format: '2021', year: 2023, organ: null, cells: { 'T3.carryForward.natural': 1 } } });
  });

  it('reads nothing from a workbook without the sheet, or from a clerk’s sheet that happens to have its name', () => {
    const none: WorkbookGrid = { sheets: [{ name: '年报', visibility: 'visible' }], value: () => null, formula: () => null };
    const foreign: WorkbookGrid = {
      sheets: [{ name: PREVIOUS_SHEET, visibility: 'visible' }],
      value: () => '别的内容',
      formula: () => null,
    };

    expect(readPrevious(none)).toBeNull();
    expect(readPrevious(foreign)).toBeNull();
    expect(previousRowsUsed(foreign)).toBe(0);
  });
});

/** A grid of the cells of `first` overwritten by those of `second`, as replaying both plans leaves them. */
function lastWins(first: WorkbookPlan, second: WorkbookPlan): WorkbookGrid {
  const cells = new Map<string, string | number | null>();
  for (const plan of [first, second])
    for (const s of plan.sheets) for (const c of s.cells) cells.set(`${s.name}!${c.row},${c.col}`, c.value ?? null);
  return {
    sheets: second.sheets.map((s) => ({ name: s.name, visibility: s.visibility })),
    value: (sheet, row, col) => {
      const v = cells.get(`${sheet}!${row},${col}`) ?? null;
      return v === '' ? null : v;
    },
    formula: () => null,
  };
}
