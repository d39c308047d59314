import type { ReportData } from '../../../src/core/report/types';
import { validateReport } from '../../../src/core/validate';
import { readReportFile } from '../../../src/import/report-file';

/**
 * Tests that a published file (a saved page, a Word file) reads back, through the same `readReportFile`
 * the CLI and the task pane use, as the figures it prints; with `clean`, that validate finds nothing in it.
 */
export function endToEnd(
  name: string,
  bytes: () => Uint8Array | Promise<Uint8Array>,
  figures: ReportData | (() => ReportData),
  options: { readonly clean?: boolean } = {},
): void {
  const clean = options.clean ?? true;
  it(`reads ${name} back as the figures it prints${clean ? ', and validate finds nothing wrong' : ''}`, async () => {
    const expected = typeof figures === 'function' ? figures() : figures;
    const read = readReportFile(name, await bytes());
    if (!read.ok) throw new Error(read.error);
    const file = read.value;

    expect(file.kind).toBe('published');
    expect(file.data.cells).toEqual(expected.cells);
    expect(file.data.year).toBe(expected.year);
    expect(file.data.format).toBe(expected.format);
    if (clean) {
      const result = validateReport(file.data, file.reading, file.narrative);
      expect(result.findings.map((f) => `${f.rule} ${f.cells.join(',')} ${f.message}`)).toEqual([]);
    }
  });
}
