import type { CommandSummary } from './validate-command';

/**
 * The summary dialog's data and page: the summary travels in the page URL's hash (kept short: some
 * Office web views cap URLs near 2,000 characters) and, where the dialog API can message a child
 * (DialogApi 1.2), in full by message. It is rendered as text only: every string is set with
 * `textContent`, never parsed as HTML.
 */

/** Dialog → parent messages. */
export const DIALOG_READY = 'nianbao:ready';
export const DIALOG_CLOSE = 'nianbao:close';

/** Encoded hash length the URL may carry. */
export const HASH_BUDGET = 1500;
const LINE_LIMIT = 160;

const KINDS: readonly CommandSummary['kind'][] = ['clean', 'findings', 'noTemplate', 'error'];

function encode(summary: CommandSummary): string {
  return `#${encodeURIComponent(JSON.stringify({ kind: summary.kind, title: summary.title, lines: summary.lines }))}`;
}

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The hash for the dialog URL: the whole summary when it fits, else its title and as many (clipped) lines as fit. */
export function summaryHash(summary: CommandSummary): string {
  const full = encode(summary);
  if (full.length <= HASH_BUDGET) return full;
  const title = clip(summary.title, LINE_LIMIT);
  const lines = summary.lines.map((l) => clip(l, LINE_LIMIT));
  for (let n = lines.length; n >= 0; n--) {
    const cut = n < lines.length ? [...lines.slice(0, n), '……（完整内容请在“年报助手”任务窗格中查看）'] : lines;
    const hash = encode({ kind: summary.kind, title, lines: cut });
    if (hash.length <= HASH_BUDGET) return hash;
  }
  return encode({ kind: summary.kind, title: clip(summary.title, 40), lines: [] });
}

/** A summary from JSON text (a hash or a message), or null when it is not one. */
export function parseSummary(text: string): CommandSummary | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const { kind, title, lines } = raw as Record<string, unknown>;
  if (!KINDS.includes(kind as CommandSummary['kind']) || typeof title !== 'string' || !Array.isArray(lines)) return null;
  if (!lines.every((l): l is string => typeof l === 'string')) return null;
  return { kind: kind as CommandSummary['kind'], title, lines };
}

/** The summary in a location hash (`#…`), or null. */
export function summaryFromHash(hash: string): CommandSummary | null {
  if (!hash.startsWith('#') || hash.length < 2) return null;
  try {
    return parseSummary(decodeURIComponent(hash.slice(1)));
  } catch {
    return null; // a malformed %-escape
  }
}

/** The parts of the DOM the page uses (so a test can pass a small fake). */
export interface SummaryDom {
  createElement(tag: 'h1' | 'p' | 'ul' | 'li' | 'button'): HTMLElement;
}

/** Render the summary into `root` as text; `onClose` runs when the clerk clicks 关闭. */
export function renderSummary(dom: SummaryDom, root: HTMLElement, summary: CommandSummary | null, onClose: () => void): void {
  const title = dom.createElement('h1');
  title.textContent = summary ? summary.title : '没有可显示的校验结果。';
  title.className = `summary-title summary-${summary?.kind ?? 'error'}`;
  const parts: HTMLElement[] = [title];
  if (summary && summary.lines.length > 0) {
    const list = dom.createElement('ul');
    for (const line of summary.lines) {
      const item = dom.createElement('li');
      item.textContent = line;
      list.append(item);
    }
    parts.push(list);
  }
  const close = dom.createElement('button');
  close.textContent = '关闭';
  close.setAttribute('type', 'button');
  close.addEventListener('click', onClose);
  parts.push(close);
  root.replaceChildren(...parts);
  close.focus();
}
