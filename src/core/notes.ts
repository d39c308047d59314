import type { WorkbookGrid } from './import/grid';
import { veryHiddenSheet, type PlanCell, type WorkbookPlan } from './layout/plan';
import type { ReportData } from './report/types';
import type { Finding } from './rules/evaluate';

/**
 * 说明: a clerk's explanation of a warning, kept in the workbook (a very hidden sheet) so that it travels
 * with the file to the reviewer. A 说明 records the values it explained; when they change it is stale
 * and the warning is open again.
 */

export const NOTES_SHEET = 'nianbao_notes';
const FIRST_ROW = 2;
const MAX_NOTES = 2000;

export interface Note {
  /** Which finding: its rule and cells. */
  readonly key: string;
  readonly text: string;
  /** The finding's cell values when the 说明 was written. */
  readonly values: string;
  /** When it was written, ISO 8601. */
  readonly at: string;
}

export interface NotedFinding extends Finding {
  /** The clerk's 说明; `stale` when the values it explained have changed since. */
  note?: { text: string; at: string; stale: boolean };
}

/** Identifies a finding across runs: the rule and its cells. */
export function noteKey(finding: Pick<Finding, 'rule' | 'cells'>): string {
  return `${finding.rule}|${finding.cells.join(',')}`;
}

/** The values a 说明 explains: the finding's cells as they are now. */
export function fingerprint(finding: Pick<Finding, 'cells'>, data: ReportData): string {
  return JSON.stringify(finding.cells.map((c) => data.cells[c] ?? null));
}

/** The 说明 stored in a workbook (none when it has no notes sheet). */
export function readNotes(grid: WorkbookGrid): Note[] {
  if (!grid.sheets.some((s) => s.name === NOTES_SHEET)) return [];
  const notes: Note[] = [];
  for (let row = FIRST_ROW; row < FIRST_ROW + MAX_NOTES; row++) {
    const key = grid.value(NOTES_SHEET, row, 1);
    if (key === null || key === '') break;
    const text = grid.value(NOTES_SHEET, row, 2);
    const values = grid.value(NOTES_SHEET, row, 3);
    const at = grid.value(NOTES_SHEET, row, 4);
    if (typeof key === 'string' && typeof text === 'string' && text.trim() !== '') {
      notes.push({ key, text, values: typeof values === 'string' ? values : '', at: typeof at === 'string' ? at : '' });
    }
  }
  return notes;
}

/** Attach each warning's 说明, marking it stale when its values changed. Errors take no 说明. */
export function attachNotes(findings: readonly Finding[], notes: readonly Note[], data: ReportData): NotedFinding[] {
  const byKey = new Map(notes.map((n) => [n.key, n]));
  return findings.map((f) => {
    const note = f.severity === 'error' ? undefined : byKey.get(noteKey(f));
    return note ? { ...f, note: { text: note.text, at: note.at, stale: note.values !== fingerprint(f, data) } } : f;
  });
}

/** Add, replace (same key) or, with empty text, remove a 说明. */
export function upsertNote(notes: readonly Note[], finding: Finding, text: string, data: ReportData, now: Date): Note[] {
  const key = noteKey(finding);
  const rest = notes.filter((n) => n.key !== key);
  return text.trim() === '' ? rest : [...rest, { key, text: text.trim(), values: fingerprint(finding, data), at: now.toISOString() }];
}

/**
 * The notes sheet holding exactly `notes`: rows beyond them, up to `previousCount`, are written blank so
 * that a removed 说明 does not linger.
 */
export function notesPlan(notes: readonly Note[], previousCount: number): WorkbookPlan {
  const cells: PlanCell[] = [
    { row: 1, col: 1, value: 'finding' },
    { row: 1, col: 2, value: '说明' },
    { row: 1, col: 3, value: 'values' },
    { row: 1, col: 4, value: 'at' },
  ];
  notes.forEach((n, i) => {
    const row = FIRST_ROW + i;
    cells.push({ row, col: 1, value: n.key }, { row, col: 2, value: n.text }, { row, col: 3, value: n.values }, { row, col: 4, value: n.at });
  });
  for (let i = notes.length; i < previousCount; i++) {
    for (let col = 1; col <= 4; col++) cells.push({ row: FIRST_ROW + i, col, value: null });
  }
  return {
    sheets: [veryHiddenSheet(NOTES_SHEET, cells)],
    names: [],
  };
}
