import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { aggregateReports, type AggregateUnit } from '../core/aggregate';
import { buildTemplate } from '../core/layout/template';
import { readReportFile, type ReportFile } from '../import/report-file';
import { collectInputs, readOne, withProgress, type BatchIo, type UnreadableFile } from './batch';
import { validateLoaded } from './load';
import { writePlan, xlsxOutputRefusal } from './output';

/**
 * `nianbao aggregate FILES_OR_DIRS… -o 汇总.xlsx [--organ NAME] [--year N] [--force]`: the units' tables
 * summed into the same template workbook as `nianbao fill`, so the result carries the template's live checks.
 * What could not be summed is listed on stderr; nothing is guessed (src/core/aggregate.ts).
 */

const USAGE = '用法：nianbao aggregate 文件或文件夹... -o 汇总.xlsx [--organ 机关名称] [--year 年度] [--force]';

/** Exit code: 0 when every unit was summed whole, 1 when something was skipped or left blank, 2 when nothing could be done. */
export async function aggregate(args: string[], io: BatchIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { output: { type: 'string', short: 'o' }, organ: { type: 'string' }, year: { type: 'string' }, force: { type: 'boolean' } },
  });
  if (positionals.length === 0) {
    io.err(USAGE);
    return 2;
  }
  const output = values.output;
  if (output === undefined) {
    io.err(`请用 -o 指定输出的 .xlsx 文件。\n${USAGE}`);
    return 2;
  }
  const year = values.year === undefined ? null : Number(values.year);
  if (year !== null && (!Number.isInteger(year) || year < 2019 || year > 2100)) {
    io.err(`--year 应为四位年份（如 2025），而不是“${values.year ?? ''}”。`);
    return 2;
  }
  // Refuse before reading a hundred files, not after.
  const refused = xlsxOutputRefusal(output, values.force ?? false);
  if (refused !== null) {
    io.err(refused);
    return 2;
  }

  const read = await withProgress(await collectInputs(positionals, [output]), io, '读取中', async (file) => {
    const loaded = await readOne(file);
    return loaded.ok ? { file, report: loaded.report } : ({ ok: false, file, error: loaded.error } satisfies UnreadableFile);
  });
  const unreadable = read.filter((r): r is UnreadableFile => 'ok' in r);
  const units: AggregateUnit[] = read.filter((r): r is { file: string; report: ReportFile } => !('ok' in r)).map((r) => ({ name: r.file, data: r.report.data }));
  const result = aggregateReports(units, { organ: values.organ ?? null, year });

  if (unreadable.length > 0) {
    io.err(`以下 ${unreadable.length} 个文件无法读取，未计入：`);
    for (const u of unreadable) io.err(`  ${u.file}：${u.error}`);
  }
  if (result.skipped.length > 0) {
    io.err(`以下 ${result.skipped.length} 个单位未计入：`);
    for (const s of result.skipped) io.err(`  ${s.message}`);
  }
  if (result.gaps.length > 0) {
    const cells = new Set(result.gaps.map((g) => g.cell)).size;
    io.err(`以下单元格为空或不是可用的数字，汇总表中对应的 ${cells} 格留空（请补正后重新汇总）：`);
    for (const g of result.gaps) io.err(`  ${g.message}`);
  }
  if (result.cleaned.length > 0) {
    io.err('以下单元格不是规范的数字，按其明显的数值计入（请提醒该单位改正）：');
    for (const c of result.cleaned) io.err(`  ${c.message}`);
  }
  if (result.summed.length === 0) {
    io.err('没有可以汇总的报告，未生成文件。');
    return 2;
  }

  const bytes = await writePlan(buildTemplate({ data: result.data }).plan);
  await writeFile(output, bytes);
  io.out(`已生成：${output}`);
  // What the workbook says of itself, read back as `validate` reads it (totals are its formulas' results).
  const written = readReportFile(output, bytes);
  const findings = written.ok ? validateLoaded(written.value).findings : [];
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  io.out(
    `汇总了 ${result.summed.length} 个单位的${result.data.year ? ` ${result.data.year} 年度` : ''}报告；汇总表校验：${errors === 0 && warnings === 0 ? '通过' : `${errors} 处错误，${warnings} 处提示（nianbao validate ${output} 可列出）`}。`,
  );
  return unreadable.length > 0 || result.skipped.length > 0 || result.gaps.length > 0 ? 1 : 0;
}
