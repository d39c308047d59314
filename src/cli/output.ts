import { existsSync } from 'node:fs';
import type { WorkbookPlan } from '../core/layout/plan';

/**
 * Why a command may not write `file`, its .xlsx output: not named .xlsx, or already there without --force
 * (it may hold what a clerk filled in). `notDone` says what the command then leaves undone. Null when it may.
 */
export function xlsxOutputRefusal(file: string, force: boolean, notDone = '为免覆盖已填写的内容，未写入'): string | null {
  if (!file.toLowerCase().endsWith('.xlsx')) return `输出文件应以 .xlsx 结尾：${file}`;
  if (existsSync(file) && !force) return `文件“${file}”已存在，${notDone}。如确需覆盖，请加 --force。`;
  return null;
}

/** exceljs takes a fifth of a second to load: only the commands that write workbooks pay for it. */
export async function writePlan(plan: WorkbookPlan): Promise<Buffer> {
  const { writeWorkbook } = await import('../hosts/xlsx/write');
  return writeWorkbook(plan);
}
