import { Tokenizer } from 'htmlparser2';
import type { PublishedBlock, PublishedDocument, TableCell } from './published/document';

/*
 * A saved web page read in one pass of htmlparser2's streaming tokenizer (no DOM is built, nothing is
 * executed): text runs are gathered into paragraphs and table cells as the tags open and close. Every
 * element that can hold a paragraph gets a small record (its parent, whether it looks like page chrome),
 * so that after the pass the report's own container can be found and the site's chrome dropped, all in
 * time and memory linear in the page.
 */

/** What a markup scan reports: every element opened is closed, in order (void elements at once). */
export interface MarkupHandler {
  open(name: string, attribs: Readonly<Record<string, string>>): void;
  close(name: string): void;
  text(text: string): void;
}

/** htmlparser2's rules for the tags an opening tag closes when they are the innermost open element. */
const P = new Set(['p']);
const FORM = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const IMPLIES_CLOSE = new Map<string, ReadonlySet<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th', 'td'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', new Set(['dt', 'dd'])],
  ['dt', new Set(['dt', 'dd'])],
  ['rt', new Set(['rt', 'rp'])],
  ['rp', new Set(['rt', 'rp'])],
  ['tbody', new Set(['thead', 'tbody'])],
  ['tfoot', new Set(['thead', 'tbody'])],
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((t): [string, ReadonlySet<string>] => [t, FORM]),
  ...[
    'p',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'address',
    'article',
    'aside',
    'blockquote',
    'details',
    'div',
    'dl',
    'fieldset',
    'figcaption',
    'figure',
    'footer',
    'form',
    'header',
    'hr',
    'main',
    'nav',
    'ol',
    'pre',
    'section',
    'table',
    'ul',
  ].map((t): [string, ReadonlySet<string>] => [t, P]),
]);

/**
 * Scan HTML (or, with `xml`, XML) with htmlparser2's tokenizer, which decodes entities and keeps the
 * raw text of `<script>`, `<style>` and `<title>` apart. The open elements are kept here on a stack whose
 * every step is O(1): htmlparser2's own Parser shifts its stack at each tag, which takes minutes on a page
 * of 100 000 unclosed `<font>` tags. HTML mode follows the Parser's rules (void elements, implied closes,
 * a stray `</p>` or `</br>`); a closing tag with nothing open to close is ignored.
 */
export function scanMarkup(source: string, xml: boolean, handler: MarkupHandler): void {
  const stack: string[] = [];
  const open = new Map<string, number>();
  let tagname = '';
  let attribs: Record<string, string> = Object.create(null) as Record<string, string>;
  let attribname = '';
  let attribvalue = '';
  const name = (start: number, end: number): string => (xml ? source.slice(start, end) : source.slice(start, end).toLowerCase());
  const pop = (): string | undefined => {
    const top = stack.pop();
    if (top === undefined) return undefined;
    open.set(top, (open.get(top) ?? 1) - 1);
    handler.close(top);
    return top;
  };
  const emitOpen = (selfClosing: boolean): void => {
    const tag = tagname;
    const a = attribs;
    attribs = Object.create(null) as Record<string, string>;
    handler.open(tag, a);
    if ((!xml && VOID.has(tag)) || (xml && selfClosing)) handler.close(tag);
    else {
      stack.push(tag);
      open.set(tag, (open.get(tag) ?? 0) + 1);
    }
  };
  const codePoint = (cp: number): string => (cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd');
  const tokenizer = new Tokenizer(
    { xmlMode: xml, decodeEntities: true },
    {
      onopentagname: (start, end) => {
        tagname = name(start, end);
        const closes = xml ? undefined : IMPLIES_CLOSE.get(tagname);
        if (closes) while (stack.length > 0 && closes.has(stack[stack.length - 1] ?? '')) pop();
      },
      onattribname: (start, end) => {
        attribname = name(start, end);
      },
      onattribdata: (start, end) => {
        attribvalue += source.slice(start, end);
      },
      onattribentity: (cp) => {
        attribvalue += codePoint(cp);
      },
      onattribend: () => {
        if (!(attribname in attribs)) attribs[attribname] = attribvalue;
        attribvalue = '';
      },
      onopentagend: () => emitOpen(false),
      onselfclosingtag: () => emitOpen(true),
      onclosetag: (start, end) => {
        const tag = name(start, end);
        if (!xml && VOID.has(tag)) {
          if (tag === 'br') {
            handler.open('br', {});
            handler.close('br');
          }
        } else if ((open.get(tag) ?? 0) > 0) {
          // Everything opened inside is closed first; each element is popped once, so this is linear.
          while (pop() !== tag);
        } else if (!xml && tag === 'p') {
          handler.open('p', {});
          handler.close('p');
        }
      },
      ontext: (start, end) => handler.text(source.slice(start, end)),
      ontextentity: (cp) => handler.text(codePoint(cp)),
      oncdata: (start, end, offset) => {
        if (xml) handler.text(source.slice(start, end - offset));
      },
      oncomment: () => undefined,
      ondeclaration: () => undefined,
      onprocessinginstruction: () => undefined,
      onend: () => {
        while (pop() !== undefined);
      },
    },
  );
  tokenizer.write(source);
  tokenizer.end();
}

/** Elements whose content is never text of the report (and never run). */
const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'frameset',
  'object',
  'select',
  'button',
  'textarea',
  'svg',
  'math',
]);

/**
 * Page chrome by tag or by id/class. Soft: such an element is dropped only when it holds none of the
 * report (an ASP.NET site wraps the whole page in one `<form>`; an article's own `<header>` holds the title).
 */
const CHROME_TAGS = new Set(['nav', 'header', 'footer', 'aside', 'form', 'menu']);
const CHROME_NAME = /nav|menu|breadcrumb|crumb|header|footer|share|sidebar|side-bar|copyright|toolbar|tool-bar/i;

/** Elements that end the paragraph before them and start a new one. */
const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

const VOID = new Set([
  'area',
  'base',
  'basefont',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'img',
  'input',
  'isindex',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

const HEADING = /^h([1-6])$/;
const BOLD_STYLE = /font-weight\s*:\s*(?:bold|bolder|[6-9]00)/i;
const CENTER_STYLE = /text-align\s*:\s*center/i;
/** A centred bold line this short reads as a heading (a title set with `<p align=center><b>`). */
const SHORT_HEADING = 40;
/** A table with a cell this long, or a heading in a cell, lays out a page rather than holding figures. */
const LAYOUT_CELL = 300;
const MAX_SPAN = 1000;

/** Characters between which a line break in the source is no space (CSS Text 3 segment-break rule). */
const WIDE = '[\\u2e80-\\u9fff\\uf900-\\ufaff\\ufe30-\\ufe4f\\uff00-\\uffef\\u3000-\\u303f\\u2014\\u2018-\\u201d\\u2026]';
const SEGMENT_BREAK = new RegExp(`(${WIDE})[ \\t\\r\\f]*\\n[ \\t\\n\\r\\f]*(?=${WIDE})`, 'g');
/** Where a heading was wrapped with `<br>`: no space next to a Chinese character, one between words. */
const WRAP = '\u2028';
const WRAPPED = new RegExp(`([^${WRAP}])?[ \\t\\n\\r\\f]*${WRAP}[ \\t\\n\\r\\f${WRAP}]*(?=([^])?)`, 'g');
const WIDE_CHAR = new RegExp(WIDE);
/** Control characters (tab and line ends aside) and zero-width ones: nothing a reader sees. */
const INVISIBLE = new RegExp(
  `[${String.fromCharCode(0)}-${String.fromCharCode(8)}${String.fromCharCode(11)}${String.fromCharCode(14)}-${String.fromCharCode(31)}\\u007f\\u200b-\\u200d\\u2060\\ufeff]`,
  'g',
);

/** Source text as it reads: entities already decoded, `&nbsp;` a space, white space collapsed, trimmed. */
function normalise(raw: string): string {
  let s = raw.replace(INVISIBLE, '').replace(/\u00a0/g, ' ');
  if (s.includes(WRAP)) {
    s = s.replace(WRAPPED, (_, before: string | undefined, after: string | undefined) =>
      before === undefined ? '' : before + (WIDE_CHAR.test(before) || (after !== undefined && WIDE_CHAR.test(after)) ? '' : ' '),
    );
  }
  return s
    .replace(SEGMENT_BREAK, '$1')
    .replace(/[ \t\n\r\f]+/g, ' ')
    .replace(/^[ \u3000]+|[ \u3000]+$/g, '');
}

interface ParaItem {
  readonly kind: 'paragraph';
  readonly text: string;
  readonly heading: number | undefined;
  /** Marked up as a heading (`<h1>`…`<h6>`), not taken for one from its looks. */
  readonly tagged: boolean;
  /** The element record the paragraph sits in (-1: outside every element). */
  readonly el: number;
}
interface TableItem {
  readonly kind: 'table';
  readonly rows: readonly (readonly TableCell[])[];
  readonly el: number;
}
type Item = ParaItem | TableItem;

interface ParaDraft {
  raw: string;
  readonly el: number;
  readonly heading: number | undefined;
  readonly center: boolean;
  bold: boolean;
}

/** Where text goes: the page itself, a table cell, or a table's caption (and stray text in a table). */
interface Flow {
  readonly items: Item[];
  para: ParaDraft | null;
}

interface CellDraft {
  readonly colSpan: number;
  readonly rowSpan: number;
  readonly flow: Flow;
}

interface TableDraft {
  readonly el: number;
  readonly rows: CellDraft[][];
  row: CellDraft[] | null;
  cell: CellDraft | null;
  /** `<caption>` and text outside cells (a browser shows it before the table). */
  readonly before: Flow;
  hasNested: boolean;
}

interface Frame {
  readonly name: string;
  readonly rec: number;
  readonly skip: boolean;
  readonly bold: boolean;
  readonly center: boolean;
  readonly heading: number | undefined;
  readonly table: TableDraft | undefined;
  readonly cell: CellDraft | undefined;
  readonly row: CellDraft[] | undefined;
}

const newFlow = (): Flow => ({ items: [], para: null });

function span(value: string | undefined): number {
  const n = value === undefined ? NaN : Number.parseInt(value, 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, MAX_SPAN) : n === 0 ? 0 : 1;
}

/** Labels that only the official tables print. */
const TABLE_MARKS = ['申请人情况', '信息内容', '行政复议', '本年新收', '本年度办理结果', '第二十条'];
const SECTION =
  /^[一二三四五六]\s*[、．.]\s*(?:政府信息公开工作)?(?:总体情况|主动公开|收到和处理|政府信息公开行政复议|存在的主要问题|其他需要报告)/;
const TITLE = /政府信息公开工作年度报告/;
const MAX_TITLE = 80;

const isReportTable = (t: TableItem): boolean =>
  t.rows.some((row) => row.some((c) => TABLE_MARKS.some((m) => c.text.replace(/\s+/g, '').includes(m))));

/** A file that is no page at all (an image, a zip renamed): NUL characters never occur in HTML. */
function looksBinary(text: string): boolean {
  const head = text.slice(0, 65536);
  let nul = 0;
  for (let i = head.indexOf('\u0000'); i >= 0 && nul < 8; i = head.indexOf('\u0000', i + 1)) nul++;
  return nul >= 8;
}

/** A saved web page as a document: the report's paragraphs and tables, the site's page chrome left out. */
export function htmlToDocument(html: string): PublishedDocument {
  if (looksBinary(html)) return { source: 'html', blocks: [] };

  // Element records, in document (pre)order: a parent always has a smaller index than its children.
  const parent: number[] = [];
  const chrome: boolean[] = [];

  const frames: Frame[] = [];
  const tables: TableDraft[] = [];
  const page = newFlow();
  let skip = 0;
  let bold = 0;
  let center = 0;
  let pageTitle: string | null = null;
  let inTitle = false;

  const innermost = (): number => frames[frames.length - 1]?.rec ?? -1;
  const heading = (): number | undefined => frames[frames.length - 1]?.heading;
  const flow = (): Flow => {
    const t = tables[tables.length - 1];
    return t ? (t.cell?.flow ?? t.before) : page;
  };
  const flush = (f: Flow): void => {
    const p = f.para;
    if (!p) return;
    f.para = null;
    const text = normalise(p.raw);
    if (text === '') return;
    const level = p.heading ?? (p.center && p.bold && text.length <= SHORT_HEADING ? 1 : undefined);
    f.items.push({ kind: 'paragraph', text, heading: level, tagged: p.heading !== undefined, el: p.el });
  };
  const append = (text: string): void => {
    const f = flow();
    if (!f.para) {
      // White space between blocks starts nothing.
      if (!/[^ \t\n\r\f]/.test(text)) return;
      f.para = { raw: '', el: innermost(), heading: heading(), center: center > 0, bold: true };
    }
    f.para.raw += text.includes(WRAP) ? text.replace(/\u2028/g, ' ') : text;
    if (bold === 0 && f.para.bold && /[^\s\u00a0\u3000]/.test(text)) f.para.bold = false;
  };
  const endCell = (t: TableDraft): void => {
    if (t.cell) flush(t.cell.flow);
    t.cell = null;
  };

  const closeTable = (t: TableDraft): void => {
    endCell(t);
    flush(t.before);
    const cells = t.rows.flat();
    const items: Item[] = [...t.before.items];
    const layout =
      t.hasNested ||
      cells.length === 1 ||
      cells.some((c) => c.flow.items.some((i) => i.kind === 'paragraph' && (i.tagged || i.text.length > LAYOUT_CELL)));
    if (layout) {
      // A table that lays out the page (it holds other tables, headings or whole passages): its cells'
      // paragraphs and inner tables are the document's own blocks, in reading order. An inner table so
      // becomes a table block of its own; the outer one leaves no table block.
      for (const c of cells) for (const item of c.flow.items) items.push(item);
    } else if (cells.length > 0) {
      const rows = t.rows.filter((r) => r.length > 0);
      items.push({
        kind: 'table',
        el: t.el,
        rows: rows.map((row, r) =>
          row.map((c) => ({
            text: c.flow.items.map((i) => (i.kind === 'paragraph' ? i.text : '')).join('\n'),
            colSpan: c.colSpan === 0 ? 1 : c.colSpan,
            // rowspan="0" spans the rest of the table.
            rowSpan: c.rowSpan === 0 ? Math.max(1, rows.length - r) : c.rowSpan,
          })),
        ),
      });
    }
    const outer = tables[tables.length - 1];
    if (outer) outer.hasNested = true;
    // One by one: spreading a layout table's many thousand paragraphs into push() would overflow the stack.
    const target = flow().items;
    for (const item of items) target.push(item);
  };

  const onopentag = (name: string, attribs: Readonly<Record<string, string>>): void => {
    const isSkip = SKIP.has(name);
    if (name === 'title' && pageTitle === null && skip === 0) inTitle = true;
    if (skip > 0 || isSkip) {
      if (isSkip) skip++;
      frames.push({
        name,
        rec: innermost(),
        skip: isSkip,
        bold: false,
        center: false,
        heading: heading(),
        table: undefined,
        cell: undefined,
        row: undefined,
      });
      return;
    }
    const t = tables[tables.length - 1];
    if (name === 'br') {
      // A line break ends a paragraph (a cell's paragraphs join with '\n'); in a heading it is a wrapped line.
      if (heading() !== undefined) {
        const f = flow();
        if (f.para) f.para.raw += WRAP;
      } else flush(flow());
    } else if (BLOCK.has(name)) flush(flow());

    let rec = innermost();
    if (!VOID.has(name)) {
      rec = parent.length;
      parent.push(innermost());
      const names = `${attribs['id'] ?? ''} ${attribs['class'] ?? ''}`;
      chrome.push(CHROME_TAGS.has(name) || (names.length > 1 && CHROME_NAME.test(names)));
    }
    const style = attribs['style'] ?? '';
    const isBold = name === 'b' || name === 'strong' || (style !== '' && BOLD_STYLE.test(style));
    const isCenter = name === 'center' || attribs['align']?.toLowerCase() === 'center' || (style !== '' && CENTER_STYLE.test(style));
    const h = HEADING.exec(name);
    let table: TableDraft | undefined;
    let cell: CellDraft | undefined;
    let row: CellDraft[] | undefined;
    if (name === 'table') {
      table = { el: rec, rows: [], row: null, cell: null, before: newFlow(), hasNested: false };
      tables.push(table);
    } else if (t && name === 'tr') {
      endCell(t);
      row = [];
      t.rows.push(row);
      t.row = row;
    } else if (t && (name === 'td' || name === 'th')) {
      endCell(t);
      if (!t.row) {
        t.row = [];
        t.rows.push(t.row);
      }
      cell = { colSpan: span(attribs['colspan']), rowSpan: span(attribs['rowspan']), flow: newFlow() };
      t.row.push(cell);
      t.cell = cell;
    }
    if (isBold) bold++;
    if (isCenter) center++;
    frames.push({ name, rec, skip: false, bold: isBold, center: isCenter, heading: h ? Number(h[1]) : heading(), table, cell, row });
  };

  const close = (frame: Frame): void => {
    if (frame.skip) skip--;
    if (frame.name === 'title') inTitle = false;
    if (skip > 0 || frame.skip) return;
    if (frame.bold) bold--;
    if (frame.center) center--;
    const t = tables[tables.length - 1];
    if (frame.table) {
      // scanMarkup closes every element inside a table before the table itself.
      tables.pop();
      closeTable(frame.table);
    } else if (frame.cell || frame.row) {
      // A cell or row a later tag already ended implicitly is left alone.
      if (t && frame.cell && t.cell === frame.cell) endCell(t);
      if (t && frame.row && t.row === frame.row) {
        endCell(t);
        t.row = null;
      }
    } else if (BLOCK.has(frame.name)) flush(flow());
  };

  scanMarkup(html, false, {
    open: onopentag,
    // Events come balanced: the element closing is the innermost open one.
    close: () => {
      const frame = frames.pop();
      if (frame) close(frame);
    },
    text: (text) => {
      if (inTitle) pageTitle = (pageTitle ?? '') + text;
      else if (skip === 0) append(text);
    },
  });
  flush(page);
  while (tables.length > 0) {
    const t = tables.pop();
    if (t) closeTable(t);
  }
  flush(page);

  return { source: 'html', blocks: keepReport(page.items, parent, chrome, pageTitle) };
}

/**
 * The report's blocks: when its title, tables or section headings are found, only what lies in the
 * smallest element holding them all; never what sits in page chrome (unless the chrome holds the report).
 */
function keepReport(
  items: readonly Item[],
  parent: readonly number[],
  chrome: readonly boolean[],
  pageTitle: string | null,
): PublishedBlock[] {
  const n = parent.length;
  const firstTable = items.findIndex((i) => i.kind === 'table' && isReportTable(i));
  const titles = items
    .map((item, index) => ({ item, index }))
    .filter(
      ({ item, index }) =>
        item.kind === 'paragraph' && TITLE.test(item.text) && item.text.length <= MAX_TITLE && (firstTable < 0 || index < firstTable),
    );
  // The title nearest before the first table (a list of other years' reports may come earlier).
  const title = firstTable >= 0 ? titles[titles.length - 1] : titles[0];
  const marks = items.filter((i) => (i.kind === 'table' && isReportTable(i)) || (i.kind === 'paragraph' && SECTION.test(i.text)));
  if (title) marks.push(title.item);

  // Elements that hold part of the report are never chrome.
  const holds = new Uint8Array(n);
  for (const m of marks) for (let e = m.el; e >= 0 && holds[e] === 0; e = parent[e] ?? -1) holds[e] = 1;
  const dropped = new Uint8Array(n);
  for (let e = 0; e < n; e++) {
    const p = parent[e] ?? -1;
    dropped[e] = (p >= 0 && dropped[p] === 1) || (chrome[e] === true && holds[e] === 0) ? 1 : 0;
  }

  // The content container: the lowest element holding every mark. Records are numbered in document
  // order, so it is the lowest common ancestor of the first and the last mark.
  let container = -1;
  if (marks.length >= 2 && marks.some((m) => m.kind === 'table' || SECTION.test(m.text))) {
    let a = Infinity;
    let b = -Infinity;
    for (const m of marks) {
      a = Math.min(a, m.el);
      b = Math.max(b, m.el);
    }
    if (a >= 0) {
      const depth = (e: number): number => {
        let d = 0;
        for (let x = e; x >= 0; x = parent[x] ?? -1) d++;
        return d;
      };
      let da = depth(a);
      let db = depth(b);
      while (db > da) {
        b = parent[b] ?? -1;
        db--;
      }
      while (da > db) {
        a = parent[a] ?? -1;
        da--;
      }
      while (a !== b) {
        a = parent[a] ?? -1;
        b = parent[b] ?? -1;
      }
      container = a;
    }
  }
  const inside = new Uint8Array(n);
  if (container >= 0) {
    inside[container] = 1;
    for (let e = container + 1; e < n; e++) inside[e] = inside[parent[e] ?? -1] ?? 0;
  }
  const keep = (el: number): boolean => (el < 0 ? container < 0 : dropped[el] === 0 && (container < 0 || inside[el] === 1));

  const blocks: PublishedBlock[] = [];
  for (const item of items) {
    if (!keep(item.el)) continue;
    if (item.kind === 'table') blocks.push({ kind: 'table', rows: item.rows });
    else
      blocks.push(
        item.heading === undefined ? { kind: 'paragraph', text: item.text } : { kind: 'paragraph', text: item.text, heading: item.heading },
      );
  }
  // A page whose title is only in <title> ("…年度报告_某县人民政府"): the title leads the document.
  const fromHead =
    pageTitle === null
      ? undefined
      : normalise(pageTitle)
          .split(/\s*[_|｜—–-]+\s*/)
          .find((part) => TITLE.test(part));
  if (fromHead && !blocks.some((b) => b.kind === 'paragraph' && TITLE.test(b.text)))
    blocks.unshift({ kind: 'paragraph', text: fromHead, heading: 1 });
  return blocks;
}
