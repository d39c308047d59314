// main.js of the WPS add-in (loaded by index.html when WPS loads the add-in): defines on `window` the ribbon
// callbacks that ribbon.xml names. Only this file touches WPS globals; the callbacks are ribbon.ts.
import { runValidateCommand } from '../commands/validate-command';
import { createWpsHost } from '../hosts/wps';
import { createRibbon, type WpsRibbonApp } from './ribbon';

type WpsApplication = Parameters<typeof createWpsHost>[0];

function application(): (WpsApplication & WpsRibbonApp) | undefined {
  return (window as unknown as { Application?: WpsApplication & WpsRibbonApp }).Application;
}

const ribbon = createRibbon({
  app: application,
  // The host is made at each click (the clerk may have switched workbooks since); a failure to read the
  // workbook is a summary too (runValidateCommand never rejects).
  validate: (show) => {
    const app = application();
    if (!app) return Promise.reject(new Error('未找到 WPS 的 Application 对象。'));
    return runValidateCommand(createWpsHost(app), show);
  },
  alert: (text) => window.alert(text),
  taskpaneUrl: () => new URL('taskpane.html', window.location.href).href,
});

Object.assign(window, {
  OnAddinLoad: ribbon.OnAddinLoad,
  OnAction: ribbon.OnAction,
  GetImage: ribbon.GetImage,
});
