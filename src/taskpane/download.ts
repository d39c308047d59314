import type { ExportedFile } from './controller';

/**
 * Saving a file the pane made (the Word report) as a browser download: a Blob behind an
 * `<a download>` clicked once. Excel on Mac runs add-ins in a WKWebView that ignores such downloads
 * (OfficeDev/office-js#2700, “by design”), with no error to catch: the entry file says so up front
 * (`DOWNLOADS_BLOCKED_MAC`) and the pane points at the command line instead.
 */

export type SaveOutcome = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** Saves a file for the clerk; the default is `browserDownload`. */
export type SaveFile = (file: ExportedFile) => SaveOutcome;

/** The way round a host that cannot save files. */
export const CLI_EXPORT_HINT = '也可以在电脑上用年报助手命令行导出：nianbao export 工作簿.xlsx -o 报告.docx';

/** What Excel on Mac (and iPad) cannot do, in Chinese. */
export const DOWNLOADS_BLOCKED_MAC = `Mac 版（及 iPad 版）Excel 不允许加载项下载文件，无法在这里保存 Word 文件。请在 Windows 版或网页版 Excel 中打开此工作簿后点“导出 Word”；${CLI_EXPORT_HINT}。`;

/** How long the Blob stays reachable after the click (the browser reads it asynchronously). */
const REVOKE_AFTER_MS = 60_000;

interface LegacyNavigator {
  /** Internet Explorer / the old Edge webview of Office 2016–2019 on Windows, which have no `download` attribute. */
  msSaveOrOpenBlob?: (blob: Blob, name: string) => boolean;
}

/** Download `file` in this page's browser (or webview). */
export function browserDownload(file: ExportedFile, doc: Document = document): SaveOutcome {
  const view = doc.defaultView;
  if (!view) return { ok: false, message: `此环境不能下载文件。${CLI_EXPORT_HINT}。` };
  const blob = new view.Blob([new Uint8Array(file.bytes)], { type: file.type });
  const legacy = view.navigator as Navigator & LegacyNavigator;
  if (typeof legacy.msSaveOrOpenBlob === 'function') {
    legacy.msSaveOrOpenBlob(blob, file.name);
    return { ok: true };
  }
  const link = doc.createElement('a');
  if (typeof view.URL.createObjectURL !== 'function' || !('download' in link)) {
    return { ok: false, message: `此环境不能下载文件。${CLI_EXPORT_HINT}。` };
  }
  const url = view.URL.createObjectURL(blob);
  link.href = url;
  link.download = file.name;
  link.hidden = true;
  doc.body.append(link);
  link.click();
  link.remove();
  view.setTimeout(() => view.URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  return { ok: true };
}
