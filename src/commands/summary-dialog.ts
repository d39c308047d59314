import { DIALOG_CLOSE, DIALOG_READY, summaryHash } from './summary-view';
import type { CommandSummary } from './validate-command';

/**
 * Opens the summary dialog from the ribbon command and waits until the clerk closes it (the command
 * completes after that: a function command's runtime may go, and take its dialog, once it completes).
 * Office's UI and enum values are passed in by the entry file.
 */
export interface DialogApi {
  readonly ui: Pick<Office.UI, 'displayDialogAsync'>;
  /** DialogApi 1.2: the parent can send the dialog the whole summary. */
  readonly messageChild: boolean;
  readonly succeeded: Office.AsyncResultStatus;
  readonly messageReceived: Office.EventType;
  readonly eventReceived: Office.EventType;
}

/** Resolves when the dialog is closed; rejects when it cannot be opened (another one is open, dialogs blocked …). */
export function showSummaryDialog(api: DialogApi, pageUrl: string, summary: CommandSummary): Promise<void> {
  return new Promise((resolve, reject) => {
    api.ui.displayDialogAsync(`${pageUrl}${summaryHash(summary)}`, { height: 45, width: 35, displayInIframe: true }, (result) => {
      if (result.status !== api.succeeded) {
        reject(new Error(`无法打开校验结果窗口（${result.error.code}）：${result.error.message}`, { cause: result.error }));
        return;
      }
      const dialog = result.value;
      dialog.addEventHandler(api.messageReceived, (arg) => {
        if (!('message' in arg)) return;
        if (arg.message === DIALOG_READY && api.messageChild) dialog.messageChild(JSON.stringify(summary));
        if (arg.message === DIALOG_CLOSE) {
          dialog.close();
          resolve();
        }
      });
      // The clerk closed it with its X (12006), or it went away otherwise.
      dialog.addEventHandler(api.eventReceived, () => resolve());
    });
  });
}
