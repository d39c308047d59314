import { tableName, type TableId } from '../core/format';
import type { WorkbookGrid } from '../core/import/grid';
import { readTemplateWorkbook, type TemplateReading } from '../core/import/workbook';
import { checkTemplateIntegrity, templateSheetOf, type IntegrityFinding, type TemplateRepair } from '../core/integrity';
import { parseRef, rangeA1, type Rect } from '../core/layout/a1';
import type { PlanCell, SheetPlan, WorkbookPlan } from '../core/layout/plan';
import { plannedGrid } from '../core/layout/planned-grid';
import { DEFAULT_SHEET, META_SHEET, buildTemplate } from '../core/layout/template';
import { hasPlaceholder, type ReportDocument } from '../core/narrative/document';
import { generateDocument } from '../core/narrative/generate';
import {
  NARRATIVE_SHEET,
  documentFromWorkbook,
  narrativeRowsUsed,
  narrativeSheetPlan,
  readNarrativeSheet,
  regenerate,
} from '../core/narrative/sheet';
import { NOTES_SHEET, attachNotes, notesPlan, readNotes, upsertNote, type Note, type NotedFinding } from '../core/notes';
import { HostError, type CellAddress, type CellWrite, type HostFeatures, type SpreadsheetHost, type WorkbookOutline } from '../core/port';
import {
  PREVIOUS_SHEET,
  applicantName,
  carriedFigures,
  describeCarried,
  previousPlan,
  previousRowsUsed,
  readPrevious,
  rollForward,
} from '../core/previous';
import { INFO_FIELDS, type InfoField, type InfoKey } from '../core/report/info';
import type { ReportData } from '../core/report/types';
import { classifyCell, usableValue } from '../core/rules/cell-value';
import type { FixSuggestion } from '../core/rules/fix';
import { ORGAN_LEVELS, organLevelLabel, parseOrganLevel } from '../core/rules/organ-level';
import { SIGNOFF_SHEET, signoffPlan, signoffRowCount, signoffSheetStatus, tableFingerprint } from '../core/signoff';
import { validateWorkbook } from '../core/validate';
import { VERSIONS } from '../core/version';

/**
 * The task pane's logic, with no DOM: what the pane shows (state) and what its buttons do (operations),
 * over the port only. Every operation is queued (one at a time) and says how many host round trips it
 * takes; host failures become a Chinese message in the state, never an exception.
 */

/** How the list groups findings: by table, the rest under 其他. */
export type FindingGroup = TableId | 'other';
export const GROUPS: readonly FindingGroup[] = ['T2', 'T3', 'T4', 'other'];

export function groupName(group: FindingGroup): string {
  return group === 'other' ? '其他' : tableName(group);
}

/** A finding as the list shows it. */
export interface ListedFinding {
  /** Unique in the list, stable across refreshes while the finding stays. */
  readonly key: string;
  readonly group: FindingGroup;
  /** `report`: a rule about the figures; `template`: the template's structure (修复 mends it). */
  readonly source: 'report' | 'template';
  readonly finding: NotedFinding;
  /** 修正 applies `finding.fix`. */
  readonly canFix: boolean;
  /** A 说明 can be recorded (warnings about the figures). */
  readonly canNote: boolean;
}

export interface ListedSuggestion {
  readonly key: string;
  readonly group: FindingGroup;
  readonly suggestion: FixSuggestion;
  readonly address: string | null;
}

export interface GroupCounts {
  readonly errors: number;
  /** Warnings and notices, explained ones included. */
  readonly warnings: number;
  /** Warnings with a 说明 that still holds. */
  readonly explained: number;
}

/** The 基本信息 block as the form shows it: text per field, and whether the sheet still has the field. */
export interface InfoFormField {
  readonly field: InfoField;
  readonly value: string;
  readonly available: boolean;
}

/** Which report the workbook keeps as last year's. */
export interface PreviousSummary {
  readonly year: number | null;
  readonly organ: string | null;
}

export type IntegrityState =
  | { readonly status: 'unchecked' }
  | { readonly status: 'failed'; readonly message: string }
  | { readonly status: 'checked'; readonly findings: readonly IntegrityFinding[]; readonly repair: TemplateRepair };

export interface TaskpaneState {
  readonly hostLabel: string;
  readonly features: HostFeatures;
  /** What this host cannot do, in Chinese (older Excel). */
  readonly unavailable: readonly string[];
  /** `unknown` until the first read. `unreadable`: a template whose meta sheet cannot be read. */
  readonly template: 'unknown' | 'absent' | 'present' | 'unreadable';
  /** Why the workbook is not (or no longer) read as a template. */
  readonly templateMessage: string | null;
  readonly sheet: string | null;
  readonly data: ReportData | null;
  readonly info: readonly InfoFormField[];
  readonly findings: readonly ListedFinding[];
  readonly suggestions: readonly ListedSuggestion[];
  readonly counts: Readonly<Record<FindingGroup, GroupCounts>>;
  readonly integrity: IntegrityState;
  /** Last year's report kept in the workbook (导入上年年报), which the across-years checks run on; null when none. */
  readonly previous: PreviousSummary | null;
  /** What is running, in Chinese (`正在校验…`), or null. */
  readonly busy: string | null;
  /** The last host failure, in Chinese. */
  readonly error: string | null;
  /** The last operation's outcome, in Chinese. */
  readonly notice: string | null;
}

/** A file an operation made for the clerk to save (the view offers it as a download). */
export interface ExportedFile {
  readonly name: string;
  readonly type: string;
  readonly bytes: Uint8Array;
}

export type OperationResult =
  | { readonly status: 'done'; readonly message?: string; readonly file?: ExportedFile }
  /** Nothing was done: the view asks `question` and calls `confirm` on yes. */
  | { readonly status: 'needsConfirmation'; readonly question: string; readonly confirmLabel: string; confirm(): Promise<OperationResult> }
  /** Nothing was done, for a reason the clerk can act on (`message`). */
  | { readonly status: 'refused'; readonly message: string }
  | { readonly status: 'failed'; readonly message: string };

/** A listed finding before its key is made unique. */
type ListedBase = Omit<ListedFinding, 'key'> & { readonly base: string };

export type InsertPlacement = 'newSheet' | 'selection';

export interface ControllerOptions {
  /** Wait this long after the last change event before re-checking (ms). */
  readonly debounceMs?: number;
  readonly now?: () => Date;
}

const DEBOUNCE_MS = 300;

/** What an older or different host cannot do, in Chinese; the rest keeps working. */
export function unavailableFeatures(label: string, features: HostFeatures): string[] {
  const excel = label === 'Excel';
  const needs = (version: string): string => (excel ? `（需 ExcelApi ${version}）` : '');
  const which = excel ? '此版本 Excel ' : `此环境（${label}）`;
  const out: string[] = [];
  if (!features.conditionalFormats) out.push(`${which}不支持条件格式${needs('1.6')}，表格中不会标色，请以任务窗格中的列表为准。`);
  if (!features.changeEvents) out.push(`${which}不支持单元格更改事件${needs('1.7')}，输入后不会自动校验，请点击“校验”。`);
  if (!features.dataValidation) out.push(`${which}不支持数据验证${needs('1.8')}，输入时不会提示格式，校验仍会指出填错的单元格。`);
  if (!features.printSetup) out.push(`${which}不支持打印设置${needs('1.9')}，打印前请自行设置打印区域。`);
  return out;
}

function emptyCounts(): Record<FindingGroup, GroupCounts> {
  return {
    T2: { errors: 0, warnings: 0, explained: 0 },
    T3: { errors: 0, warnings: 0, explained: 0 },
    T4: { errors: 0, warnings: 0, explained: 0 },
    other: { errors: 0, warnings: 0, explained: 0 },
  };
}

/** The status line: `表二：无问题；表三：3 处错误；表四：1 处提示（已说明 1 处）`. */
export function statusLine(state: Pick<TaskpaneState, 'template' | 'counts' | 'templateMessage'>): string {
  if (state.template === 'unknown') return '正在读取工作簿…';
  if (state.template === 'absent') return '工作簿中还没有年报模板：请点击“插入模板”。';
  if (state.template === 'unreadable') return state.templateMessage ?? '无法读取年报模板。';
  const parts: string[] = [];
  for (const g of GROUPS) {
    const c = state.counts[g];
    if (g === 'other' && c.errors + c.warnings === 0) continue;
    const bits: string[] = [];
    if (c.errors) bits.push(`${c.errors} 处错误`);
    if (c.warnings) bits.push(`${c.warnings} 处提示${c.explained ? `（已说明 ${c.explained} 处）` : ''}`);
    parts.push(`${groupName(g)}：${bits.length ? bits.join('，') : '无问题'}`);
  }
  return parts.join('；');
}

function groupOfCells(cells: readonly string[]): FindingGroup {
  const t = cells[0]?.slice(0, 2);
  return t === 'T2' || t === 'T3' || t === 'T4' ? t : 'other';
}

/** `年报!C7` → a cell address, or null. */
export function cellAddress(address: string | undefined | null): CellAddress | null {
  const ref = address ? parseRef(address) : null;
  return ref && ref.sheet !== null ? { sheet: ref.sheet, row: ref.row, col: ref.col } : null;
}

/** The text the form shows for a field of the data. */
function infoText(data: ReportData, key: InfoKey): string {
  const v = key === 'organ' ? data.organ : key === 'year' ? data.year : data.info?.[key];
  if (v === null || v === undefined) return '';
  if (key === 'organLevel') {
    const level = parseOrganLevel(v);
    return level ? organLevelLabel(level) : typeof v === 'string' ? v : String(v);
  }
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

/** A form value as written into the sheet, or the Chinese reason it cannot be. */
function infoCellValue(field: InfoField, text: string): { ok: true; value: string | number | null } | { ok: false; error: string } {
  const t = text.trim();
  if (t === '') return { ok: true, value: null };
  switch (field.type) {
    case 'year': {
      const n = usableValue(classifyCell(t));
      return n !== null && Number.isInteger(n) && n >= 2019 && n <= 2100
        ? { ok: true, value: n }
        : { ok: false, error: `“${field.label}”请填写四位年份，如 2025。` };
    }
    case 'count': {
      const n = usableValue(classifyCell(t));
      return n !== null && Number.isInteger(n) && n >= 0
        ? { ok: true, value: n }
        : { ok: false, error: `“${field.label}”请填写不小于 0 的整数。` };
    }
    case 'yuan': {
      const n = usableValue(classifyCell(t));
      return n !== null && n >= 0 ? { ok: true, value: n } : { ok: false, error: `“${field.label}”请填写不小于 0 的金额（元）。` };
    }
    case 'level':
      return ORGAN_LEVELS.some((l) => l.label === t) || parseOrganLevel(t)
        ? { ok: true, value: t }
        : { ok: false, error: '请从列表中选择机关层级。' };
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(t) && !Number.isNaN(Date.parse(t))
        ? { ok: true, value: t }
        : { ok: false, error: `“${field.label}”请按“年-月-日”填写，如 2026-01-20。` };
    default:
      return { ok: true, value: t };
  }
}

function errorMessage(e: unknown): string {
  if (e instanceof HostError) return e.message;
  return `操作未完成，出现意外错误：${e instanceof Error ? e.message : String(e)}`;
}

/** The first free sheet name of 年报, 年报2, 年报3 … */
export function freeSheetName(taken: readonly string[]): string {
  const names = new Set(taken);
  if (!names.has(DEFAULT_SHEET)) return DEFAULT_SHEET;
  for (let i = 2; ; i++) if (!names.has(`${DEFAULT_SHEET}${i}`)) return `${DEFAULT_SHEET}${i}`;
}

/** The rectangle every cell of a plan's sheet lies in. */
function boundsOf(cells: readonly { row: number; col: number }[]): Rect {
  let top = Infinity;
  let left = Infinity;
  let bottom = 0;
  let right = 0;
  for (const c of cells) {
    top = Math.min(top, c.row);
    left = Math.min(left, c.col);
    bottom = Math.max(bottom, c.row);
    right = Math.max(right, c.col);
  }
  return { top, left, bottom, right };
}

/** How much of a sheet of the clerk's that has one of our sheets' names is looked at, and emptied on 覆盖. */
const FOREIGN_SHEET_ROWS = 200;

/** Whether a sheet holds anything in its top-left `rows` × `cols` (a sheet that does not exist holds nothing). */
function sheetHasContent(grid: WorkbookGrid, sheet: string, rows = FOREIGN_SHEET_ROWS, cols = 10): boolean {
  if (!grid.sheets.some((s) => s.name === sheet)) return false;
  for (let r = 1; r <= rows; r++) {
    for (let c = 1; c <= cols; c++) {
      const v = grid.value(sheet, r, c);
      if (v !== null && v !== '') return true;
    }
  }
  return false;
}

/** `交口县人民政府2024年政府信息公开工作年度报告.docx`, without the characters file names cannot hold. */
export function reportFileName(data: Pick<ReportData, 'organ' | 'year'>): string {
  const organ = [...(data.organ ?? '')]
    .map((ch) => (ch < ' ' || '\\/:*?"<>|'.includes(ch) ? '_' : ch))
    .join('')
    .trim();
  const year = typeof data.year === 'number' ? `${data.year}年` : '';
  return `${organ}${year}政府信息公开工作年度报告.docx`;
}

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** What is left for the clerk in a document, in Chinese, or ''. */
function placeholdersLeft(doc: ReportDocument): string {
  const n = doc.blocks.filter((b) => hasPlaceholder(b.text)).length;
  return n ? `正文中还有 ${n} 处“【请填写：…】”待补写。` : '';
}

/**
 * The sheets the pane keeps beside the template's (说明, 正文, 上年年报): a refresh reads them with the meta
 * sheet, and a template read from its plan alone (insertAt) knows nothing of them.
 */
const KEPT_SHEETS = [NOTES_SHEET, NARRATIVE_SHEET, PREVIOUS_SHEET] as const;

/** Cell writes as plan sheets, to go in the same `apply` as a plan (the cells of a sheet the pane reads). */
function writesAsSheets(writes: readonly CellWrite[]): SheetPlan[] {
  const bySheet = new Map<string, PlanCell[]>();
  for (const w of writes) bySheet.set(w.sheet, [...(bySheet.get(w.sheet) ?? []), { row: w.row, col: w.col, value: w.value }]);
  return [...bySheet].map(([name, cells]) => ({
    name,
    visibility: 'visible',
    cells,
    merges: [],
    columns: [],
    rows: [],
    conditionalFormats: [],
    validations: [],
  }));
}

/** `交口县人民政府 2024 年度`, for the clerk. */
function reportName(data: Pick<ReportData, 'organ' | 'year'>): string {
  const organ = typeof data.organ === 'string' && data.organ.trim() !== '' ? data.organ.trim() : '（未写机关名称）';
  return `${organ} ${typeof data.year === 'number' ? `${data.year} 年度` : '（未写年度）'}`;
}

/** `“机关名称”、“报告年度”等 8 项`: a few by name, so that the notice stays short. */
function infoList(labels: readonly string[]): string {
  const named = labels
    .slice(0, 3)
    .map((l) => `“${l}”`)
    .join('、');
  return labels.length > 3 ? `${named}等 ${labels.length} 项` : named;
}

/** The problems met reading a file, the first few in full, in Chinese; '' when none. */
function problemsText(problems: readonly { readonly message: string }[]): string {
  if (problems.length === 0) return '';
  const first = problems.slice(0, 3).map((p) => p.message.replace(/[。；]$/, ''));
  return `读取该文件时发现 ${problems.length} 处问题：${first.join('；')}${problems.length > first.length ? '……' : '。'}请对照原件核对结转的数字。`;
}

export class TaskpaneController {
  private state: TaskpaneState;
  private readonly listeners = new Set<(state: TaskpaneState) => void>();
  private queue: Promise<unknown> = Promise.resolve();
  private reading: TemplateReading | null = null;
  /** The report's findings as listed, before the template's are merged in. */
  private reportListed: ListedBase[] = [];
  private notes: Note[] = [];
  /** The sheet the template is on, once known: each refresh reads it too, for the integrity check. */
  private mainSheet: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopListening: (() => void) | null = null;
  private disposed = false;
  /** Change events seen, and how many of them the last refresh already covered. */
  private changes = 0;
  private covered = 0;
  private readonly debounceMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly host: SpreadsheetHost,
    options: ControllerOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? DEBOUNCE_MS;
    this.now = options.now ?? ((): Date => new Date());
    this.state = {
      hostLabel: host.label,
      features: host.features,
      unavailable: unavailableFeatures(host.label, host.features),
      template: 'unknown',
      templateMessage: null,
      sheet: null,
      data: null,
      info: INFO_FIELDS.map((field) => ({ field, value: '', available: false })),
      findings: [],
      suggestions: [],
      counts: emptyCounts(),
      integrity: { status: 'unchecked' },
      previous: null,
      busy: null,
      error: null,
      notice: null,
    };
  }

  /** Resolves when every queued operation has finished (not a change still waiting out its debounce). */
  whenIdle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  getState(): TaskpaneState {
    return this.state;
  }

  /** Calls `listener` on every change of state; returns the function that stops it. */
  subscribe(listener: (state: TaskpaneState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<TaskpaneState>): void {
    if (this.disposed) return;
    this.state = { ...this.state, ...patch };
    for (const l of [...this.listeners]) l(this.state);
  }

  /** Runs `op` after the operations before it; a failure becomes `error` in the state and a `failed` result. */
  private run(busy: string, op: () => Promise<OperationResult>, clerk = true): Promise<OperationResult> {
    const task = this.queue.then(async (): Promise<OperationResult> => {
      if (this.disposed) return { status: 'refused', message: '任务窗格已关闭。' };
      // A re-check keeps the last outcome on show; anything the clerk does replaces it.
      this.set(clerk ? { busy, error: null, notice: null } : { busy, error: null });
      try {
        const result = await op();
        if (result.status === 'done' && result.message) this.set({ notice: result.message });
        if (result.status === 'refused') this.set({ notice: result.message });
        return result;
      } catch (e) {
        const message = errorMessage(e);
        this.set({ error: message });
        return { status: 'failed', message };
      } finally {
        this.set({ busy: null });
      }
    });
    this.queue = task;
    return task;
  }

  /**
   * Start: listen for changes where the host can (1 round trip) and validate (1–2). Without change events
   * the pane says so (see `unavailable`) and the clerk clicks 校验.
   */
  async start(): Promise<OperationResult> {
    if (this.host.features.changeEvents) {
      const registered = await this.run('正在连接工作簿…', async () => {
        const stop = await this.host.onChange(() => this.changed());
        if (this.disposed) stop();
        else this.stopListening = stop;
        return { status: 'done' };
      });
      if (registered.status === 'failed')
        this.set({ unavailable: [...this.state.unavailable, '无法监听单元格更改，输入后请点击“校验”。'] });
    }
    return this.validate();
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.stopListening?.();
    this.stopListening = null;
    this.disposed = true;
    this.listeners.clear();
  }

  private changed(): void {
    if (this.disposed) return;
    this.changes++;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      // A refresh that started after the last change (our own write's) already shows it.
      if (this.covered >= this.changes) return;
      void this.validate();
    }, this.debounceMs);
  }

  /** Re-read and re-check: 1 round trip, 2 when the template's sheet was not known yet (first time, renamed). */
  validate(): Promise<OperationResult> {
    return this.background('正在校验…', async () => {
      await this.refreshNow();
      if (this.state.template === 'present' && this.state.integrity.status === 'unchecked') await this.checkTemplateNow();
    });
  }

  /** Exactly 1 round trip: the meta, notes, 正文 and 上年年报 sheets (and the template's sheet once known). */
  refresh(): Promise<OperationResult> {
    return this.background('正在校验…', () => this.refreshNow());
  }

  /** 1 round trip: the template's sheet and the meta sheet, for the integrity check. */
  checkTemplate(): Promise<OperationResult> {
    return this.background('正在检查模板结构…', () => this.checkTemplateNow());
  }

  /** Run a check the clerk did not ask for (not a clerk's action): it reports only done or a failure. */
  private background(busy: string, op: () => Promise<unknown>): Promise<OperationResult> {
    return this.run(
      busy,
      async () => {
        await op();
        return { status: 'done' };
      },
      false,
    );
  }

  /** Read and check (1 round trip); `extra` sheets are read in the same trip for the caller. */
  private async refreshNow(extra: readonly string[] = []): Promise<WorkbookGrid> {
    this.covered = this.changes;
    const asked = this.mainSheet;
    const grid = await this.host.read([...new Set([META_SHEET, ...KEPT_SHEETS, ...(asked ? [asked] : []), ...extra])]);
    this.absorb(grid, asked);
    return grid;
  }

  private async checkTemplateNow(): Promise<void> {
    const sheet = this.mainSheet;
    if (!sheet) return;
    const grid = await this.host.read([sheet, META_SHEET]);
    const integrity = templateSheetOf(grid) === sheet ? this.checkGrid(grid) : { status: 'unchecked' as const };
    this.set({ integrity, ...this.compose(integrity) });
  }

  /** Read the template from a grid: data, findings with notes, suggestions, counts, 基本信息; integrity when the grid holds the sheet. */
  private absorb(grid: WorkbookGrid, readSheet: string | null): void {
    const result = readTemplateWorkbook(grid, { valuesFrom: 'meta' });
    if (!result.ok) {
      const hasMeta = grid.sheets.some((s) => s.name === META_SHEET);
      this.reading = null;
      this.reportListed = [];
      this.mainSheet = null;
      this.notes = [];
      this.set({
        template: hasMeta ? 'unreadable' : 'absent',
        templateMessage: result.error,
        sheet: null,
        data: null,
        info: INFO_FIELDS.map((field) => ({ field, value: '', available: false })),
        findings: [],
        suggestions: [],
        counts: emptyCounts(),
        integrity: { status: 'unchecked' },
        previous: null,
      });
      return;
    }
    const reading = result.value;
    this.reading = reading;
    this.notes = readNotes(grid);
    const previous = readPrevious(grid);
    // The text checks run live with the table checks, on the 正文 sheet when there is one; the across-years
    // checks on last year's report when the workbook keeps one.
    const validation = validateWorkbook(grid, reading, previous);
    const noted = attachNotes(validation.findings, this.notes, reading.data);
    const sheet = templateSheetOf(grid) ?? this.sheetOfAddresses(reading);
    this.mainSheet = sheet;
    // A cell gone from the workbook is damage to the template (修复 mends it), not a figure to explain.
    this.reportListed = noted.map((f) => this.listed(f, f.rule === 'F.missingRow' ? 'template' : 'report', groupOfCells(f.cells)));
    const integrity: IntegrityState = sheet && readSheet === sheet ? this.checkGrid(grid) : { status: 'unchecked' };
    const suggestions = validation.suggestions.map((s, i) => ({
      key: `fix:${s.cell}=${s.value}#${i}`,
      group: groupOfCells([s.cell]),
      suggestion: s,
      address: reading.addresses.get(s.cell) ?? null,
    }));
    this.set({
      template: 'present',
      templateMessage: null,
      sheet,
      data: reading.data,
      info: INFO_FIELDS.map((field) => ({
        field,
        value: infoText(reading.data, field.key),
        available: reading.addresses.has(`info:${field.key}`),
      })),
      suggestions,
      integrity,
      previous: previous ? { year: previous.data.year ?? null, organ: previous.data.organ ?? null } : null,
      ...this.compose(integrity),
    });
  }

  private checkGrid(grid: WorkbookGrid): IntegrityState {
    const result = checkTemplateIntegrity(grid);
    return result.ok
      ? { status: 'checked', findings: result.value.findings, repair: result.value.repair }
      : { status: 'failed', message: result.error };
  }

  private sheetOfAddresses(reading: TemplateReading): string | null {
    for (const address of reading.addresses.values()) {
      const at = cellAddress(address);
      if (at) return at.sheet;
    }
    return null;
  }

  private listed(f: NotedFinding, source: ListedFinding['source'], group: FindingGroup): ListedBase {
    return {
      base: `${source}|${f.rule}|${f.cells.join(',')}|${f.address ?? ''}`,
      group,
      source,
      finding: f,
      canFix: source === 'report' && f.fix !== undefined && this.reading?.addresses.has(f.fix.cell) === true,
      canNote: source === 'report' && f.severity !== 'error',
    };
  }

  /** Template findings first in each group, then the report's; errors before warnings; keys made unique. */
  private compose(integrity: IntegrityState): Pick<TaskpaneState, 'findings' | 'counts'> {
    const template: readonly IntegrityFinding[] = integrity.status === 'checked' ? integrity.findings : [];
    const all = [
      ...template.map((f) => {
        const { table, ...finding } = f;
        return this.listed(finding, 'template', table ?? 'other');
      }),
      ...this.reportListed,
    ];
    const rank = (f: { finding: NotedFinding }): number => (f.finding.severity === 'error' ? 0 : 1);
    const ordered = GROUPS.flatMap((g) => all.filter((f) => f.group === g).sort((a, b) => rank(a) - rank(b)));
    const seen = new Map<string, number>();
    const findings: ListedFinding[] = ordered.map(({ base, ...f }) => {
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      return { ...f, key: n === 0 ? base : `${base}#${n}` };
    });
    const counts = emptyCounts();
    for (const f of findings) {
      const c = counts[f.group];
      const explained = f.finding.note !== undefined && !f.finding.note.stale;
      counts[f.group] =
        f.finding.severity === 'error'
          ? { ...c, errors: c.errors + 1 }
          : { ...c, warnings: c.warnings + 1, explained: c.explained + (explained ? 1 : 0) };
    }
    return { findings, counts };
  }

  // --- 插入模板 ---

  /**
   * Insert the template. `newSheet` (default): onto a new sheet 年报 (年报2 … if taken): outline + apply =
   * 2 round trips. `selection`: at the selected cell, only if the area it covers is empty (outline +
   * isEmpty + apply = 3); otherwise it asks (outline + isEmpty = 2, then apply = 1 more on yes). The apply
   * is given the outline, so the host need not look again at what exists, and the pane reads the new
   * template from the plan, not back from the workbook (`insertAt`). Never a second template.
   */
  insertTemplate(placement: InsertPlacement = 'newSheet'): Promise<OperationResult> {
    return this.run('正在插入模板…', async (): Promise<OperationResult> => {
      const outline = await this.host.outline();
      if (outline.sheets.some((s) => s.name === META_SHEET)) {
        const where = this.mainSheet ?? this.state.sheet;
        return {
          status: 'refused',
          message: `工作簿中已有年报模板${where ? `（工作表“${where}”）` : ''}，不再插入第二份。如需重新开始，请新建一个工作簿。`,
        };
      }
      if (placement === 'newSheet') {
        const sheet = freeSheetName(outline.sheets.map((s) => s.name));
        return this.insertAt(sheet, { row: 1, col: 1 }, outline);
      }
      const active = outline.active;
      if (!active) return { status: 'refused', message: '请先在工作表中选中要放模板的单元格（模板的左上角），或改选“新工作表”。' };
      if (active.sheet === META_SHEET || active.sheet === NOTES_SHEET)
        return { status: 'refused', message: '请选中一个普通工作表中的单元格。' };
      const origin = { row: active.row, col: active.col };
      const { plan } = buildTemplate({ sheet: active.sheet, origin });
      const main = plan.sheets.find((s) => s.name === active.sheet);
      const area = boundsOf([...(main?.cells ?? []), ...(main?.columns ?? []).map((c) => ({ row: origin.row, col: c.col }))]);
      if (await this.host.isEmpty(active.sheet, area)) return this.insertAt(active.sheet, origin, outline);
      return {
        status: 'needsConfirmation',
        question: `所选位置（工作表“${active.sheet}”的 ${rangeA1(area)}）已有内容。插入模板会覆盖这些单元格中的内容，确定要继续吗？（也可以改选“新工作表”。）`,
        confirmLabel: '覆盖并插入',
        // The outline may be old by the time of yes: apply takes it as a hint only (see the port).
        confirm: () => this.run('正在插入模板…', () => this.insertAt(active.sheet, origin, outline)),
      };
    });
  }

  /**
   * Write the template (1 round trip: the host is given the outline it would otherwise read first) and
   * read it from the plan, not back from the workbook. That reading is the one a refresh would make:
   * the workbook had no template before (insertTemplate refuses a second one), so the meta, main and
   * calculation sheets hold exactly what the plan wrote, and a freshly written template's formulas show
   * the results the core planned for them. The clerk's other cells, on other sheets or around a template
   * placed at the selection, do not enter the reading: it looks only at places the template covers.
   * What a refresh would also read, the 说明, 正文 and 上年年报 sheets, is not in the plan; where the
   * outline shows one of them, the workbook is read after all (1 more round trip).
   */
  private async insertAt(sheet: string, origin: { row: number; col: number }, outline: WorkbookOutline): Promise<OperationResult> {
    const { plan } = buildTemplate({ sheet, origin });
    await this.host.apply(plan, outline);
    this.mainSheet = sheet;
    const there = new Set(outline.sheets.map((s) => s.name.toLowerCase()));
    if (KEPT_SHEETS.some((name) => there.has(name.toLowerCase()))) {
      await this.refreshNow();
    } else {
      this.covered = this.changes;
      this.absorb(plannedGrid([plan], outline.sheets), sheet);
    }
    return { status: 'done', message: `已在工作表“${sheet}”插入年报模板。请先填写基本信息，再在黄色单元格中填写数字。` };
  }

  // --- 基本信息 ---

  /** Save the fields that changed: 1 write + 1 refresh. Invalid values are refused with the reason. */
  saveInfo(values: Partial<Record<InfoKey, string>>): Promise<OperationResult> {
    return this.run('正在保存基本信息…', async (): Promise<OperationResult> => {
      const reading = this.reading;
      if (!reading) return { status: 'refused', message: '工作簿中还没有年报模板。' };
      const writes: CellWrite[] = [];
      const errors: string[] = [];
      for (const field of INFO_FIELDS) {
        const text = values[field.key];
        if (text === undefined) continue;
        if (text.trim() === (this.state.info.find((f) => f.field.key === field.key)?.value ?? '').trim()) continue;
        const at = cellAddress(reading.addresses.get(`info:${field.key}`));
        if (!at) {
          errors.push(`“${field.label}”所在的行已被删除，请先“修复”模板。`);
          continue;
        }
        const value = infoCellValue(field, text);
        if (!value.ok) errors.push(value.error);
        else writes.push({ ...at, value: value.value });
      }
      if (errors.length) return { status: 'refused', message: errors.join('') };
      if (writes.length === 0) return { status: 'done', message: '基本信息没有改动。' };
      await this.host.write(writes);
      await this.refreshNow();
      return { status: 'done', message: '基本信息已保存到工作表。' };
    });
  }

  // --- 导入上年年报 ---

  /**
   * 导入上年年报: read last year's report (a workbook, report data, or a published report; the readers load
   * only now), keep it in the workbook for the across-years checks, and fill this year's 上年结转 from its
   * 结转下年度 and the 基本信息 the clerk left blank. Only empty cells are filled without asking: a carried
   * figure that differs from what the clerk typed, or a report that is not of the year before, is written
   * only on yes. read, then apply (the kept sheet and the cells at once) + read = 3 round trips.
   */
  importPrevious(name: string, bytes: Uint8Array): Promise<OperationResult> {
    return this.run('正在读取上年年报…', async (): Promise<OperationResult> => {
      const grid = await this.refreshNow();
      const reading = this.reading;
      if (this.state.template !== 'present' || !reading) {
        return { status: 'refused', message: '工作簿中还没有年报模板：请先点击“插入模板”，再导入上年年报。' };
      }
      // The readers (zip, Word, web pages) are most of their weight: load them only when a file is imported.
      const { readReportFile } = await import(/* webpackChunkName: "report-import" */ '../import/report-file');
      const read = readReportFile(name, bytes);
      if (!read.ok) return { status: 'refused', message: `无法读取“${name}”：${read.error}` };
      const last = read.value;
      const carried = carriedFigures(last.data);
      const rolled = rollForward(last.data);

      const writes: CellWrite[] = [];
      const conflicts: string[] = [];
      const gone: string[] = [];
      let filled = 0;
      for (const c of carried.cells) {
        const at = cellAddress(reading.addresses.get(c.id));
        if (!at) {
          gone.push(applicantName(c.column));
          continue;
        }
        const now = classifyCell(reading.data.cells[c.id]);
        if (now.state === 'number' && Math.abs(now.value - c.value) < 1e-9) continue;
        if (now.state !== 'blank') conflicts.push(`${applicantName(c.column)}现为“${String(reading.data.cells[c.id])}”，上年为 ${c.value}`);
        else filled++;
        writes.push({ ...at, value: c.value });
      }
      const infoFilled: string[] = [];
      for (const field of INFO_FIELDS) {
        const proposed = infoText(rolled, field.key);
        const at = cellAddress(reading.addresses.get(`info:${field.key}`));
        if (proposed === '' || !at || infoText(reading.data, field.key).trim() !== '') continue;
        const value = infoCellValue(field, proposed);
        if (!value.ok) continue;
        writes.push({ ...at, value: value.value });
        infoFilled.push(field.label);
      }

      const thisYear = typeof reading.data.year === 'number' ? reading.data.year : null;
      const lastYear = typeof last.data.year === 'number' ? last.data.year : null;
      const offYear = thisYear !== null && lastYear !== null && lastYear + 1 !== thisYear;
      const kept = { data: last.data, ...(last.narrative ? { paragraphs: last.narrative.paragraphs } : {}) };
      // What the refresh just found kept: the report this import replaces.
      const replaced = this.state.previous;
      const summary = `所选文件“${name}”是${reportName(last.data)}的年报：${describeCarried(carried)}。${problemsText(last.reading?.problems ?? [])}`;
      const write = (): Promise<OperationResult> =>
        this.writePrevious(previousPlan(kept, previousRowsUsed(grid)), writes, grid.sheets, {
          summary,
          filled: filled + conflicts.length,
          infoFilled,
          gone,
          replaced: replaced ? reportName(replaced) : null,
        });
      if (conflicts.length === 0 && !offYear) return write();
      const questions = [
        summary,
        conflicts.length
          ? `表三“上年结转”行已填的数字与上年“结转下年度继续办理”不同：${conflicts.join('；')}。导入会把这些单元格改为上年的数字。`
          : '',
        offYear
          ? `本工作簿是 ${thisYear} 年度的年报，而所选年报是 ${lastYear} 年度的，不是上一年度（${(thisYear ?? 0) - 1} 年度），可能选错了文件。`
          : '',
        '确定要导入吗？点“取消”则不作任何改动。',
      ];
      return {
        status: 'needsConfirmation',
        question: questions.filter(Boolean).join(''),
        confirmLabel: conflicts.length ? '改为上年的数字并导入' : '仍然导入',
        confirm: () => this.run('正在导入上年年报…', write),
      };
    });
  }

  /**
   * Keep last year's report and fill the cells in one apply (the kept sheet's plan with the cells as plan
   * cells), given the sheet list the refresh before read: the plan adds no defined names, so that list is
   * all a host would look at first. It is a hint (see the port): a workbook changed since costs the look.
   */
  private async writePrevious(
    kept: WorkbookPlan,
    writes: readonly CellWrite[],
    sheets: WorkbookGrid['sheets'],
    said: { summary: string; filled: number; infoFilled: readonly string[]; gone: readonly string[]; replaced: string | null },
  ): Promise<OperationResult> {
    await this.host.apply({ sheets: [...kept.sheets, ...writesAsSheets(writes)], names: kept.names }, { sheets, names: [], active: null });
    await this.refreshNow();
    const parts = [
      said.summary,
      said.filled ? `已填入表三“上年结转”行 ${said.filled} 格。` : '表三“上年结转”行无需改动。',
      said.infoFilled.length ? `已填写基本信息中空着的${infoList(said.infoFilled)}。` : '',
      said.gone.length ? `表三“上年结转”行已被删除，${said.gone.join('、')}未能填入，请先“修复”模板。` : '',
      said.replaced ? `（替换了之前导入的${said.replaced}的年报。）` : '',
      '上年年报已保存在工作簿中，跨年度检查（上年结转、现行有效件数、数字大幅变化、内容雷同）随校验一起进行。',
    ];
    return { status: 'done', message: parts.filter(Boolean).join('') };
  }

  // --- the list ---

  private findingOf(key: string): ListedFinding | undefined {
    return this.state.findings.find((f) => f.key === key);
  }

  /** Select a finding's cell: 1 round trip. */
  selectFinding(key: string): Promise<OperationResult> {
    return this.run('正在定位…', async (): Promise<OperationResult> => {
      const f = this.findingOf(key);
      const at = cellAddress(f?.finding.address);
      if (!at) return { status: 'refused', message: '这一条没有对应的单元格（所在的行可能已被删除）。' };
      await this.host.select(at);
      return { status: 'done' };
    });
  }

  /** 修正: write a `cell.notNumber`'s clean value into its one cell: 1 write + 1 refresh. */
  applyFix(key: string): Promise<OperationResult> {
    return this.run('正在修正…', async (): Promise<OperationResult> => {
      const fix = this.findingOf(key)?.finding.fix;
      const at = fix ? cellAddress(this.reading?.addresses.get(fix.cell)) : null;
      if (!fix || !at) return { status: 'refused', message: '这一条已无法一键修正，请直接在单元格中改正。' };
      await this.host.write([{ ...at, value: fix.value }]);
      await this.refreshNow();
      return { status: 'done', message: `已把 ${this.addressText(at)} 改为 ${fix.value}。` };
    });
  }

  /** 应用: write a one-cell fix suggestion: 1 write + 1 refresh. */
  applySuggestion(key: string): Promise<OperationResult> {
    return this.run('正在应用建议…', async (): Promise<OperationResult> => {
      const s = this.state.suggestions.find((x) => x.key === key)?.suggestion;
      const at = s ? cellAddress(this.reading?.addresses.get(s.cell)) : null;
      if (!s || !at) return { status: 'refused', message: '这条建议已不适用，请重新校验。' };
      await this.host.write([{ ...at, value: s.value }]);
      await this.refreshNow();
      return { status: 'done', message: `已把 ${this.addressText(at)} 改为 ${s.value}。` };
    });
  }

  private addressText(at: CellAddress): string {
    return `${at.sheet}!${rangeA1({ top: at.row, left: at.col, bottom: at.row, right: at.col })}`;
  }

  // --- 说明 ---

  /** Record, change or (with empty text) remove the 说明 of a warning: 1 apply + 1 refresh. */
  saveNote(key: string, text: string): Promise<OperationResult> {
    return this.run('正在保存说明…', async (): Promise<OperationResult> => {
      const f = this.findingOf(key);
      const data = this.reading?.data;
      if (!f || !data || !f.canNote) return { status: 'refused', message: '只能为提示（非错误）记录说明；请重新校验后再试。' };
      const next = upsertNote(this.notes, f.finding, text, data, this.now());
      await this.host.apply(notesPlan(next, this.notes.length));
      await this.refreshNow();
      return { status: 'done', message: text.trim() === '' ? '已删除说明。' : '说明已保存在工作簿中，会随文件一起交给审核人。' };
    });
  }

  // --- 修复 ---

  /**
   * 修复: restore the template's structure. In place (labels, formulas, styles, marks, validation; input
   * cells untouched): 1 apply + 1 refresh. When rows were deleted inside a table the template is rebuilt
   * at its place, which always asks first (1 isEmpty below the table, then apply + refresh on yes).
   */
  repairTemplate(): Promise<OperationResult> {
    return this.run('正在修复模板…', async (): Promise<OperationResult> => {
      if (this.state.integrity.status !== 'checked' && this.mainSheet) await this.checkTemplateNow();
      const integrity = this.state.integrity;
      if (integrity.status !== 'checked') {
        return { status: 'refused', message: integrity.status === 'failed' ? integrity.message : '无法检查模板结构，请先点击“校验”。' };
      }
      const repair = integrity.repair;
      if (repair.kind === 'inPlace') {
        await this.host.apply(repair.plan);
        await this.refreshNow();
        const left = repair.unrepairable ? `有 ${repair.unrepairable} 处因表格中插入了行无法自动恢复，请对照官方格式手工改正。` : '';
        return { status: 'done', message: `已恢复表格的文字、公式、格式、标色和数据验证，已填写的数字没有改动。${left}` };
      }
      const below = repair.beyond ? !(await this.host.isEmpty(repair.sheet, repair.beyond)) : false;
      const belowText = below && repair.beyond ? `表格下方 ${rangeA1(repair.beyond)} 已有的内容也会被覆盖。` : '';
      return {
        status: 'needsConfirmation',
        question: `表格中有行被删除。修复将在原位置按官方格式重建整个模板（工作表“${repair.sheet}”的 ${rangeA1(repair.area)}）：已填写的数字会保留，被删除的行需重新填写；表格区域内自行添加的内容会被清除。${belowText}确定要继续吗？`,
        confirmLabel: '重建表格',
        confirm: () =>
          this.run('正在重建模板…', async () => {
            await this.host.apply(repair.plan);
            await this.refreshNow();
            return { status: 'done', message: '已按官方格式重建表格，已填写的数字已保留。请补填被删除行中的数字。' };
          }),
      };
    });
  }

  // --- 审核单 ---

  /**
   * 生成审核单: re-read and check, write the 审核单 sheet (the findings as the pane lists them, the 说明,
   * versions, the tables' fingerprint, lines to sign) and show it: read + apply + select = 3 round trips.
   * A sheet named 审核单 that the add-in did not make is overwritten only after asking.
   */
  generateSignoff(): Promise<OperationResult> {
    return this.run('正在生成审核单…', async (): Promise<OperationResult> => {
      const grid = await this.refreshNow([SIGNOFF_SHEET]);
      const status = signoffSheetStatus(grid);
      const previousRows = signoffRowCount(grid);
      if (status !== 'other') return this.writeSignoff(previousRows);
      return {
        status: 'needsConfirmation',
        question: `工作簿中已有名为“${SIGNOFF_SHEET}”的工作表，且不是年报助手生成的。生成审核单会覆盖其中的内容，确定要继续吗？（也可以先把那张工作表改名。）`,
        confirmLabel: '覆盖并生成',
        confirm: () => this.run('正在生成审核单…', () => this.writeSignoff(previousRows)),
      };
    });
  }

  private async writeSignoff(previousRows: number): Promise<OperationResult> {
    const data = this.reading?.data;
    if (this.state.template !== 'present' || !data) return { status: 'refused', message: '工作簿中还没有年报模板，无法生成审核单。' };
    const fingerprint = tableFingerprint(data);
    const findings = this.state.findings.map((f) => f.finding);
    await this.host.apply(signoffPlan({ data, findings }, this.notes, fingerprint, VERSIONS, this.now(), previousRows));
    // The 审核单 holds no figures: the change event of this write needs no re-check.
    this.covered = this.changes;
    await this.host.select({ sheet: SIGNOFF_SHEET, row: 1, col: 1 });
    return {
      status: 'done',
      message: `已生成工作表“${SIGNOFF_SHEET}”，数据指纹 ${fingerprint}。请打印后由填报人、审核人、负责人签字；表格数字改动后请重新生成。`,
    };
  }

  // --- 正文 and Word ---

  /**
   * 生成正文: re-read (the 正文 sheet with the rest) and write the 正文 sheet generated from the current
   * figures: read + apply = 2 round trips. Paragraphs the clerk edited are kept (`regenerate`); a sheet
   * named 正文 that the add-in did not make is overwritten only after asking.
   */
  generateNarrative(): Promise<OperationResult> {
    return this.run('正在生成正文…', async (): Promise<OperationResult> => {
      const grid = await this.refreshNow();
      const data = this.reading?.data;
      if (this.state.template !== 'present' || !data) return { status: 'refused', message: '工作簿中还没有年报模板，无法生成正文。' };
      const previous = readNarrativeSheet(grid);
      if (previous === null && sheetHasContent(grid, NARRATIVE_SHEET)) {
        return {
          status: 'needsConfirmation',
          question: `工作簿中已有名为“${NARRATIVE_SHEET}”的工作表，且不是年报助手生成的。生成正文会覆盖其中的内容，确定要继续吗？（也可以先把那张工作表改名。）`,
          confirmLabel: '覆盖并生成',
          confirm: () => this.run('正在生成正文…', () => this.writeNarrative(data, null, FOREIGN_SHEET_ROWS)),
        };
      }
      return this.writeNarrative(data, previous, narrativeRowsUsed(previous));
    });
  }

  private async writeNarrative(
    data: ReportData,
    previous: ReturnType<typeof readNarrativeSheet>,
    previousRows: number,
  ): Promise<OperationResult> {
    const doc = regenerate(previous, generateDocument(data));
    await this.host.apply(narrativeSheetPlan(doc, previousRows));
    const kept = doc.blocks.filter((b) => b.source === 'clerk').length;
    const keptText = kept ? `保留了您修改或添加的 ${kept} 段，` : '';
    return {
      status: 'done',
      message: `已在工作表“${NARRATIVE_SHEET}”生成正文，${keptText}其余段落按表格中的数字重新生成。${placeholdersLeft(doc)}`,
    };
  }

  /**
   * 导出 Word: re-read (the 正文 sheet with the rest: 1 round trip) and render the report as .docx, with
   * the clerk's paragraphs from the 正文 sheet where it has them. The file comes back in the result for
   * the view to save.
   */
  exportWord(): Promise<OperationResult> {
    return this.run('正在导出 Word…', async (): Promise<OperationResult> => {
      const grid = await this.refreshNow();
      const data = this.reading?.data;
      if (this.state.template !== 'present' || !data) return { status: 'refused', message: '工作簿中还没有年报模板，无法导出。' };
      const hasSheet = readNarrativeSheet(grid) !== null;
      const doc = documentFromWorkbook(grid, data);
      // The Word writer is most of the pane's weight: load it only when a report is exported.
      const { renderDocx } = await import(/* webpackChunkName: "word-export" */ '../export/docx');
      const bytes = await renderDocx(doc, data);
      const name = reportFileName(data);
      const errors = this.state.findings.filter((f) => f.finding.severity === 'error').length;
      const notes = [
        hasSheet ? '' : '工作簿中还没有“正文”工作表，导出的是自动生成的正文；点“生成正文”可先在工作表中修改。',
        placeholdersLeft(doc),
        errors ? `表格中还有 ${errors} 处错误，请改正后再发布。` : '',
      ].join('');
      return { status: 'done', message: `已生成 Word 文件“${name}”。${notes}`, file: { name, type: DOCX_TYPE, bytes } };
    });
  }
}
