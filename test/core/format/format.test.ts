import {
  FORMATS,
  FORMAT_2019,
  FORMAT_2021,
  MAP_2019_TO_2021,
  SECTION_HEADINGS_2021,
  cellSpec,
  cellsOf,
  tableName,
  type FormatDef,
} from '../../../src/core/format';
import { RULES } from '../../../src/core/rules/catalogue';
import { instanceRule, instancesOf } from '../../../src/core/rules/instances';

/** Verbatim from spec/format-2021.md. */
const SECTIONS = [
  '一、总体情况',
  '二、主动公开政府信息情况',
  '三、收到和处理政府信息公开申请情况',
  '四、政府信息公开行政复议、行政诉讼情况',
  '五、存在的主要问题及改进情况',
  '六、其他需要报告的事项',
];

const T2_2021 = [
  {
    heading: '第二十条第（一）项',
    rowHeader: '信息内容',
    columns: ['本年制发件数', '本年废止件数', '现行有效件数'],
    rows: ['规章', '行政规范性文件'],
  },
  { heading: '第二十条第（五）项', rowHeader: '信息内容', columns: ['本年处理决定数量'], rows: ['行政许可'] },
  { heading: '第二十条第（六）项', rowHeader: '信息内容', columns: ['本年处理决定数量'], rows: ['行政处罚', '行政强制'] },
  { heading: '第二十条第（八）项', rowHeader: '信息内容', columns: ['本年收费金额（单位：万元）'], rows: ['行政事业性收费'] },
];

const T2_2019 = [
  {
    heading: '第二十条第（一）项',
    rowHeader: '信息内容',
    columns: ['本年新制作数量', '本年新公开数量', '对外公开总数量'],
    rows: ['规章', '规范性文件'],
  },
  {
    heading: '第二十条第（五）项',
    rowHeader: '信息内容',
    columns: ['上一年项目数量', '本年增/减', '处理决定数量'],
    rows: ['行政许可', '其他对外管理服务事项'],
  },
  {
    heading: '第二十条第（六）项',
    rowHeader: '信息内容',
    columns: ['上一年项目数量', '本年增/减', '处理决定数量'],
    rows: ['行政处罚', '行政强制'],
  },
  { heading: '第二十条第（八）项', rowHeader: '信息内容', columns: ['上一年项目数量', '本年增/减'], rows: ['行政事业性收费'] },
  { heading: '第二十条第（九）项', rowHeader: '信息内容', columns: ['采购项目数量', '采购总金额'], rows: ['政府集中采购'] },
];

const T3_NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
const T3_COLUMNS = ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'];
const RESULT = '三、本年度办理结果';

/** R01…R25 of table 三 as label paths (A, B, C columns), verbatim. */
const T3_ROWS_2021 = [
  ['一、本年新收政府信息公开申请数量'],
  ['二、上年结转政府信息公开申请数量'],
  [RESULT, '（一）予以公开'],
  [RESULT, '（二）部分公开（区分处理的，只计这一情形，不计其他情形）'],
  [RESULT, '（三）不予公开', '1.属于国家秘密'],
  [RESULT, '（三）不予公开', '2.其他法律行政法规禁止公开'],
  [RESULT, '（三）不予公开', '3.危及“三安全一稳定”'],
  [RESULT, '（三）不予公开', '4.保护第三方合法权益'],
  [RESULT, '（三）不予公开', '5.属于三类内部事务信息'],
  [RESULT, '（三）不予公开', '6.属于四类过程性信息'],
  [RESULT, '（三）不予公开', '7.属于行政执法案卷'],
  [RESULT, '（三）不予公开', '8.属于行政查询事项'],
  [RESULT, '（四）无法提供', '1.本机关不掌握相关政府信息'],
  [RESULT, '（四）无法提供', '2.没有现成信息需要另行制作'],
  [RESULT, '（四）无法提供', '3.补正后申请内容仍不明确'],
  [RESULT, '（五）不予处理', '1.信访举报投诉类申请'],
  [RESULT, '（五）不予处理', '2.重复申请'],
  [RESULT, '（五）不予处理', '3.要求提供公开出版物'],
  [RESULT, '（五）不予处理', '4.无正当理由大量反复申请'],
  [RESULT, '（五）不予处理', '5.要求行政机关确认或重新出具已获取信息'],
  [RESULT, '（六）其他处理', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'],
  [RESULT, '（六）其他处理', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'],
  [RESULT, '（六）其他处理', '3.其他'],
  [RESULT, '（七）总计'],
  ['四、结转下年度继续办理'],
];

const T3_KEYS_2021 = [
  'new',
  'carried',
  'disclosed',
  'partial',
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => `withheld${i}`),
  'unable1',
  'unable2',
  'unable3',
  ...[1, 2, 3, 4, 5].map((i) => `rejected${i}`),
  'other1',
  'other2',
  'other3',
  'total',
  'carryForward',
];

/** 2019: the same rows, but （六）其他处理 is one row. */
const T3_ROWS_2019 = [...T3_ROWS_2021.slice(0, 20), [RESULT, '（六）其他处理'], ...T3_ROWS_2021.slice(23)];

const T4_GROUPS = [
  { key: 'review', path: ['行政复议'] },
  { key: 'suitDirect', path: ['行政诉讼', '未经复议直接起诉'] },
  { key: 'suitAfterReview', path: ['行政诉讼', '复议后起诉'] },
];
const T4_COLUMNS = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];

const t2Shape = (f: FormatDef): unknown =>
  f.t2.parts.map((p) => ({
    heading: p.heading,
    rowHeader: p.rowHeader,
    columns: p.columns.map((c) => c.label),
    rows: p.rows.map((r) => r.labels.join('')),
  }));

describe('the 2021 format (国办公开办函〔2021〕30号)', () => {
  const f = FORMAT_2021;

  it('has the six section headings verbatim, in order', () => {
    expect(f.sections).toEqual(SECTIONS);
    expect(SECTION_HEADINGS_2021).toEqual(SECTIONS);
  });

  it('has table 二 as four parts, every label verbatim', () => {
    expect(f.t2.title).toBe('二、主动公开政府信息情况');
    expect(t2Shape(f)).toEqual(T2_2021);
  });

  it('has table 三 with its note, 申请人情况 header and seven columns verbatim', () => {
    expect(f.t3.title).toBe('三、收到和处理政府信息公开申请情况');
    expect(f.t3.note).toBe(T3_NOTE);
    expect(f.t3.header).toBe('申请人情况');
    expect(f.t3.columns.map((c) => c.label)).toEqual(T3_COLUMNS);
    expect(f.t3.columns.map((c) => c.groups)).toEqual([
      ['申请人情况'],
      ...Array.from({ length: 5 }, () => ['申请人情况', '法人或其他组织']),
      ['申请人情况'],
    ]);
  });

  it('has table 三’s 25 rows with the official label paths and the DESIGN.md keys', () => {
    expect(f.t3.rows.map((r) => r.labels)).toEqual(T3_ROWS_2021);
    expect(f.t3.rows.map((r) => r.key)).toEqual(T3_KEYS_2021);
  });

  it('has 21 result leaves between 二 and （七）总计, and one row of each other role', () => {
    const roles = f.t3.rows.map((r) => r.role);

    expect(roles.filter((r) => r === 'result')).toHaveLength(21);
    expect(roles).toEqual(['new', 'carried', ...Array<string>(21).fill('result'), 'total', 'carryForward']);
  });

  it('has table 四 as three groups of five columns, every label verbatim', () => {
    expect(f.t4.title).toBe('四、政府信息公开行政复议、行政诉讼情况');
    expect(f.t4.groups.map((g) => ({ key: g.key, path: [...g.parents, g.label] }))).toEqual(T4_GROUPS);
    expect(f.t4.columns.map((c) => c.label)).toEqual(T4_COLUMNS);
    expect(f.t4.columns.map((c) => c.key)).toEqual(['upheld', 'corrected', 'other', 'pending', 'total']);
  });

  it('has 10 T2 cells (one amount), 175 T3 cells and 15 T4 cells', () => {
    const cells = cellsOf(f);
    const count = (t: string): number => cells.filter((c) => c.table === t).length;

    expect([count('T2'), count('T3'), count('T4')]).toEqual([10, 175, 15]);
    expect(cells.filter((c) => c.kind === 'amount').map((c) => c.id)).toEqual(['T2.fee.amount']);
    expect(cells.filter((c) => c.signed)).toEqual([]);
  });

  it('has the T2 cell ids of DESIGN.md', () => {
    expect(
      cellsOf(f)
        .filter((c) => c.table === 'T2')
        .map((c) => c.id),
    ).toEqual([
      'T2.regulation.issued',
      'T2.regulation.repealed',
      'T2.regulation.inForce',
      'T2.normative.issued',
      'T2.normative.repealed',
      'T2.normative.inForce',
      'T2.license.decisions',
      'T2.penalty.decisions',
      'T2.coercion.decisions',
      'T2.fee.amount',
    ]);
  });
});

describe('the 2019 format (国办公开办函〔2019〕60号)', () => {
  const f = FORMAT_2019;

  it('has the old table 二: 本年新制作数量 columns, 规范性文件, 其他对外管理服务事项, 本年增/减, 政府集中采购', () => {
    expect(t2Shape(f)).toEqual(T2_2019);
  });

  it('has table 三 with a single （六）其他处理 row keyed `other`, otherwise as in 2021', () => {
    expect(f.t3.rows.map((r) => r.labels)).toEqual(T3_ROWS_2019);
    expect(f.t3.rows.map((r) => r.key)).toEqual([...T3_KEYS_2021.slice(0, 20), 'other', 'total', 'carryForward']);
    expect(f.t3.rows.filter((r) => r.role === 'result')).toHaveLength(19);
    expect(f.t3.columns).toEqual(FORMAT_2021.t3.columns);
    expect(f.t3.note).toBe(T3_NOTE);
  });

  it('has table 四 identical to 2021', () => {
    expect(f.t4).toEqual(FORMAT_2021.t4);
  });

  it('allows negative figures only in 本年增/减, and has one amount (采购总金额)', () => {
    const cells = cellsOf(f);

    expect(cells.filter((c) => c.signed).map((c) => c.id)).toEqual([
      'T2.license.change',
      'T2.otherService.change',
      'T2.penalty.change',
      'T2.coercion.change',
      'T2.fee.change',
    ]);
    expect(cells.filter((c) => c.kind === 'amount').map((c) => c.id)).toEqual(['T2.procurement.amount']);
  });

  it('maps （六）其他处理 to the three 2021 rows of each column, naming only cells that exist', () => {
    const other = MAP_2019_TO_2021.filter((m) => m.from2019.some((id) => id.startsWith('T3.other.')));

    expect(other).toHaveLength(7);
    expect(other[0]).toEqual({ from2019: ['T3.other.natural'], to2021: ['T3.other1.natural', 'T3.other2.natural', 'T3.other3.natural'] });
    for (const m of MAP_2019_TO_2021) {
      expect(m.from2019.filter((id) => !cellSpec(FORMAT_2019, id))).toEqual([]);
      expect(m.to2021.filter((id) => !cellSpec(FORMAT_2021, id))).toEqual([]);
    }
  });
});

describe.each([FORMAT_2021, FORMAT_2019])('format $id as data', (f: FormatDef) => {
  it('is registered under its id', () => {
    expect(FORMATS[f.id]).toBe(f);
  });

  it('has unique cell ids of the form TABLE.ROW.COLUMN', () => {
    const ids = cellsOf(f).map((c) => c.id);

    expect(new Set(ids).size).toBe(ids.length);
    for (const c of cellsOf(f)) expect(c.id).toBe(`${c.table}.${c.row}.${c.column}`);
  });

  it('has unique row and column keys in every table', () => {
    const unique = (keys: readonly string[]): boolean => new Set(keys).size === keys.length;

    expect(unique(f.t2.parts.flatMap((p) => p.rows.map((r) => r.key)))).toBe(true);
    for (const p of f.t2.parts) expect(unique(p.columns.map((c) => c.key))).toBe(true);
    expect(unique(f.t3.rows.map((r) => r.key))).toBe(true);
    expect(unique(f.t3.columns.map((c) => c.key))).toBe(true);
    expect(unique(f.t4.groups.map((g) => g.key))).toBe(true);
    expect(unique(f.t4.columns.map((c) => c.key))).toBe(true);
  });

  it('computes exactly the T3 total row and column and the T4 总计 column', () => {
    const computed = cellsOf(f).filter((c) => c.computed);

    expect(
      computed.every(
        (c) => (c.table === 'T3' && (c.row === 'total' || c.column === 'total')) || (c.table === 'T4' && c.column === 'total'),
      ),
    ).toBe(true);
    expect(computed).toHaveLength(f.t3.rows.length + f.t3.columns.length - 1 + f.t4.groups.length);
  });

  it('labels every cell for messages with its table, row and column (a one-column T2 part by its row alone)', () => {
    const oneColumn = (row: string): boolean => f.t2.parts.some((p) => p.columns.length === 1 && p.rows.some((r) => r.key === row));
    for (const c of cellsOf(f)) {
      const column = c.table === 'T2' && oneColumn(c.row) ? '' : `“${c.columnLabel}”`;
      expect(c.label).toMatch(new RegExp(`^${tableName(c.table)}“${c.rowName.replace(/[()（）]/g, '.')}”行?${column}列?$`));
    }
    expect(cellSpec(f, 'T3.carryForward.commercial')?.label).toBe('表三“结转下年度继续办理”行“商业企业”列');
    expect(cellSpec(f, 'T4.suitAfterReview.pending')?.label).toBe('表四“行政诉讼（复议后起诉）”“尚未审结”');
  });

  it('looks cells up by id and knows none it does not have', () => {
    expect(cellSpec(f, 'T3.new.natural')?.row).toBe('new');
    expect(cellSpec(f, 'T3.nope.natural')).toBeUndefined();
    expect(cellSpec(f, '')).toBeUndefined();
  });

  it('expands every rule into instances whose cells exist, with unique keys', () => {
    const instances = instancesOf(f);
    const keys = instances.map((i) => i.key);

    expect(new Set(keys).size).toBe(keys.length);
    for (const inst of instances) {
      expect(inst.cells.length).toBeGreaterThan(0);
      expect(inst.cells.filter((id) => cellSpec(f, id)?.table !== inst.table)).toEqual([]);
      if (inst.kind === 'equation') {
        expect([...inst.left, ...inst.right]).toEqual(inst.cells);
        expect(inst.left.length).toBeGreaterThan(0);
        expect(inst.right.length).toBeGreaterThan(0);
        expect(inst.left.filter((id) => inst.right.includes(id))).toEqual([]);
      }
    }
  });

  it('checks every cell once for its content', () => {
    const checked = instancesOf(f)
      .filter((i) => i.kind === 'cellContent')
      .map((i) => i.cells[0]);

    expect(checked).toEqual(cellsOf(f).map((c) => c.id));
  });

  it('orders instances by table: T2, then T3, then T4', () => {
    const tables = instancesOf(f).map((i) => i.table);

    expect(tables).toEqual([...tables].sort());
  });
});

describe('rule instances', () => {
  const count = (f: FormatDef): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const i of instancesOf(f)) {
      const id = i.kind === 'cellContent' ? 'cell' : i.def.id;
      out[id] = (out[id] ?? 0) + 1;
    }
    return out;
  };

  it('on 2021: one content check per cell, 25 rows, 7 columns twice, 3 groups, and one of each T2 rule per row', () => {
    expect(count(FORMAT_2021)).toEqual({
      cell: 200,
      'T2.regulationLevel': 1,
      'T2.inForceBelowIssued': 2,
      'T2.feeUnit': 1,
      'T3.rowTotal': 25,
      'T3.resultTotal': 7,
      'T3.balance': 7,
      'T4.groupTotal': 3,
    });
  });

  it('on 2019: no 现行有效件数 and no fee amount, so neither T2.inForceBelowIssued nor T2.feeUnit', () => {
    expect(count(FORMAT_2019)).toEqual({
      cell: 198,
      'T2.regulationLevel': 1,
      'T3.rowTotal': 23,
      'T3.resultTotal': 7,
      'T3.balance': 7,
      'T4.groupTotal': 3,
    });
  });

  it('sums the 21 result rows into （七）总计 and 一+二 against 三+四', () => {
    const byKey = new Map(instancesOf(FORMAT_2021).map((i) => [i.key, i]));
    const result = byKey.get('T3.resultTotal@natural');
    const balance = byKey.get('T3.balance@natural');

    expect(result?.kind === 'equation' && [result.left, result.right.length]).toEqual([['T3.total.natural'], 21]);
    expect(balance?.kind === 'equation' && [balance.left, balance.right]).toEqual([
      ['T3.new.natural', 'T3.carried.natural'],
      ['T3.total.natural', 'T3.carryForward.natural'],
    ]);
  });

  it('names the failing rule of each instance (content checks report as cell.blank at worst)', () => {
    const rules = new Set(instancesOf(FORMAT_2021).map((i) => `${instanceRule(i).rule}/${instanceRule(i).severity}`));

    expect([...rules].sort()).toEqual([
      'T2.feeUnit/warning',
      'T2.inForceBelowIssued/warning',
      'T2.regulationLevel/warning',
      'T3.balance/error',
      'T3.resultTotal/error',
      'T3.rowTotal/error',
      'T4.groupTotal/error',
      'cell.blank/error',
    ]);
  });

  it('expands rules given by the caller, leaving out instances whose cells the format lacks', () => {
    const feeUnit = RULES.filter((r) => r.kind === 'feeUnit');

    expect(instancesOf(FORMAT_2021, feeUnit).map((i) => i.key)).toEqual(['T2.feeUnit']);
    expect(instancesOf(FORMAT_2019, feeUnit)).toEqual([]);
  });
});
