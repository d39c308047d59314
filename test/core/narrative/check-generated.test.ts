import { checkText, type TextParagraph } from '../../../src/core/narrative/check';
import { findFigures } from '../../../src/core/narrative/figures';
import { generateDocument } from '../../../src/core/narrative/generate';
import type { ReportData } from '../../../src/core/report/types';
import { validReport2019, validReport2021 } from '../../fixtures/rules/reports';
import { generatedReport, jiaokou, seeded, validReport } from '../../support/reports';

/** The text blocks of the generated document. */
function generatedText(data: ReportData): TextParagraph[] {
  return generateDocument(data)
    .blocks.filter((b) => b.kind !== 'table')
    .map((b) => ({ id: b.id, text: b.text }));
}

const FEES = { feeNotices: 2, feeAmountYuan: 300, feeCollectedYuan: 100 };
const reports: readonly ReportData[] = [
  validReport2021(),
  { ...validReport2021(), info: { ...validReport2021().info, ...FEES } },
  validReport2019(),
  jiaokou(),
  ...Array.from({ length: 40 }, (_, i) => validReport(seeded(i + 1))),
  ...Array.from({ length: 20 }, (_, i) => generatedReport(i + 1).data),
];

describe('checkText on generated text (src/core/narrative/generate.ts)', () => {
  it('finds nothing in the text generated from a report but the prompts left to fill', () => {
    const rules = reports.flatMap((data) => checkText(generatedText(data), data).map((f) => f.rule));

    expect([...new Set(rules)]).toEqual(['N.placeholder']);
  });

  it('reports every stated figure of the generated text once it is altered by one', () => {
    const missed: string[] = [];
    for (const data of reports.slice(0, 12)) {
      const paragraphs = generatedText(data);
      paragraphs.forEach((p, i) => {
        for (const f of findFigures(p.text, { year: data.year ?? null })) {
          if (!f.meaning || f.unit === '%') continue;
          const text = `${p.text.slice(0, f.start)}${f.value + 1}${f.unit}${p.text.slice(f.end)}`;
          const altered = paragraphs.map((q, j) => (j === i ? { ...q, text } : q));
          const caught = checkText(altered, data).some((x) => x.rule === 'N.mismatch' && x.paragraph === p.id);
          if (!caught) missed.push(`${p.id}: ${f.raw} (${f.meaning.name})`);
        }
      });
    }
    expect(missed).toEqual([]);
  });
});
