import { htmlToDocument } from '../core/import/html';
import { importPublished, textToDocument, type PublishedDocument } from '../core/import/published';
import { readTemplateWorkbook, type ReadResult, type TemplateReading } from '../core/import/workbook';
import { readNotes, type Note } from '../core/notes';
import { readPrevious } from '../core/previous';
import { parseReportData } from '../core/report/parse';
import type { ReportData } from '../core/report/types';
import type { ComparedReport } from '../core/rules/across-years';
import { workbookNarrative, type NarrativeText } from '../core/validate';
import { readDocxDocument } from '../hosts/docx/read';
import { XlsxReadError, readXlsxGrid } from '../hosts/xlsx/read';

/** Any report file read into report data, with what the reader found wrong and the report's text. */
export interface ReportFile {
  readonly kind: 'json' | 'workbook' | 'published';
  readonly data: ReportData;
  /** Where each cell was found and the layout problems (F.*) met while reading. */
  readonly reading?: Pick<TemplateReading, 'addresses' | 'problems'>;
  /** The report's text, for the N.* rules. */
  readonly narrative?: NarrativeText;
  /** Last year's report kept in a workbook made by `nianbao template --from`. */
  readonly previous?: ComparedReport;
  /** 说明 recorded in a workbook. */
  readonly notes?: readonly Note[];
}

/** Extensions of the published forms a report comes in. */
export const PUBLISHED_EXTENSIONS: readonly string[] = ['.txt', '.md', '.html', '.htm', '.docx'];
export const REPORT_EXTENSIONS: readonly string[] = ['.json', '.xlsx', '.xlsm', ...PUBLISHED_EXTENSIONS];

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 || dot < name.lastIndexOf('/') ? '' : name.slice(dot).toLowerCase();
}

/**
 * Text in UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK as Chinese Windows saves it. Bytes
 * that are not UTF-8 are read in the multi-byte charset a web page declares (`<meta charset="big5">`, an
 * XML declaration's encoding), else as GB18030, which also reads GBK and GB2312. Valid UTF-8 wins over a
 * declared charset: a page re-saved as UTF-8 often keeps its old `charset=gb2312`, while GBK text that
 * happens to be valid UTF-8 is all but impossible beyond a few characters.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
    const meta = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head) ?? /<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)/i.exec(head);
    const declared = meta?.[1]?.toLowerCase();
    // Only other multi-byte charsets are taken at their word (Big5 for a traditional-character mirror): a
    // Chinese report declared Latin-1 or UTF-8 but not UTF-8 is GBK mislabelled, and the GBK family reads as
    // GB18030, its superset.
    if (declared && /^(?:big5(?:-hkscs)?|cn-big5|x-x-big5|csbig5|shift[_-]jis|sjis|euc-jp|euc-kr)$/.test(declared)) {
      try {
        return new TextDecoder(declared).decode(bytes);
      } catch {
        // A charset the runtime does not know: GB18030 below.
      }
    }
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function publishedReport(doc: PublishedDocument): ReadResult<ReportFile> {
  const read = importPublished(doc);
  if (!read.ok) return read;
  const imported = read.value;
  const report: ReportFile = {
    kind: 'published',
    data: imported.data,
    reading: { addresses: imported.places, problems: imported.problems },
    narrative: { paragraphs: imported.paragraphs, addressOf: (id) => imported.places.get(id) },
  };
  return { ok: true, value: report };
}

/**
 * Read one report file of any supported kind from its bytes (no file system: the CLI and the task pane
 * share it). Every failure is a Chinese message, never a throw.
 */
export function readReportFile(name: string, bytes: Uint8Array): ReadResult<ReportFile> {
  const ext = extensionOf(name);
  if (bytes.length === 0) return { ok: false, error: '文件是空的（0 字节）。' };
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
    return parsed.ok ? { ok: true, value: { kind: 'json', data: parsed.value } } : parsed;
  }
  if (ext === '.xlsx' || ext === '.xlsm') {
    try {
      const grid = readXlsxGrid(bytes);
      const reading = readTemplateWorkbook(grid);
      if (!reading.ok) return reading;
      const { data } = reading.value;
      const narrative = workbookNarrative(grid, data);
      // Last year's report kept by `template --from` (or the pane's 导入上年年报): the X.* rules run on it.
      const previous = readPrevious(grid);
      return {
        ok: true,
        value: { kind: 'workbook', data, reading: reading.value, ...(narrative ? { narrative } : {}), ...(previous ? { previous } : {}), notes: readNotes(grid) },
      };
    } catch (cause) {
      if (cause instanceof XlsxReadError) return { ok: false, error: cause.message };
      throw cause;
    }
  }
  if (ext === '.docx') {
    const doc = readDocxDocument(bytes);
    return doc.ok ? publishedReport(doc.value) : doc;
  }
  if (ext === '.html' || ext === '.htm') return publishedReport(htmlToDocument(decodeText(bytes)));
  if (ext === '.txt' || ext === '.md') return publishedReport(textToDocument(decodeText(bytes)));
  return {
    ok: false,
    error: `不支持的文件类型“${ext || '无扩展名'}”。可校验 .xlsx（模板生成的工作簿）、.json（年报数据），以及已发布的年报（.txt、.md、.html、.docx）。`,
  };
}
