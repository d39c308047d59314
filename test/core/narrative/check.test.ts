import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkText, type TextParagraph } from '../../../src/core/narrative/check';
import { findFigures } from '../../../src/core/narrative/figures';
import type { ReportData } from '../../../src/core/report/types';
import { TEXT_RULE_SEVERITY, type TextRuleId } from '../../../src/core/rules/catalogue';
import type { Finding } from '../../../src/core/rules/evaluate';
import { TEXT_CASES, caseData, natural, previousData, type TextCase } from '../../fixtures/narrative/cases';
import { SAMPLES_DIR, jiaokou } from '../../support/reports';

const paragraphsOf = (texts: readonly string[]): TextParagraph[] => texts.map((text, i) => ({ id: `p${i + 1}`, text }));

function run(c: TextCase): Finding[] {
  const previous = previousData(c);
  return checkText(paragraphsOf(c.paragraphs), caseData(c), {
    ...(previous ? { previous } : {}),
    ...(c.whole !== undefined ? { whole: c.whole } : {}),
  });
}

/** The sample report's paragraphs: its text split at blank lines, table lines (tab-separated) left out. */
function sampleParagraphs(): TextParagraph[] {
  const md = readFileSync(join(SAMPLES_DIR, 'jiaokou-2024.md'), 'utf8');
  const texts = md
    .split(/\n\s*\n/)
    .map((block) =>
      block
        .split('\n')
        .filter((line) => !line.includes('\t'))
        .join('')
        .trim(),
    )
    .filter((text) => text !== '');
  return paragraphsOf(texts);
}

describe('text cases (test/fixtures/narrative/cases.ts)', () => {
  it.each(TEXT_CASES)('$description', (c: TextCase) => {
    const findings = run(c);

    expect(findings.map((f) => [f.rule, f.cells[0] ?? ''])).toEqual(c.expected);
    for (const f of findings) {
      expect(f.severity).toBe(TEXT_RULE_SEVERITY[f.rule as TextRuleId]);
      if (f.rule === 'N.mismatch' || f.rule === 'N.claim') expect(f.cells.length).toBeGreaterThan(0);
      if (f.rule !== 'F.section' && f.rule !== 'N.feeStatement') expect(f.quote).toBeTruthy();
    }
    const messages = findings.map((f) => f.message).join('\n');
    for (const fragment of c.says ?? []) expect(messages).toContain(fragment);
  });

  it('cover every text rule, each with a case that finds it and one that does not', () => {
    const rules = Object.keys(TEXT_RULE_SEVERITY);
    const found = new Set(TEXT_CASES.flatMap((c) => c.expected.map(([rule]) => rule)));
    const quiet = (rule: string): boolean => TEXT_CASES.some((c) => c.expected.length === 0 && c.description.startsWith(rule));

    expect(rules.filter((r) => !found.has(r as TextRuleId))).toEqual([]);
    expect(rules.filter((r) => !quiet(r))).toEqual([]);
  });

  it('have unique descriptions', () => {
    const seen = TEXT_CASES.map((c) => c.description);
    expect(seen.filter((d, i) => seen.indexOf(d) !== i)).toEqual([]);
  });
});

describe('checkText on the sample report (../shared/samples/jiaokou-2024.md)', () => {
  it('finds 我县我县 and nothing else: its 受理 12 件 matches the table', () => {
    const paragraphs = sampleParagraphs();
    const findings = checkText(paragraphs, jiaokou());

    expect(findings.map((f) => [f.rule, f.paragraph, f.quote])).toEqual([
      ['F.repeatedWord', expect.any(String), '2024年我县我县政府信息公开工作虽然取得了一定的成效，但仍然存在一些问题和不足'],
    ]);
    expect(paragraphs.find((p) => p.id === findings[0]?.paragraph)?.text).toContain('我县我县');
  });

  it('reads 受理政府信息公开申请 12 件 as the applications received, and checks it', () => {
    const paragraphs = sampleParagraphs();
    const sentence = paragraphs.find((p) => p.text.includes('受理政府信息公开申请 12 件'));
    const [figure] = findFigures(sentence?.text ?? '', { year: 2024 }).filter((f) => f.meaning !== null);
    expect(figure).toMatchObject({ value: 12, unit: '件', raw: '12 件', meaning: { kind: 'amount', name: '受理的申请' } });

    const data = jiaokou();
    const altered: ReportData = { ...data, cells: { ...data.cells, 'T3.new.natural': 10, 'T3.new.total': 10 } };
    const mismatches = checkText(paragraphs, altered).filter((f) => f.rule === 'N.mismatch');
    expect(mismatches.map((f) => [f.cells, f.expected, f.actual])).toEqual([[['T3.new.total', 'T3.carried.total'], 10, 12]]);
  });

});

describe('text findings', () => {
  it('carry the paragraph id, a shortened quote, and expected/actual of a mismatch', () => {
    const long = `认真贯彻落实《中华人民共和国政府信息公开条例》要求，坚持依法规范办理，建立健全制度规范，本机关共收到政府信息公开申请15件，依法按时予以答复并做好解释说明工作。`;
    const [f] = checkText(paragraphsOf(['引言。', long]), caseData({ cells: natural({ new: 12, disclosed: 12 }) }));

    expect(f).toMatchObject({ rule: 'N.mismatch', severity: 'error', paragraph: 'p2', cells: ['T3.new.total'], expected: 12, actual: 15 });
    expect(f?.quote).toBe('…度规范，本机关共收到政府信息公开申请15件，依法按时予以答复并做好…');
    expect(f?.message).toContain(`“${f?.quote ?? ''}”`);
  });

  it('report one figure once, even when two phrases could claim it', () => {
    const findings = checkText(paragraphsOf(['本年度未发生行政复议、无行政诉讼。']), caseData({ cells: { 'T4.suitDirect.upheld': 1 } }));

    expect(findings.map((f) => f.cells)).toEqual([['T4.suitDirect.total', 'T4.suitAfterReview.total']]);
  });
});
