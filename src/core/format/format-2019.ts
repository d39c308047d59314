import { SECTION_HEADINGS_2021, T3_COLUMNS, T3_NOTE, T3_ROWS_HEAD, T3_ROWS_TAIL, T4_2021 } from './format-2021';
import type { CellId, ColumnDef, FormatDef } from './types';

const CONTENT = '信息内容';
const LAST_YEAR: ColumnDef = { key: 'lastYear', label: '上一年项目数量' };
const CHANGE: ColumnDef = { key: 'change', label: '本年增/减', signed: true };
const DECISIONS: ColumnDef = { key: 'decisions', label: '处理决定数量' };

/**
 * 《…年度报告格式（试行）》(国办公开办函〔2019〕60号), used for report years 2019 and 2020.
 * Tables 三 and 四 share the 2021 ids; （六）其他处理 is the single row `other`.
 */
export const FORMAT_2019 = {
  id: '2019',
  name: '政府信息公开工作年度报告格式（试行）（国办公开办函〔2019〕60号）',
  sections: SECTION_HEADINGS_2021,
  // Many 2019-format reports head section 五 so (spec/format-2021.md).
  sectionVariants: { 4: ['五、政府信息公开工作存在的主要问题及改进情况'] },
  // The 信息处理费 rules came in November 2020, after this format: section 六 need not state them.
  feeStatement: false,
  t2: {
    id: 'T2',
    title: '二、主动公开政府信息情况',
    parts: [
      {
        heading: '第二十条第（一）项',
        rowHeader: CONTENT,
        columns: [
          { key: 'made', label: '本年新制作数量' },
          { key: 'published', label: '本年新公开数量' },
          { key: 'total', label: '对外公开总数量' },
        ],
        rows: [
          { key: 'regulation', labels: ['规章'], name: '规章' },
          { key: 'normative', labels: ['规范性文件'], name: '规范性文件' },
        ],
      },
      {
        heading: '第二十条第（五）项',
        rowHeader: CONTENT,
        columns: [LAST_YEAR, CHANGE, DECISIONS],
        rows: [
          { key: 'license', labels: ['行政许可'], name: '行政许可' },
          { key: 'otherService', labels: ['其他对外管理服务事项'], name: '其他对外管理服务事项' },
        ],
      },
      {
        heading: '第二十条第（六）项',
        rowHeader: CONTENT,
        columns: [LAST_YEAR, CHANGE, DECISIONS],
        rows: [
          { key: 'penalty', labels: ['行政处罚'], name: '行政处罚' },
          { key: 'coercion', labels: ['行政强制'], name: '行政强制' },
        ],
      },
      {
        heading: '第二十条第（八）项',
        rowHeader: CONTENT,
        columns: [LAST_YEAR, CHANGE],
        rows: [{ key: 'fee', labels: ['行政事业性收费'], name: '行政事业性收费' }],
      },
      {
        heading: '第二十条第（九）项',
        rowHeader: CONTENT,
        columns: [
          { key: 'items', label: '采购项目数量' },
          { key: 'amount', label: '采购总金额', kind: 'amount' },
        ],
        rows: [{ key: 'procurement', labels: ['政府集中采购'], name: '政府集中采购' }],
      },
    ],
  },
  t3: {
    id: 'T3',
    title: '三、收到和处理政府信息公开申请情况',
    note: T3_NOTE,
    header: '申请人情况',
    columns: T3_COLUMNS,
    rows: [...T3_ROWS_HEAD, { key: 'other', labels: ['三、本年度办理结果', '（六）其他处理'], name: '其他处理', role: 'result' }, ...T3_ROWS_TAIL],
  },
  t4: T4_2021,
} as const satisfies FormatDef;

/** Σ of `from2019` in a 2019-format report equals Σ of `to2021` in a 2021 one. */
export interface FormatEquivalence {
  readonly from2019: readonly CellId[];
  readonly to2021: readonly CellId[];
}

/**
 * How a 2019-format report's cells map onto 2021 ids, for the checks across years. T3 and T4 cells not
 * listed keep their ids; （六）其他处理 equals 2021's three （六） rows together.
 */
export const MAP_2019_TO_2021: readonly FormatEquivalence[] = [
  ...T3_COLUMNS.map((c) => ({
    from2019: [`T3.other.${c.key}`],
    to2021: [`T3.other1.${c.key}`, `T3.other2.${c.key}`, `T3.other3.${c.key}`],
  })),
  ...['license', 'penalty', 'coercion'].map((row) => ({ from2019: [`T2.${row}.decisions`], to2021: [`T2.${row}.decisions`] })),
];
