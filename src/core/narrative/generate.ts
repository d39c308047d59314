import { FORMATS, cellSpec, type CellId, type FormatDef, type RowDef, type TableId } from '../format';
import type { ReportData, ReportInfo } from '../report/types';
import { classifyCell } from '../rules/cell-value';
import { guessOrganLevel, mayMakeRegulations, parseOrganLevel } from '../rules/organ-level';
import { hasPlaceholder, placeholder, reviewMarker, type Block, type BlockKind, type ReportDocument } from './document';

/**
 * The report's text generated from the cells and 基本信息 (spec/narrative.md): the 前言, the figures of
 * 一（二）, 二, 三, 四 and 六 in plain Chinese, and a visible 【请填写：…】 wherever only the clerk can write.
 * A figure is printed only from a clean number; a blank or bad cell gives a 【请核对：…】 marker instead.
 */

/** A figure read from the cells: its value, or the marker that stands in for it. */
type Figure = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly marker: string };

/** The official documents that define each format, for the 前言's basis. */
const FORMAT_BASIS: Readonly<Record<FormatDef['id'], string>> = {
  '2021': '《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）',
  '2019': '《中华人民共和国政府信息公开工作年度报告格式（试行）》（国办公开办函〔2019〕60号）',
};

/** The conventional sub-headings of 一、总体情况 and what the clerk is asked to write under each. */
const OVERVIEW_PARTS: readonly { readonly heading: string; readonly ask: string | null }[] = [
  { heading: '（一）主动公开', ask: '主动公开工作情况：本年度主动公开的主要做法，发布政策文件、政策解读等的情况' },
  { heading: '（二）依申请公开', ask: null },
  { heading: '（三）政府信息管理', ask: '政府信息管理情况：公开属性认定、发布审核、动态调整等做法' },
  { heading: '（四）政府信息公开平台建设', ask: '政府信息公开平台建设情况：政府网站、政务新媒体、政府公报等平台的建设和管理' },
  { heading: '（五）监督保障', ask: '监督保障情况：工作考核、社会评议和责任追究结果等' },
];

/** More unusable figures than this in one paragraph and the paragraph is a single marker. */
const MAX_MARKERS = 3;

const CHINESE_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Counts as printed: whole numbers as they are, never rounded, never grouped. */
function countText(n: number): string {
  return String(n);
}

/** An amount with at most `decimals` decimals and no trailing zeros (`9669.2526`, `26.55`, `300`). */
export function amountText(n: number, decimals: number): string {
  const fixed = n.toFixed(decimals);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** Reads the figures of one report, each from a clean cell or as a marker. */
class Figures {
  constructor(
    private readonly data: ReportData,
    readonly format: FormatDef,
  ) {}

  /** The cells found blank or bad since the last `reset`, with what is wrong with each. */
  readonly bad = new Map<CellId, string>();

  reset(): void {
    this.bad.clear();
  }

  /** A cell's value: a non-negative whole number for a count, a non-negative number for an amount. */
  cell(id: CellId): Figure {
    const problem = this.problem(id);
    if (problem === null) {
      const state = classifyCell(this.data.cells[id]);
      return { ok: true, value: state.state === 'number' ? state.value : 0 };
    }
    this.bad.set(id, problem);
    return { ok: false, marker: reviewMarker(problem) };
  }

  /** What keeps a cell's value out of the text, or null when it is a clean figure. */
  private problem(id: CellId): string | null {
    const spec = cellSpec(this.format, id);
    const label = spec?.label ?? id;
    const state = classifyCell(this.data.cells[id]);
    if (state.state === 'blank') return `${label}为空`;
    if (state.state === 'text') return `${label}填的“${state.raw}”不是数字`;
    const v = state.value;
    if (v < 0) return `${label}为负数（${v}）`;
    if (spec?.kind !== 'amount' && !Number.isInteger(v)) return `${label}不是整数（${v}）`;
    return null;
  }

  /** Σ of counts; the first bad cell's marker when any is bad. */
  sum(ids: readonly CellId[]): Figure {
    let total = 0;
    for (const id of ids) {
      const f = this.cell(id);
      if (!f.ok) return f;
      total += f.value;
    }
    return { ok: true, value: total };
  }

  /** Σ of figures already read. */
  static add(figures: readonly Figure[]): Figure {
    let total = 0;
    for (const f of figures) {
      if (!f.ok) return f;
      total += f.value;
    }
    return { ok: true, value: total };
  }
}

const isZero = (f: Figure): boolean => f.ok && f.value === 0;
/** Non-zero, or not known: a clause that must be written. */
const isSome = (f: Figure): boolean => !isZero(f);
/** `12件`, or the marker (without a unit) when the figure is bad. */
const count = (f: Figure, unit = '件'): string => (f.ok ? `${countText(f.value)}${unit}` : f.marker);

/** `自然人12件` for each figure that is not zero (a bad one as its marker). */
const nonZero = (items: readonly (readonly [string, Figure])[]): string[] =>
  items.filter(([, f]) => isSome(f)).map(([name, f]) => `${name}${count(f)}`);

/** A value of 基本信息: a number, `unknown` when not filled in, or a marker when it is not a number. */
type InfoFigure = Figure | { readonly ok: 'unknown' };

function infoNumber(info: ReportInfo, key: 'feeNotices' | 'feeAmountYuan' | 'feeCollectedYuan', label: string, whole: boolean): InfoFigure {
  // Data from JSON or a workbook may hold anything here, whatever the type says.
  const raw: unknown = info[key];
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return { ok: 'unknown' };
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+(?:\.\d+)?$/.test(raw.trim()) ? Number(raw.trim()) : null;
  if (value === null || !Number.isFinite(value))
    return { ok: false, marker: reviewMarker(`基本信息“${label}”填的“${typeof raw === 'string' ? raw : JSON.stringify(raw)}”不是数字`) };
  if (value < 0 || (whole && !Number.isInteger(value)))
    return { ok: false, marker: reviewMarker(`基本信息“${label}”填的${value}不是有效的${whole ? '件数' : '金额'}`) };
  return { ok: true, value };
}

/** `2025-01-16` (or `2025/1/16`, `2025年1月16日`) as `2025年1月16日`; null when it is not a date. */
export function chineseDate(iso: string): string | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(iso.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${y}年${mo}月${d}日`;
}

/** A section heading as an item of the 前言's list: `政府信息公开行政复议和行政诉讼情况`. */
function partName(heading: string): string {
  return heading.replace(/^[一二三四五六七八九十]+、/, '').replace(/、/g, '和');
}

/** A result group's short name: `部分公开` for `（二）部分公开（区分处理的，…）`. */
function groupName(label: string): string {
  return label.replace(/^（[一二三四五六七八九十]+）/, '').replace(/（.*）$/, '');
}

/** A result row's name inside its group: the short name, or the printed label when the name is qualified. */
function leafName(row: RowDef): string {
  const printed = (row.labels[row.labels.length - 1] ?? row.name).replace(/^\d+\.\s*/, '');
  return row.name.endsWith('）') ? printed : row.name;
}

interface ResultGroup {
  readonly name: string;
  readonly rows: readonly RowDef[];
}

/** Table 三's result rows grouped as the format prints them: （一）予以公开 … （六）其他处理. */
function resultGroups(format: FormatDef): ResultGroup[] {
  const groups: { name: string; key: string; rows: RowDef[] }[] = [];
  for (const row of format.t3.rows) {
    if (row.role !== 'result') continue;
    const key = row.labels[1] ?? row.name;
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.rows.push(row);
    else groups.push({ name: groupName(key), key, rows: [row] });
  }
  return groups;
}

/** Context shared by every paragraph. */
interface Facts {
  readonly f: Figures;
  readonly format: FormatDef;
  /** `2024年` or `本年度`. */
  readonly inYear: string;
  /** `2024年度` or `本年度`. */
  readonly yearDu: string;
  readonly year: number | null;
  readonly organ: string | null;
  readonly info: ReportInfo;
}

function overviewOfApplications({ f, inYear }: Facts): string {
  const fresh = f.cell('T3.new.total');
  const carried = f.cell('T3.carried.total');
  const handled = f.cell('T3.total.total');
  const forward = f.cell('T3.carryForward.total');
  if ([fresh, carried, handled, forward].every(isZero)) return `${inYear}，本机关未收到政府信息公开申请，无上年结转申请。`;
  const natural = f.cell('T3.new.natural');
  const orgs = f.sum(f.format.t3.columns.filter((c) => c.key !== 'natural' && c.key !== 'total').map((c) => `T3.new.${c.key}`));
  let s = `${inYear}，本机关`;
  if (isZero(fresh)) s += '未收到新的政府信息公开申请';
  else {
    s += `共收到政府信息公开申请${count(fresh)}`;
    if (fresh.ok) {
      if (isZero(orgs) && natural.ok) s += '（均为自然人申请）';
      else if (isZero(natural) && orgs.ok) s += '（均为法人或其他组织申请）';
      else
        s += `（其中${nonZero([
          ['自然人', natural],
          ['法人或其他组织', orgs],
        ]).join('，')}）`;
    }
  }
  s += isZero(carried) ? '，无上年结转申请' : `，上年结转${count(carried)}`;
  s += isZero(handled) ? '；本年度无办结的申请' : `；共办结${count(handled)}`;
  s += isZero(forward) ? '，无结转下年度继续办理的申请。' : `，结转下年度继续办理${count(forward)}。`;
  if (isSome(handled)) {
    const parts = resultGroups(f.format)
      .map((g) => ({ name: g.name, figure: f.sum(g.rows.map((r) => `T3.${r.key}.total`)) }))
      .filter((g) => isSome(g.figure))
      .map((g) => `${g.name}${count(g.figure)}`);
    if (parts.length > 0) s += `办结的申请中，${parts.join('，')}。`;
  }
  return s;
}

function applicationDetails({ f, inYear }: Facts): string {
  let s = `${inYear}，本机关收到和处理政府信息公开申请的具体情况见下表。`;
  const fresh = f.cell('T3.new.total');
  if (isSome(fresh) && fresh.ok) {
    const natural = f.cell('T3.new.natural');
    const orgColumns = f.format.t3.columns.filter((c) => c.key !== 'natural' && c.key !== 'total');
    const orgs = f.sum(orgColumns.map((c) => `T3.new.${c.key}`));
    const orgParts = orgColumns
      .map((c) => ({ label: c.label, figure: f.cell(`T3.new.${c.key}`) }))
      .filter((p) => isSome(p.figure))
      .map((p) => `${p.label}${count(p.figure)}`);
    const orgDetail = orgParts.length > 0 ? `（${orgParts.join('、')}）` : '';
    const lead = `新收的${count(fresh)}申请`;
    if (isZero(orgs) && natural.ok) s += `${lead}均由自然人提出。`;
    else if (isZero(natural) && orgs.ok) s += `${lead}均由法人或其他组织提出${orgDetail}。`;
    else {
      const parts = nonZero([
        ['自然人提出', natural],
        ['法人或其他组织提出', orgs],
      ]);
      s += `${lead}中，${parts.join('，')}${orgs.ok ? orgDetail : ''}。`;
    }
  }
  const reasons = resultGroups(f.format)
    .filter((g) => g.rows.length > 1)
    .map((g) => {
      const total = f.sum(g.rows.map((r) => `T3.${r.key}.total`));
      if (!isSome(total)) return null;
      if (!total.ok) return `${g.name}的申请：${total.marker}`;
      const leaves = g.rows
        .map((r) => ({ name: leafName(r), figure: f.cell(`T3.${r.key}.total`) }))
        .filter((l) => isSome(l.figure))
        .map((l) => `${l.name}${count(l.figure)}`);
      return `${g.name}的${count(total)}中，${leaves.join('、')}`;
    })
    .filter((x): x is string => x !== null);
  if (reasons.length > 0) s += `${reasons.join('；')}。`;
  return s;
}

/** `制发行政规范性文件7件，未废止，现行有效16件`, zeros in words. */
function documentClauses(f: Figures, row: string, name: string): string {
  const issued = f.cell(`T2.${row}.issued`);
  const repealed = f.cell(`T2.${row}.repealed`);
  const inForce = f.cell(`T2.${row}.inForce`);
  let s: string;
  if (isZero(issued) && isZero(repealed)) s = `未制发、废止${name}`;
  else if (isZero(issued)) s = `未制发${name}，废止${count(repealed)}`;
  else s = `制发${name}${count(issued)}，${isZero(repealed) ? '未废止' : `废止${count(repealed)}`}`;
  return s + (isZero(inForce) ? `，无现行有效的${name}` : `，现行有效${count(inForce)}`);
}

function proactiveSummary(facts: Facts): string {
  const { f, inYear, format } = facts;
  if (format.id !== '2021') return placeholder('主动公开政府信息情况的文字说明（2019年试行格式的表二不自动生成文字）');
  const clauses: string[] = [];
  const regulation = ['issued', 'repealed', 'inForce'].map((c) => f.cell(`T2.regulation.${c}`));
  const level = parseOrganLevel(facts.info.organLevel) ?? (facts.organ ? guessOrganLevel(facts.organ) : null);
  if (regulation.some(isSome) || (level !== null && mayMakeRegulations(level))) clauses.push(documentClauses(f, 'regulation', '规章'));
  clauses.push(documentClauses(f, 'normative', '行政规范性文件'));
  const decisions = [
    { name: '行政许可', figure: f.cell('T2.license.decisions') },
    { name: '行政处罚', figure: f.cell('T2.penalty.decisions') },
    { name: '行政强制', figure: f.cell('T2.coercion.decisions') },
  ];
  const made = decisions.filter((d) => isSome(d.figure)).map((d) => `${d.name}决定${count(d.figure)}`);
  const none = decisions.filter((d) => isZero(d.figure)).map((d) => d.name);
  const decided: string[] = [];
  if (made.length > 0) decided.push(`作出${made.join('、')}`);
  if (none.length > 0) decided.push(`未作出${none.join('、')}决定`);
  clauses.push(`全年${decided.join('，')}`);
  const fee = f.cell('T2.fee.amount');
  clauses.push(isZero(fee) ? '未收取行政事业性收费' : `收取行政事业性收费${fee.ok ? `${amountText(fee.value, 4)}万元` : fee.marker}`);
  return `${inYear}，本机关${clauses.join('；')}。`;
}

/** `（结果维持2件、尚未审结1件）` for a group of table 四; empty when every result is zero. */
function outcomes(f: Figures, group: string): string {
  const parts = f.format.t4.columns
    .filter((c) => c.key !== 'total')
    .map((c) => ({ label: c.label, figure: f.cell(`T4.${group}.${c.key}`) }))
    .filter((p) => isSome(p.figure))
    .map((p) => `${p.label}${count(p.figure)}`);
  return parts.length > 0 ? `（${parts.join('、')}）` : '';
}

function reviewSummary({ f, inYear }: Facts): string {
  const review = f.cell('T4.review.total');
  const direct = f.cell('T4.suitDirect.total');
  const after = f.cell('T4.suitAfterReview.total');
  const suits = Figures.add([direct, after]);
  if (isZero(review) && isZero(suits)) return `${inYear}，本机关未发生因政府信息公开引起的行政复议、行政诉讼。`;
  let s = `${inYear}，本机关`;
  s += isZero(review) ? '未发生因政府信息公开被申请行政复议的情况' : `因政府信息公开被申请行政复议${count(review)}${outcomes(f, 'review')}`;
  if (isZero(suits)) s += '；未发生因政府信息公开被提起行政诉讼的情况。';
  else {
    s += `；${isZero(review) ? '因政府信息公开' : ''}被提起行政诉讼${count(suits)}`;
    const groups = [
      { name: '未经复议直接起诉', key: 'suitDirect', figure: direct },
      { name: '复议后起诉', key: 'suitAfterReview', figure: after },
    ].filter((g) => isSome(g.figure));
    if (suits.ok) s += `，其中${groups.map((g) => `${g.name}${count(g.figure)}${outcomes(f, g.key)}`).join('，')}`;
    s += '。';
  }
  return s;
}

function feeStatement({ info, yearDu }: Facts): string {
  const notices = infoNumber(info, 'feeNotices', '信息处理费：发出收费通知（件）', true);
  const amount = infoNumber(info, 'feeAmountYuan', '信息处理费：收费通知金额（元）', false);
  const collected = infoNumber(info, 'feeCollectedYuan', '信息处理费：实际收取金额（元）', false);
  const all = [notices, amount, collected];
  if (all.every((x) => x.ok === 'unknown')) {
    return placeholder(
      '信息处理费情况。请在“年报”工作表的基本信息中填写发出收费通知件数、收费通知金额和实际收取金额（元，没有的填 0），再重新生成正文',
    );
  }
  const zeroOrUnknown = (x: InfoFigure): boolean => x.ok === 'unknown' || (x.ok === true && x.value === 0);
  if (all.every(zeroOrUnknown)) return `本机关${yearDu}未收取政府信息公开信息处理费。`;
  const yuan = (x: InfoFigure, what: string): string =>
    x.ok === 'unknown' ? placeholder(`${what}（元）`) : x.ok ? `${amountText(x.value, 2)}元` : x.marker;
  if (notices.ok === true && notices.value === 0) {
    return `本机关${yearDu}未发出信息处理费收费通知，实际收取政府信息公开信息处理费${yuan(collected, '实际收取金额')}。${reviewMarker('基本信息中发出收费通知为零，而实际收取金额不为零')}`;
  }
  const noticeText =
    notices.ok === 'unknown' ? placeholder('发出收费通知件数') : notices.ok ? `${countText(notices.value)}件` : notices.marker;
  const amountPart =
    amount.ok === true && amount.value === 0 ? reviewMarker('基本信息中收费通知金额为零，而发出了收费通知') : yuan(amount, '收费通知金额');
  const collectedPart =
    collected.ok === true && collected.value === 0 ? '，未实际收取信息处理费' : `，实际收取信息处理费${yuan(collected, '实际收取金额')}`;
  return `依据《政府信息公开信息处理费管理办法》，本机关${yearDu}共发出收费通知${noticeText}，金额共计${amountPart}${collectedPart}。`;
}

function contactStatement({ info, organ }: Facts): string {
  const site = text(info.website);
  const who = text(info.compiledBy) ?? organ ?? '本机关';
  const ask = (what: string): string => placeholder(`${what}（基本信息）`);
  // A fax is not asked for: many organs have none.
  const fax = text(info.fax);
  const details = [
    `联系电话：${text(info.phone) ?? ask('联系电话')}`,
    ...(fax ? [`传真：${fax}`] : []),
    `地址：${text(info.address) ?? ask('联系地址')}`,
    `邮编：${text(info.postcode) ?? ask('邮政编码')}`,
  ];
  return `本报告电子版可在${site ?? ask('报告发布网站')}查阅和下载。如对本报告有疑问，请与${who}联系（${details.join('，')}）。`;
}

/** The 前言's sentence naming the parts: exactly the format's sections, counted. */
function partsStatement(format: FormatDef): string {
  const names = format.sections.map(partName);
  const n = names.length;
  const numeral = n <= 10 ? (CHINESE_DIGITS[n] ?? String(n)) : String(n);
  return `本报告包括${names.join('、')}共计${numeral}部分。`;
}

/**
 * The report as a document generated from its data: the same ids in the same order for every report,
 * so that the 正文 sheet, the checks and the Word export find each paragraph again.
 */
export function generateDocument(data: ReportData): ReportDocument {
  const format = FORMATS[data.format] ?? FORMATS['2021'];
  const info: ReportInfo = data.info ?? {};
  const organ = text(data.organ);
  const year = typeof data.year === 'number' && Number.isInteger(data.year) ? data.year : null;
  const facts: Facts = {
    f: new Figures(data, format),
    format,
    year,
    organ,
    info,
    inYear: year !== null ? `${year}年` : '本年度',
    yearDu: year !== null ? `${year}年度` : '本年度',
  };
  const blocks: Block[] = [];
  // A paragraph with many unusable figures is one marker, not a sentence made of markers.
  const figuresOf = (write: (facts: Facts) => string): string => {
    facts.f.reset();
    const written = write(facts);
    const bad = [...facts.f.bad.values()];
    if (bad.length <= MAX_MARKERS) return written;
    return reviewMarker(`本段用到的多个单元格为空或不是数字（如${bad[0] ?? ''}），请在表格中填好后重新生成正文`);
  };
  const add = (id: string, kind: BlockKind, body: string, table?: TableId): void => {
    const source = hasPlaceholder(body) ? 'placeholder' : 'generated';
    blocks.push(table ? { id, kind, text: body, table, source } : { id, kind, text: body, source });
  };
  const yearText = year !== null ? String(year) : placeholder('报告年度');
  const compiledBy = text(info.compiledBy);

  add('title', 'title', `${organ ?? placeholder('机关名称')}${yearText}年政府信息公开工作年度报告`);
  add(
    'preamble.basis',
    'paragraph',
    `依据《中华人民共和国政府信息公开条例》和${FORMAT_BASIS[format.id]}要求，${compiledBy ? `由${compiledBy}` : ''}编制${organ ?? '本机关'}${yearText}年政府信息公开工作年度报告。`,
  );
  add('preamble.parts', 'paragraph', partsStatement(format));
  add('preamble.period', 'paragraph', `本报告所列数据的统计期限自${yearText}年1月1日起至${yearText}年12月31日止。`);
  add('preamble.contact', 'paragraph', contactStatement(facts));

  const [h1, h2, h3, h4, h5, h6] = format.sections;
  add('s1.heading', 'heading1', h1 ?? '');
  OVERVIEW_PARTS.forEach((part, i) => {
    const n = i + 1;
    add(`s1.${n}.heading`, 'heading2', part.heading);
    add(`s1.${n}.text`, 'paragraph', part.ask === null ? figuresOf(overviewOfApplications) : placeholder(part.ask));
  });
  add('s2.heading', 'heading1', h2 ?? '');
  add('s2.summary', 'paragraph', figuresOf(proactiveSummary));
  add('s2.table', 'table', '', 'T2');
  add('s3.heading', 'heading1', h3 ?? '');
  add('s3.summary', 'paragraph', figuresOf(applicationDetails));
  add('s3.table', 'table', '', 'T3');
  add('s4.heading', 'heading1', h4 ?? '');
  add('s4.summary', 'paragraph', figuresOf(reviewSummary));
  add('s4.table', 'table', '', 'T4');
  add('s5.heading', 'heading1', h5 ?? '');
  add('s5.problems', 'paragraph', placeholder('本年度政府信息公开工作存在的主要问题'));
  add('s5.improvements', 'paragraph', placeholder('针对上述问题的改进情况和下一步工作打算'));
  add('s6.heading', 'heading1', h6 ?? '');
  add('s6.fee', 'paragraph', feeStatement(facts));

  add('signature', 'signature', compiledBy ?? organ ?? placeholder('落款单位（基本信息中的编制单位或机关名称）'));
  const published = text(info.publishedOn);
  const date = published ? chineseDate(published) : null;
  add(
    'date',
    'date',
    date ??
      (published ? reviewMarker(`基本信息中的发布日期“${published}”无法识别，应写作如 2026-01-20`) : placeholder('发布日期（基本信息）')),
  );
  return { year, organ, blocks };
}
