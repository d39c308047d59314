import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { WorkbookPlan } from '../core/layout/plan';
import { buildTemplate } from '../core/layout/template';
import { parseReportData } from '../core/report/parse';
import type { ReportData } from '../core/report/types';
import { exportReport } from './export';
import { fingerprintField, fingerprintLine } from './fingerprint';
import { validateFile } from './load';
import { narrative } from './narrative';
import { renderResult } from './render';

const USAGE = `年报助手（nianbao）——政府信息公开工作年度报告的表格、校验与正文

用法：
  nianbao template [-o 文件.xlsx] [--year 年度] [--organ 机关名称] [--force]
      生成带官方表格、勾稽校验和基本信息的工作簿（默认文件名：年报.xlsx）。
  nianbao fill 数据.json -o 文件.xlsx [--force]
      生成同样的工作簿，并填入年报数据。
  nianbao validate 文件... [--json] [--fingerprint]
      校验 .xlsx（模板生成的工作簿）或 .json（年报数据）。
      --fingerprint：每个文件只列出表格数据的指纹，用于与审核单上的指纹核对。
      退出码：0 通过，1 发现错误，2 文件无法使用。
  nianbao narrative 文件 [-o 正文.md|报告.docx] [--force]
      生成年度报告正文：.json（年报数据）按数据生成；.xlsx（模板生成的工作簿）
      有“正文”工作表时保留其中修改过的段落。不加 -o 时以 Markdown 输出到屏幕。
  nianbao export 文件 -o 报告.docx [--force]
      导出可发布的 Word 年度报告（党政机关公文格式）：标题、正文六部分、
      三张官方表格、署名和日期。文件：.xlsx（模板生成的工作簿）或 .json（年报数据）。

已存在的输出文件不会被覆盖，除非加 --force。`;

/** Thrown for a bad command line; the message is shown as is. */
class UsageError extends Error {}

interface Io {
  out(text: string): void;
  err(text: string): void;
}

const stdio: Io = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
};

/** Reports are written in January for the year before; from October on, a template is for this year. */
export function defaultYear(now: Date = new Date()): number {
  return now.getMonth() >= 9 ? now.getFullYear() : now.getFullYear() - 1;
}

/** exceljs takes a fifth of a second to load: only the commands that write workbooks pay for it. */
async function writePlan(plan: WorkbookPlan): Promise<Buffer> {
  const { writeWorkbook } = await import('../hosts/xlsx/write');
  return writeWorkbook(plan);
}

async function writeOutput(file: string, force: boolean, build: () => Promise<Buffer>, io: Io): Promise<number> {
  if (!file.toLowerCase().endsWith('.xlsx')) throw new UsageError(`输出文件应以 .xlsx 结尾：${file}`);
  if (existsSync(file) && !force) {
    io.err(`文件“${file}”已存在，为免覆盖已填写的内容，未写入。如确需覆盖，请加 --force。`);
    return 2;
  }
  await writeFile(file, await build());
  io.out(`已生成：${file}`);
  return 0;
}

async function template(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { output: { type: 'string', short: 'o' }, year: { type: 'string' }, organ: { type: 'string' }, force: { type: 'boolean' } },
  });
  const year = values.year === undefined ? defaultYear() : Number(values.year);
  if (!Number.isInteger(year) || year < 2019 || year > 2100) throw new UsageError(`--year 应为四位年份（如 2025），而不是“${values.year ?? ''}”。`);
  const data: ReportData = { format: '2021', year, organ: values.organ ?? null, cells: {} };
  return writeOutput(values.output ?? '年报.xlsx', values.force ?? false, () => writePlan(buildTemplate({ data }).plan), io);
}

async function fill(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { output: { type: 'string', short: 'o' }, force: { type: 'boolean' } } });
  const [input] = positionals;
  if (!input || positionals.length > 1) throw new UsageError('用法：nianbao fill 数据.json -o 文件.xlsx');
  if (!values.output) throw new UsageError('请用 -o 指定输出的 .xlsx 文件。');
  let json: unknown;
  try {
    json = JSON.parse((await readFile(input, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (cause) {
    io.err(`${input}：无法读取年报数据（${(cause as Error).message}）。`);
    return 2;
  }
  const parsed = parseReportData(json);
  if (!parsed.ok) {
    io.err(`${input}：${parsed.error}`);
    return 2;
  }
  return writeOutput(values.output, values.force ?? false, () => writePlan(buildTemplate({ data: parsed.value }).plan), io);
}

async function validate(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, fingerprint: { type: 'boolean' } } });
  if (positionals.length === 0) throw new UsageError('用法：nianbao validate 文件... [--json] [--fingerprint]');
  let unusable = false;
  let errors = false;
  for (const file of positionals) {
    const loaded = await validateFile(file);
    if (!loaded.ok) {
      unusable = true;
      if (values.json) io.out(JSON.stringify({ file, data: null, findings: [], error: loaded.error, ...(values.fingerprint ? fingerprintField(null) : {}) }));
      else io.err(`${file}：${loaded.error}`);
      continue;
    }
    const { result } = loaded;
    if (result.findings.some((f) => f.severity === 'error')) errors = true;
    if (values.json) {
      const fingerprint = values.fingerprint ? fingerprintField(result.data) : {};
      io.out(JSON.stringify({ file, data: result.data, findings: result.findings, suggestions: result.suggestions, ...fingerprint }));
    } else io.out(values.fingerprint ? fingerprintLine(file, result.data) : renderResult(file, result));
  }
  return unusable ? 2 : errors ? 1 : 0;
}

const COMMANDS: Readonly<Record<string, (args: string[], io: Io) => Promise<number>>> = { template, fill, validate, narrative, export: exportReport };

/** Run the command line; resolves to the exit code. */
export async function main(argv: string[], io: Io = stdio): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.err(`不认识的命令“${command}”。\n\n${USAGE}`);
    return 2;
  }
  try {
    return await run(rest, io);
  } catch (cause) {
    if (cause instanceof UsageError) {
      io.err(cause.message);
      return 2;
    }
    // By its code, not `instanceof TypeError`: an error made in another realm (a test's vm context) is not one.
    if (typeof cause === 'object' && cause !== null && 'code' in cause && String(cause.code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`命令行参数有误：${String((cause as { message?: unknown }).message)}\n\n${USAGE}`);
      return 2;
    }
    throw cause;
  }
}
