/**
 * A progress bar on stderr for long batches (`校验中 37/120 ███░░ 某县.docx`), drawn only on a terminal:
 * a log file or a pipe gets nothing, so scripts and `--json` consumers see the same output as before.
 */

/** The part of a stream a progress bar needs; `process.stderr` is one, and a test passes a fake. */
export interface TerminalStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

export interface Progress {
  /** `done` of the total are finished; `name` is the item being worked on (or just finished). */
  update(done: number, name: string): void;
  /** Remove the bar, so that the next line of output starts on a clean line. */
  clear(): void;
}

const NONE: Progress = { update: () => undefined, clear: () => undefined };
const BAR_WIDTH = 20;
const DEFAULT_COLUMNS = 80;

/** Terminal columns a character takes: CJK and full-width forms take two. */
function charWidth(ch: string): number {
  const code = ch.codePointAt(0) ?? 0;
  return (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    code >= 0x20000
    ? 2
    : 1;
}

/** `text` cut to `width` terminal columns, with `…` where it was cut. */
function fitWidth(text: string, width: number): string {
  let used = 0;
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    used += charWidth(chars[i] ?? '');
    if (used > width) return `${chars.slice(0, Math.max(0, i - 1)).join('')}…`;
  }
  return text;
}

/** The bar's text for `done` of `total`. */
export function progressLine(label: string, done: number, total: number, name: string, columns = DEFAULT_COLUMNS): string {
  const filled = total === 0 ? BAR_WIDTH : Math.round((BAR_WIDTH * done) / total);
  const head = `${label} ${done}/${total} ${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} `;
  // One column short of the terminal's width: writing the last column makes some terminals wrap.
  const room = columns - 1 - Array.from(head).reduce((w, ch) => w + charWidth(ch), 0);
  return room > 3 ? head + fitWidth(name, room) : head.trimEnd();
}

/** A progress bar on `stream` when it is a terminal; otherwise one that draws nothing. */
export function createProgress(stream: TerminalStream | undefined, total: number, label: string): Progress {
  if (!stream?.isTTY) return NONE;
  let shown = false;
  return {
    update(done, name) {
      // `\r` back to the line's start, `\x1b[K` clears what a longer previous name left.
      // A pseudo-terminal may report 0 columns: take the usual width then.
      const columns = stream.columns !== undefined && stream.columns > 0 ? stream.columns : DEFAULT_COLUMNS;
      stream.write(`\r${progressLine(label, done, total, name, columns)}\x1b[K`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
