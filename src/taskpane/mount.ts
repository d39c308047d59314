import type { SpreadsheetHost } from '../core/port';
import { TaskpaneController, type ControllerOptions } from './controller';
import { createView, type ViewOptions } from './view';

/**
 * Options of the task pane: how long to wait after the clerk's last change (default 300 ms), the clock,
 * how to save an exported file, and why this host cannot.
 */
export type MountOptions = ControllerOptions & ViewOptions;

export interface MountedTaskpane {
  /** Resolves once the workbook has been read and checked the first time (it never rejects). */
  readonly ready: Promise<void>;
  /** Stop listening to the workbook and empty `root`. */
  dispose(): void;
}

/**
 * Show the task pane in `root` over `host` (Excel, WPS or the browser preview): it reads and checks the
 * workbook at once and again after each change where the host reports changes.
 */
export function mountTaskpane(root: HTMLElement, host: SpreadsheetHost, options: MountOptions = {}): MountedTaskpane {
  const controller = new TaskpaneController(host, options);
  const view = createView(root, controller, options);
  const ready = controller.start().then(() => root.setAttribute('data-ready', 'true')); // ready: read, checked and shown (the bench waits for it)
  return {
    ready,
    dispose(): void {
      view.dispose();
      controller.dispose();
    },
  };
}
