import { tableName, type TableId } from '../format';
import type { WorkbookGrid } from '../import/grid';
import { textWidth } from '../layout/spans';
import type { PlanCell, SheetPlan, StyleName, WorkbookPlan } from '../layout/plan';
import { DEFAULT_SHEET } from '../layout/template';
import type { CellValue, ReportData } from '../report/types';
import {
  PLACEHOLDER_OPEN,
  REVIEW_OPEN,
  hasPlaceholder,
  hasReviewMarker,
  type Block,
  type BlockKind,
  type ReportDocument,
} from './document';
import { generateDocument } from './generate';

/**
 * The 正文 sheet: the report's text, a paragraph per row, that the clerk edits in place. Beside each
 * paragraph, in hidden columns, its block id and the text as last generated: a paragraph whose text
 * differs from it was edited by the clerk, and regenerating keeps it.
 */

export const NARRATIVE_SHEET = '正文';
/** First cell of the sheet (hidden column A): identifies a 正文 sheet written by this add-in. */
export const NARRATIVE_MARK = 'nianbao-narrative';

/** Columns: A id (hidden), B text, C status, D text as last generated (hidden), E kind (hidden). */
const COL = { id: 1, text: 2, status: 3, generated: 4, kind: 5 } as const;
const LAST_COL = COL.kind;
const FIRST_ROW = 2;
const TEXT_WIDTH = 90;
/** Reading stops after this many empty rows in a row (a clerk may leave a few blank rows). */
const EMPTY_RUN = 50;
const MAX_ROWS = 5000;

/** What the status column says of a paragraph. */
export type NarrativeStatus = '自动生成' | '待填写' | '待核对' | '已修改';

/** One row of the 正文 sheet as read back. */
export interface NarrativeRow {
  /** The block id; a row the clerk inserted gets `<id of the row above>+<n>`. */
  readonly id: string;
  readonly kind: BlockKind;
  readonly table?: TableId;
  /** The text in column B now. */
  readonly text: string;
  /** The text as last generated (column D); empty for a row the clerk inserted. */
  readonly generated: string;
  readonly status: NarrativeStatus;
  /** The sheet row it was read from. */
  readonly row: number;
}

/** The status of a paragraph: what is left to do first, then whether the clerk changed it. */
export function narrativeStatus(text: string, generated: string): NarrativeStatus {
  if (hasPlaceholder(text)) return '待填写';
  if (hasReviewMarker(text)) return '待核对';
  return text !== generated ? '已修改' : '自动生成';
}

/** The same status as a formula, so that it follows the clerk's typing without the add-in. */
function statusFormula(row: number): string {
  const b = `B${row}`;
  const d = `D${row}`;
  return `IF(ISNUMBER(FIND("${PLACEHOLDER_OPEN}",${b})),"待填写",IF(ISNUMBER(FIND("${REVIEW_OPEN}",${b})),"待核对",IF(${b}<>${d},"已修改","自动生成")))`;
}

/** What a table block's row reads: the table itself lives on the 年报 sheet. */
export function tableRowText(table: TableId): string {
  return `〔${tableName(table)}：见“${DEFAULT_SHEET}”工作表〕`;
}

const STYLE_OF: Readonly<Record<BlockKind, StyleName>> = {
  title: 'title',
  heading1: 'textHeading1',
  heading2: 'textHeading2',
  paragraph: 'text',
  table: 'text',
  signature: 'text',
  date: 'text',
};

/** Row height (points) showing `text` wrapped in column B at the row's font size. */
function rowHeight(kind: BlockKind, text: string): number {
  const size = kind === 'title' ? 16 : kind === 'heading1' ? 14 : 12;
  // A CJK character at `size` pt is about size / 5.2 column-width units wide (宋体 12 pt ≈ 2.3).
  const perLine = Math.max(1, (TEXT_WIDTH - 2) / (size / 5.2));
  const lines = text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(textWidth(line) / 2 / perLine)), 0);
  return Math.round(lines * size * 1.35 + 6);
}

function kindCode(block: Block): string {
  return block.kind === 'table' && block.table ? `table:${block.table}` : block.kind;
}

/**
 * The 正文 sheet holding `doc`, a block per row under a header row. Rows the sheet used before beyond the
 * new ones (`previousRowCount`: the rows under the header, as `narrativeRowsUsed` gives them) are blanked.
 */
export function narrativeSheetPlan(doc: ReportDocument, previousRowCount: number): WorkbookPlan {
  const cells: PlanCell[] = [
    { row: 1, col: COL.id, value: NARRATIVE_MARK, style: 'helper' },
    { row: 1, col: COL.text, value: '正文（可直接修改；重新生成正文时，修改过的段落保留不变。表格见“年报”工作表）', style: 'infoHeader' },
    { row: 1, col: COL.status, value: '状态', style: 'infoHeader' },
    { row: 1, col: COL.generated, value: '生成时的文字（请勿修改）', style: 'helper' },
    { row: 1, col: COL.kind, value: 'kind', style: 'helper' },
  ];
  const rows: { row: number; height: number }[] = [{ row: 1, height: 22 }];
  doc.blocks.forEach((block, i) => {
    const row = FIRST_ROW + i;
    const shown = block.kind === 'table' && block.table ? tableRowText(block.table) : block.text;
    const generated = block.kind === 'table' ? shown : (block.generated ?? block.text);
    cells.push(
      { row, col: COL.id, value: block.id, style: 'helper' },
      { row, col: COL.text, value: shown, style: STYLE_OF[block.kind] },
      { row, col: COL.status, formula: statusFormula(row), result: narrativeStatus(shown, generated), style: 'textStatus' },
      { row, col: COL.generated, value: generated, style: 'helper' },
      { row, col: COL.kind, value: kindCode(block), style: 'helper' },
    );
    rows.push({ row, height: rowHeight(block.kind, shown) });
  });
  const last = FIRST_ROW + doc.blocks.length - 1;
  for (let row = last + 1; row < FIRST_ROW + previousRowCount; row++) {
    for (let col: number = COL.id; col <= LAST_COL; col++)
      cells.push({ row, col, value: null, style: col === COL.text ? 'text' : col === COL.status ? 'textStatus' : 'helper' });
    rows.push({ row, height: 18 });
  }
  const sheet: SheetPlan = {
    name: NARRATIVE_SHEET,
    visibility: 'visible',
    cells,
    merges: [],
    columns: [
      { col: COL.id, width: 14, hidden: true },
      { col: COL.text, width: TEXT_WIDTH },
      { col: COL.status, width: 10 },
      { col: COL.generated, width: 40, hidden: true },
      { col: COL.kind, width: 10, hidden: true },
    ],
    rows,
    conditionalFormats: [],
    validations: [],
    print: { area: { top: FIRST_ROW, left: COL.text, bottom: Math.max(FIRST_ROW, last), right: COL.text }, breaksAfter: [] },
  };
  return { sheets: [sheet], names: [] };
}

const KINDS: ReadonlySet<string> = new Set<BlockKind>(['title', 'heading1', 'heading2', 'paragraph', 'table', 'signature', 'date']);
const TABLES: ReadonlySet<string> = new Set<TableId>(['T2', 'T3', 'T4']);

function cellText(v: CellValue): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

function parseKind(code: string): { kind: BlockKind; table?: TableId } {
  const [kind = '', table = ''] = code.split(':');
  if (kind === 'table' && TABLES.has(table)) return { kind: 'table', table: table as TableId };
  if (KINDS.has(kind) && kind !== 'table') return { kind: kind as BlockKind };
  return { kind: 'paragraph' };
}

/**
 * The 正文 sheet's rows, or null when the workbook has none. Rows the clerk inserted (no id) and copies
 * of a row (an id seen before) become the clerk's own paragraphs; empty rows are skipped.
 */
export function readNarrativeSheet(grid: WorkbookGrid): NarrativeRow[] | null {
  if (!grid.sheets.some((s) => s.name === NARRATIVE_SHEET)) return null;
  if (grid.value(NARRATIVE_SHEET, 1, COL.id) !== NARRATIVE_MARK) return null;
  const out: NarrativeRow[] = [];
  const seen = new Set<string>();
  let anchor = 'start';
  let inserted = 0;
  let empty = 0;
  for (let row = FIRST_ROW; row < FIRST_ROW + MAX_ROWS && empty < EMPTY_RUN; row++) {
    const id = cellText(grid.value(NARRATIVE_SHEET, row, COL.id)).trim();
    const text = cellText(grid.value(NARRATIVE_SHEET, row, COL.text));
    if (id === '' && text.trim() === '') {
      empty++;
      continue;
    }
    empty = 0;
    if (id === '' || seen.has(id)) {
      inserted++;
      out.push({ id: `${anchor}+${inserted}`, kind: 'paragraph', text, generated: '', status: narrativeStatus(text, ''), row });
      continue;
    }
    seen.add(id);
    anchor = id;
    inserted = 0;
    const generated = cellText(grid.value(NARRATIVE_SHEET, row, COL.generated));
    const { kind, table } = parseKind(cellText(grid.value(NARRATIVE_SHEET, row, COL.kind)).trim());
    const base = { id, kind, text, generated, status: narrativeStatus(text, generated), row };
    out.push(table ? { ...base, table } : base);
  }
  return out;
}

/** How many rows under the header the sheet used: pass it to `narrativeSheetPlan` to blank the leftovers. */
export function narrativeRowsUsed(rows: readonly NarrativeRow[] | null): number {
  return rows && rows.length > 0 ? Math.max(...rows.map((r) => r.row)) - FIRST_ROW + 1 : 0;
}

const edited = (row: NarrativeRow): boolean => row.kind !== 'table' && row.text !== row.generated;

/**
 * The fresh document with the clerk's edits kept: a block whose text differs from its last generated text
 * (an edited paragraph, a placeholder filled in, a paragraph the clerk added) keeps the clerk's text as
 * source `clerk`; every other block takes the fresh text. A clerk's paragraph the generator no longer
 * writes stays after the row it followed.
 */
export function regenerate(previous: readonly NarrativeRow[] | null, fresh: ReportDocument): ReportDocument {
  if (!previous) return fresh;
  const byId = new Map(previous.map((r) => [r.id, r]));
  const freshIds = new Set(fresh.blocks.map((b) => b.id));
  const after = new Map<string, Block[]>();
  let anchor = '';
  for (const row of previous) {
    if (freshIds.has(row.id)) {
      anchor = row.id;
      continue;
    }
    if (!edited(row) || row.text.trim() === '') continue;
    const kept: Block = {
      id: row.id,
      kind: row.kind === 'table' ? 'paragraph' : row.kind,
      text: row.text,
      source: 'clerk',
      generated: row.generated,
    };
    after.set(anchor, [...(after.get(anchor) ?? []), kept]);
  }
  const blocks: Block[] = [...(after.get('') ?? [])];
  for (const block of fresh.blocks) {
    const row = byId.get(block.id);
    const kept = row && edited(row) && block.kind !== 'table' && row.text !== block.text;
    blocks.push(kept ? { ...block, text: row.text, source: 'clerk', generated: block.text } : block);
    // Words the clerk typed over a table's stand-in row are not lost: they follow the table as the clerk's paragraph.
    const overTable = row?.kind === 'table' && block.kind === 'table' && row.text.trim() !== '' && row.text !== row.generated;
    if (overTable) {
      let n = 1;
      while (byId.has(`${block.id}+clerk${n}`)) n++;
      blocks.push({ id: `${block.id}+clerk${n}`, kind: 'paragraph', text: row.text, source: 'clerk', generated: '' });
    }
    blocks.push(...(after.get(block.id) ?? []));
  }
  return { ...fresh, blocks };
}

/** The report's document from a workbook: the 正文 sheet with the clerk's edits when it has one, else generated. */
export function documentFromWorkbook(grid: WorkbookGrid, data: ReportData): ReportDocument {
  const fresh = generateDocument(data);
  return regenerate(readNarrativeSheet(grid), fresh);
}
