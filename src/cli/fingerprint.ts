import type { ReportData } from '../core/report/types';
import { tableFingerprint } from '../core/signoff';

/**
 * `nianbao validate --fingerprint`: the fingerprint of each file's table values, as the 审核单 prints it,
 * so that a reviewer can match a stamped paper copy to the e-mailed workbook.
 */

/** `年报.xlsx  指纹：7K3M-Q9XA-2B1F` */
export function fingerprintLine(file: string, data: ReportData): string {
  return `${file}  指纹：${tableFingerprint(data)}`;
}

/** The field `--json` adds to a file's object: the fingerprint, or null for a file that could not be read. */
export function fingerprintField(data: ReportData | null): { fingerprint: string | null } {
  return { fingerprint: data ? tableFingerprint(data) : null };
}
