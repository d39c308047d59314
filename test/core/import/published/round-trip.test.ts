import { importPublished, textToDocument, type PublishedDocument } from '../../../../src/core/import/published';
import type { TableCell } from '../../../../src/core/import/published/document';
import { FORMAT_2019, cellsOf } from '../../../../src/core/format';
import { generateDocument } from '../../../../src/core/narrative/generate';
import { documentToMarkdown } from '../../../../src/core/narrative/markdown';
import type { ReportData } from '../../../../src/core/report/types';
import { generatedReport, int, seeded, validReport } from '../../../support/reports';
import { renderTables, sameCell } from './render';
import { structuredDocument } from './structured';

/**
 * A report written out and read back gives the same cells: our own Markdown (`nianbao narrative`), the same
 * tables pasted as tab-separated lines or laid out with runs of spaces, and the structured tables the HTML
 * and .docx readers produce.
 */

const markdownOf = (data: ReportData): string => documentToMarkdown(generateDocument(data), data);

/** Cells that differ between the data and what was read back (`id: written vs read`). */
function differences(data: ReportData, doc: PublishedDocument): string[] {
  const r = importPublished(doc);
  if (!r.ok) return [`not read: ${r.error}`];
  const read = r.value.data;
  const ids = new Set([...Object.keys(data.cells), ...Object.keys(read.cells)]);
  const out = [...ids]
    .filter((id) => !sameCell(data.cells[id], read.cells[id]))
    .map((id) => `${id}: ${JSON.stringify(data.cells[id])} vs ${JSON.stringify(read.cells[id])}`);
  if (read.format !== data.format) out.push(`format ${read.format}`);
  if (read.year !== data.year) out.push(`year ${String(read.year)}`);
  if (read.organ !== data.organ) out.push(`organ ${String(read.organ)}`);
  out.push(...r.value.problems.map((p) => `${p.rule}: ${p.message}`));
  return out;
}

const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);

/** A 2019-format report with every cell filled (signed 本年增/减, amounts). */
function report2019(seed: number): ReportData {
  const random = seeded(seed);
  const cells: ReportData['cells'] = {};
  for (const c of cellsOf(FORMAT_2019))
    cells[c.id] = c.signed ? int(random, 20) - 10 : c.kind === 'amount' ? int(random, 99999) / 100 : int(random, 50);
  return { format: '2019', year: 2020, organ: '某县人民政府', cells, info: {} };
}

describe('our own Markdown (nianbao narrative) imports back to exactly the data', () => {
  it.each(SEEDS)('valid report, seed %i', (seed) => {
    const data = validReport(seeded(seed));
    const r = importPublished(textToDocument(markdownOf(data)));

    expect(r.ok && r.value.data.cells).toEqual(data.cells);
    expect(r.ok && r.value.problems).toEqual([]);
  });

  it.each(SEEDS)('damaged report (blanks, 12件, /, negatives …), seed %i', (seed) => {
    const { data } = generatedReport(seed);

    expect(differences(data, textToDocument(markdownOf(data)))).toEqual([]);
  });

  it.each(SEEDS.slice(0, 10))('2019-format report, seed %i', (seed) => {
    const data = report2019(seed);

    expect(differences(data, textToDocument(markdownOf(data)))).toEqual([]);
  });
});

describe('the same tables pasted as tab-separated lines', () => {
  it.each(SEEDS)('seed %i (damaged ones included: a blank field is a blank cell)', (seed) => {
    const data = seed % 2 === 0 ? generatedReport(seed).data : validReport(seeded(seed));

    expect(differences(data, textToDocument(renderTables(markdownOf(data), 'tabs')))).toEqual([]);
  });
});

describe('the same tables laid out with runs of spaces (pdftotext -layout)', () => {
  it.each(SEEDS)('seed %i', (seed) => {
    const data = validReport(seeded(seed));

    expect(differences(data, textToDocument(renderTables(markdownOf(data), 'spaces')))).toEqual([]);
  });

  it.each(SEEDS.slice(0, 10))('2019-format report, seed %i', (seed) => {
    const data = report2019(seed);

    expect(differences(data, textToDocument(renderTables(markdownOf(data), 'spaces')))).toEqual([]);
  });
});

describe('structured tables with merged cells (as the HTML and .docx readers give them)', () => {
  it.each(SEEDS)('seed %i', (seed) => {
    const data = seed % 2 === 0 ? generatedReport(seed).data : validReport(seeded(seed));

    expect(differences(data, structuredDocument(data, seed % 3 === 0 ? 'docx' : 'html'))).toEqual([]);
  });

  it.each(SEEDS.slice(0, 10))('2019-format report, seed %i', (seed) => {
    const data = report2019(seed);

    expect(differences(data, structuredDocument(data))).toEqual([]);
  });

  it('reads table 二 split into four tables, one per part, and names table rows by table', () => {
    const data = validReport(seeded(7));
    const doc = structuredDocument(data);
    const blocks = doc.blocks.flatMap((b) => {
      if (b.kind !== 'table' || b.rows[0]?.[0]?.text !== '第二十条第（一）项') return [b];
      const parts: (readonly TableCell[])[][] = [];
      for (const row of b.rows) {
        if (/^第二十条/.test(row[0]?.text ?? '')) parts.push([]);
        parts[parts.length - 1]?.push(row);
      }
      return parts.map((rows) => ({ kind: 'table' as const, rows }));
    });
    const split: PublishedDocument = { ...doc, blocks };
    const r = importPublished(split);

    expect(differences(data, split)).toEqual([]);
    expect(r.ok && r.value.places.get('T3.new.natural')).toBe('表三第 4 行');
    expect(r.ok && r.value.places.get('T2.license.decisions')).toBe('表二第 3 行');
  });

  it('reads a short structured row as short (F.missingRow), an empty cell as blank', () => {
    const data = validReport(seeded(3));
    const doc = structuredDocument(data);
    const blocks = doc.blocks.map((b) => {
      if (b.kind !== 'table' || !b.rows.some((r) => r.some((c) => c.text === '2.重复申请'))) return b;
      return {
        kind: 'table' as const,
        rows: b.rows.map((r) =>
          r.some((c) => c.text === '2.重复申请')
            ? r.slice(0, -1)
            : r.some((c) => c.text === '3.要求提供公开出版物')
              ? r.map((c, i) => (i === 1 ? { ...c, text: '' } : c))
              : r,
        ),
      };
    });
    const r = importPublished({ ...doc, blocks });
    if (!r.ok) throw new Error(r.error);

    expect(r.value.problems.map((p) => [p.rule, p.cells[0], p.address])).toEqual([
      ['F.missingRow', 'T3.rejected2.natural', '表三第 20 行'],
    ]);
    expect('T3.rejected2.natural' in r.value.data.cells).toBe(false);
    expect(r.value.data.cells['T3.rejected3.natural']).toBeNull();
  });
});
