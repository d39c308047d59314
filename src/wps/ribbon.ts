import type { CommandOutcome, CommandSummary, ShowSummary } from '../commands/validate-command';

/**
 * The WPS ribbon (ribbon.xml) without WPS: the callbacks WPS calls by name, over the few members of
 * `window.Application` they use. WPS calls ribbon callbacks synchronously and waits for them, so each one
 * returns at once; 校验 starts its promise and returns, and shows its summary when the promise settles.
 *
 * Assumed from Kingsoft's samples (wpsjs templates), not tried on a real WPS: `control.Id` is the button id,
 * `GetImage` returns a path relative to the add-in root, `CreateTaskPane(url)` returns a pane with `ID` and
 * `Visible`, `GetTaskPane(id)` finds it again, and `PluginStorage` keeps values across callbacks.
 */

/** The ids in ribbon.xml. */
export const BUTTON_VALIDATE = 'nianbaoValidate';
export const BUTTON_TASKPANE = 'nianbaoTaskpane';
/** The icon shown on both buttons, relative to the add-in root (copied from assets/). */
export const BUTTON_IMAGE = 'assets/icon-32.png';
/** PluginStorage key of the task pane's id, so a second click toggles the pane instead of opening another. */
export const TASKPANE_KEY = 'nianbao.taskpaneId';

export interface WpsTaskPaneLike {
  readonly ID: number | string;
  Visible: boolean;
}

export interface WpsRibbonApp {
  CreateTaskPane(url: string, title?: string): WpsTaskPaneLike;
  GetTaskPane?(id: number | string): WpsTaskPaneLike | null | undefined;
  readonly PluginStorage?: { getItem(key: string): unknown; setItem(key: string, value: unknown): void };
}

export interface RibbonControl {
  readonly Id?: string;
  readonly id?: string;
}

export interface RibbonDeps {
  /** `window.Application`, read at each call (WPS sets it before the add-in loads; tests swap it). */
  readonly app: () => WpsRibbonApp | undefined;
  /** Runs 校验 (runValidateCommand over the WPS host), showing its summary with `show`. */
  readonly validate: (show: ShowSummary) => Promise<CommandOutcome>;
  /** Shows a message to the clerk (window.alert in WPS's Chromium). */
  readonly alert: (text: string) => void;
  /** The add-in root's URL of the task pane page. */
  readonly taskpaneUrl: () => string;
}

/** Plain functions (no `this`): WPS calls them by name off `window`. */
export interface RibbonCallbacks {
  readonly OnAddinLoad: (ribbonUI?: unknown) => boolean;
  readonly OnAction: (control: RibbonControl) => boolean;
  readonly GetImage: (control?: RibbonControl) => string;
}

/** The summary as plain text for alert(): the title, then one line each. */
export function summaryText(summary: CommandSummary): string {
  return [summary.title, ...summary.lines].join('\n');
}

const NO_WPS = '年报助手需要在 WPS 表格中运行（未找到 WPS 的 Application 对象）。';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The ribbon callbacks over `deps`. */
export function createRibbon(deps: RibbonDeps): RibbonCallbacks {
  let validating = false;
  /** The pane made by this page, in case PluginStorage is missing or forgets. */
  let lastPane: WpsTaskPaneLike | null = null;

  function startValidate(): void {
    // A second click while the first 校验 is still reading would show two summaries.
    if (validating) return;
    validating = true;
    const show: ShowSummary = (summary) => {
      deps.alert(summaryText(summary));
      return Promise.resolve();
    };
    let running: Promise<CommandOutcome>;
    try {
      running = deps.validate(show);
    } catch (error) {
      running = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    running
      .then(
        (outcome) => {
          if (!outcome.ok) console.warn('年报助手：校验结果无法显示。', outcome.summary.title, outcome.error);
        },
        (error: unknown) => deps.alert(`校验失败。\n${messageOf(error)}`),
      )
      .finally(() => {
        validating = false;
      })
      .catch(() => undefined);
  }

  function storedPane(app: WpsRibbonApp): WpsTaskPaneLike | null {
    const id = app.PluginStorage?.getItem(TASKPANE_KEY);
    if (id !== undefined && id !== null && id !== '' && typeof app.GetTaskPane === 'function') {
      try {
        const pane = app.GetTaskPane(typeof id === 'number' ? id : Number(id));
        if (pane) return pane;
      } catch {
        // The stored id belongs to a pane WPS has dropped (another window, a restart): make a new one.
      }
    }
    return lastPane;
  }

  function toggleTaskpane(app: WpsRibbonApp): void {
    const existing = storedPane(app);
    if (existing) {
      existing.Visible = !existing.Visible;
      return;
    }
    const pane = app.CreateTaskPane(deps.taskpaneUrl(), '年报助手');
    lastPane = pane;
    app.PluginStorage?.setItem(TASKPANE_KEY, pane.ID);
    pane.Visible = true;
  }

  return {
    OnAddinLoad: () => true,
    OnAction: (control: RibbonControl): boolean => {
      const id = control?.Id ?? control?.id;
      try {
        const app = deps.app();
        if (!app) {
          deps.alert(NO_WPS);
          return true;
        }
        if (id === BUTTON_VALIDATE) startValidate();
        else if (id === BUTTON_TASKPANE) toggleTaskpane(app);
      } catch (error) {
        deps.alert(`年报助手出错：${messageOf(error)}`);
      }
      return true;
    },
    GetImage: () => BUTTON_IMAGE,
  };
}
