import type { InfoKey } from '../core/report/info';
import { ORGAN_LEVELS } from '../core/rules/organ-level';
import {
  GROUPS,
  groupName,
  statusLine,
  type FindingGroup,
  type InfoFormField,
  type ListedFinding,
  type ListedSuggestion,
  type OperationResult,
  type PreviousSummary,
  type TaskpaneController,
  type TaskpaneState,
} from './controller';
import { browserDownload, type SaveFile } from './download';

/**
 * The task pane's DOM (Chinese; 320 px wide; keyboard first). Every text that comes from the workbook is
 * set with `textContent` or `value`, never parsed as HTML. The view holds only what is being typed (a 说明
 * draft, unsaved 基本信息); everything else comes from the controller's state.
 */

export interface TaskpaneView {
  dispose(): void;
}

export interface ViewOptions {
  /** Saves the exported Word file (default: a browser download). */
  readonly saveFile?: SaveFile;
  /** Why this host cannot save files (Excel on Mac), in Chinese: 导出 Word then says so instead of exporting. */
  readonly downloadsBlocked?: string;
}

type Child = Node | string | null | undefined | false;

interface Props {
  readonly className?: string;
  readonly text?: string;
  readonly attrs?: Readonly<Record<string, string>>;
}

/** An element with its class, text (as text) and attributes, and its children (strings become text nodes). */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) node.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

function button(text: string, action: string, props: Props = {}): HTMLButtonElement {
  return el('button', { ...props, text, attrs: { type: 'button', 'data-action': action, ...props.attrs } });
}

const SEVERITY: Readonly<Record<string, { text: string; icon: string }>> = {
  error: { text: '错误', icon: '✖' },
  warning: { text: '提示', icon: '！' },
  info: { text: '信息', icon: 'ℹ' },
};

/** A group lists this many findings until the clerk asks for the rest (an empty template has ~170 blanks). */
const SHOW_FIRST = 20;

let mounted = 0;

/** What 导入上年年报 offers to open: every kind of report file the readers take. */
const PREVIOUS_ACCEPT = '.xlsx,.xlsm,.json,.txt,.md,.html,.htm,.docx';
/** A report is well under a megabyte (a .docx with pictures a few); anything far bigger is not one. */
const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/** A chosen file's bytes, through FileReader: older webviews (and jsdom) have no `Blob.arrayBuffer`. */
function readBytes(file: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const result = reader.result;
      // Not `instanceof ArrayBuffer`: the buffer may come from another realm (a webview's frame, jsdom).
      if (result === null || typeof result === 'string') reject(new Error('FileReader gave no ArrayBuffer'));
      else resolve(new Uint8Array(result));
    };
    reader.onerror = () => reject(reader.error ?? new Error('FileReader failed'));
    reader.readAsArrayBuffer(file);
  });
}

function previousName(p: PreviousSummary): string {
  return `${p.organ ?? '未写机关名称'} ${p.year !== null ? `${p.year} 年度` : '未写年度'}`;
}

export function createView(root: HTMLElement, controller: TaskpaneController, options: ViewOptions = {}): TaskpaneView {
  const id = `nb${++mounted}`;
  const drafts = new Map<string, string>();
  const dirty = new Set<InfoKey>();
  let openNote: string | null = null;
  /** Groups whose every finding is shown (long lists show the first few). */
  const expanded = new Set<FindingGroup>();
  let listSignature = '';
  let confirmAction: (() => Promise<OperationResult>) | null = null;
  let returnFocus: HTMLElement | null = null;

  // --- the skeleton, built once ---
  const status = el('p', { className: 'nb-status', attrs: { id: `${id}-status`, role: 'status', 'aria-live': 'polite' } });
  const busy = el('p', { className: 'nb-busy', attrs: { 'aria-live': 'polite' } });
  const alert = el('div', { className: 'nb-alert', attrs: { role: 'alert' } });
  const notice = el('p', { className: 'nb-notice', attrs: { role: 'status' } });
  const unavailable = el('ul', { className: 'nb-unavailable', attrs: { 'aria-label': '不可用的功能' } });

  const confirmText = el('p', { className: 'nb-confirm-text', attrs: { id: `${id}-confirm-text` } });
  const confirmYes = button('确定', 'confirm', { className: 'nb-button nb-danger' });
  const confirmNo = button('取消', 'cancel', { className: 'nb-button' });
  const confirmBox = el(
    'div',
    { className: 'nb-confirm', attrs: { role: 'alertdialog', 'aria-modal': 'false', 'aria-labelledby': `${id}-confirm-text` } },
    confirmText,
    el('div', { className: 'nb-row' }, confirmYes, confirmNo),
  );
  confirmBox.hidden = true;

  const placementNew = el('input', { attrs: { type: 'radio', name: `${id}-placement`, value: 'newSheet', id: `${id}-p-new` } });
  placementNew.checked = true;
  const placementSel = el('input', { attrs: { type: 'radio', name: `${id}-placement`, value: 'selection', id: `${id}-p-sel` } });
  const insertButton = button('插入模板', 'insert', { className: 'nb-button nb-primary' });
  const insertBox = el(
    'fieldset',
    { className: 'nb-insert' },
    el('legend', { text: '插入位置' }),
    el('div', { className: 'nb-choice' }, placementNew, el('label', { text: '新工作表“年报”（推荐）', attrs: { for: `${id}-p-new` } })),
    el(
      'div',
      { className: 'nb-choice' },
      placementSel,
      el('label', { text: '当前选中的单元格处（须为空白区域，否则会先询问）', attrs: { for: `${id}-p-sel` } }),
    ),
    insertButton,
  );
  const templateWhere = el('p', { className: 'nb-where' });
  const validateButton = button('校验', 'validate', { className: 'nb-button' });
  const actions = el(
    'section',
    { className: 'nb-actions', attrs: { 'aria-label': '操作' } },
    insertBox,
    templateWhere,
    el('div', { className: 'nb-row' }, validateButton),
  );

  const resultsHeading = el('h2', { text: '检查结果', attrs: { id: `${id}-results`, tabindex: '-1' } });
  const suggestions = el('ul', { className: 'nb-suggestions', attrs: { 'aria-label': '修改建议' } });
  const groups = el('div', { className: 'nb-groups' });
  const empty = el('p', { className: 'nb-empty' });
  const results = el(
    'section',
    { className: 'nb-results', attrs: { 'aria-labelledby': `${id}-results` } },
    resultsHeading,
    suggestions,
    groups,
    empty,
  );

  // 上年年报
  const previousInput = el('input', {
    attrs: { type: 'file', accept: PREVIOUS_ACCEPT, 'aria-label': '选择上年年报文件', 'data-action': 'previous-file' },
  });
  previousInput.hidden = true;
  const previousButton = button('导入上年年报', 'import-previous', { className: 'nb-button' });
  const previousStatus = el('p', { className: 'nb-previous-status' });
  const previousMessage = el('p', { className: 'nb-previous-message nb-report-error', attrs: { role: 'status', 'aria-live': 'polite' } });
  const previousSection = el(
    'section',
    { className: 'nb-previous', attrs: { 'aria-labelledby': `${id}-previous` } },
    el('h2', { text: '上年年报', attrs: { id: `${id}-previous` } }),
    previousStatus,
    el('p', {
      className: 'nb-hint',
      text: '选择上年的年报文件（本工具生成的 .xlsx、年报数据 .json，或已发布的 .txt、.md、.html、.docx）：上年“结转下年度继续办理”填入本年表三“上年结转”行，只填空着的单元格，已填的数字不同时先询问；上年年报保存在工作簿中，用于跨年度检查。',
    }),
    el('div', { className: 'nb-row' }, previousButton),
    previousInput,
    previousMessage,
  );

  // 正文与报送
  const narrativeButton = button('生成正文', 'narrative', { className: 'nb-button' });
  const exportButton = button('导出 Word', 'export-word', { className: 'nb-button' });
  const signoffButton = button('生成审核单', 'signoff', { className: 'nb-button' });
  const reportMessage = el('p', { className: 'nb-report-message', attrs: { role: 'status', 'aria-live': 'polite' } });
  const blocked = options.downloadsBlocked ?? null;
  const reportSection = el(
    'section',
    { className: 'nb-report', attrs: { 'aria-labelledby': `${id}-report` } },
    el('h2', { text: '正文与报送', attrs: { id: `${id}-report` } }),
    el('p', {
      className: 'nb-hint',
      text: '“生成正文”在工作表“正文”中按表格写出报告正文，可直接修改，再次生成时保留您改过的段落；“导出 Word”生成可发布的报告文件；“生成审核单”生成含校验结果和数据指纹、供签字的审核单。',
    }),
    el('div', { className: 'nb-row' }, narrativeButton, exportButton, signoffButton),
    blocked ? el('p', { className: 'nb-hint nb-download-blocked', text: blocked }) : null,
    reportMessage,
  );

  // 基本信息
  const infoInputs = new Map<InfoKey, HTMLInputElement | HTMLSelectElement>();
  const infoHints = new Map<InfoKey, HTMLElement>();
  const infoForm = el('form', { className: 'nb-info-form', attrs: { novalidate: '' } });
  const infoMessage = el('p', { className: 'nb-form-message', attrs: { role: 'status' } });
  const infoSave = el('button', {
    className: 'nb-button nb-primary',
    text: '保存基本信息',
    attrs: { type: 'submit', 'data-action': 'save-info' },
  });
  const infoSection = el(
    'details',
    { className: 'nb-info' },
    el('summary', { text: '基本信息（机关、年度、联系方式、信息处理费）' }),
    infoForm,
  );
  let infoBuilt = false;
  /** 基本信息 opens by itself once, on a template whose organ is still blank (the first thing to fill in). */
  let infoOpened = false;

  // 模板结构
  const repairButton = button('修复', 'repair', { className: 'nb-button' });
  const integritySummary = el('p', { className: 'nb-integrity-summary' });
  const templateSection = el(
    'section',
    { className: 'nb-template', attrs: { 'aria-labelledby': `${id}-template` } },
    el('h2', { text: '模板结构', attrs: { id: `${id}-template` } }),
    integritySummary,
    el('p', {
      className: 'nb-hint',
      text: '“修复”会恢复表格的文字、合计公式、格式、标色（条件格式）和数据验证，不会改动已填写的数字。条件格式被粘贴覆盖后无法检测：如果表格中不再标色，也请点“修复”重新应用。',
    }),
    repairButton,
  );

  const pane = el(
    'div',
    { className: 'nb-pane', attrs: { lang: 'zh-CN' } },
    el('header', { className: 'nb-header' }, el('h1', { text: '年报助手' }), status, busy),
    alert,
    notice,
    unavailable,
    confirmBox,
    actions,
    previousSection,
    reportSection,
    infoSection,
    templateSection,
    results,
  );
  root.replaceChildren(pane);

  // --- operations ---
  const handle = async (op: Promise<OperationResult>, origin?: HTMLElement | null): Promise<OperationResult> => {
    const result = await op;
    if (result.status === 'needsConfirmation') {
      confirmText.textContent = result.question;
      confirmYes.textContent = result.confirmLabel;
      confirmAction = () => result.confirm();
      returnFocus = origin ?? null;
      confirmBox.hidden = false;
      confirmYes.focus();
    }
    return result;
  };
  const closeConfirm = (): void => {
    confirmAction = null;
    confirmBox.hidden = true;
    const back = returnFocus;
    returnFocus = null;
    if (back?.isConnected) back.focus();
  };

  confirmYes.addEventListener('click', () => {
    const act = confirmAction;
    closeConfirm();
    if (act) void handle(act());
  });
  confirmNo.addEventListener('click', closeConfirm);
  confirmBox.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      closeConfirm();
    }
  });
  insertButton.addEventListener('click', () => {
    void handle(controller.insertTemplate(placementSel.checked ? 'selection' : 'newSheet'), insertButton);
  });
  validateButton.addEventListener('click', () => void handle(controller.validate()));
  repairButton.addEventListener('click', () => void handle(controller.repairTemplate(), repairButton));
  const saveFile = options.saveFile ?? ((file) => browserDownload(file, root.ownerDocument));
  const say = (text: string, error = false): void => {
    reportMessage.textContent = text;
    reportMessage.classList.toggle('nb-report-error', error);
  };
  previousButton.addEventListener('click', () => {
    previousMessage.textContent = '';
    previousInput.click();
  });
  previousInput.addEventListener('change', () => {
    const file = previousInput.files?.[0];
    // Cleared at once, so that choosing the same file again (after changing it) is a change too.
    previousInput.value = '';
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) {
      previousMessage.textContent = `文件“${file.name}”太大（超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB），不像是一份年报，未导入。`;
      return;
    }
    void readBytes(file).then(
      (bytes) => handle(controller.importPrevious(file.name, bytes), previousButton),
      () => {
        previousMessage.textContent = `无法读取文件“${file.name}”，请确认文件没有被其他程序占用后重试。`;
      },
    );
  });
  narrativeButton.addEventListener('click', () => {
    say('');
    void handle(controller.generateNarrative(), narrativeButton);
  });
  signoffButton.addEventListener('click', () => {
    say('');
    void handle(controller.generateSignoff(), signoffButton);
  });
  exportButton.addEventListener('click', () => {
    if (blocked) {
      say(blocked, true);
      return;
    }
    say('');
    void handle(controller.exportWord(), exportButton).then((result) => {
      if (result.status !== 'done' || !result.file) return;
      const saved = saveFile(result.file);
      if (saved.ok) say(`已开始下载“${result.file.name}”。如没有弹出保存提示，请到浏览器的“下载”中查看。`);
      else say(saved.message, true);
    });
  });

  // The list: clicks and keys are delegated, so rebuilt items need no listeners of their own.
  const itemOf = (target: EventTarget | null): HTMLElement | null =>
    target instanceof Element ? (target.closest<HTMLElement>('[data-key]') ?? null) : null;
  const onListAction = (target: HTMLElement, item: HTMLElement): void => {
    const key = item.dataset.key ?? '';
    const action = target.closest<HTMLElement>('[data-action]')?.dataset.action;
    switch (action) {
      case 'fix':
        void handle(controller.applyFix(key));
        return;
      case 'apply':
        void handle(controller.applySuggestion(key));
        return;
      case 'note':
        openNote = key;
        render(controller.getState(), true);
        document.getElementById(`${id}-note-${cssId(key)}`)?.focus();
        return;
      case 'note-cancel':
        cancelNote(key);
        return;
      case 'note-save':
      case 'note-delete': {
        const text = action === 'note-delete' ? '' : (drafts.get(key) ?? '');
        openNote = null;
        drafts.delete(key);
        void handle(controller.saveNote(key, text)).then(() => focusKey(`item:${key}`));
        return;
      }
      default:
        if (item.classList.contains('nb-finding') && !target.closest('textarea, button, a, input'))
          void handle(controller.selectFinding(key));
    }
  };
  const cancelNote = (key: string): void => {
    openNote = null;
    drafts.delete(key);
    render(controller.getState(), true);
    focusKey(`item:${key}`);
  };
  const onClick = (e: MouseEvent): void => {
    const target = e.target instanceof HTMLElement ? e.target : null;
    const more = target?.closest<HTMLElement>('[data-action="more"]');
    const group = more?.dataset.group as FindingGroup | undefined;
    if (group) {
      expanded.add(group);
      render(controller.getState(), true);
      results.querySelectorAll<HTMLElement>(`[data-group="${group}"] .nb-list > li[tabindex]`)[SHOW_FIRST]?.focus();
      return;
    }
    const item = itemOf(e.target);
    if (target && item) onListAction(target, item);
  };
  const onKey = (e: KeyboardEvent): void => {
    const target = e.target instanceof HTMLElement ? e.target : null;
    if (!target) return;
    const items = [...pane.querySelectorAll<HTMLElement>('.nb-list > li[tabindex]')];
    const index = items.indexOf(target);
    if (index >= 0 && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      const item = itemOf(target);
      if (item) onListAction(target, item);
    } else if (index >= 0 && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      items[Math.min(items.length - 1, Math.max(0, index + (e.key === 'ArrowDown' ? 1 : -1)))]?.focus();
    } else if (target instanceof HTMLTextAreaElement && e.key === 'Escape') {
      e.preventDefault();
      const key = target.dataset.noteFor;
      if (key !== undefined) cancelNote(key);
    }
  };
  const onInput = (e: Event): void => {
    const target = e.target;
    if (target instanceof HTMLTextAreaElement && target.dataset.noteFor !== undefined) drafts.set(target.dataset.noteFor, target.value);
  };
  results.addEventListener('click', onClick);
  results.addEventListener('keydown', onKey);
  results.addEventListener('input', onInput);

  infoForm.addEventListener('input', (e) => {
    const key = (e.target as HTMLElement | null)?.dataset?.field as InfoKey | undefined;
    if (key) dirty.add(key);
  });
  infoForm.addEventListener('change', (e) => {
    const key = (e.target as HTMLElement | null)?.dataset?.field as InfoKey | undefined;
    if (key) dirty.add(key);
  });
  infoForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const values: Partial<Record<InfoKey, string>> = {};
    for (const key of dirty) {
      const input = infoInputs.get(key);
      if (input) values[key] = input.value;
    }
    void controller.saveInfo(values).then((result) => {
      infoMessage.textContent =
        result.status === 'done' ? (result.message ?? '') : result.status === 'needsConfirmation' ? '' : result.message;
      infoMessage.className = `nb-form-message${result.status === 'done' ? '' : ' nb-form-error'}`;
      if (result.status === 'done') {
        for (const key of Object.keys(values) as InfoKey[]) dirty.delete(key);
        render(controller.getState());
      }
    });
  });

  // --- rendering ---
  function focusKey(key: string): void {
    const target = pane.querySelector<HTMLElement>(`[data-focus="${cssEscape(key)}"]`);
    target?.focus();
  }

  function buildInfo(fields: readonly InfoFormField[]): void {
    infoForm.replaceChildren();
    for (const { field } of fields) {
      const inputId = `${id}-info-${field.key}`;
      let input: HTMLInputElement | HTMLSelectElement;
      if (field.type === 'level') {
        const select = el(
          'select',
          { attrs: { id: inputId, 'data-field': field.key } },
          el('option', { text: '（请选择）', attrs: { value: '' } }),
        );
        for (const level of ORGAN_LEVELS) select.append(el('option', { text: level.label, attrs: { value: level.label } }));
        input = select;
      } else {
        const attrs: Record<string, string> = { id: inputId, type: 'text', 'data-field': field.key, autocomplete: 'off' };
        if (field.type === 'year' || field.type === 'count') attrs.inputmode = 'numeric';
        if (field.type === 'yuan') attrs.inputmode = 'decimal';
        if (field.hint) attrs.placeholder = field.hint;
        input = el('input', { attrs });
      }
      const hint = el('span', { className: 'nb-hint', text: field.hint, attrs: { id: `${inputId}-hint` } });
      input.setAttribute('aria-describedby', `${inputId}-hint`);
      infoInputs.set(field.key, input);
      infoHints.set(field.key, hint);
      infoForm.append(el('div', { className: 'nb-field' }, el('label', { text: field.label, attrs: { for: inputId } }), input, hint));
    }
    infoForm.append(el('div', { className: 'nb-row' }, infoSave), infoMessage);
    infoBuilt = true;
  }

  function renderInfo(fields: readonly InfoFormField[]): void {
    if (!infoBuilt) buildInfo(fields);
    for (const f of fields) {
      const input = infoInputs.get(f.field.key);
      if (!input) continue;
      input.disabled = !f.available;
      const hint = infoHints.get(f.field.key);
      if (hint) hint.textContent = f.available ? f.field.hint : '（表格中这一行已被删除，请先“修复”模板）';
      if (dirty.has(f.field.key) || document.activeElement === input) continue;
      if (input instanceof HTMLSelectElement) {
        // A level the sheet holds that is not one of the list's: shown as it is, so nothing is lost silently.
        for (const o of [...input.options]) if (o.dataset.extra !== undefined) o.remove();
        if (f.value !== '' && !ORGAN_LEVELS.some((l) => l.label === f.value)) {
          const extra = el('option', { text: `${f.value}（表中现有值，请重新选择）`, attrs: { value: f.value, 'data-extra': '' } });
          input.append(extra);
        }
      }
      input.value = f.value;
    }
  }

  function findingItem(f: ListedFinding): HTMLLIElement {
    const sev = SEVERITY[f.finding.severity] ?? { text: f.finding.severity, icon: '' };
    const note = f.finding.note;
    const item = el('li', {
      className: `nb-finding nb-sev-${f.finding.severity}${f.source === 'template' ? ' nb-structure' : ''}`,
      attrs: {
        tabindex: '0',
        'data-key': f.key,
        'data-focus': `item:${f.key}`,
        'data-rule': f.finding.rule,
        ...(f.finding.address ? { 'data-address': f.finding.address, title: '按 Enter 或点击：在表格中选中这个单元格' } : {}),
      },
    });
    item.append(
      el(
        'div',
        { className: 'nb-finding-head' },
        el(
          'span',
          { className: 'nb-badge' },
          el('span', { className: 'nb-icon', text: sev.icon, attrs: { 'aria-hidden': 'true' } }),
          sev.text,
        ),
        f.source === 'template' ? el('span', { className: 'nb-tag', text: '模板结构' }) : null,
        f.finding.address ? el('span', { className: 'nb-address', text: f.finding.address }) : null,
      ),
      el('p', { className: 'nb-message', text: f.finding.message }),
    );
    if (note) {
      item.append(
        el(
          'p',
          { className: `nb-note${note.stale ? ' nb-stale' : ''}` },
          el('span', { className: 'nb-note-label', text: note.stale ? '说明（数值已变化，请重新确认）：' : '说明：' }),
          note.text,
        ),
      );
    }
    const buttons: HTMLElement[] = [];
    if (f.canFix && f.finding.fix) {
      buttons.push(
        button(`修正为 ${f.finding.fix.value}`, 'fix', { className: 'nb-button nb-small', attrs: { 'data-focus': `fix:${f.key}` } }),
      );
    }
    if (f.canNote && openNote !== f.key) {
      buttons.push(
        button(note ? '修改说明' : '说明', 'note', { className: 'nb-button nb-small', attrs: { 'data-focus': `note:${f.key}` } }),
      );
    }
    if (buttons.length) item.append(el('div', { className: 'nb-row nb-finding-actions' }, ...buttons));
    if (f.canNote && openNote === f.key) {
      const areaId = `${id}-note-${cssId(f.key)}`;
      const area = el('textarea', {
        attrs: { id: areaId, rows: '3', 'data-note-for': f.key, 'data-focus': `area:${f.key}`, maxlength: '500' },
      });
      area.value = drafts.get(f.key) ?? note?.text ?? '';
      drafts.set(f.key, area.value);
      item.append(
        el(
          'div',
          { className: 'nb-note-editor' },
          el('label', { text: '说明（为什么这个数字是对的；随工作簿保存，审核人可见）', attrs: { for: areaId } }),
          area,
          el(
            'div',
            { className: 'nb-row' },
            button('保存说明', 'note-save', { className: 'nb-button nb-primary nb-small' }),
            note ? button('删除说明', 'note-delete', { className: 'nb-button nb-small' }) : null,
            button('取消', 'note-cancel', { className: 'nb-button nb-small' }),
          ),
        ),
      );
    }
    return item;
  }

  function suggestionItem(s: ListedSuggestion): HTMLLIElement {
    return el(
      'li',
      { className: 'nb-suggestion', attrs: { 'data-key': s.key } },
      el('span', { className: 'nb-badge nb-badge-suggest', text: '建议' }),
      el('span', { className: 'nb-message', text: s.suggestion.message }),
      s.address ? el('span', { className: 'nb-address', text: s.address }) : null,
      button('应用', 'apply', { className: 'nb-button nb-small', attrs: { 'data-focus': `apply:${s.key}` } }),
    );
  }

  function renderList(state: TaskpaneState): void {
    const active =
      document.activeElement instanceof HTMLElement && results.contains(document.activeElement) ? document.activeElement : null;
    const focused = active?.dataset.focus ?? null;
    const items = [...results.querySelectorAll<HTMLElement>('.nb-list > li[tabindex]')];
    const focusedIndex = active ? items.indexOf(active) : -1;
    const selection = active instanceof HTMLTextAreaElement ? { start: active.selectionStart, end: active.selectionEnd } : null;

    suggestions.replaceChildren(...state.suggestions.map(suggestionItem));
    suggestions.hidden = state.suggestions.length === 0;
    const byGroup = new Map<FindingGroup, ListedFinding[]>();
    for (const f of state.findings) byGroup.set(f.group, [...(byGroup.get(f.group) ?? []), f]);
    groups.replaceChildren();
    for (const g of GROUPS) {
      const list = byGroup.get(g);
      if (!list?.length) continue;
      const shown = expanded.has(g) ? list : list.slice(0, SHOW_FIRST);
      const c = state.counts[g];
      const headingId = `${id}-group-${g}`;
      const counts = [c.errors ? `${c.errors} 处错误` : '', c.warnings ? `${c.warnings} 处提示` : ''].filter(Boolean).join('，');
      groups.append(
        el(
          'section',
          { className: 'nb-group', attrs: { 'aria-labelledby': headingId, 'data-group': g } },
          el('h3', { text: `${groupName(g)}（${counts}）`, attrs: { id: headingId } }),
          el('ul', { className: 'nb-list' }, ...shown.map(findingItem)),
          list.length > shown.length
            ? button(`显示其余 ${list.length - shown.length} 条`, 'more', { className: 'nb-button nb-small', attrs: { 'data-group': g } })
            : null,
        ),
      );
    }
    empty.textContent = state.template === 'present' && state.findings.length === 0 ? '没有发现问题。' : '';
    empty.hidden = empty.textContent === '';

    if (focused) {
      const again = results.querySelector<HTMLElement>(`[data-focus="${cssEscape(focused)}"]`);
      if (again) {
        again.focus();
        if (again instanceof HTMLTextAreaElement && selection) again.setSelectionRange(selection.start, selection.end);
        return;
      }
      // The finding went away (fixed): the one now in its place, or the heading.
      const now = [...results.querySelectorAll<HTMLElement>('.nb-list > li[tabindex]')];
      const next = focusedIndex >= 0 ? (now[Math.min(focusedIndex, now.length - 1)] ?? null) : null;
      (next ?? resultsHeading).focus();
    }
  }

  function render(state: TaskpaneState, forceList = false): void {
    status.textContent = statusLine(state);
    busy.textContent = state.busy ?? '';
    pane.setAttribute('aria-busy', state.busy ? 'true' : 'false');
    alert.textContent = state.error ?? '';
    alert.hidden = state.error === null;
    notice.textContent = state.notice ?? '';
    notice.hidden = state.notice === null;
    unavailable.replaceChildren(...state.unavailable.map((text) => el('li', { text })));
    unavailable.hidden = state.unavailable.length === 0;

    const present = state.template === 'present';
    insertBox.hidden = present || state.template === 'unreadable';
    templateWhere.textContent = present && state.sheet ? `年报模板位于工作表“${state.sheet}”。` : '';
    templateWhere.hidden = !present;
    infoSection.hidden = !present;
    reportSection.hidden = !present;
    previousSection.hidden = !present;
    previousStatus.textContent = state.previous
      ? `工作簿中已保存上年年报（${previousName(state.previous)}），跨年度检查随校验一起进行。`
      : '还没有导入上年年报。';
    templateSection.hidden = !present;
    results.hidden = !present;

    const integrity = state.integrity;
    const problems = state.findings.filter((f) => f.source === 'template').length;
    integritySummary.textContent =
      integrity.status === 'failed'
        ? integrity.message
        : problems > 0
          ? `发现 ${problems} 处模板结构问题（见下方列表中标有“模板结构”的条目），请点“修复”。`
          : integrity.status === 'checked'
            ? '模板结构完好。'
            : '';
    integritySummary.classList.toggle('nb-attention', problems > 0);
    repairButton.classList.toggle('nb-primary', problems > 0);

    if (present) {
      renderInfo(state.info);
      if (!infoOpened) {
        infoOpened = true;
        if (state.info.find((f) => f.field.key === 'organ')?.value === '') infoSection.open = true;
      }
    }
    const signature = JSON.stringify([
      openNote,
      state.findings.map((f) => [f.key, f.finding.message, f.finding.address, f.finding.note, f.canFix, f.canNote]),
      state.suggestions.map((s) => [s.key, s.suggestion.message, s.address]),
    ]);
    if (forceList || signature !== listSignature) {
      listSignature = signature;
      renderList(state);
    }
  }

  const unsubscribe = controller.subscribe((state) => render(state));
  render(controller.getState(), true);

  return {
    dispose(): void {
      unsubscribe();
      results.removeEventListener('click', onClick);
      results.removeEventListener('keydown', onKey);
      results.removeEventListener('input', onInput);
      root.replaceChildren();
    },
  };
}

/** A key as a part of an element id (ids allow any character but spaces; keep them short and plain). */
function cssId(key: string): string {
  let h = 0;
  for (const ch of key) h = (Math.imul(h, 31) + (ch.codePointAt(0) ?? 0)) >>> 0;
  return h.toString(36);
}

/** A string as a CSS attribute value inside double quotes. */
function cssEscape(value: string): string {
  return value.replace(/["\\]/g, '\\$&').replace(/\n/g, '\\a ');
}
