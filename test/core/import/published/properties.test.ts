import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { importPublished, textToDocument } from '../../../../src/core/import/published';
import type { PublishedBlock, PublishedDocument, TableCell } from '../../../../src/core/import/published/document';
import { cellSpec, FORMATS } from '../../../../src/core/format';
import type { Finding } from '../../../../src/core/rules/evaluate';
import { validateReport } from '../../../../src/core/validate';
import { SAMPLES_DIR } from '../../../support/reports';
import { RUNS } from '../../../properties/arbitraries';

/**
 * Whatever it is given — random text, binary junk decoded as text, the sample report cut up and shuffled,
 * structured tables with absurd spans — the importer returns (never throws), and everything it finds names
 * the cells it is about or the place it was seen.
 */

const SAMPLE = readFileSync(join(SAMPLES_DIR, 'jiaokou-2024.md'), 'utf8');
const SAMPLE_LINES = SAMPLE.split('\n');

/** Every finding names cells or a place; cells are the format's (or `info:` facts); places are read places. */
function checkFindings(doc: PublishedDocument): void {
  const r = importPublished(doc);
  if (!r.ok) {
    expect(r.error).toContain('未找到');
    return;
  }
  const { data, problems, paragraphs, places } = r.value;
  const format = FORMATS[data.format];
  const ok = (f: Finding): boolean => f.cells.length > 0 || (f.address ?? '') !== '';
  for (const p of problems) {
    expect(p.rule).toMatch(/^F\./);
    expect(ok(p)).toBe(true);
    for (const id of p.cells) expect(id.startsWith('info:') || cellSpec(format, id) !== undefined).toBe(true);
  }
  for (const id of Object.keys(data.cells)) expect(cellSpec(format, id)).toBeDefined();
  for (const p of paragraphs) expect(places.get(p.id)).toMatch(/^第 \d+ (行|段)$|^第 \d+ 个表格第 \d+ 行$/);
  const findings = validateReport(data, { addresses: places, problems }, { paragraphs, addressOf: (id) => places.get(id) }).findings;
  for (const f of findings) expect(ok(f) || f.paragraph !== undefined || f.rule === 'F.section' || f.rule === 'N.sectionList').toBe(true);
}

/** Characters that matter to the importer, mixed with anything. */
const TEXT_CHARS = [
  '\t',
  '\n',
  '\r',
  ' ',
  '  ',
  '\u3000',
  '|',
  '#',
  '（',
  '）',
  '(',
  '一、',
  '（三）',
  '1.',
  '0',
  '12',
  '9669.2526',
  '/',
  '—',
  '。',
  '，',
  '不予公开',
  '自然人',
  '总计',
  '行政复议',
  '第二十条第（一）项',
  '信息内容',
  '2025 年 1 月 16 日',
  '\f',
  '\u0000',
  '\\',
  '[',
  ']',
];

const tableText: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.constantFrom(...TEXT_CHARS), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 })), {
    maxLength: 200,
  })
  .map((parts) => parts.join(''));

/** The sample cut up: lines dropped, doubled, swapped, split, their tabs turned to spaces, junk put in. */
const damagedSample: fc.Arbitrary<string> = fc
  .array(
    fc.record({
      kind: fc.constantFrom('drop', 'double', 'swap', 'split', 'spaces', 'junk', 'truncate', 'tabs'),
      at: fc.nat(SAMPLE_LINES.length - 1),
      junk: fc.string({ maxLength: 8 }),
    }),
    { minLength: 1, maxLength: 12 },
  )
  .map((edits) => {
    const lines = [...SAMPLE_LINES];
    for (const e of edits) {
      const i = Math.min(e.at, lines.length - 1);
      const line = lines[i] ?? '';
      switch (e.kind) {
        case 'drop':
          lines.splice(i, 1);
          break;
        case 'double':
          lines.splice(i, 0, line);
          break;
        case 'swap':
          lines.splice(i, 1, lines[i + 1] ?? '', line);
          break;
        case 'split':
          lines.splice(i, 1, line.slice(0, line.length >> 1), '', line.slice(line.length >> 1));
          break;
        case 'spaces':
          lines[i] = line.replace(/\t/g, '   ');
          break;
        case 'junk':
          lines[i] = line + e.junk;
          break;
        case 'truncate':
          lines[i] = line.slice(0, e.junk.length);
          break;
        case 'tabs':
          lines[i] = line.replace(/\t/g, '\t\t');
          break;
      }
    }
    return lines.join('\n');
  });

const cellArb: fc.Arbitrary<TableCell> = fc.record({
  text: fc.oneof(
    fc.constantFrom(
      '',
      '0',
      '12',
      '自然人',
      '（三）不予公开',
      '1.属于国家秘密',
      '行政复议',
      '结果维持',
      '信息内容',
      '规章',
      '第二十条第（一）项',
    ),
    fc.string({ maxLength: 6 }),
  ),
  colSpan: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constantFrom(0, -1, 1e9, Number.NaN)),
  rowSpan: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constantFrom(0, -1, 1e9, Number.NaN)),
});

const blockArb: fc.Arbitrary<PublishedBlock> = fc.oneof(
  fc.record({ kind: fc.constant('paragraph' as const), text: tableText }),
  fc.record({
    kind: fc.constant('paragraph' as const),
    text: fc.constantFrom('一、总体情况', '二、主动公开政府信息情况', '六、其他需要报告的事项'),
    heading: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ kind: fc.constant('table' as const), rows: fc.array(fc.array(cellArb, { maxLength: 16 }), { maxLength: 30 }) }),
  fc.record({ kind: fc.constant('line' as const), text: tableText, line: fc.nat(1000) }),
);

describe('importPublished never throws, and every finding names cells or a place', () => {
  it('on random text full of the characters tables are made of', () => {
    fc.assert(
      fc.property(tableText, (text) => {
        checkFindings(textToDocument(text));
      }),
      { numRuns: RUNS.medium },
    );
  });

  it('on the sample report damaged at random (lines dropped, doubled, swapped, split, junk added)', () => {
    fc.assert(
      fc.property(damagedSample, (text) => {
        checkFindings(textToDocument(text));
      }),
      { numRuns: RUNS.slow },
    );
  });

  it('on structured documents with random tables and absurd spans', () => {
    fc.assert(
      fc.property(
        fc.array(blockArb, { maxLength: 12 }),
        fc.constantFrom('html' as const, 'docx' as const, 'text' as const),
        (blocks, source) => {
          checkFindings({ source, blocks });
        },
      ),
      { numRuns: RUNS.medium },
    );
  });

  it('on binary junk decoded as text, and on a few megabytes of it, in time linear in its size', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
        checkFindings(textToDocument(new TextDecoder('utf-8').decode(bytes)));
      }),
      { numRuns: RUNS.medium },
    );
    const random = (n: number): string => {
      const bytes = new Uint8Array(n);
      let x = 12345;
      for (let i = 0; i < n; i++) {
        x = (x * 1103515245 + 12345) >>> 0;
        bytes[i] = x >>> 24;
      }
      return new TextDecoder('utf-8').decode(bytes);
    };
    const time = (text: string): number => {
      const start = performance.now();
      importPublished(textToDocument(text));
      return performance.now() - start;
    };
    for (const text of [
      random(2_000_000),
      'a\tb\n'.repeat(200_000),
      '|'.repeat(500_000),
      '其他\t不予公开\t1\n'.repeat(100_000),
      SAMPLE.repeat(200),
    ]) {
      expect(time(text)).toBeLessThan(8000);
    }
  });
});
