/// <reference types="office-js" />
/**
 * Injected right after office.js in the built task pane page (before the deferred taskpane.js runs): the
 * moment office.js has loaded is the start of the time to ready. Outside Office, office.js's `onReady`
 * reports no host; here it reports Excel on a PC with every requirement set, and `Excel.run` is the fake's
 * (excel.ts), so the production taskpane.js mounts the real pane. It then records when the pane sets its
 * ready signal.
 */
import { READY_ATTRIBUTE, benchWindow, type BenchState } from './shared';

type Info = { host: Office.HostType; platform: Office.PlatformType };

function install(bench: BenchState): void {
  const { marks } = bench;
  marks.officeLoaded = performance.now();
  const info: Info = { host: Office.HostType.Excel, platform: Office.PlatformType.PC };
  // office.js's own start-up first (outside Office it finds no host); then `Office.context` exists, an empty
  // object behind a fixed getter, which gets what Excel would give: the platform and the requirement sets.
  const ownReady = Office.onReady().then(() => {
    marks.officeReady = performance.now();
    const context = Office.context as unknown as object;
    Object.defineProperty(context, 'platform', { configurable: true, value: Office.PlatformType.PC });
    Object.defineProperty(context, 'requirements', { configurable: true, value: { isSetSupported: (): boolean => true } });
  });
  const onReady = (callback?: (ready: Info) => unknown): Promise<Info> =>
    Promise.all([bench.prepared, ownReady]).then(() => {
      marks.onReady = performance.now();
      callback?.(info);
      return info;
    });
  Object.defineProperty(Office, 'onReady', { configurable: true, writable: true, value: onReady });
  Object.defineProperty(window, 'Excel', { configurable: true, writable: true, value: { run: bench.run } });

  const observer = new MutationObserver(() => {
    const root = document.querySelector(`[${READY_ATTRIBUTE}]`);
    if (!root || marks.ready !== undefined) return;
    marks.ready = performance.now();
    marks.findings = root.querySelectorAll('.nb-finding').length;
    observer.disconnect();
  });
  observer.observe(document.documentElement, { subtree: true, attributeFilter: [READY_ATTRIBUTE] });
}

const bench = benchWindow().nianbaoBench;
if (!bench) throw new Error('bench-excel.js did not run before office.js');
// A failure anywhere on the page ends the wait for the ready signal with its message.
window.addEventListener('error', (event) => {
  bench.marks.error ??= event.message;
});
window.addEventListener('unhandledrejection', (event) => {
  bench.marks.error ??= `unhandled rejection: ${String(event.reason)}`;
});
try {
  if (typeof Office === 'undefined') throw new Error('office.js did not define Office');
  install(bench);
} catch (error) {
  bench.marks.error = String(error);
}
