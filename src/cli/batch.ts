import { readdir, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { FORMATS, cellsOf } from '../core/format';
import type { ReportData } from '../core/report/types';
import { LIKENESS, compareSignatures, likenessSignature, mixHash, tableLikeness, type ComparedReport, type LikenessSignature } from '../core/rules/across-years';
import { SUM_TOLERANCE } from '../core/rules/context';
import type { Finding } from '../core/rules/evaluate';
import type { ValidationResult } from '../core/validate';
import { REPORT_EXTENSIONS, type ReportFile } from '../import/report-file';
import { fingerprintField, fingerprintLine } from './fingerprint';
import { comparedOf, loadReportFile, validateLoaded, type ReadFileResult } from './load';
import { xlsxOutputRefusal } from './output';
import { createProgress, type TerminalStream } from './progress';
import { renderResult } from './render';

/**
 * `nianbao validate` over many files, as a supervisor (市/县政务公开办) checks the reports of dozens or
 * hundreds of subordinate organs: directories expanded, every file checked whatever happens to the others,
 * reports copied from another organ found across the batch (X.identical), and an optional summary workbook.
 */

/** What the batch commands need of the terminal; `main`'s Io is one. `stderr` is given for a progress bar. */
export interface BatchIo {
  out(text: string): void;
  err(text: string): void;
  readonly stderr?: TerminalStream;
}

/** A file that was read and checked. */
export interface CheckedUnit {
  readonly ok: true;
  readonly file: string;
  readonly report: ReportFile;
  readonly result: ValidationResult;
}

/** A file that could not be used, and why (Chinese). */
export interface UnreadableFile {
  readonly ok: false;
  readonly file: string;
  readonly error: string;
}

export type BatchOutcome = CheckedUnit | UnreadableFile;

/** Two units of one batch, from different organs, whose reports are alike (X.identical). Indexes into the outcomes. */
export interface IdenticalPair {
  readonly a: number;
  readonly b: number;
  /** The tables are alike (as `likeness` judges): of the figures non-zero on either side, how many are equal. */
  readonly tables: { readonly same: number; readonly telling: number } | null;
  /** Near-identical paragraphs (boilerplate shared by many units not counted): ids in `a` and in `b`. */
  readonly paragraphs: readonly { readonly id: string; readonly otherId: string }[];
}

// ————— Which files —————

const COLLATOR = new Intl.Collator('zh-CN', { numeric: true });

/** Hidden files and folders, and the lock files Office leaves beside an open document (`~$年报.xlsx`). */
const isSkipped = (name: string): boolean => name.startsWith('.') || name.startsWith('~$');

const isReportName = (name: string): boolean => {
  const lower = name.toLowerCase();
  return REPORT_EXTENSIONS.some((ext) => lower.endsWith(ext));
};

/**
 * The report files under a folder, in every subfolder (a county's folder often holds one per township or
 * department), sorted by path in Chinese order with numbers as numbers (2 before 10), so runs are stable.
 * Symbolic links to folders are not followed (no loops).
 */
async function filesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      if (isSkipped(entry.name)) continue;
      const path = join(at, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (isReportName(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && (await stat(path).catch(() => null))?.isFile()))) found.push(path);
    }
  };
  await walk(dir);
  return found.sort(COLLATOR.compare);
}

/** One input to check: a file, or a named folder that could not be used. */
export type BatchInput = { readonly file: string } | UnreadableFile;

/**
 * The files to check, in the order given, folders expanded in place; a file named twice is checked once.
 * A folder holding no report file is itself an unusable input. A file named explicitly is checked whatever
 * its name: its reader says what is wrong with it.
 */
export async function collectInputs(paths: readonly string[], exclude: readonly string[] = []): Promise<BatchInput[]> {
  const inputs: BatchInput[] = [];
  // What the command itself writes (the summary workbook) is no input, even when it lies in a folder given.
  const seen = new Set<string>(exclude.map((f) => resolve(f)));
  const add = (file: string): void => {
    const key = resolve(file);
    if (seen.has(key)) return;
    seen.add(key);
    inputs.push({ file });
  };
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info?.isDirectory()) {
      add(path);
      continue;
    }
    let under: string[];
    try {
      under = await filesUnder(path);
    } catch (cause) {
      inputs.push({ ok: false, file: path, error: `无法读取文件夹（${(cause as NodeJS.ErrnoException).code ?? String(cause)}）。` });
      continue;
    }
    if (under.length === 0) inputs.push({ ok: false, file: path, error: `这是一个文件夹，其中没有可校验的文件（${REPORT_EXTENSIONS.join('、')}）。` });
    for (const file of under) add(file);
  }
  return inputs;
}

// ————— Checking —————

/**
 * Read one file. A reader that throws is a bug in this program, but one bad file must not cost the
 * supervisor the other hundred: it is listed as unreadable, with the program's own words.
 */
export async function readOne(file: string): Promise<ReadFileResult> {
  try {
    return await loadReportFile(file);
  } catch (cause) {
    return { ok: false, error: `读取此文件时程序出错（${cause instanceof Error ? cause.message : String(cause)}），请把此文件发给年报助手的维护人员。` };
  }
}

/** Run `each` on every file in turn, in order, with a progress bar (`label 37/120 ███░░ name`) on a terminal. */
export async function withProgress<T>(inputs: readonly BatchInput[], io: BatchIo, label: string, each: (file: string) => Promise<T>): Promise<(T | UnreadableFile)[]> {
  const total = inputs.filter((i) => !('ok' in i)).length;
  const progress = createProgress(io.stderr, total, label);
  const out: (T | UnreadableFile)[] = [];
  let done = 0;
  for (const input of inputs) {
    if ('ok' in input) {
      out.push(input);
      continue;
    }
    progress.update(done++, basename(input.file));
    out.push(await each(input.file));
  }
  progress.clear();
  return out;
}

/** Read and check every input, in order. */
async function checkInputs(inputs: readonly BatchInput[], io: BatchIo, previous?: ComparedReport): Promise<BatchOutcome[]> {
  return withProgress(inputs, io, '校验中', async (file): Promise<BatchOutcome> => {
    const loaded = await readOne(file);
    return loaded.ok ? { ok: true, file, report: loaded.report, result: validateLoaded(loaded.report, previous) } : { ok: false, file, error: loaded.error };
  });
}

// ————— Reports copied from another organ (X.identical across units) —————

/** A paragraph anchor held by more units than this is common wording (a superior's model text), not copying. */
const COMMON_UNITS = 8;
/**
 * A band of table figures held by more units than this is not compared: so many organs with the same
 * figures is a shared default, not copying, and comparing them all would be quadratic.
 */
const COMMON_TABLES = 50;
/** MinHash banding of a unit's non-zero figures: 6 bands of 3 make figure sets ≥ 82% alike (what 90% equal figures give) candidates with 99% certainty. */
const BANDS = 6;
const ROWS = 3;

const IDENTICAL_MESSAGES = {
  copied: (file: string, organ: string | null, tables: { readonly same: number; readonly telling: number } | null, paragraphs: number): string => {
    const what = [
      tables ? (tables.same === tables.telling ? `表格中的数字完全相同（${tables.same} 个非零数字）` : `表格中的数字几乎相同（${tables.telling} 个非零数字中 ${tables.same} 个相同）`) : null,
      paragraphs > 0 ? `有 ${paragraphs} 段文字相同或几乎相同` : null,
    ]
      .filter(Boolean)
      .join('，');
    return `本报告与同批的“${file}”${organ ? `（${organ}）` : ''}内容雷同：${what}。不同机关的年度报告不应照抄，请核实是否误用了其他机关的报告或数据。`;
  },
} as const;

/** An organ's name for comparison: spaces removed; empty is unknown. */
function organKey(data: ReportData): string | null {
  const key = (data.organ ?? '').replace(/\s+/g, '');
  return key === '' ? null : key;
}

/** 32-bit FNV-1a. */
function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** One well-mixed hash function per seed. */
const mix = (h: number, seed: number): number => mixHash(h ^ Math.imul(seed, 0x9e3779b1));

/**
 * The MinHash band keys of a unit's figures as `likeness` compares them (input cells but the stable ones,
 * non-zero, usable), or none when there are too few non-zero figures for equal tables to mean anything.
 */
function tableBands(signature: LikenessSignature): string[] {
  const stable = new Set<string>(LIKENESS.stable);
  const tokens: number[] = [];
  cellsOf(FORMATS[signature.format]).forEach((cell, i) => {
    const v = signature.figures[i] ?? NaN;
    if (cell.computed || stable.has(cell.id) || Number.isNaN(v) || Math.abs(v) <= SUM_TOLERANCE) return;
    tokens.push(fnv(`${cell.id}=${v}`));
  });
  if (tokens.length < LIKENESS.minSame) return [];
  const mins = Array.from({ length: BANDS * ROWS }, (_, k) => tokens.reduce((m, t) => Math.min(m, mix(t, k + 1)), 0xffffffff));
  return Array.from({ length: BANDS }, (_, b) => `${b}:${mins.slice(b * ROWS, b * ROWS + ROWS).join('-')}`);
}

/** Unordered pairs of the members of each group, once each; `a < b`. */
function pairsWithin(groups: Iterable<ReadonlySet<number>>, largest: number, into: Set<string>): void {
  for (const group of groups) {
    if (group.size < 2 || group.size > largest) continue;
    const list = [...group].sort((x, y) => x - y);
    for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) into.add(`${list[x]!},${list[y]!}`);
  }
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

/**
 * Pairs of units from different organs whose reports are alike, as `likeness` judges them (the same rule
 * as X.identical across years): tables alike, or a paragraph nearly the same that is not common wording.
 *
 * Cost, for n units: one `likenessSignature` each (linear in the report), then `compareSignatures` only
 * on candidate pairs, never on all n²/2: units whose non-zero figures share a MinHash band (figures ≥ 82%
 * alike are candidates with 99% certainty; all-zero or nearly empty tables make none), and units whose
 * paragraphs share a min-hash anchor of `likeness` itself. An anchor held by more than COMMON_UNITS units
 * is common wording and a figure band held by more than COMMON_TABLES units a shared default: neither makes
 * candidates, so no group grows quadratic. Pairs of the same organ (its reports for different years, or one
 * report as .xlsx and .docx) are not copying and are not compared.
 */
export function findCopies(reports: readonly (ComparedReport | null)[]): IdenticalPair[] {
  // One file is no batch: nothing to compare, and no signature to compute.
  if (reports.filter((r) => r !== null).length < 2) return [];
  const units = reports.flatMap((r, index) => (r ? [{ index, organ: organKey(r.data), signature: likenessSignature(r) }] : []));

  const bands = new Map<string, Set<number>>();
  const anchors = new Map<number, Set<number>>();
  units.forEach((u, i) => {
    for (const band of tableBands(u.signature)) addTo(bands, band, i);
    for (const anchor of u.signature.anchors.keys()) addTo(anchors, anchor, i);
  });
  // A paragraph counts only when one of its anchors is not common wording.
  const telling = units.map(
    (u) =>
      new Set(
        u.signature.paragraphs
          .filter((p) => Array.from(p.shingles.subarray(0, LIKENESS.anchors)).some((h) => (anchors.get(h)?.size ?? 0) <= COMMON_UNITS))
          .map((p) => p.id),
      ),
  );

  const candidates = new Set<string>();
  pairsWithin(bands.values(), COMMON_TABLES, candidates);
  pairsWithin(anchors.values(), COMMON_UNITS, candidates);

  const pairs: IdenticalPair[] = [];
  for (const candidate of candidates) {
    const [i, j] = candidate.split(',').map(Number) as [number, number];
    const a = units[i];
    const b = units[j];
    if (!a || !b || (a.organ !== null && a.organ === b.organ)) continue;
    const alike = compareSignatures(a.signature, b.signature);
    const paragraphs = alike.paragraphs.filter((p) => telling[i]?.has(p.id) && telling[j]?.has(p.otherId)).map((p) => ({ id: p.id, otherId: p.otherId }));
    if (!alike.tables && paragraphs.length === 0) continue;
    const tables = alike.tables ? tableLikeness(a.signature, b.signature) : null;
    pairs.push({ a: a.index, b: b.index, tables: tables ? { same: tables.same, telling: tables.telling } : null, paragraphs });
  }
  return pairs.sort((p, q) => p.a - q.a || p.b - q.b);
}

/** The outcomes with an X.identical warning added to both units of every pair, naming the other. */
function withCopies(outcomes: readonly BatchOutcome[], pairs: readonly IdenticalPair[]): BatchOutcome[] {
  const added = new Map<number, Finding[]>();
  for (const pair of pairs) {
    for (const [self, other, ids] of [
      [pair.a, pair.b, pair.paragraphs.map((p) => p.id)],
      [pair.b, pair.a, pair.paragraphs.map((p) => p.otherId)],
    ] as const) {
      const me = outcomes[self];
      const them = outcomes[other];
      if (!me?.ok || !them?.ok) continue;
      const paragraph = ids[0];
      const address = paragraph !== undefined ? me.report.narrative?.addressOf(paragraph) : undefined;
      const finding: Finding = {
        rule: 'X.identical',
        severity: 'warning',
        message: IDENTICAL_MESSAGES.copied(them.file, them.result.data.organ ?? null, pair.tables, new Set(ids).size),
        cells: [],
        ...(paragraph !== undefined ? { paragraph } : {}),
        ...(address !== undefined ? { address } : {}),
      };
      (added.get(self) ?? added.set(self, []).get(self)!).push(finding);
    }
  }
  return outcomes.map((o, i) => {
    const more = added.get(i);
    return o.ok && more ? { ...o, result: { ...o.result, findings: [...o.result.findings, ...more] } } : o;
  });
}

// ————— The command —————

export interface BatchOptions {
  readonly json: boolean;
  readonly fingerprint: boolean;
  /** Last year's report, compared with every file (`--previous`). */
  readonly previous?: ComparedReport;
  /** Where to write the summary workbook (`--summary`). */
  readonly summary?: string;
  readonly force: boolean;
}

const errorsIn = (o: BatchOutcome): number => (o.ok ? o.result.findings.filter((f) => f.severity === 'error').length : 0);

/** `nianbao validate PATH…`; resolves to the exit code: 2 if any file is unusable, else 1 if any has errors, else 0. */
export async function validateBatch(paths: readonly string[], options: BatchOptions, io: BatchIo): Promise<number> {
  const { summary } = options;
  // Refuse before the work, not after it: a supervisor's summary may already hold notes.
  const refused = summary !== undefined ? xlsxOutputRefusal(summary, options.force, '为免覆盖，未校验也未写入') : null;
  if (refused !== null) {
    io.err(refused);
    return 2;
  }

  const checked = await checkInputs(await collectInputs(paths, summary !== undefined ? [summary] : []), io, options.previous);
  const pairs = findCopies(checked.map((o) => (o.ok ? comparedOf(o.report) : null)));
  const outcomes = withCopies(checked, pairs);

  for (const o of outcomes) {
    const fingerprint = options.fingerprint ? fingerprintField(o.ok ? o.result.data : null) : {};
    if (!o.ok) {
      if (options.json) io.out(JSON.stringify({ file: o.file, data: null, findings: [], error: o.error, ...fingerprint }));
      else io.err(`${o.file}：${o.error}`);
    } else if (options.json) {
      io.out(JSON.stringify({ file: o.file, data: o.result.data, findings: o.result.findings, suggestions: o.result.suggestions, ...fingerprint }));
    } else io.out(options.fingerprint ? fingerprintLine(o.file, o.result.data) : renderResult(o.file, o.result));
  }

  const unreadable = outcomes.filter((o) => !o.ok).length;
  const withErrors = outcomes.filter((o) => errorsIn(o) > 0).length;
  if (!options.json && !options.fingerprint && outcomes.length > 1) {
    const passed = outcomes.length - unreadable - withErrors;
    const copies = pairs.length > 0 ? `；${pairs.length} 对报告内容雷同` : '';
    io.out(`\n共 ${outcomes.length} 个文件：${passed} 个通过，${withErrors} 个有错误，${unreadable} 个无法读取${copies}。`);
  }

  if (summary !== undefined) {
    const { summaryWorkbook } = await import('./summary');
    await writeFile(summary, await summaryWorkbook(outcomes, pairs));
    // Under --json, stdout carries only the JSON lines.
    if (options.json) io.err(`已生成：${summary}`);
    else io.out(`已生成：${summary}`);
  }
  return unreadable > 0 ? 2 : withErrors > 0 ? 1 : 0;
}
