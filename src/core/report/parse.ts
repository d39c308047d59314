import { FORMATS, type CellId } from '../format';
import type { ReadResult } from '../import/workbook';
import type { CellValue, ReportData } from './types';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An object or array in a cell, as text for the rules; one nested too deep to write back is named by its kind. */
function asText(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return Array.isArray(v) ? '[…]' : '{…}';
  }
}

/** Check and normalise report data JSON (DESIGN.md contract); odd cell contents are kept as text for the rules. */
export function parseReportData(json: unknown): ReadResult<ReportData> {
  if (!isRecord(json)) return { ok: false, error: '不是年报数据：文件内容应为 JSON 对象，含 "format" 与 "cells"。' };
  const format = json['format'] ?? '2021';
  if (typeof format !== 'string' || !Object.hasOwn(FORMATS, format)) {
    return { ok: false, error: `不是年报数据：不认识的格式 ${JSON.stringify(format)}（应为 "2021" 或 "2019"）。` };
  }
  const rawCells = json['cells'];
  if (!isRecord(rawCells)) return { ok: false, error: '不是年报数据：缺少 "cells" 对象（单元格编号 → 数值）。' };
  const cells: Record<CellId, CellValue> = {};
  for (const [id, v] of Object.entries(rawCells)) {
    cells[id] = v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : asText(v);
  }
  const data: ReportData = { format: format as ReportData['format'], cells };
  const year = json['year'];
  if (typeof year === 'number') data.year = year;
  else if (typeof year === 'string' && /^\d{4}$/.test(year.trim())) data.year = Number(year);
  const organ = json['organ'];
  if (typeof organ === 'string') data.organ = organ;
  const info = json['info'];
  if (isRecord(info)) data.info = { ...info };
  return { ok: true, value: data };
}
