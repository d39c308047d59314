import { FORMAT_2019, FORMAT_2021, type FormatDef, type TableId } from '../../format';
import { MAX_LABEL, bodyKey, canon } from './normalize';

/**
 * The words that tell the three tables apart, taken from the formats' own labels (both formats), so that
 * a row copied as text can be assigned to its table without knowing where it sits.
 */

interface Vocabulary {
  /** Terms that equal a field on their own (short, or shared between tables). */
  readonly exact: ReadonlySet<string>;
  /** Terms long enough to be recognised inside a longer field, or a field inside them. */
  readonly contained: readonly string[];
}

/** Generic words that appear in more than one table: they assign no row to a table. */
const SHARED = new Set(['总计', '其他', '信息内容']);

function vocabulary(labels: readonly string[]): Vocabulary {
  const keys = new Set<string>();
  for (const l of labels) {
    keys.add(canon(l));
    keys.add(bodyKey(l));
  }
  const usable = [...keys].filter((k) => k !== '' && !SHARED.has(k));
  return { exact: new Set(usable), contained: usable.filter((k) => k.length >= 4) };
}

function labelsOf(format: FormatDef): Record<TableId, string[]> {
  return {
    T2: format.t2.parts.flatMap((p) => [p.heading, p.rowHeader, ...p.columns.map((c) => c.label), ...p.rows.flatMap((r) => r.labels)]),
    T3: [
      format.t3.note,
      format.t3.header,
      ...format.t3.columns.flatMap((c) => [c.label, ...(c.groups ?? [])]),
      ...format.t3.rows.flatMap((r) => r.labels),
    ],
    T4: [...format.t4.groups.flatMap((g) => [g.label, ...g.parents]), ...format.t4.columns.map((c) => c.label)],
  };
}

let cached: Record<TableId, Vocabulary> | null = null;

function vocabularies(): Record<TableId, Vocabulary> {
  if (cached) return cached;
  const a = labelsOf(FORMAT_2021);
  const b = labelsOf(FORMAT_2019);
  cached = {
    T2: vocabulary([...a.T2, ...b.T2, '第二十条']),
    T3: vocabulary([...a.T3, ...b.T3, '勾稽关系']),
    T4: vocabulary([...a.T4, ...b.T4]),
  };
  return cached;
}

const TABLES: readonly TableId[] = ['T2', 'T3', 'T4'];

/** How many fields of `texts` speak of each table. */
export function tableHits(texts: readonly string[]): Record<TableId, number> {
  const v = vocabularies();
  const hits: Record<TableId, number> = { T2: 0, T3: 0, T4: 0 };
  for (const text of texts) {
    if (text === '' || text.length > MAX_LABEL) continue;
    const key = canon(text);
    const body = bodyKey(text);
    for (const t of TABLES) {
      const voc = v[t];
      if (voc.exact.has(key) || voc.exact.has(body)) {
        hits[t]++;
        continue;
      }
      if (key.length < 3) continue;
      if (voc.contained.some((term) => key.includes(term) || (body.length >= 4 && term.includes(body)))) hits[t]++;
    }
  }
  return hits;
}

/** The table that `texts` speak of most, or null when none (values, fragments, noise). */
export function tableOf(texts: readonly string[]): TableId | null {
  const hits = tableHits(texts);
  let best: TableId | null = null;
  let score = 0;
  for (const t of TABLES) {
    if (hits[t] > score) {
      score = hits[t];
      best = t;
    }
  }
  return best;
}

/** Labels that only the 2019 (试行) format prints, and only the 2021 one (canonical). */
export const MARKERS_2019: readonly string[] = [
  '本年新制作数量',
  '本年新公开数量',
  '对外公开总数量',
  '上一年项目数量',
  '本年增/减',
  '其他对外管理服务事项',
  '政府集中采购',
  '采购项目数量',
  '采购总金额',
].map(canon);

export const MARKERS_2021: readonly string[] = [
  '本年制发件数',
  '本年废止件数',
  '现行有效件数',
  '本年处理决定数量',
  '本年收费金额',
  '申请人无正当理由逾期不补正',
  '申请人逾期未按收费通知要求缴纳费用',
].map(canon);
