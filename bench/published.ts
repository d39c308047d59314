/**
 * Reading a published report (`readReportFile(name, bytes)`, what `nianbao validate` and the task pane both
 * call) on the sample report ../shared/samples/jiaokou-2024.md as published, and on an .html and a .docx
 * rendering of it made here: its headings as headings, its paragraphs as paragraphs, each run of
 * tab-separated lines as a table (rows padded to the widest), as a web page and as a Word file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, WidthType } from 'docx';
import { readReportFile } from '../src/import/report-file';
import { summarize, type Summary } from './stats';

const ROOT = join(__dirname, '..', '..');
/** The shared folder next to the repository (as test/support/reports.ts finds it). */
export const SAMPLE = join(ROOT, '..', 'shared', 'samples', 'jiaokou-2024.md');

type Block =
  | { readonly kind: 'heading'; readonly level: number; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'table'; readonly rows: readonly string[][] };

/** `[text](url)` → text (the page keeps the link). */
const plain = (text: string): string => text.replace(/\[([^\]]*)\]\(([^)]*)\)/g, '$1');

/** The sample's Markdown as blocks; blank lines inside a table (page breaks of the original) do not end it. */
function blocksOf(markdown: string): Block[] {
  const blocks: Block[] = [];
  let table: string[][] | null = null;
  for (const line of markdown.split(/\r?\n/)) {
    if (line.includes('\t')) {
      if (!table) {
        table = [];
        blocks.push({ kind: 'table', rows: table });
      }
      table.push(line.split('\t').map((c) => c.trim()));
      continue;
    }
    const text = line.trim();
    if (text === '') continue;
    table = null;
    const heading = /^(#{1,6})\s+(.*)$/.exec(text);
    if (heading) blocks.push({ kind: 'heading', level: heading[1]!.length, text: heading[2]! });
    else blocks.push({ kind: 'paragraph', text });
  }
  return blocks;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

function padded(rows: readonly string[][]): string[][] {
  const width = Math.max(...rows.map((r) => r.length));
  return rows.map((r) => [...r, ...Array.from({ length: width - r.length }, () => '')]);
}

/** The sample as a government web page would carry it. */
export function htmlRendering(markdown: string): string {
  const inline = (text: string): string =>
    escapeHtml(text).replace(/\[([^\]]*)\]\(([^)]*)\)/g, (_m, label: string, url: string) => `<a href="${url}">${label}</a>`);
  const body = blocksOf(markdown).map((b) => {
    if (b.kind === 'heading') return `<h${b.level}>${inline(b.text)}</h${b.level}>`;
    if (b.kind === 'paragraph') return `<p>${inline(b.text)}</p>`;
    const rows = padded(b.rows).map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`);
    return `<table border="1">\n${rows.join('\n')}\n</table>`;
  });
  const title = blocksOf(markdown).find((b) => b.kind === 'heading')?.text ?? '';
  return `<!DOCTYPE html>\n<html lang="zh-CN">\n<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n<body>\n${body.join('\n')}\n</body>\n</html>\n`;
}

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
];

/** The sample as a Word file (written with the `docx` package the Word export uses). */
export async function docxRendering(markdown: string): Promise<Uint8Array> {
  const children = blocksOf(markdown).map((b) => {
    if (b.kind === 'heading') return new Paragraph({ text: plain(b.text), heading: HEADINGS[b.level - 1] ?? HeadingLevel.HEADING_6 });
    if (b.kind === 'paragraph') return new Paragraph({ text: plain(b.text) });
    return new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: padded(b.rows).map((r) => new TableRow({ children: r.map((c) => new TableCell({ children: [new Paragraph({ text: c })] })) })),
    });
  });
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children }] })));
}

export interface ImportTiming {
  readonly name: string;
  readonly bytes: number;
  /** Not there yet: the importer says "not implemented". */
  readonly unimplemented: boolean;
  /** The importer's own answer when it could not read the report (a Chinese message). */
  readonly error: string | null;
  /** Per read, in ms (empty when not implemented). */
  readonly perRead: Summary;
  /** Cells the reading found, when it did (a check that the work was done). */
  readonly cells: number;
}

const NOT_IMPLEMENTED = /not implemented/i;

/** One read; `null` when the importer is not there yet. */
function readOnce(name: string, bytes: Uint8Array): { ok: true; cells: number } | { ok: false; error: string } | null {
  try {
    const r = readReportFile(name, bytes);
    if (r.ok) return { ok: true, cells: Object.values(r.value.data.cells).filter((v) => v !== null && v !== undefined).length };
    return NOT_IMPLEMENTED.test(r.error) ? null : { ok: false, error: r.error };
  } catch (error) {
    if (error instanceof Error && NOT_IMPLEMENTED.test(error.message)) return null;
    throw error;
  }
}

/** `readReportFile(name, bytes)`, `iterations` times after a few warm-up reads. */
export function timeImport(name: string, bytes: Uint8Array, iterations: number): ImportTiming {
  const first = readOnce(name, bytes);
  const base = { name, bytes: bytes.length };
  if (first === null) return { ...base, unimplemented: true, error: null, perRead: summarize([]), cells: 0 };
  if (!first.ok) return { ...base, unimplemented: false, error: first.error, perRead: summarize([]), cells: 0 };
  for (let i = 0; i < 3; i++) readReportFile(name, bytes);
  globalThis.gc?.();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    readReportFile(name, bytes);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { ...base, unimplemented: false, error: null, perRead: summarize(times), cells: first.cells };
}

/** The sample in its three published forms: name and bytes. */
export async function samples(): Promise<{ name: string; bytes: Uint8Array }[]> {
  const markdown = readFileSync(SAMPLE, 'utf8');
  return [
    { name: 'jiaokou-2024.md', bytes: new Uint8Array(readFileSync(SAMPLE)) },
    { name: 'jiaokou-2024.html', bytes: new TextEncoder().encode(htmlRendering(markdown)) },
    { name: 'jiaokou-2024.docx', bytes: await docxRendering(markdown) },
  ];
}
