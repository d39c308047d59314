// The task pane inside WPS 表格 (opened by the ribbon's 打开任务窗格 with Application.CreateTaskPane): the same
// pane as in Excel, over the WPS host. Opened outside WPS (a plain browser), it says so in Chinese.
import { createWpsHost } from '../hosts/wps';
import { mountTaskpane } from '../taskpane/mount';

type WpsApplication = Parameters<typeof createWpsHost>[0];

function showOutsideWps(root: HTMLElement, reason?: string): void {
  const box = document.createElement('div');
  box.className = 'nb-pane';
  box.setAttribute('role', 'status');
  const title = document.createElement('h1');
  title.textContent = '年报助手需要在 WPS 表格中打开';
  const text = document.createElement('p');
  text.textContent = reason ?? '请在 WPS 表格的“年报助手”选项卡中点“打开任务窗格”。';
  box.append(title, text);
  root.replaceChildren(box);
}

function start(root: HTMLElement): void {
  const app = (window as unknown as { Application?: WpsApplication }).Application;
  if (!app) {
    showOutsideWps(root);
    return;
  }
  try {
    mountTaskpane(root, createWpsHost(app));
  } catch (error) {
    showOutsideWps(root, `无法连接 WPS 表格：${error instanceof Error ? error.message : String(error)}`);
  }
}

const root = document.getElementById('app');
if (root) start(root);
