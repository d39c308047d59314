import { attachNotes, fingerprint, noteKey, notesPlan, readNotes, upsertNote, NOTES_SHEET } from '../../src/core/notes';
import type { WorkbookGrid } from '../../src/core/import/grid';
import type { WorkbookPlan } from '../../src/core/layout/plan';
import type { ReportData } from '../../src/core/report/types';
import { evaluate, type Finding } from '../../src/core/rules/evaluate';
import { jiaokou } from '../support/reports';

/** A grid over the cells a plan writes (values only), as a host would read them back. */
function gridOf(plan: WorkbookPlan): WorkbookGrid {
  const cells = new Map<string, string | number | null>();
  for (const s of plan.sheets) for (const c of s.cells) cells.set(`${s.name}!${c.row},${c.col}`, c.value ?? null);
  return {
    sheets: plan.sheets.map((s) => ({ name: s.name, visibility: s.visibility })),
    value: (sheet, row, col) => cells.get(`${sheet}!${row},${col}`) ?? null,
    formula: () => null,
  };
}

const withFeeInYuan = (): ReportData => {
  const data = jiaokou();
  data.cells['T3.carryForward.commercial'] = 0;
  data.cells['T2.fee.amount'] = 150000;
  return data;
};
const warningOf = (data: ReportData): Finding => evaluate(data).findings.find((f) => f.rule === 'T2.feeUnit')!;

describe('说明 (notes on warnings)', () => {
  const now = new Date('2026-01-10T08:00:00Z');

  it('keys a finding by its rule and cells, and fingerprints the cells’ values', () => {
    const data = withFeeInYuan();
    const f = warningOf(data);
    expect(noteKey(f)).toBe('T2.feeUnit|T2.fee.amount');
    expect(fingerprint(f, data)).toBe('[150000]');
  });

  it('round-trips through the notes sheet and attaches to the warning it explains', () => {
    const data = withFeeInYuan();
    const notes = upsertNote([], warningOf(data), ' 本年含土地出让收入，已核实 ', data, now);
    const back = readNotes(gridOf(notesPlan(notes, 0)));

    expect(back).toEqual([{ key: 'T2.feeUnit|T2.fee.amount', text: '本年含土地出让收入，已核实', values: '[150000]', at: now.toISOString() }]);
    const noted = attachNotes(evaluate(data).findings, back, data).find((f) => f.rule === 'T2.feeUnit');
    expect(noted?.note).toEqual({ text: '本年含土地出让收入，已核实', at: now.toISOString(), stale: false });
  });

  it('marks a 说明 stale once the values it explained change', () => {
    const data = withFeeInYuan();
    const notes = upsertNote([], warningOf(data), '已核实', data, now);
    data.cells['T2.fee.amount'] = 160000;

    expect(attachNotes(evaluate(data).findings, notes, data).find((f) => f.rule === 'T2.feeUnit')?.note?.stale).toBe(true);
  });

  it('gives errors no 说明: an error is fixed, not explained', () => {
    const data = jiaokou();
    const blank = evaluate(data).findings[0]!;
    const notes = [{ key: noteKey(blank), text: '稍后补', values: fingerprint(blank, data), at: '' }];

    expect(attachNotes([blank], notes, data)[0]?.note).toBeUndefined();
  });

  it('removes a 说明 given empty text, and blanks the rows it leaves behind in the sheet', () => {
    const data = withFeeInYuan();
    const f = warningOf(data);
    const one = upsertNote([], f, '已核实', data, now);
    const none = upsertNote(one, f, '  ', data, now);
    const plan = notesPlan(none, one.length);

    expect(none).toEqual([]);
    expect(plan.sheets[0]?.name).toBe(NOTES_SHEET);
    expect(plan.sheets[0]?.visibility).toBe('veryHidden');
    expect(plan.sheets[0]?.cells.filter((c) => c.row === 2).map((c) => c.value)).toEqual([null, null, null, null]);
    expect(readNotes(gridOf(plan))).toEqual([]);
  });

  it('reads no notes from a workbook without the notes sheet', () => {
    expect(readNotes({ sheets: [{ name: '年报', visibility: 'visible' }], value: () => null, formula: () => null })).toEqual([]);
  });
});
