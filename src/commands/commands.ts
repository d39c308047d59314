// Entry of the ribbon's function file (commands.html): registers 校验 (manifest FunctionName
// `validateWorkbook`). Only this file touches Office globals; the command itself is validate-command.ts.
import { createExcelHost } from '../hosts/excel';
import { showSummaryDialog } from './summary-dialog';
import { validateCommand } from './validate-command';

function validateWorkbook(event: Office.AddinCommands.Event): void {
  const summaryPage = new URL('summary.html', window.location.href).href;
  void validateCommand(
    event,
    () => createExcelHost(Excel.run, (name, version) => Office.context.requirements.isSetSupported(name, version)),
    (summary) =>
      showSummaryDialog(
        {
          ui: Office.context.ui,
          messageChild: Office.context.requirements.isSetSupported('DialogApi', '1.2'),
          succeeded: Office.AsyncResultStatus.Succeeded,
          messageReceived: Office.EventType.DialogMessageReceived,
          eventReceived: Office.EventType.DialogEventReceived,
        },
        summaryPage,
        summary,
      ),
  ).then((outcome) => {
    // A function command has no other place to speak: the summary could not be shown, so it goes to
    // the log with the reason (the clerk sees nothing happen, and the task pane still lists everything).
    if (!outcome.ok) console.warn('年报助手：校验结果窗口无法显示。', outcome.summary.title, outcome.error);
  });
}

if (typeof Office !== 'undefined') {
  void Office.onReady();
  Office.actions.associate('validateWorkbook', validateWorkbook);
}
