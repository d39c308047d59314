import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { readTemplateWorkbook } from '../core/import/workbook';
import type { ReportDocument } from '../core/narrative/document';
import { generateDocument } from '../core/narrative/generate';
import { documentToMarkdown } from '../core/narrative/markdown';
import { documentFromWorkbook } from '../core/narrative/sheet';
import { parseReportData } from '../core/report/parse';
import type { ReportData } from '../core/report/types';
import { XlsxReadError, readXlsxGrid } from '../hosts/xlsx/read';

interface Io {
  out(text: string): void;
  err(text: string): void;
}

export type DocumentLoad =
  { readonly ok: true; readonly doc: ReportDocument; readonly data: ReportData } | { readonly ok: false; readonly error: string };

/**
 * A report's document and data from a file: .json (report data: the text is generated) or .xlsx made by
 * the template (the 正文 sheet with the clerk's edits when it has one). Every failure is a Chinese message.
 */
export async function loadDocument(file: string): Promise<DocumentLoad> {
  const ext = extname(file).toLowerCase();
  if (ext !== '.json' && ext !== '.xlsx' && ext !== '.xlsm') {
    return { ok: false, error: `不支持的文件类型“${ext || '无扩展名'}”。可用 .xlsx（模板生成的工作簿）或 .json（年报数据）生成正文。` };
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    return {
      ok: false,
      error:
        code === 'ENOENT'
          ? '文件不存在。'
          : code === 'EISDIR'
            ? '这是一个文件夹，不是文件。'
            : `无法读取文件（${code ?? String(cause)}）。`,
    };
  }
  if (ext === '.json') {
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    } catch (cause) {
      return { ok: false, error: `不是有效的 JSON 文件：${(cause as Error).message}` };
    }
    const parsed = parseReportData(json);
    return parsed.ok ? { ok: true, doc: generateDocument(parsed.value), data: parsed.value } : parsed;
  }
  try {
    const grid = readXlsxGrid(bytes);
    const reading = readTemplateWorkbook(grid);
    if (!reading.ok) return reading;
    const data = reading.value.data;
    return { ok: true, doc: documentFromWorkbook(grid, data), data };
  } catch (cause) {
    if (cause instanceof XlsxReadError) return { ok: false, error: cause.message };
    throw cause;
  }
}

const MARKDOWN = new Set(['.md', '.markdown', '.txt']);

/** Word export, loaded only when asked for (the docx library is large). */
async function wordBytes(doc: ReportDocument, data: ReportData): Promise<Uint8Array | null> {
  try {
    const { renderDocx } = await import('../export/docx');
    return await renderDocx(doc, data);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return null;
    throw cause;
  }
}

/** `FILE [-o OUT] [--force]`, shared by `narrative` and `export`; null (after saying how) when misused. */
export function parseFileArgs(args: string[], usage: string, io: Io): { input: string; output: string | undefined; force: boolean } | null {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { output: { type: 'string', short: 'o' }, force: { type: 'boolean' } },
  });
  const [input] = positionals;
  if (!input || positionals.length > 1) {
    io.err(`用法：${usage}`);
    return null;
  }
  return { input, output: values.output, force: values.force ?? false };
}

/** `nianbao narrative FILE [-o OUT.md|OUT.docx] [--force]`: the report's text, Markdown to stdout without -o. */
export async function narrative(args: string[], io: Io): Promise<number> {
  const parsed = parseFileArgs(args, 'nianbao narrative 文件.xlsx|数据.json [-o 正文.md|报告.docx] [--force]', io);
  if (!parsed) return 2;
  const { input, output: out, force } = parsed;
  const outExt = out === undefined ? null : extname(out).toLowerCase();
  if (out !== undefined && outExt !== '.docx' && !MARKDOWN.has(outExt ?? '')) {
    io.err(`输出文件应以 .md（Markdown 文本）或 .docx（Word）结尾：${out}`);
    return 2;
  }
  const loaded = await loadDocument(input);
  if (!loaded.ok) {
    io.err(`${input}：${loaded.error}`);
    return 2;
  }
  const { doc, data } = loaded;
  if (out === undefined) {
    io.out(documentToMarkdown(doc, data).trimEnd());
    return 0;
  }
  if (existsSync(out) && !force) {
    io.err(`文件“${out}”已存在，为免覆盖已修改的内容，未写入。如确需覆盖，请加 --force。`);
    return 2;
  }
  if (outExt === '.docx') {
    const bytes = await wordBytes(doc, data);
    if (!bytes) {
      io.err('导出 Word（.docx）的功能尚不可用。请先输出 Markdown（-o 正文.md）。');
      return 2;
    }
    await writeFile(out, bytes);
  } else {
    await writeFile(out, documentToMarkdown(doc, data), 'utf8');
  }
  io.out(`已生成：${out}`);
  return 0;
}
