import type { Position, Rect } from './a1';

/**
 * The port between the core and the hosts: the core describes a workbook as data and each host
 * (exceljs, Office.js, WPS, the preview) replays it.
 */

/** Named cell styles; hosts map them to their own formats. */
export type StyleName =
  | 'title'
  | 'section'
  | 'infoHeader'
  | 'infoLabel'
  | 'infoInput'
  | 'header'
  | 'label'
  | 'note'
  | 'input'
  | 'amountInput'
  | 'computed'
  | 'status'
  | 'helper'
  | 'textHeading1'
  | 'textHeading2'
  | 'text'
  | 'textStatus';

export interface CellStyle {
  readonly font: { readonly name: string; readonly size: number; readonly bold?: boolean; readonly color?: string };
  /** RRGGBB, no alpha. */
  readonly fill?: string;
  readonly align: { readonly h: 'left' | 'center' | 'right'; readonly v: 'top' | 'middle' | 'bottom'; readonly wrap: boolean };
  readonly border: boolean;
  readonly numberFormat?: string;
  /** Cells the clerk types into are unlocked (protection is left off; this documents intent). */
  readonly input?: boolean;
}

const SONG = '宋体';
const HEI = '黑体';
const KAI = '楷体';
const centered = { h: 'center', v: 'middle', wrap: true } as const;

export const STYLES: Readonly<Record<StyleName, CellStyle>> = {
  title: { font: { name: HEI, size: 16, bold: true }, align: centered, border: false },
  section: { font: { name: HEI, size: 12 }, align: { h: 'left', v: 'middle', wrap: false }, border: false },
  infoHeader: { font: { name: HEI, size: 11 }, fill: 'D9E1F2', align: { h: 'left', v: 'middle', wrap: false }, border: true },
  infoLabel: { font: { name: SONG, size: 10 }, fill: 'F2F2F2', align: { h: 'left', v: 'middle', wrap: true }, border: true },
  infoInput: { font: { name: SONG, size: 10, color: '1F3864' }, fill: 'FFFDE7', align: { h: 'left', v: 'middle', wrap: true }, border: true, input: true },
  header: { font: { name: SONG, size: 10 }, align: centered, border: true },
  label: { font: { name: SONG, size: 10 }, align: { h: 'left', v: 'middle', wrap: true }, border: true },
  note: { font: { name: SONG, size: 9 }, align: centered, border: true },
  input: { font: { name: SONG, size: 10, color: '1F3864' }, fill: 'FFFDE7', align: centered, border: true, numberFormat: '0', input: true },
  amountInput: {
    font: { name: SONG, size: 10, color: '1F3864' },
    fill: 'FFFDE7',
    align: centered,
    border: true,
    numberFormat: '0.0000',
    input: true,
  },
  computed: { font: { name: SONG, size: 10, bold: true }, fill: 'EDEDED', align: centered, border: true, numberFormat: '0' },
  status: { font: { name: HEI, size: 10, color: 'C00000' }, align: { h: 'left', v: 'middle', wrap: false }, border: false },
  helper: { font: { name: SONG, size: 9, color: '808080' }, align: { h: 'left', v: 'middle', wrap: false }, border: false },
  // The 正文 sheet: one paragraph per row, wrapped.
  textHeading1: { font: { name: HEI, size: 14, bold: true }, align: { h: 'left', v: 'middle', wrap: true }, border: false },
  textHeading2: { font: { name: KAI, size: 12, bold: true }, align: { h: 'left', v: 'middle', wrap: true }, border: false },
  text: { font: { name: SONG, size: 12 }, align: { h: 'left', v: 'top', wrap: true }, border: false },
  textStatus: { font: { name: SONG, size: 10 }, align: { h: 'center', v: 'top', wrap: false }, border: false },
};

/** Fill and font of the marks that conditional formats put on failing cells. */
export const MARKS = {
  error: { fill: 'FFC7CE', font: '9C0006' },
  warning: { fill: 'FFEB9C', font: '9C5700' },
} as const;

export interface PlanCell extends Position {
  readonly value?: string | number | null;
  /** Without the leading `=`. */
  readonly formula?: string;
  /** The value the formula has now, written so that readers that do not recalculate see it. */
  readonly result?: string | number;
  readonly style?: StyleName;
}

export interface PlanConditionalFormat {
  readonly range: Rect;
  /** Relative to the range's top-left cell, without `=`. */
  readonly formula: string;
  readonly mark: keyof typeof MARKS;
}

export type PlanValidation =
  | { readonly range: Rect; readonly type: 'whole' | 'decimal'; readonly min: number; readonly max?: number; readonly message: string }
  | { readonly range: Rect; readonly type: 'list'; readonly items: readonly string[]; readonly message: string };

export interface SheetPlan {
  readonly name: string;
  readonly visibility: 'visible' | 'veryHidden';
  readonly cells: readonly PlanCell[];
  readonly merges: readonly Rect[];
  readonly columns: readonly { readonly col: number; readonly width: number; readonly hidden?: boolean }[];
  readonly rows: readonly { readonly row: number; readonly height: number }[];
  readonly conditionalFormats: readonly PlanConditionalFormat[];
  readonly validations: readonly PlanValidation[];
  readonly print?: { readonly area: Rect; readonly breaksAfter: readonly number[] };
}

export interface WorkbookPlan {
  readonly sheets: readonly SheetPlan[];
  /** Workbook-level defined names. */
  readonly names: readonly { readonly name: string; readonly sheet: string; readonly range: Rect }[];
}

/** A very hidden sheet of the product's own records (locations, 说明, last year's report): plain cells only. */
export function veryHiddenSheet(name: string, cells: PlanCell[]): SheetPlan {
  return { name, visibility: 'veryHidden', cells, merges: [], columns: [], rows: [], conditionalFormats: [], validations: [] };
}
