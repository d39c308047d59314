import fc from 'fast-check';
import { checkText, type TextParagraph } from '../../src/core/narrative/check';
import { generateDocument } from '../../src/core/narrative/generate';
import { CHINESE, RUNS, reportArb } from './arbitraries';

/**
 * Phrases of real reports (docs: spec/narrative.md, "Real sentences" and "Generation templates"), with
 * their figures cut out: `#` is where a random figure goes.
 */
const PHRASES = [
  '全年，我县政府门户网站更新政务动态信息#条，信息公开目录信息#条，发布政策性文件#件，政策解读#条。',
  '本年出台行政规范性文件：制发件数#件，废止件数#件，现行有效件数#件。',
  '行政许可#年处理决定数量#项，行政处罚#项、行政强制#项，行政事业性收费#元。',
  '制定发布规范性文件#件，清理废止文件#件，现行有效文件#件。',
  '#年，全年共收到依申请公开#件（其中信件申请#件，网络申请#件），已办结#件，#件结转下年办理。',
  '全年共处理政府信息公开申请#件（含上年度结转申请#件），答复#件，结转下年度继续办理#件。',
  '办结依申请公开件#件（含#年结转的#件），其中，予以公开#件，部分公开#件，不予公开#件，信息无法提供#件、不予处理#件，其他处理#件。',
  '#年，全县共收到政府信息公开申请#件，申请量同比增长#%，#年结转政府信息公开申请#件，结转至#年#件。',
  '#年，本机关收到#件政府信息公开申请，结转至下一年度办理，未发生因政府信息公开申请被申请行政复议、提起行政诉讼情况。',
  '#年度，未收到和处理政府信息公开申请事项，无政府信息公开类行政复议、行政诉讼情况发生。',
  '因政府信息公开引起的行政复议案件#件，已审结。行政诉讼案件#件，目前案件正在审理中。',
  '依法办理涉及政府信息公开的行政复议#件、行政诉讼#件。',
  '#年度发生因政府信息公开引发的行政复议#件，未发生因政府信息公开引发的行政诉讼案件。',
  '本机关#年度未收取政府信息公开信息处理费。',
  '全年无行政复议和诉讼情况，无信息公开收费等情况。',
  '#年，本机关制发行政规范性文件#件，废止#件，现行有效#件。',
  '全年作出行政许可决定#件、行政处罚决定#件、行政强制决定#件，收取行政事业性收费#万元。',
  '#年，本机关共收到政府信息公开申请#件（其中自然人#件，法人或其他组织#件），上年结转#件；办结#件，结转下年度继续办理#件。',
  '办结的申请中，予以公开#件，部分公开#件，不予公开#件，无法提供#件，不予处理#件，其他处理#件。',
  '#年，本机关因政府信息公开被申请行政复议#件（结果维持#件、结果纠正#件、其他结果#件、尚未审结#件），被提起行政诉讼#件。',
  '依据《政府信息公开信息处理费管理办法》，本机关#年度共发出收费通知#件，金额共计#元，实际收取信息处理费#元。',
  '一、总体情况',
  '二、主动公开政府信息情况',
  '三、收到和处理政府信息公开申请情况',
  '四、政府信息公开行政复议、行政诉讼情况',
  '五、存在的主要问题及改进情况',
  '六、其他需要报告的事项',
  '【请填写：主动公开情况】',
  '均已按时答复，答复率100%。',
];

const CHINESE_DIGITS = ['零', '一', '二', '三', '十', '百', '两'];
const figure: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 0, max: 3000 }).map(String),
  fc.constantFrom('2023', '2024', '2025', '0', '1', '100', '12.5', '6.54', '１２', '1,261', '-3', '1e3', '99999999999999999999'),
  fc.array(fc.constantFrom(...CHINESE_DIGITS), { minLength: 1, maxLength: 3 }).map((d) => d.join('')),
  fc.constant(''),
);

const filled = (phrase: string): fc.Arbitrary<string> => {
  const parts = phrase.split('#');
  return fc
    .array(figure, { minLength: parts.length - 1, maxLength: parts.length - 1 })
    .map((figs) => parts.reduce((out, p, i) => out + (i > 0 ? (figs[i - 1] ?? '') : '') + p, ''));
};

const noise: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '，',
    '。',
    '；',
    '、',
    '（',
    '）',
    '(',
    ')',
    '“',
    '”',
    '…',
    '——',
    '%',
    '％',
    '件',
    '万元',
    '\n',
    ' ',
    '\u3000',
    '【',
    '】',
    '：',
  ),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
  fc.string({ unit: 'binary', maxLength: 3 }),
);

const paragraphText: fc.Arbitrary<string> = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...PHRASES).chain(filled) }, { weight: 1, arbitrary: noise }), { maxLength: 5 })
  .map((xs) => xs.join(''));

const paragraphs: fc.Arbitrary<TextParagraph[]> = fc
  .array(paragraphText, { maxLength: 8 })
  .map((texts) => texts.map((text, i) => ({ id: `p${i}`, text })));

describe('property: the narrative checks on random Chinese-ish text', () => {
  it('checkText never throws; N.mismatch and N.claim always have cells; messages are Chinese', () => {
    fc.assert(
      fc.property(paragraphs, reportArb({ extras: false }), fc.option(fc.boolean(), { nil: undefined }), (ps, data, whole) => {
        const findings = checkText(ps, data, whole === undefined ? {} : { whole });
        for (const f of findings) {
          if (f.rule === 'N.mismatch' || f.rule === 'N.claim') expect(f.cells.length).toBeGreaterThan(0);
          expect(f.message).toMatch(CHINESE);
          expect(['error', 'warning', 'info']).toContain(f.severity);
        }
        // Deterministic.
        expect(checkText(ps, data, whole === undefined ? {} : { whole })).toEqual(findings);
      }),
      { numRuns: RUNS.fast },
    );
  });

  it('checkText never throws with a previous year report too', () => {
    fc.assert(
      fc.property(paragraphs, reportArb({ extras: false }), reportArb({ extras: false }), (ps, data, previous) => {
        for (const f of checkText(ps, data, { previous })) {
          if (f.rule === 'N.mismatch' || f.rule === 'N.claim' || f.rule === 'N.percent') expect(f.cells.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS.medium },
    );
  });
});

describe('property: generateDocument on random reports', () => {
  it('never throws, and its text never says undefined, NaN, null or a bare 0件', () => {
    fc.assert(
      fc.property(reportArb(), (data) => {
        const doc = generateDocument(data);
        for (const b of doc.blocks) {
          // What the clerk typed is quoted (“NaN”, “0件” may be their text); nothing else may be a JS artefact or a bare 0件.
          const own = b.text.replace(/“[^”]*”/g, '“”');
          expect([b.id, own]).not.toEqual([b.id, expect.stringMatching(/undefined|NaN|null|(?<![\d.,０-９])0件/)]);
        }
      }),
      { numRuns: RUNS.fast },
    );
  });

  it('its own text, checked against its own report: every N.mismatch and N.claim has cells', () => {
    fc.assert(
      fc.property(reportArb({ extras: false }), (data) => {
        const doc = generateDocument(data);
        const findings = checkText(
          doc.blocks.map((b) => ({ id: b.id, text: b.text })),
          data,
        );
        for (const f of findings) expect(f.cells.length > 0 || !['N.mismatch', 'N.claim'].includes(f.rule)).toBe(true);
      }),
      { numRuns: RUNS.medium },
    );
  });
});
