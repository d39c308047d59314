import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { buildTemplate } from '../core/layout/template';
import { parseReportData } from '../core/report/parse';
import type { ReportData } from '../core/report/types';
import { carriedFigures, describeCarried, rollForward } from '../core/previous';
import type { ComparedReport } from '../core/rules/across-years';
import { aggregate } from './aggregate';
import { validateBatch } from './batch';
import { exportReport } from './export';
import { comparedOf, loadReportFile } from './load';
import { narrative } from './narrative';
import { writePlan, xlsxOutputRefusal } from './output';
import type { TerminalStream } from './progress';

const USAGE = `年报助手（nianbao）——政府信息公开工作年度报告的表格、校验与正文

用法：
  nianbao template [-o 文件.xlsx] [--year 年度] [--organ 机关名称] [--from 上年年报] [--force]
      生成带官方表格、勾稽校验和基本信息的工作簿（默认文件名：年报.xlsx）。
      --from：从上年年报（.xlsx、.json，或已发布的 .txt/.md/.html/.docx）接着做：
      上年“结转下年度继续办理”填入本年“上年结转”，年度加一，沿用机关名称和联系方式；
      上年年报保存在工作簿中，校验时据此做跨年度检查。
  nianbao fill 数据.json -o 文件.xlsx [--force]
      生成同样的工作簿，并填入年报数据。
  nianbao validate 文件或文件夹... [--previous 上年年报] [--json] [--fingerprint] [--summary 汇总校验.xlsx] [--force]
      校验 .xlsx（模板生成的工作簿）、.json（年报数据）或已发布的年报（.txt/.md/.html/.docx）。
      文件夹：校验其中（含各级子文件夹）所有这些文件，跳过隐藏文件和 ~$ 开头的临时文件。
      多个文件时，还找出不同机关之间表格或文字雷同的报告（X.identical）。
      --previous：与上年年报（.xlsx、.json 或已发布的 .txt/.md/.html/.docx）做跨年度核对：
      上年结转是否等于上年“结转下年度继续办理”、现行有效件数是否衔接、数字是否突变（超过 5 倍）、
      表格和文字是否与上年雷同（X.carried、X.inForce、X.jump、X.identical）。
      --summary：另生成汇总工作簿（单位汇总、规则矩阵、无法读取、雷同）。
      --fingerprint：每个文件只列出表格数据的指纹，用于与审核单上的指纹核对。
      退出码：0 通过，1 发现错误，2 有文件无法使用。
  nianbao aggregate 文件或文件夹... -o 汇总.xlsx [--organ 机关名称] [--year 年度] [--force]
      把各单位年报的表二、表三、表四逐格相加，生成与 fill 相同的带校验工作簿。
      为空或不是数字的格不猜测：汇总表中该格留空，并列出是哪个单位的哪一格；
      无法读取的文件、2019 年格式的报告和其他年度的报告不计入并列出（年度默认取多数单位的年度）。
      退出码：0 全部计入，1 有未计入或留空，2 无法汇总。
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
  /** The raw stderr, for a progress bar when it is a terminal (a test passes a fake with `isTTY`). */
  readonly stderr?: TerminalStream;
}

const stdio: Io = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  stderr: process.stderr,
};

/** Reports are written in January for the year before; from October on, a template is for this year. */
export function defaultYear(now: Date = new Date()): number {
  return now.getMonth() >= 9 ? now.getFullYear() : now.getFullYear() - 1;
}

async function writeOutput(file: string, force: boolean, build: () => Promise<Buffer>, io: Io): Promise<number> {
  const refused = xlsxOutputRefusal(file, force);
  if (refused !== null) {
    io.err(refused);
    return 2;
  }
  await writeFile(file, await build());
  io.out(`已生成：${file}`);
  return 0;
}

async function template(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      output: { type: 'string', short: 'o' },
      year: { type: 'string' },
      organ: { type: 'string' },
      from: { type: 'string' },
      force: { type: 'boolean' },
    },
  });
  const year = values.year === undefined ? defaultYear() : Number(values.year);
  if (!Number.isInteger(year) || year < 2019 || year > 2100) throw new UsageError(`--year 应为四位年份（如 2025），而不是“${values.year ?? ''}”。`);
  let data: ReportData = { format: '2021', year, organ: values.organ ?? null, cells: {} };
  let previous: ComparedReport | undefined;
  const said: string[] = [];
  if (values.from !== undefined) {
    const loaded = await loadReportFile(values.from);
    if (!loaded.ok) {
      io.err(`${values.from}：无法作为上年年报读取。${loaded.error}`);
      return 2;
    }
    const last = loaded.report.data;
    const rolled = rollForward(last);
    // Without --year the report is for the year after last year's; --year and --organ still win.
    const thisYear = values.year === undefined ? (rolled.year ?? year) : year;
    data = { ...rolled, year: thisYear, organ: values.organ ?? rolled.organ ?? null };
    previous = comparedOf(loaded.report);
    const lastYear = typeof last.year === 'number' ? `${last.year} 年度` : '年度未写明';
    said.push(`上年年报：${last.organ ?? '（未写机关名称）'} ${lastYear}（${values.from}），已保存在工作簿中，校验时据此做跨年度检查。`);
    said.push(`已从上年年报结转：${describeCarried(carriedFigures(last))}。`);
    if (typeof last.year !== 'number') said.push(`上年年报没有写明年度，本年报告年度按 ${thisYear} 填写，请核对。`);
    else if (last.year + 1 !== thisYear) said.push(`注意：上年年报是 ${last.year} 年度的，与本年报告年度 ${thisYear} 不相接，请核对是否选错了文件。`);
    const problems = loaded.report.reading?.problems.length ?? 0;
    if (problems > 0) said.push(`读取上年年报时发现 ${problems} 处格式问题，结转的数字请对照原件核对（nianbao validate ${values.from} 可列出）。`);
  }
  const code = await writeOutput(values.output ?? '年报.xlsx', values.force ?? false, () => writePlan(buildTemplate({ data, ...(previous ? { previous } : {}) }).plan), io);
  if (code === 0) for (const line of said) io.out(line);
  return code;
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
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, fingerprint: { type: 'boolean' }, summary: { type: 'string' }, force: { type: 'boolean' }, previous: { type: 'string' } },
  });
  if (positionals.length === 0) throw new UsageError('用法：nianbao validate 文件或文件夹... [--previous 上年年报] [--json] [--fingerprint] [--summary 汇总校验.xlsx] [--force]');
  let previous: ComparedReport | undefined;
  if (values.previous !== undefined) {
    const loaded = await loadReportFile(values.previous);
    if (!loaded.ok) {
      io.err(`上年年报“${values.previous}”无法使用：${loaded.error}`);
      return 2;
    }
    previous = comparedOf(loaded.report);
  }
  // The batch (folders, progress, reports copied across units, --summary) lives in batch.ts.
  return validateBatch(
    positionals,
    {
      json: values.json ?? false,
      fingerprint: values.fingerprint ?? false,
      force: values.force ?? false,
      ...(values.summary !== undefined ? { summary: values.summary } : {}),
      ...(previous ? { previous } : {}),
    },
    io,
  );
}

const COMMANDS: Readonly<Record<string, (args: string[], io: Io) => Promise<number>>> = { template, fill, validate, aggregate, narrative, export: exportReport };

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
