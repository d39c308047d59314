// Entry of the summary dialog (summary.html): renders the 校验 summary the ribbon command passed in the
// URL hash, then the full one if the command sends it by message (DialogApi 1.2). Text only.
import { DIALOG_CLOSE, DIALOG_READY, parseSummary, renderSummary, summaryFromHash } from './summary-view';
import type { CommandSummary } from './validate-command';

const root = document.getElementById('summary');

function close(): void {
  // Office.context exists only inside an Office host; a page opened on its own just closes.
  const ui = typeof Office !== 'undefined' ? (Office.context as Office.Context | undefined)?.ui : undefined;
  if (ui) ui.messageParent(DIALOG_CLOSE);
  else window.close();
}

function show(summary: CommandSummary | null): void {
  if (root) renderSummary(document, root, summary, close);
}

show(summaryFromHash(window.location.hash));
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') close();
});

if (typeof Office !== 'undefined') {
  void Office.onReady((info) => {
    // Outside Office (the page opened in a plain browser) there is no parent to talk to.
    if (!info.host || !Office.context.requirements.isSetSupported('DialogApi', '1.2')) return;
    Office.context.ui.addHandlerAsync(Office.EventType.DialogParentMessageReceived, (arg) => {
      const summary = parseSummary(arg.message);
      if (summary) show(summary);
    });
    Office.context.ui.messageParent(DIALOG_READY);
  });
}
