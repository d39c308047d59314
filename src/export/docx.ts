import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeightRule,
  HighlightColor,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  VerticalMergeType,
  WidthType,
  type FileChild,
  type IParagraphStyleOptions,
} from 'docx';
import { FORMATS } from '../core/format';
import { textWidth } from '../core/layout/spans';
import { PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN, hasPlaceholder, type Block, type ReportDocument } from '../core/narrative/document';
import type { ReportData } from '../core/report/types';
import { officialTable, type GridCell, type GridTable } from './tables';

/**
 * The report as a Word document in 党政机关公文格式 (GB/T 9704-2012): A4, the 公文 margins, 方正小标宋简体
 * title, 仿宋_GB2312 三号 body on a 22-line page, 黑体 / 楷体_GB2312 headings, `— 1 —` page numbers on the
 * outside; the three official tables with their merged headers. Uses no Node API: runs in the task pane too.
 */

const twipsPerMm = 1440 / 25.4;
const mm = (x: number): number => Math.round(x * twipsPerMm);
/** Half-points, as `w:sz` counts. */
const pt = (x: number): number => x * 2;

/** A4 in twips (11906 × 16838). */
export const PAGE = { width: 11906, height: 16838 } as const;
/** GB/T 9704-2012 7.1: 天头 37 mm, 订口 28 mm; the text block 156 mm × 225 mm leaves 35 mm and 26 mm. */
export const MARGINS = { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) } as const;
const TEXT_WIDTH = PAGE.width - MARGINS.left - MARGINS.right;

/** 三号 = 16 pt, 二号 = 22 pt, 四号 = 14 pt. */
const BODY_SIZE = 16;
const TITLE_SIZE = 22;
const PAGE_NUMBER_SIZE = 14;
/** Table text: 宋体 10 pt, so that table 三's 7 data columns and table 四's 15 fit the 156 mm width. */
const TABLE_SIZE = 10;
/** 22 lines in the 225 mm text block: 28.9 pt a line (GB/T 9704 5.2.2). */
const LINE = 578;
const TITLE_LINE = 700;
/** One character of body text, for indents counted in characters. */
const BODY_CHAR = BODY_SIZE * 20;

/** A font and the names to try where it is not installed (written to the font table as `w:altName`). */
export interface FontChoice {
  readonly name: string;
  readonly fallbacks: readonly string[];
  /** What Word substitutes by when neither is installed. */
  readonly panose: string;
  readonly family: 'roman' | 'swiss' | 'modern' | 'script' | 'auto';
  readonly pitch: 'fixed' | 'variable';
}

/** The fonts GB/T 9704 names, with the usual fallbacks on machines without the GB2312 / 方正 fonts. */
export const FONTS = {
  title: {
    name: '方正小标宋简体',
    fallbacks: ['方正小标宋_GBK', '华文中宋', 'STZhongsong', '宋体', 'SimSun'],
    panose: '02000000000000000000',
    family: 'script',
    pitch: 'variable',
  },
  body: {
    name: '仿宋_GB2312',
    fallbacks: ['仿宋', 'FangSong', 'STFangsong'],
    panose: '02010609030101010101',
    family: 'modern',
    pitch: 'fixed',
  },
  heading1: { name: '黑体', fallbacks: ['SimHei', 'STHeiti'], panose: '02010609060101010101', family: 'modern', pitch: 'fixed' },
  heading2: {
    name: '楷体_GB2312',
    fallbacks: ['楷体', 'KaiTi', 'STKaiti'],
    panose: '02010609030101010101',
    family: 'modern',
    pitch: 'fixed',
  },
  table: { name: '宋体', fallbacks: ['SimSun', 'STSong'], panose: '02010600030101010101', family: 'auto', pitch: 'variable' },
} as const satisfies Record<string, FontChoice>;

const runFont = (font: FontChoice): { ascii: string; hAnsi: string; eastAsia: string; cs: string } => ({
  ascii: font.name,
  hAnsi: font.name,
  eastAsia: font.name,
  cs: font.name,
});

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The font table: each font with its fallbacks as `w:altName` (the one place a .docx names alternatives),
 * the GB2312 character set and its PANOSE class, which Word uses to choose a substitute.
 */
export function fontTableXml(fonts: readonly FontChoice[] = Object.values(FONTS)): string {
  const entries = fonts.map(
    (f) =>
      `<w:font w:name="${escapeXml(f.name)}"><w:altName w:val="${escapeXml(f.fallbacks.join(','))}"/><w:panose1 w:val="${f.panose}"/>` +
      `<w:charset w:val="86"/><w:family w:val="${f.family}"/><w:pitch w:val="${f.pitch}"/>` +
      `<w:sig w:usb0="00000001" w:usb1="080E0000" w:usb2="00000010" w:usb3="00000000" w:csb0="00040000" w:csb1="00000000"/></w:font>`,
  );
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    entries.join('') +
    '</w:fonts>'
  );
}

const firstLineIndent = { firstLine: 2 * BODY_CHAR, firstLineChars: 200 };
const exactLine = { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 };

const STYLES: readonly IParagraphStyleOptions[] = [
  {
    id: 'nbTitle',
    name: '公文标题',
    basedOn: 'Normal',
    next: 'nbBody',
    quickFormat: true,
    run: { font: runFont(FONTS.title), size: pt(TITLE_SIZE) },
    paragraph: {
      alignment: AlignmentType.CENTER,
      spacing: { line: TITLE_LINE, lineRule: LineRuleType.EXACT, before: 0, after: LINE },
      keepNext: true,
    },
  },
  {
    id: 'nbHeading1',
    name: '一级标题',
    basedOn: 'Normal',
    next: 'nbBody',
    quickFormat: true,
    run: { font: runFont(FONTS.heading1), size: pt(BODY_SIZE) },
    paragraph: { indent: firstLineIndent, spacing: exactLine, keepNext: true, outlineLevel: 0 },
  },
  {
    id: 'nbHeading2',
    name: '二级标题',
    basedOn: 'Normal',
    next: 'nbBody',
    quickFormat: true,
    run: { font: runFont(FONTS.heading2), size: pt(BODY_SIZE) },
    paragraph: { indent: firstLineIndent, spacing: exactLine, keepNext: true, outlineLevel: 1 },
  },
  {
    id: 'nbBody',
    name: '公文正文',
    basedOn: 'Normal',
    quickFormat: true,
    run: { font: runFont(FONTS.body), size: pt(BODY_SIZE) },
    paragraph: { alignment: AlignmentType.JUSTIFIED, indent: firstLineIndent, spacing: exactLine },
  },
  {
    id: 'nbSignature',
    name: '署名与日期',
    basedOn: 'Normal',
    quickFormat: true,
    run: { font: runFont(FONTS.body), size: pt(BODY_SIZE) },
    paragraph: { alignment: AlignmentType.RIGHT, spacing: exactLine, keepNext: true },
  },
  {
    id: 'nbCaption',
    name: '表格标题',
    basedOn: 'Normal',
    next: 'nbBody',
    run: { font: runFont(FONTS.heading1), size: pt(BODY_SIZE) },
    paragraph: { alignment: AlignmentType.CENTER, spacing: exactLine, keepNext: true },
  },
  {
    id: 'nbTable',
    name: '表格文字',
    basedOn: 'Normal',
    run: { font: runFont(FONTS.table), size: pt(TABLE_SIZE) },
    paragraph: { alignment: AlignmentType.CENTER, spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 } },
  },
  {
    id: 'nbPageNumber',
    name: '页码',
    basedOn: 'Normal',
    run: { font: runFont(FONTS.table), size: pt(PAGE_NUMBER_SIZE) },
    paragraph: { spacing: { line: 320, lineRule: LineRuleType.EXACT, before: 0, after: 0 } },
  },
];

/** Text as runs, a `【请填写：…】` placeholder highlighted so that it cannot be overlooked in Word. */
function runs(text: string): TextRun[] {
  const out: TextRun[] = [];
  let rest = text;
  while (rest !== '') {
    const open = rest.indexOf(PLACEHOLDER_OPEN);
    if (open < 0) {
      out.push(new TextRun(rest));
      break;
    }
    const close = rest.indexOf(PLACEHOLDER_CLOSE, open);
    const end = close < 0 ? rest.length : close + PLACEHOLDER_CLOSE.length;
    if (open > 0) out.push(new TextRun(rest.slice(0, open)));
    out.push(new TextRun({ text: rest.slice(open, end), highlight: HighlightColor.YELLOW }));
    rest = rest.slice(end);
  }
  return out;
}

/** A block's text as paragraphs: a line break the clerk typed starts a new paragraph. */
function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** Width in characters of the body font: CJK characters one, digits and Latin half. */
const chars = (text: string): number => textWidth(text) / 2;

/** The title on one line, or broken after the organ's name when it does not fit (回行词意完整). */
function title(text: string, organ: string | null): Paragraph {
  const perLine = Math.floor(TEXT_WIDTH / (TITLE_SIZE * 20));
  const name = organ?.trim() ?? '';
  if (chars(text) > perLine && name !== '' && text.startsWith(name) && text.length > name.length) {
    return new Paragraph({ style: 'nbTitle', children: [new TextRun(name), new TextRun({ text: text.slice(name.length), break: 1 })] });
  }
  return new Paragraph({ style: 'nbTitle', children: runs(text) });
}

/**
 * 署名 and 成文日期 of a document without a seal (GB/T 9704 7.3.5.2): the signature right-aligned two
 * characters from the right, one line below the text; the date under it, starting two characters right
 * of the signature's first character (placed by its first character, so the rule holds whatever width
 * the fonts give its digits). A date longer than that ends two characters from the right instead, and
 * the signature moves left to start two characters before it. Indents in twips.
 */
function signatureLayout(signature: string, date: string): { signature: { right: number }; date: { left: number } | { right: number } } {
  const s = chars(signature) * BODY_CHAR;
  // A date still to be filled in is placed as the date it will become.
  const d = chars(hasPlaceholder(date) ? '2025年12月31日' : date) * BODY_CHAR;
  const two = 2 * BODY_CHAR;
  if (s >= d + two) return { signature: { right: two }, date: { left: Math.max(0, TEXT_WIDTH - two - s + two) } };
  return { signature: { right: two + d + two - s }, date: { right: two } };
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;
/** Left and right cell padding, twips. */
const CELL_MARGIN = 45;

/** Grid column widths in twips, scaled to the text width and summing to it exactly. */
function scaledWidths(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => Math.floor((w / total) * TEXT_WIDTH));
  const short = TEXT_WIDTH - widths.reduce((a, b) => a + b, 0);
  widths[widths.length - 1] = (widths[widths.length - 1] ?? 0) + short;
  return widths;
}

const ALIGN: Readonly<Record<GridCell['role'], (typeof AlignmentType)[keyof typeof AlignmentType]>> = {
  part: AlignmentType.CENTER,
  note: AlignmentType.CENTER,
  header: AlignmentType.CENTER,
  group: AlignmentType.CENTER,
  label: AlignmentType.LEFT,
  value: AlignmentType.CENTER,
};

/**
 * A grid as a Word table: a merged block is one cell spanning columns (`w:gridSpan`) whose rows below
 * continue it (`w:vMerge`), written out explicitly so every row has its grid's full width of cells.
 */
function table(grid: GridTable): Table {
  const widths = scaledWidths(grid.widths);
  const columns = widths.length;
  const cover: (GridCell | undefined)[] = new Array<GridCell | undefined>(grid.rows * columns);
  for (const cell of grid.cells) {
    for (let r = cell.row; r < cell.row + cell.rowSpan; r++)
      for (let k = cell.col; k < cell.col + cell.colSpan; k++) cover[r * columns + k] = cell;
  }
  // A row keeps with the next (so the page does not break below it) in the header, throughout a table
  // kept together, and in the first rows of a merged label until they are tall enough to show it whole:
  // a merged cell broken across pages shows its text only in its first part.
  const keep = new Set<number>();
  for (let r = 0; r < grid.rows - 1; r++) if (grid.keepTogether || r < grid.headerRows) keep.add(r);
  for (const cell of grid.cells) {
    if (cell.rowSpan < 2 || cell.row < grid.headerRows) continue;
    const width = widths.slice(cell.col, cell.col + cell.colSpan).reduce((a, b) => a + b, 0) - 2 * CELL_MARGIN;
    const perLine = Math.max(1, Math.floor(width / (TABLE_SIZE * 20)));
    const needed = Math.min(cell.rowSpan, Math.ceil(chars(cell.text) / perLine));
    for (let r = cell.row; r < cell.row + needed - 1; r++) keep.add(r);
  }
  const rows: TableRow[] = [];
  for (let r = 0; r < grid.rows; r++) {
    const cells: TableCell[] = [];
    for (let k = 0; k < columns;) {
      const cell = cover[r * columns + k];
      if (!cell) throw new Error(`${grid.table}: no cell at ${r},${k}`);
      const width = widths.slice(cell.col, cell.col + cell.colSpan).reduce((a, b) => a + b, 0);
      const starts = cell.row === r;
      const merge = cell.rowSpan > 1 ? (starts ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE) : undefined;
      // Keep-with-next on a row's paragraphs keeps it on the page of the row below (Word and LibreOffice).
      const keepNext = keep.has(r) ? { keepNext: true } : {};
      cells.push(
        new TableCell({
          children: [
            new Paragraph({ style: 'nbTable', alignment: ALIGN[cell.role], ...keepNext, children: starts ? runs(cell.text) : [] }),
          ],
          width: { size: width, type: WidthType.DXA },
          verticalAlign: VerticalAlignTable.CENTER,
          ...(cell.colSpan > 1 ? { columnSpan: cell.colSpan } : {}),
          ...(merge ? { verticalMerge: merge } : {}),
        }),
      );
      k += cell.colSpan;
    }
    rows.push(
      new TableRow({
        children: cells,
        tableHeader: r < grid.headerRows,
        cantSplit: true,
        height: { value: 360, rule: HeightRule.ATLEAST },
      }),
    );
  }
  return new Table({
    rows,
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER },
    margins: { top: 40, bottom: 40, left: CELL_MARGIN, right: CELL_MARGIN },
  });
}

/** `— 1 —` in 四号 宋体, one character in from the outside edge: right on odd pages, left on even. */
function pageNumberFooter(side: 'odd' | 'even'): Footer {
  const indent = PAGE_NUMBER_SIZE * 20;
  return new Footer({
    children: [
      new Paragraph({
        style: 'nbPageNumber',
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: indent } : { left: indent },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'] })],
      }),
    ],
  });
}

function body(doc: ReportDocument, data: ReportData): FileChild[] {
  const format = FORMATS[data.format];
  const signature = doc.blocks.find((b) => b.kind === 'signature')?.text.trim() ?? '';
  const date = doc.blocks.find((b) => b.kind === 'date')?.text.trim() ?? '';
  const layout = signatureLayout(signature, date);
  const out: FileChild[] = [];
  let signed = false;
  const put = (block: Block, next: Block | undefined): void => {
    switch (block.kind) {
      case 'title':
        out.push(title(block.text.trim(), doc.organ));
        return;
      case 'heading1':
      case 'heading2':
        for (const line of lines(block.text))
          out.push(new Paragraph({ style: block.kind === 'heading1' ? 'nbHeading1' : 'nbHeading2', children: runs(line) }));
        return;
      case 'paragraph': {
        // The last line before the signature goes with it (a signature never starts a page alone), and
        // so does the line that introduces a table.
        const signs = next?.kind === 'signature' || next?.kind === 'date' || next?.kind === 'table';
        const texts = lines(block.text);
        texts.forEach((line, i) =>
          out.push(
            new Paragraph({ style: 'nbBody', ...(signs && i === texts.length - 1 ? { keepNext: true } : {}), children: runs(line) }),
          ),
        );
        return;
      }
      case 'table': {
        if (!block.table) return;
        for (const line of lines(block.text)) out.push(new Paragraph({ style: 'nbCaption', children: runs(line) }));
        out.push(table(officialTable(block.table, data, format)));
        // A line after the table keeps the next heading off its border (and two tables apart).
        out.push(new Paragraph({ style: 'nbBody', children: [] }));
        return;
      }
      case 'signature':
      case 'date': {
        const placed = block.kind === 'signature' ? layout.signature : layout.date;
        const alignment = 'left' in placed ? AlignmentType.LEFT : AlignmentType.RIGHT;
        // 正文下空一行: the first of signature and date gets a blank line above it.
        const before = signed ? 0 : LINE;
        signed = true;
        for (const line of lines(block.text))
          out.push(new Paragraph({ style: 'nbSignature', alignment, indent: placed, spacing: { before }, children: runs(line) }));
        return;
      }
    }
  };
  doc.blocks.forEach((block, i) => put(block, doc.blocks[i + 1]));
  return out;
}

/** The report as a .docx file: the document's blocks in order, each table block as the official table. */
export async function renderDocx(doc: ReportDocument, data: ReportData): Promise<Uint8Array> {
  const titleText = doc.blocks.find((b) => b.kind === 'title')?.text ?? '';
  const file = new Document({
    creator: '年报助手',
    title: titleText,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: runFont(FONTS.body), size: pt(BODY_SIZE), language: { value: 'zh-CN', eastAsia: 'zh-CN' } },
          paragraph: { spacing: exactLine },
        },
      },
      paragraphStyles: STYLES,
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { ...MARGINS, header: mm(15), footer: mm(35 - 7) - 320 },
          },
        },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children: body(doc, data),
      },
    ],
  });
  const bytes = await Packer.toArrayBuffer(file, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
  return new Uint8Array(bytes);
}
