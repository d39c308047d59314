import { strFromU8, unzipSync } from 'fflate';
import { scanMarkup } from '../../core/import/html';
import type { PublishedBlock, PublishedDocument, TableCell } from '../../core/import/published/document';
import type { ReadResult } from '../../core/import/workbook';
import { isOleCompound } from '../xlsx/read';

/*
 * A .docx read for its text: only the main document part and the style sheet are inflated, and the XML is
 * read in one streaming pass of htmlparser2's tokenizer (scanMarkup, XML mode). Paragraphs and tables come out in body order; Word's
 * merged cells become spans (w:gridSpan → colSpan; a w:vMerge restart cell gets the rows its continuation
 * cells cover, and those are dropped from their rows, as a web page's rowspan leaves them out).
 */

/** Larger than any report's text; a part bigger than this is a zip bomb or not a report. */
const MAX_PART = 256 * 1024 * 1024;
const W_NAMESPACES = new Set([
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  'http://purl.oclc.org/ooxml/wordprocessingml/main',
]);
const MC_NAMESPACE = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
const OFFICE_DOCUMENT = /\/officeDocument$/;
const STYLES = /\/styles$/;
/** Single-cell tables and tables holding tables or long passages lay out the page (as in html.ts). */
const LAYOUT_CELL = 300;

const ERRORS = {
  empty: '文件是空的（0 字节）。',
  ole: '文件已加密（设有打开密码）或是旧版 .doc 格式，无法读取。请在 Word 或 WPS 文字中取消打开密码，或另存为 .docx 后再校验。',
  notZip: '不是有效的 Word（.docx）文件（无法解压），可能已损坏或只是改了扩展名。请用 Word 或 WPS 文字打开后另存为 .docx 再校验。',
  noDocument: '不是有效的 Word（.docx）文件：缺少正文部分（word/document.xml），文件可能已损坏或是其他类型的压缩包。',
  workbook: '这是 Excel 工作簿，不是 Word 文件：请把扩展名改为 .xlsx 后再校验。',
  tooLarge: `正文部分过大（解压后超过 ${MAX_PART / 1024 / 1024} MB），不像是一份年报，无法读取。`,
  notWord: '不是有效的 Word（.docx）文件：正文部分（word/document.xml）无法识别，文件可能已损坏。',
} as const;

/** `a/b/../c` → `a/c`; a target relative to the folder of the part whose relationships name it. */
function resolvePart(base: string, target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : `${base}${target}`;
  const parts: string[] = [];
  for (const p of path.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.' && p !== '') parts.push(p);
  }
  return parts.join('/');
}

/** XML bytes as text: UTF-8 (BOM or not), or UTF-16 with a BOM, as XML allows. */
function xmlText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return strFromU8(bytes).replace(/^\uFEFF/, '');
}

/** Relationship targets by type, from a `.rels` part. */
function relationships(xml: string | undefined): { type: string; target: string }[] {
  if (!xml) return [];
  const out: { type: string; target: string }[] = [];
  scanMarkup(xml, true, {
    open: (name, attribs) => {
      const type = attribs['Type'];
      const target = attribs['Target'];
      if (name.replace(/^.*:/, '') === 'Relationship' && type && target && attribs['TargetMode'] !== 'External') out.push({ type, target });
    },
    close: () => undefined,
    text: () => undefined,
  });
  return out;
}

/** The name of an element in WordprocessingML, without its prefix; '' for other vocabularies. */
type LocalName = (name: string) => string;
function localNamer(prefix: string): LocalName {
  const p = prefix === '' ? '' : `${prefix}:`;
  return (name) => (p === '' ? (name.includes(':') ? '' : name) : name.startsWith(p) ? name.slice(p.length) : '');
}

/** The prefixes the root element binds to WordprocessingML and to markup compatibility. */
function prefixesOf(attribs: Readonly<Record<string, string>>): { w: string | undefined; mc: string } {
  let w: string | undefined;
  let mc = 'mc';
  for (const [key, value] of Object.entries(attribs)) {
    const prefix = key === 'xmlns' ? '' : key.startsWith('xmlns:') ? key.slice(6) : undefined;
    if (prefix === undefined) continue;
    if (W_NAMESPACES.has(value)) w = prefix;
    if (value === MC_NAMESPACE) mc = prefix;
  }
  return { w, mc };
}

const HEADING_NAME = /^(?:heading|标题)\s*([1-9])$/i;

interface StyleDef {
  readonly name: string | undefined;
  readonly basedOn: string | undefined;
  readonly outline: number | undefined;
}

/** Paragraph styles by id: name, parent and outline level, to give a paragraph its heading level. */
function readStyles(xml: string | undefined): Map<string, StyleDef> {
  const styles = new Map<string, StyleDef>();
  if (!xml) return styles;
  let local: LocalName = localNamer('w');
  let w = 'w:';
  let current: { id: string; name?: string; basedOn?: string; outline?: number } | undefined;
  let depth = 0;
  let changeDepth = 0;
  scanMarkup(xml, true, {
    open: (name, attribs) => {
      depth++;
      if (depth === 1) {
        const prefix = prefixesOf(attribs).w ?? 'w';
        local = localNamer(prefix);
        w = prefix === '' ? '' : `${prefix}:`;
        return;
      }
      const l = local(name);
      if (l.endsWith('PrChange')) changeDepth++;
      if (changeDepth > 0) return;
      const id = attribs[`${w}styleId`];
      const val = attribs[`${w}val`];
      if (l === 'style' && id !== undefined && attribs[`${w}type`] === 'paragraph') current = { id };
      else if (current && l === 'name' && val !== undefined) current.name = val;
      else if (current && l === 'basedOn' && val !== undefined) current.basedOn = val;
      else if (current && l === 'outlineLvl') current.outline = Number(val);
    },
    close: (name) => {
      depth--;
      const l = local(name);
      if (l.endsWith('PrChange')) changeDepth--;
      else if (l === 'style' && current) {
        styles.set(current.id, { name: current.name, basedOn: current.basedOn, outline: current.outline });
        current = undefined;
      }
    },
    text: () => undefined,
  });
  return styles;
}

/** Heading level of a paragraph style (1–9), following `basedOn`; undefined for body text. */
function styleLevel(styles: ReadonlyMap<string, StyleDef>, id: string): number | undefined {
  let at: string | undefined = id;
  for (let hops = 0; at !== undefined && hops < 16; hops++) {
    const style = styles.get(at);
    const named = HEADING_NAME.exec(style?.name ?? at.replace(/^Heading(\d)$/, 'heading $1'));
    if (named) return Number(named[1]);
    if (style?.outline !== undefined && Number.isInteger(style.outline))
      return style.outline >= 0 && style.outline < 9 ? style.outline + 1 : undefined;
    at = style?.basedOn;
  }
  return undefined;
}

interface ParaItem {
  readonly kind: 'paragraph';
  readonly text: string;
  readonly heading: number | undefined;
}
interface TableItem {
  readonly kind: 'table';
  readonly rows: readonly (readonly TableCell[])[];
}
type Item = ParaItem | TableItem;

interface ParaDraft {
  text: string;
  style: string | undefined;
  outline: number | undefined;
}
interface CellDraft {
  colSpan: number;
  rowSpan: number;
  merge: 'none' | 'restart' | 'continue';
  readonly items: Item[];
}
interface RowDraft {
  readonly cells: CellDraft[];
  /** Grid column where the next cell starts. */
  col: number;
  /** Start columns of the vertical merges this row restarts or continues. */
  readonly merged: Set<number>;
}
interface TableDraft {
  readonly rows: RowDraft[];
  row: RowDraft | null;
  cell: CellDraft | null;
  /** Open vertical merges by start column: the restart cell that continuation cells extend. */
  readonly merges: Map<number, CellDraft>;
  hasNested: boolean;
}

/** Elements whose content is not the document's current text. */
function skipped(l: string, name: string, mc: string): boolean {
  return (
    l === 'del' || // tracked deletion
    l === 'moveFrom' ||
    l === 'rt' || // ruby (pinyin) above the base text
    l.endsWith('PrChange') || // formatting as it was before a tracked change
    l === 'tblGridChange' ||
    name === `${mc}:Fallback` // the older rendering of what mc:Choice holds (a text box twice over)
  );
}

function parseDocument(xml: string, styles: ReadonlyMap<string, StyleDef>): ReadResult<PublishedBlock[]> {
  let local: LocalName = () => '';
  let attr = (attribs: Readonly<Record<string, string>>, name: string): string | undefined => attribs[`w:${name}`];
  let mc = 'mc';
  let depth = 0;
  let isWord = false;
  let skip = 0;
  const skipStack: boolean[] = [];

  const page: Item[] = [];
  const paras: ParaDraft[] = [];
  const tables: TableDraft[] = [];
  let inRun = 0;
  let inText = 0;
  let inRunProps = 0;
  let inParaProps = 0;
  let hidden = false;
  /** Per open content control: whether it shows its placeholder prompt instead of content. */
  const controls: boolean[] = [];

  const flow = (): Item[] => {
    const t = tables[tables.length - 1];
    // Text between cells (a malformed table) goes nowhere rather than into a wrong cell.
    return t ? (t.cell?.items ?? []) : page;
  };
  const put = (text: string): void => {
    const p = paras[paras.length - 1];
    if (p && !hidden) p.text += text;
  };

  const closeTable = (t: TableDraft): void => {
    const cells = t.rows.flatMap((r) => r.cells);
    const items: Item[] = [];
    const layout =
      t.hasNested ||
      cells.length === 1 ||
      cells.some((c) => c.items.some((i) => i.kind === 'paragraph' && (i.heading !== undefined || i.text.length > LAYOUT_CELL)));
    if (layout) {
      // A table that lays out the page: its paragraphs and inner tables are the document's own blocks
      // (an inner table so becomes a table block of its own; the outer one leaves none).
      for (const c of cells) for (const item of c.items) items.push(item);
    } else if (cells.length > 0) {
      items.push({
        kind: 'table',
        rows: t.rows
          .filter((r) => r.cells.length > 0)
          .map((r) =>
            r.cells.map((c) => ({
              text: c.items
                .map((i) => (i.kind === 'paragraph' ? i.text : ''))
                .filter((s) => s !== '')
                .join('\n'),
              colSpan: c.colSpan,
              rowSpan: c.rowSpan,
            })),
          ),
      });
    }
    const outer = tables[tables.length - 1];
    if (outer) outer.hasNested = true;
    // One by one: spreading a layout table's many thousand paragraphs into push() would overflow the stack.
    const target = flow();
    for (const item of items) target.push(item);
  };

  const endCell = (t: TableDraft): void => {
    const cell = t.cell;
    const row = t.row;
    t.cell = null;
    if (!cell || !row) return;
    const col = row.col;
    row.col += cell.colSpan;
    const open = t.merges.get(col);
    if (cell.merge === 'continue' && open) {
      open.rowSpan++;
      row.merged.add(col);
      return;
    }
    for (let c = col; c < col + cell.colSpan; c++) t.merges.delete(c);
    if (cell.merge === 'restart') {
      t.merges.set(col, cell);
      row.merged.add(col);
    }
    row.cells.push(cell);
  };
  const endRow = (t: TableDraft): void => {
    endCell(t);
    const row = t.row;
    t.row = null;
    if (!row) return;
    // A merge that this row does not continue has ended.
    for (const col of [...t.merges.keys()]) if (!row.merged.has(col)) t.merges.delete(col);
  };

  scanMarkup(xml, true, {
    open: (name, attribs) => {
      depth++;
      if (depth === 1) {
        const prefixes = prefixesOf(attribs);
        isWord = prefixes.w !== undefined && name === (prefixes.w === '' ? 'document' : `${prefixes.w}:document`);
        const w = prefixes.w ?? 'w';
        local = localNamer(w);
        attr = (a, n) => a[w === '' ? n : `${w}:${n}`];
        mc = prefixes.mc;
      }
      const l = local(name);
      // A content control still showing its prompt (「单击或点击此处输入文字」) holds no text of the report.
      const skips = skipped(l, name, mc) || (l === 'sdtContent' && controls[controls.length - 1] === true);
      skipStack.push(skips);
      if (skips) skip++;
      if (skip > 0 || !isWord) return;
      const t = tables[tables.length - 1];
      const p = paras[paras.length - 1];
      switch (l) {
        case 'p':
          paras.push({ text: '', style: undefined, outline: undefined });
          break;
        case 'pPr':
          inParaProps++;
          break;
        case 'pStyle':
          if (p && inParaProps > 0) p.style = attr(attribs, 'val');
          break;
        case 'outlineLvl':
          if (p && inParaProps > 0) p.outline = Number(attr(attribs, 'val'));
          break;
        case 'sdt':
          controls.push(false);
          break;
        case 'showingPlcHdr':
          if (controls.length > 0) controls[controls.length - 1] = !/^(?:0|false|off)$/i.test(attr(attribs, 'val') ?? '');
          break;
        case 'r':
          inRun++;
          hidden = false;
          break;
        case 'rPr':
          if (inRun > 0) inRunProps++;
          break;
        case 'vanish':
          if (inRunProps > 0) hidden = !/^(?:0|false|off)$/i.test(attr(attribs, 'val') ?? '');
          break;
        case 't':
          if (inRun > 0) inText++;
          break;
        case 'tab':
        case 'ptab':
          if (inRun > 0) put('\t');
          break;
        case 'br':
        case 'cr':
          if (inRun > 0) put('\n');
          break;
        case 'noBreakHyphen':
          if (inRun > 0) put('-');
          break;
        case 'tbl':
          tables.push({ rows: [], row: null, cell: null, merges: new Map(), hasNested: false });
          break;
        case 'tr':
          if (t) {
            endRow(t);
            t.row = { cells: [], col: 0, merged: new Set() };
            t.rows.push(t.row);
          }
          break;
        case 'gridBefore':
          // Cells the row leaves out at its start: they move the grid columns, no cell comes out.
          if (t?.row && t.row.cells.length === 0 && !t.cell) t.row.col += Math.max(0, Number(attr(attribs, 'val')) || 0);
          break;
        case 'tc':
          if (t) {
            endCell(t);
            if (!t.row) {
              t.row = { cells: [], col: 0, merged: new Set() };
              t.rows.push(t.row);
            }
            t.cell = { colSpan: 1, rowSpan: 1, merge: 'none', items: [] };
          }
          break;
        case 'gridSpan':
          if (t?.cell) t.cell.colSpan = Math.min(1000, Math.max(1, Number(attr(attribs, 'val')) || 1));
          break;
        case 'vMerge':
          if (t?.cell) t.cell.merge = attr(attribs, 'val') === 'restart' ? 'restart' : 'continue';
          break;
      }
    },
    text: (text) => {
      if (inText > 0 && skip === 0) put(text);
    },
    close: (name) => {
      depth--;
      const skips = skipStack.pop() ?? false;
      if (skip > 0 || !isWord) {
        if (skips) skip--;
        return;
      }
      const l = local(name);
      switch (l) {
        case 'p': {
          const p = paras.pop();
          if (!p) break;
          const text = p.text.replace(/\u00a0/g, ' ').replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
          if (text === '') break;
          const outline =
            p.outline !== undefined && Number.isInteger(p.outline) ? (p.outline >= 0 && p.outline < 9 ? p.outline + 1 : null) : undefined;
          const heading = outline === null ? undefined : (outline ?? (p.style === undefined ? undefined : styleLevel(styles, p.style)));
          flow().push({ kind: 'paragraph', text, heading });
          break;
        }
        case 'r':
          inRun = Math.max(0, inRun - 1);
          hidden = false;
          break;
        case 'rPr':
          if (inRunProps > 0) inRunProps--;
          break;
        case 'pPr':
          if (inParaProps > 0) inParaProps--;
          break;
        case 'sdt':
          controls.pop();
          break;
        case 't':
          if (inText > 0) inText--;
          break;
        case 'tc': {
          const t = tables[tables.length - 1];
          if (t) endCell(t);
          break;
        }
        case 'tr': {
          const t = tables[tables.length - 1];
          if (t) endRow(t);
          break;
        }
        case 'tbl': {
          const t = tables.pop();
          if (t) {
            endRow(t);
            closeTable(t);
          }
          break;
        }
      }
    },
  });
  if (!isWord) return { ok: false, error: ERRORS.notWord };
  const blocks: PublishedBlock[] = page.map((i) =>
    i.kind === 'table'
      ? { kind: 'table', rows: i.rows }
      : i.heading === undefined
        ? { kind: 'paragraph', text: i.text }
        : { kind: 'paragraph', text: i.text, heading: i.heading },
  );
  return { ok: true, value: blocks };
}

/**
 * A Word (.docx) file as a document: body paragraphs and tables with merged cells. A file that is not a
 * readable .docx (not a zip, encrypted, no document part) is a Chinese error, never a throw.
 */
export function readDocxDocument(bytes: Uint8Array): ReadResult<PublishedDocument> {
  if (bytes.length === 0) return { ok: false, error: ERRORS.empty };
  // A .docx with an opening password is an OLE compound file, and so is an old .doc.
  if (isOleCompound(bytes)) return { ok: false, error: ERRORS.ole };
  const tooLarge = new Set<string>();
  const unzip = (names: ReadonlySet<string>): Record<string, Uint8Array> | undefined => {
    try {
      return unzipSync(bytes, {
        filter: (f) => {
          if (!names.has(f.name)) return false;
          if (f.originalSize > MAX_PART) {
            tooLarge.add(f.name);
            return false;
          }
          return true;
        },
      });
    } catch {
      return undefined;
    }
  };
  const first = unzip(new Set(['_rels/.rels', 'word/document.xml', 'word/styles.xml', 'word/_rels/document.xml.rels', 'xl/workbook.xml']));
  if (!first) return { ok: false, error: ERRORS.notZip };
  const text = (files: Record<string, Uint8Array>, name: string): string | undefined => {
    const f = files[name];
    return f ? xmlText(f) : undefined;
  };
  // The main part is where the package's relationships say (word/document.xml in every writer seen).
  const main = relationships(text(first, '_rels/.rels')).find((r) => OFFICE_DOCUMENT.test(r.type));
  const documentPath = main ? resolvePart('', main.target) : 'word/document.xml';
  const folder = documentPath.slice(0, documentPath.lastIndexOf('/') + 1);
  const relsPath = `${folder}_rels/${documentPath.slice(folder.length)}.rels`;
  let files = first;
  if (documentPath !== 'word/document.xml') files = unzip(new Set([documentPath, relsPath])) ?? {};
  if (tooLarge.size > 0) return { ok: false, error: ERRORS.tooLarge };
  const documentXml = text(files, documentPath);
  if (documentXml === undefined) return { ok: false, error: first['xl/workbook.xml'] ? ERRORS.workbook : ERRORS.noDocument };
  const stylesRel = relationships(text(files, relsPath) ?? text(first, relsPath)).find((r) => STYLES.test(r.type));
  const stylesPath = stylesRel ? resolvePart(folder, stylesRel.target) : 'word/styles.xml';
  const stylesXml = text(first, stylesPath) ?? text(unzip(new Set([stylesPath])) ?? {}, stylesPath);
  const blocks = parseDocument(documentXml, readStyles(stylesXml));
  return blocks.ok ? { ok: true, value: { source: 'docx', blocks: blocks.value } } : blocks;
}
