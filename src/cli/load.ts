import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { readTemplateWorkbook } from '../core/import/workbook';
import { attachNotes, readNotes } from '../core/notes';
import { parseReportData } from '../core/report/parse';
import { validateReport, workbookNarrative, type ValidationResult } from '../core/validate';
import { XlsxReadError, readXlsxGrid } from '../hosts/xlsx/read';

export type LoadResult = { readonly ok: true; readonly result: ValidationResult } | { readonly ok: false; readonly error: string };

const PUBLISHED = new Set(['.txt', '.md', '.html', '.htm', '.docx']);

/** Read and validate one input file; every failure is a Chinese message, never a throw. */
export async function validateFile(file: string): Promise<LoadResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    return { ok: false, error: code === 'ENOENT' ? '文件不存在。' : code === 'EISDIR' ? '这是一个文件夹，不是文件。' : `无法读取文件（${code ?? String(cause)}）。` };
  }
  const ext = extname(file).toLowerCase();
  if (ext === '.json') {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return { ok: false, error: '文件不是 UTF-8 编码（可能是 GBK 或 UTF-16），其中的汉字无法正确读取。请用记事本等工具另存为 UTF-8 编码后再校验。' };
    }
    let json: unknown;
    try {
      json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (cause) {
      return { ok: false, error: `不是有效的 JSON 文件：${(cause as Error).message}` };
    }
    const parsed = parseReportData(json);
    return parsed.ok ? { ok: true, result: validateReport(parsed.value) } : parsed;
  }
  if (ext === '.xlsx' || ext === '.xlsm') {
    try {
      const grid = readXlsxGrid(bytes);
      const reading = readTemplateWorkbook(grid);
      if (!reading.ok) return reading;
      const result = validateReport(reading.value.data, reading.value, workbookNarrative(grid, reading.value.data));
      // Warnings the clerk explained (说明) travel with the workbook to the reviewer.
      return { ok: true, result: { ...result, findings: attachNotes(result.findings, readNotes(grid), result.data) } };
    } catch (cause) {
      if (cause instanceof XlsxReadError) return { ok: false, error: cause.message };
      throw cause;
    }
  }
  if (PUBLISHED.has(ext)) {
    return { ok: false, error: `暂不支持校验已发布的年报文本（${ext}）：此功能尚在开发中。目前可校验 .xlsx（模板生成的工作簿）和 .json（年报数据）。` };
  }
  return { ok: false, error: `不支持的文件类型“${ext || '无扩展名'}”。可校验 .xlsx（模板生成的工作簿）和 .json（年报数据）。` };
}
