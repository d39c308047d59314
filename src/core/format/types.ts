/** Which official format a report follows. */
export type FormatId = '2021' | '2019';

/** The three official tables. */
export type TableId = 'T2' | 'T3' | 'T4';

/** Stable cell id `TABLE.ROW.COLUMN` (DESIGN.md contract). */
export type CellId = string;

/** Whole counts (件) or an amount in 万元 with up to 4 decimals. */
export type ValueKind = 'count' | 'amount';

/** A column of a table: stable key and official label, verbatim. */
export interface ColumnDef {
  readonly key: string;
  readonly label: string;
  /** Column header groups above this column, outermost first (verbatim labels). */
  readonly groups?: readonly string[];
  readonly kind?: ValueKind;
  /** May be negative (the 2019 format's 本年增/减). */
  readonly signed?: boolean;
}

/** A row of a table: stable key, official label path (outer groups first), a short name for messages. */
export interface RowDef {
  readonly key: string;
  /** Label path as printed: `['三、本年度办理结果', '（三）不予公开', '1.属于国家秘密']`. */
  readonly labels: readonly string[];
  /** Short name used in messages, e.g. `属于国家秘密`. */
  readonly name: string;
  /** The part this row plays in the totalling rules. */
  readonly role?: 'new' | 'carried' | 'result' | 'total' | 'carryForward';
}

/** One part of table 二: a heading row, a header row and its rows. */
export interface T2PartDef {
  readonly heading: string;
  readonly rowHeader: string;
  readonly columns: readonly ColumnDef[];
  readonly rows: readonly RowDef[];
}

export interface T2Def {
  readonly id: 'T2';
  readonly title: string;
  readonly parts: readonly T2PartDef[];
}

/** Table 三: rows × applicant columns under a three-row header. */
export interface T3Def {
  readonly id: 'T3';
  readonly title: string;
  /** The note in the top-left header cell. */
  readonly note: string;
  readonly header: string;
  readonly columns: readonly ColumnDef[];
  readonly rows: readonly RowDef[];
}

/** Table 四: one data row of groups × result columns. */
export interface T4Def {
  readonly id: 'T4';
  readonly title: string;
  readonly groups: readonly { readonly key: string; readonly label: string; readonly parents: readonly string[]; readonly name: string }[];
  readonly columns: readonly ColumnDef[];
}

/** An official report format as data. */
export interface FormatDef {
  readonly id: FormatId;
  readonly name: string;
  readonly sections: readonly string[];
  /** Other wordings of a section heading that the format's own reports use (index as `sections`). */
  readonly sectionVariants?: Readonly<Record<number, readonly string[]>>;
  /** Whether section 六 must state the 信息处理费 (fee rules exist only from the 2021 format on). */
  readonly feeStatement: boolean;
  readonly t2: T2Def;
  readonly t3: T3Def;
  readonly t4: T4Def;
}

/** One cell of a format with everything the rules and the layout need to know. */
export interface CellSpec {
  readonly id: CellId;
  readonly table: TableId;
  readonly row: string;
  readonly column: string;
  readonly kind: ValueKind;
  /** A total the template computes (a formula), not an input. */
  readonly computed: boolean;
  /** May be negative. */
  readonly signed: boolean;
  /** The row's short name and the column's label, for messages. */
  readonly rowName: string;
  readonly columnLabel: string;
  /** Human name for messages: `表三“重复申请”行“自然人”列`. */
  readonly label: string;
}
