// The task pane inside Excel. Outside an Office host (a plain browser) office.js resolves with no host:
// say so in Chinese and point at the browser preview.
import { createExcelHost } from '../hosts/excel';
import { DOWNLOADS_BLOCKED_MAC } from './download';
import { mountTaskpane } from './mount';

function showOutsideExcel(root: HTMLElement): void {
  const box = document.createElement('div');
  box.className = 'nb-pane';
  box.setAttribute('role', 'status');
  const title = document.createElement('h1');
  title.textContent = '年报助手需要在 Excel 中打开';
  const text = document.createElement('p');
  text.textContent = '请在 Excel 的“开始”选项卡中点“年报助手”。没有 Excel？可以在浏览器中试用：';
  const link = document.createElement('a');
  link.href = 'preview.html';
  link.textContent = '打开浏览器预览';
  text.append(link);
  box.append(title, text);
  root.replaceChildren(box);
}

function start(root: HTMLElement): void {
  if (typeof Office === 'undefined') {
    showOutsideExcel(root);
    return;
  }
  void Office.onReady((info) => {
    if (info.host === Office.HostType.Excel && typeof Excel !== 'undefined') {
      // Excel on Mac and iPad runs the pane in a WKWebView that silently drops downloads.
      const platform = Office.context.platform;
      const noDownloads = platform === Office.PlatformType.Mac || platform === Office.PlatformType.iOS;
      mountTaskpane(
        root,
        createExcelHost(Excel.run, (name, version) => Office.context.requirements.isSetSupported(name, version)),
        noDownloads ? { downloadsBlocked: DOWNLOADS_BLOCKED_MAC } : {},
      );
    } else {
      showOutsideExcel(root);
    }
  });
}

const root = document.getElementById('app');
if (root) start(root);
