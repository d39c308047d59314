import type { CellId, FormatId } from '../format';

/** What a cell holds: a number, the raw text typed when it is not a clean number, or null when blank. */
export type CellValue = number | string | boolean | null;

/** The organ's level, which decides whether it may make 规章. */
export type OrganLevel = 'state' | 'province' | 'city' | 'county' | 'township' | 'department';

/** The 基本信息 block: facts outside the tables (contract: report data JSON `info`). */
export interface ReportInfo {
  organLevel?: OrganLevel | null;
  /** 信息处理费: 收费通知 issued (件). */
  feeNotices?: number | null;
  /** 信息处理费: total of the notices (元). */
  feeAmountYuan?: number | null;
  /** 信息处理费: actually collected (元). */
  feeCollectedYuan?: number | null;
  /** Publication date, `YYYY-MM-DD`. */
  publishedOn?: string | null;
  compiledBy?: string | null;
  website?: string | null;
  phone?: string | null;
  fax?: string | null;
  postcode?: string | null;
  address?: string | null;
  [key: string]: unknown;
}

/** Report data (DESIGN.md contract). */
export interface ReportData {
  format: FormatId;
  year?: number | null;
  organ?: string | null;
  cells: Record<CellId, CellValue | undefined>;
  info?: ReportInfo;
}
